import { parse } from '@bufbuild/cel';
import { Testing } from 'cdk8s';
import { admit } from './cel-harness';
import { AdmissionGuardrails, CompliancePack, ValidationActions } from '../../src';
import { runCheck } from '../../src/compliance/engine';
import { toKubeObject } from '../../src/compliance/objects';
import { RULES } from '../../src/compliance/rules';
import { imageRegistry } from '../../src/standards/images';
import { ruleFixtures } from '../compliance/rule-fixtures';

type Json = Record<string, any>;

function synth(props: ConstructorParameters<typeof AdmissionGuardrails>[2] = {}): { guardrails: AdmissionGuardrails; objects: Json[] } {
  const chart = Testing.chart();
  const guardrails = new AdmissionGuardrails(chart, 'guardrails', props);
  return { guardrails, objects: Testing.synth(chart) as Json[] };
}

const policiesOf = (objects: Json[]) => objects.filter(o => o.kind === 'ValidatingAdmissionPolicy');
const bindingsOf = (objects: Json[]) => objects.filter(o => o.kind === 'ValidatingAdmissionPolicyBinding');
const ruleOf = (p: Json) => p.metadata.annotations['cdk8s-hardening.io/rule'];

describe('AdmissionGuardrails defaults', () => {
  const { guardrails, objects } = synth();

  test('one policy and one binding per rule that can be checked on one object, or per kind group of the rule', () => {
    expect(AdmissionGuardrails.expressibleRuleIds()).toEqual([
      'ReadOnlyRootFilesystem', 'RunAsGroup', 'CpuLimits', 'MemoryLimits', 'ServiceAccountToken', 'CredentialsInConfig', 'SysAdminCapability',
      'ImagePinned', 'PsaLabels', 'PsaRestricted', 'PersistentVolumeHostPath', 'RbacWildcards', 'ClusterAdminBinding', 'AnonymousSubjects',
      'SecretsAccess', 'PodExec', 'BroadSubjectPrivileges', 'PodCreate', 'NodeProxy', 'RbacEscalation', 'RbacImpersonation', 'ServiceExposure',
    ]);
    // bindings judged only where the rule flags a binding to some built-in ClusterRole
    const roleGroups = (rule: string, bindings = true) => ['roles', 'cluster-roles', ...(bindings ? ['bindings'] : [])].map(g => `${rule}-${g}`);
    expect(policiesOf(objects).map(p => p.metadata.name.replace(/^cdk8s-hardening-/, ''))).toEqual([
      'read-only-root-filesystem', 'run-as-group', 'cpu-limits', 'memory-limits', 'service-account-token-pods', 'service-account-token-service-accounts',
      'credentials-in-config', 'sys-admin-capability', 'image-pinned', 'psa-labels', 'psa-restricted', 'persistent-volume-host-path',
      'rbac-wildcards-roles', 'rbac-wildcards-cluster-roles', 'cluster-admin-binding', 'anonymous-subjects', ...roleGroups('secrets-access'),
      ...roleGroups('pod-exec'), 'broad-subject-privileges', ...roleGroups('pod-create'), ...roleGroups('node-proxy', false), ...roleGroups('rbac-escalation', false),
      ...roleGroups('rbac-impersonation'), 'service-exposure',
    ]);
    expect([...new Set(policiesOf(objects).map(ruleOf))]).toEqual(AdmissionGuardrails.expressibleRuleIds());
    expect(bindingsOf(objects).map(b => b.spec.policyName)).toEqual(policiesOf(objects).map(p => p.metadata.name));
    expect(bindingsOf(objects).map(b => b.metadata.name)).toEqual(policiesOf(objects).map(p => p.metadata.name));
    expect(objects).toHaveLength(68);
    expect(guardrails.policies).toHaveLength(34);
    expect(guardrails.bindings).toHaveLength(34);
    expect(guardrails.policyIds).toEqual(AdmissionGuardrails.expressibleRuleIds());
  });

  test('a rule whose kinds differ in the fields it reads has one policy per kind group, each reading only its kinds\' fields', () => {
    const named = (suffix: string) => policiesOf(objects).find(p => p.metadata.name === `cdk8s-hardening-${suffix}`)!;
    const resources = (p: Json) => p.spec.matchConstraints.resourceRules.flatMap((r: Json) => r.resources);
    const expressions = (p: Json) => p.spec.validations.map((v: Json) => v.expression).join(' ');
    // ServiceAccountToken: the pod-bearing kinds (their pod spec) and ServiceAccounts (their own field)
    const pods = named('service-account-token-pods');
    const accounts = named('service-account-token-service-accounts');
    expect(resources(accounts)).toEqual(['serviceaccounts']);
    expect(resources(pods)).toEqual(resources(named('read-only-root-filesystem')));
    expect(expressions(accounts)).toBe('has(object.automountServiceAccountToken) && object.automountServiceAccountToken == false');
    expect(accounts.spec.variables).toBeUndefined();
    expect(expressions(pods)).not.toContain('object.automountServiceAccountToken');
    expect(expressions(pods)).toContain('variables.podSpec.automountServiceAccountToken == false');
    // the RBAC rules: Roles (their rules), ClusterRoles (their rules and aggregation), bindings (their roleRef)
    for (const rule of ['secrets-access', 'pod-exec', 'pod-create', 'node-proxy', 'rbac-escalation', 'rbac-impersonation', 'rbac-wildcards']) {
      const roles = named(`${rule}-roles`);
      const clusterRoles = named(`${rule}-cluster-roles`);
      expect([rule, resources(roles), resources(clusterRoles)]).toEqual([rule, ['roles'], ['clusterroles']]);
      expect(expressions(roles)).not.toContain('aggregationRule');
      expect(expressions(roles)).not.toContain('roleRef');
      expect(expressions(clusterRoles)).toContain(expressions(roles));
      expect(expressions(clusterRoles)).not.toContain('roleRef');
      if (['rbac-wildcards', 'node-proxy', 'rbac-escalation'].includes(rule)) {
        expect(named(`${rule}-bindings`)).toBeUndefined();
        continue;
      }
      const bindings = named(`${rule}-bindings`);
      expect(resources(bindings)).toEqual(['rolebindings', 'clusterrolebindings']);
      expect(expressions(bindings)).toContain('object.roleRef.name in [');
      expect(expressions(bindings)).not.toContain('object.rules');
      // one message per rule, whatever the group
      expect(new Set([roles, clusterRoles, bindings].map(p => p.spec.validations[0].message)).size).toBe(1);
    }
    // no validation branches on the kind of the object any more (the pod spec variable still does, as every pod policy's)
    expect(policiesOf(objects).filter(p => p.spec.validations.some((v: Json) => v.expression.includes('object.kind'))).map(p => p.metadata.name)).toEqual([]);
  });

  test('the kind groups of a rule share its binding\'s actions, exemptions and acknowledgements', () => {
    const { objects: exempt } = synth({
      validationActions: ValidationActions.WARN,
      weakeningReason: 'migration: warn for two weeks, then deny (PLAT-12)',
      exemptions: [{ namespaceName: 'kube-system', reason: 'the cluster\'s own add-ons, reviewed upstream' }],
    });
    const groups = bindingsOf(exempt).filter(b => b.metadata.name.startsWith('cdk8s-hardening-pod-exec-'));
    expect(groups.map(b => b.metadata.name)).toEqual(['roles', 'cluster-roles', 'bindings'].map(g => `cdk8s-hardening-pod-exec-${g}`));
    for (const b of groups) {
      expect(b.spec.validationActions).toEqual(['Warn']);
      expect(b.spec.matchResources.namespaceSelector.matchExpressions[0].values).toEqual(['kube-system']);
      expect(b.metadata.annotations['acknowledged.cdk8s-hardening.io/AdmissionPolicyWeakened']).toBe('migration: warn for two weeks, then deny (PLAT-12)');
    }
  });

  test('names are the prefix and the rule in kebab case; each policy records its rule and controls', () => {
    const p = policiesOf(objects)[0];
    expect(p.metadata).toEqual({
      name: 'cdk8s-hardening-read-only-root-filesystem',
      annotations: { 'cdk8s-hardening.io/rule': 'ReadOnlyRootFilesystem', 'cdk8s-hardening.io/controls': 'NSA/CISA: Immutable container file systems; C-0017' },
    });
    expect(policiesOf(objects).map(x => x.metadata.name)).toContain('cdk8s-hardening-sys-admin-capability');
  });

  test('deny for error-level rules, warn and audit for warning-level ones (as a synth fails only on errors)', () => {
    const warnings = CompliancePack.NSA_CISA.rules.filter(r => r.severity === 'warning').map(r => r.ruleId);
    for (const b of bindingsOf(objects)) {
      const id = ruleOf(policiesOf(objects).find(p => p.metadata.name === b.spec.policyName)!);
      expect([id, b.spec.validationActions]).toEqual([id, warnings.includes(id) ? ['Warn', 'Audit'] : ['Deny']]);
      expect(guardrails.validationActionsOf(id)).toEqual(b.spec.validationActions);
    }
    expect(warnings.filter(w => guardrails.policyIds.includes(w))).toEqual(['CredentialsInConfig', 'PsaRestricted', 'PodCreate']);
  });

  test('fails closed, matches every pod-bearing kind and kubectl debug, creates and updates', () => {
    const p = policiesOf(objects).find(x => ruleOf(x) === 'ReadOnlyRootFilesystem')!;
    expect(p.spec.failurePolicy).toBe('Fail');
    expect(p.spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods', 'pods/ephemeralcontainers', 'podtemplates', 'replicationcontrollers'] },
      { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'] },
      { apiGroups: ['batch'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['jobs', 'cronjobs'] },
    ]);
    expect(p.spec.matchConditions.map((c: Json) => c.name)).toEqual(['not-a-built-in-controller', 'not-acknowledged']);
    const rbac = policiesOf(objects).filter(x => ruleOf(x) === 'PodExec');
    expect(rbac.map(x => x.spec.matchConstraints.resourceRules)).toEqual([['roles'], ['clusterroles'], ['rolebindings', 'clusterrolebindings']].map(resources => [
      { apiGroups: ['rbac.authorization.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources },
    ]));
    expect(rbac.every(x => x.spec.failurePolicy === 'Fail')).toBe(true);
  });

  test('bindings apply everywhere when nothing is exempt', () => {
    expect(bindingsOf(objects).every(b => b.spec.matchResources === undefined
      && Object.keys(b.metadata.annotations ?? {}).every(k => k.startsWith('acknowledged.')))).toBe(true);
  });

  test('snapshot of one policy and its binding', () => {
    expect(objects.filter(o => o.metadata.name === 'cdk8s-hardening-run-as-group')).toMatchSnapshot();
  });
});

describe('the CEL is Kubernetes 1.30 CEL', () => {
  const { objects } = synth({ allowedRegistries: ['registry.acme.example'] });
  // the standard definitions, the strings extension (version 2), the quantity library
  const allowed = new Set([
    '_&&_', '_||_', '!_', '_?_:_', '_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_', '_+_', '_-_', '_[_]', '@in', '@not_strictly_false',
    'size', 'string', 'matches', 'startsWith', 'endsWith', 'contains',
    'lowerAscii', 'upperAscii', 'replace', 'split', 'join', 'trim', 'indexOf', 'lastIndexOf', 'substring',
    'quantity', 'sign', 'isGreaterThan',
  ]);
  const expressions = policiesOf(objects).flatMap(p => [
    ...p.spec.matchConditions.map((c: Json) => c.expression),
    ...(p.spec.variables ?? []).map((v: Json) => v.expression),
    ...p.spec.validations.flatMap((v: Json) => [v.expression, ...(v.messageExpression ? [v.messageExpression] : [])]),
  ]);

  /** Function names and list literals of a parsed expression. */
  function walk(node: unknown, functions: Set<string>, lists: unknown[][]): void {
    if (Array.isArray(node)) return node.forEach(n => walk(n, functions, lists));
    if (node === null || typeof node !== 'object') return;
    const o = node as Json;
    if (o.exprKind?.case === 'callExpr') functions.add(o.exprKind.value.function);
    if (o.exprKind?.case === 'listExpr') lists.push(o.exprKind.value.elements);
    for (const [k, v] of Object.entries(o)) if (k !== '$typeName') walk(v, functions, lists);
  }

  test('every expression uses only functions of that environment', () => {
    const functions = new Set<string>();
    const lists: unknown[][] = [];
    for (const e of expressions) walk(parse(e).expr, functions, lists);
    expect([...functions].filter(f => !allowed.has(f))).toEqual([]);
    expect(functions.has('quantity')).toBe(true);
  });

  test('list literals are homogeneous (the API server refuses mixed ones)', () => {
    const functions = new Set<string>();
    const lists: unknown[][] = [];
    for (const e of expressions) walk(parse(e).expr, functions, lists);
    const kinds = (elements: unknown[]) => new Set(elements.map((x: any) => (x.exprKind.case === 'constExpr' ? x.exprKind.value.constantKind.case : 'expression')));
    expect(lists.filter(l => kinds(l).size > 1)).toEqual([]);
  });

  test('no expression is longer than the parser accepts (100,000 characters)', () => {
    expect(Math.max(...expressions.map(e => [...e].length))).toBeLessThan(100000);
  });
});

describe('rollout: warn and audit first, then deny rule by rule', () => {
  test('validationActions applies to every rule; ruleValidationActions overrides single rules', () => {
    const { guardrails, objects } = synth({
      validationActions: ValidationActions.WARN_AND_AUDIT,
      ruleValidationActions: [{ ruleId: 'ReadOnlyRootFilesystem', actions: ValidationActions.DENY_AND_AUDIT }],
      weakeningReason: 'migration: warn for two weeks, then deny (PLAT-12)',
    });
    const actions = new Map(bindingsOf(objects).map(b => [b.spec.policyName, b.spec.validationActions]));
    expect(actions.get('cdk8s-hardening-read-only-root-filesystem')).toEqual(['Deny', 'Audit']);
    expect(actions.get('cdk8s-hardening-rbac-wildcards-roles')).toEqual(['Warn', 'Audit']);
    expect(actions.get('cdk8s-hardening-rbac-wildcards-cluster-roles')).toEqual(['Warn', 'Audit']);
    expect(guardrails.validationActionsOf('RunAsGroup')).toEqual(['Warn', 'Audit']);
  });
  test('the five action sets the API server accepts', () => {
    const { DENY, DENY_AND_AUDIT, WARN, WARN_AND_AUDIT, AUDIT } = ValidationActions;
    const all = [DENY, DENY_AND_AUDIT, WARN, WARN_AND_AUDIT, AUDIT];
    expect(all.map(a => a.actions)).toEqual([['Deny'], ['Deny', 'Audit'], ['Warn'], ['Warn', 'Audit'], ['Audit']]);
  });
  test('a subset of rules, with a prefix of their own', () => {
    const { objects } = synth({ ruleIds: ['PodExec', 'ImagePinned'], namePrefix: 'platform-', weakeningReason: 'the other rules are enforced by the platform chart (PLAT-3)' });
    expect(policiesOf(objects).map(p => p.metadata.name)).toEqual(['platform-pod-exec-roles', 'platform-pod-exec-cluster-roles', 'platform-pod-exec-bindings', 'platform-image-pinned']);
  });
});

describe('weakening: a reason recorded where check reads it', () => {
  const REASON = 'migration: warn for two weeks, then deny (PLAT-12)';
  const ACK = 'acknowledged.cdk8s-hardening.io/AdmissionPolicyWeakened';
  const check = (objects: Json[]) => runCheck(objects.map(o => toKubeObject(o)), { packs: [CompliancePack.NSA_CISA] });
  const weakened = (objects: Json[]) => check(objects).findings.filter(f => f.ruleId === 'AdmissionPolicyWeakened');

  test('the defaults pass check: the warning-rated rules\' bindings carry the library\'s reason', () => {
    const { objects } = synth();
    const acked = bindingsOf(objects).filter(b => b.metadata.annotations?.[ACK] !== undefined);
    expect(acked.map(b => b.spec.policyName)).toEqual(['cdk8s-hardening-credentials-in-config', 'cdk8s-hardening-psa-restricted',
      'cdk8s-hardening-pod-create-roles', 'cdk8s-hardening-pod-create-cluster-roles', 'cdk8s-hardening-pod-create-bindings']);
    expect(acked[0].metadata.annotations[ACK]).toMatch(/^CredentialsInConfig is a warning of the NSA\/CISA pack/);
    const result = check(objects);
    expect(weakened(objects)).toEqual([]);
    expect(result.acknowledged.filter(f => f.ruleId === 'AdmissionPolicyWeakened')).toHaveLength(5);
    expect(result.findings.filter(f => f.ruleId === 'AcknowledgementUnused')).toEqual([]);
  });

  test('Warn or Audit with a reason: the reason is the acknowledgement on each binding that does not deny', () => {
    const { guardrails, objects } = synth({ validationActions: ValidationActions.AUDIT, weakeningReason: REASON });
    expect(guardrails.weakeningReason).toBe(REASON);
    const b = bindingsOf(objects).find(x => x.spec.policyName === 'cdk8s-hardening-rbac-wildcards-cluster-roles')!;
    expect(b.spec.validationActions).toEqual(['Audit']);
    expect(b.metadata.annotations).toEqual({ [ACK]: REASON });
    expect(weakened(objects)).toEqual([]);
    expect(check(objects).acknowledged.filter(f => f.ruleId === 'AdmissionPolicyWeakened')).toHaveLength(34);
  });

  test('the same YAML without the recorded reason fails check', () => {
    const objects = JSON.parse(JSON.stringify(synth({ validationActions: ValidationActions.WARN, weakeningReason: REASON }).objects)) as Json[];
    for (const b of bindingsOf(objects)) delete b.metadata.annotations;
    expect(weakened(objects).map(f => f.fieldPath)).toEqual(new Array(34).fill('spec.validationActions'));
  });

  test('a subset of rules records the reason and what is left out on every binding', () => {
    const { objects } = synth({ ruleIds: ['PodExec'], weakeningReason: 'the other rules are enforced by the platform chart (PLAT-3)' });
    expect(bindingsOf(objects)[0].metadata.annotations['exception.cdk8s-hardening.io/ruleIds'])
      .toMatch(/^the other rules are enforced by the platform chart \(PLAT-3\) \(not enforced: ReadOnlyRootFilesystem, RunAsGroup, /);
  });

  test('fails Warn, Audit or a subset without a reason, and a reason with nothing weakened', () => {
    expect(() => synth({ validationActions: ValidationActions.WARN_AND_AUDIT }))
      .toThrow(/\[test\/guardrails\] validationActions: does not deny ReadOnlyRootFilesystem, RunAsGroup, .*needs a reason; got \["Warn","Audit"\]\. Fix: give weakeningReason/);
    expect(() => synth({ ruleValidationActions: [{ ruleId: 'PodCreate', actions: ValidationActions.AUDIT }, { ruleId: 'PodExec', actions: ValidationActions.AUDIT }] }))
      .toThrow(/ruleValidationActions\[1\]\.actions: does not deny PodExec, which the NSA\/CISA pack rates errors/);
    expect(() => synth({ ruleIds: ['PodExec'] })).toThrow(/ruleIds: leaves out ReadOnlyRootFilesystem, .* needs a reason; got \["PodExec"\]/);
    expect(() => synth({ validationActions: ValidationActions.WARN, weakeningReason: 'because' })).toThrow(/weakeningReason: an exception to a security default needs a reason of at least 10 characters/);
    expect(() => synth({ weakeningReason: REASON })).toThrow(/weakeningReason: gives a reason, but every rule is enforced and every error-rated rule denies/);
  });

  test('a warning-rated rule may warn without a reason, as by default', () => {
    const { objects } = synth({ ruleValidationActions: [{ ruleId: 'PodCreate', actions: ValidationActions.AUDIT }] });
    expect(weakened(objects)).toEqual([]);
  });
});

describe('exemptions: only namespaces with a written reason', () => {
  const { guardrails, objects } = synth({
    exemptions: [
      { namespaceName: 'kube-system', reason: 'control-plane add-ons are managed by the cloud provider (PLAT-7)' },
      { namespaceName: 'ingress-nginx', reason: 'vendor chart under review until 2025-Q3 (SEC-88)' },
    ],
  });
  test('every binding skips them by the namespace name label, and records the reasons', () => {
    for (const b of bindingsOf(objects)) {
      expect(b.spec.matchResources).toEqual({
        namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'ingress-nginx'] }] },
      });
      expect(b.metadata.annotations).toEqual({
        ...(b.spec.validationActions.includes('Deny') ? {} : { 'acknowledged.cdk8s-hardening.io/AdmissionPolicyWeakened': expect.stringMatching(/is a warning of the NSA\/CISA pack/) }),
        'exempt.cdk8s-hardening.io/kube-system': 'control-plane add-ons are managed by the cloud provider (PLAT-7)',
        'exempt.cdk8s-hardening.io/ingress-nginx': 'vendor chart under review until 2025-Q3 (SEC-88)',
      });
    }
    expect(guardrails.exemptNamespaces).toEqual(['kube-system', 'ingress-nginx']);
  });
  test('fails an exemption without a reason, twice the same namespace, or a namespace that is no name', () => {
    expect(() => synth({ exemptions: [{ namespaceName: 'kube-system', reason: 'because' }] }))
      .toThrow(/\[test\/guardrails\] exemptions\[0\]\.reason: an exception to a security default needs a reason of at least 10 characters; got "because"/);
    expect(() => synth({ exemptions: [{ namespaceName: 'a', reason: 'legacy team namespace' }, { namespaceName: 'a', reason: 'legacy team namespace' }] }))
      .toThrow(/exemptions\[1\]\.namespaceName: is listed twice/);
    expect(() => synth({ exemptions: [{ namespaceName: 'Kube_System', reason: 'legacy team namespace' }] })).toThrow(/exemptions\[0\]\.namespaceName: must be a DNS-1123 label/);
  });
});

describe('invalid input', () => {
  test('fails a rule without admission policy, saying why', () => {
    expect(() => synth({ ruleIds: ['DefaultDenyNetworkPolicy'] }))
      .toThrow(/ruleIds\[0\]: has no admission policy: it asks whether other objects \(NetworkPolicies\) exist for a Namespace; a policy sees one object; got "DefaultDenyNetworkPolicy"\. Fix: use rules that can be checked on one object: ReadOnlyRootFilesystem/);
    expect(() => synth({ ruleIds: ['HostNetwork'] })).toThrow(/Pod Security Admission enforces through the namespace labels/);
    expect(() => synth({ ruleIds: ['NoSuchRule'] })).toThrow(/NoSuchRule is not a rule of the compliance engine/);
  });
  test('fails a rule listed twice, no rule at all, and actions for a rule not enforced or listed twice', () => {
    expect(() => synth({ ruleIds: ['PodExec', 'PodExec'] })).toThrow(/ruleIds\[1\]: is listed twice/);
    expect(() => synth({ ruleIds: [] })).toThrow(/ruleIds: enforces nothing/);
    expect(() => synth({ ruleIds: ['PodExec'], ruleValidationActions: [{ ruleId: 'PodCreate', actions: ValidationActions.WARN }] }))
      .toThrow(/ruleValidationActions\[0\]\.ruleId: is not a rule these guardrails enforce; got "PodCreate"\. Fix: use one of PodExec/);
    const twice = [{ ruleId: 'PodExec', actions: ValidationActions.WARN }, { ruleId: 'PodExec', actions: ValidationActions.DENY }];
    expect(() => synth({ ruleValidationActions: twice })).toThrow(/ruleValidationActions\[1\]\.ruleId: is listed twice/);
  });
  test('fails a prefix that makes names the API server refuses, and asks for actions of an unknown policy', () => {
    expect(() => synth({ namePrefix: 'Platform_' })).toThrow(/namePrefix \(policy ReadOnlyRootFilesystem\): must be a DNS-1123 subdomain/);
    expect(() => synth().guardrails.validationActionsOf('HostNetwork')).toThrow(/validationActionsOf.policyId: is not a policy of these guardrails/);
  });
  test('every rule without a policy says why', () => {
    const without = [...RULES.keys()].filter(id => !AdmissionGuardrails.expressibleRuleIds().includes(id));
    const reasons = Object.fromEntries(without.map(id => [id, AdmissionGuardrails.whyNotExpressible(id)]));
    expect(Object.values(reasons).every(r => r !== undefined && r !== 'it has no admission policy')).toBe(true);
    const controlPlane = CompliancePack.CONTROL_PLANE.ruleIds.filter(id => RULES.has(id) && !['DuplicateObjects', 'PodSpecMissing'].includes(id));
    expect(without.filter(id => !RULES.get(id)!.pss && !controlPlane.includes(id)))
      .toEqual(['ProjectedServiceAccountToken', 'WritableSystemPaths', 'DefaultDenyNetworkPolicy', 'NetworkPolicySelectsWorkload', 'WideNetworkPolicy', 'UnresolvedRoleRef', 'WorkloadAccountBinding',
        'DuplicateObjects', 'InvalidNames', 'PodSpecMissing', 'ImageProvenance', 'AdmissionPolicyWeakened', 'ImageSignatureWeakened']);
    expect(controlPlane.map(id => AdmissionGuardrails.whyNotExpressible(id))).toEqual(controlPlane.map(() => expect.stringMatching(/nodes' disks/)));
    expect(without.filter(id => RULES.get(id)!.pss)).toHaveLength(20);
    expect(AdmissionGuardrails.whyNotExpressible('PodExec')).toBeUndefined();
  });
});

describe('allowedRegistries', () => {
  const { objects } = synth({
    ruleIds: ['ImagePinned'],
    allowedRegistries: ['registry.acme.example', 'docker.io', 'localhost:5000'],
    weakeningReason: 'the other rules are enforced by the platform chart (PLAT-3)',
  });
  const policy = policiesOf(objects).find(p => ruleOf(p) === 'AllowedRegistries')!;

  test('adds a policy no acknowledgement lifts, denying by default', () => {
    expect(policy.spec.matchConditions.map((c: Json) => c.name)).toEqual(['not-a-built-in-controller']);
    expect(bindingsOf(objects).find(b => b.spec.policyName === policy.metadata.name)!.spec.validationActions).toEqual(['Deny']);
  });

  test('admits exactly the images whose registry (imageRegistry) is allowed, over every image fixture', () => {
    const allowed = ['registry.acme.example', 'docker.io', 'localhost:5000'];
    const images = Object.values(ruleFixtures().ImagePinned).map(f => f.object).filter(o => o.kind === 'Deployment');
    const extra = ['index.docker.io/library/nginx:1.27', 'registry-1.docker.io/acme/app:1', 'ghcr.io/acme/app:1', 'localhost:5000/app:1', 'localhost/app:1']
      .map(image => ({ ...images[0], spec: { ...images[0].spec, template: { spec: { containers: [{ name: 'app', image }] } } } }));
    let denied = 0;
    for (const o of [...images, ...extra]) {
      const containers = o.spec.template.spec.containers as Json[];
      const expected = containers.every(c => typeof c.image === 'string' && allowed.includes(imageRegistry(c.image)));
      const image = containers.map(c => c.image);
      expect({ image, admitted: admit(policy, o).allowed }).toEqual({ image, admitted: expected });
      if (!expected) denied++;
    }
    expect(denied).toBeGreaterThanOrEqual(3);
  });

  test('names the images that come from elsewhere', () => {
    const o = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'ghcr.io/acme/app:1' }] } };
    expect(admit(policy, o).messages).toEqual([
      'AllowedRegistries: every image comes from registry.acme.example, docker.io, localhost:5000 (not: ghcr.io/acme/app:1). Fix: pull from registry.acme.example, docker.io, localhost:5000, or add the registry to allowedRegistries',
    ]);
  });

  test('fails an empty list and what is not a registry host', () => {
    expect(() => synth({ allowedRegistries: [] })).toThrow(/allowedRegistries: allows no registry/);
    expect(() => synth({ allowedRegistries: ['registry.acme.example/team'] })).toThrow(/allowedRegistries\[0\]: is not a registry host/);
    expect(() => synth({ allowedRegistries: ['acme'] })).toThrow(/allowedRegistries\[0\]: is not a registry host/);
  });
});
