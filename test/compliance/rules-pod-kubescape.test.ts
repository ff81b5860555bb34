// Pod and network rules as Kubescape's controls mean them (C-0057, C-0009, C-0012, C-0030,
// C-0054, C-0260), with the cases where we are stricter on purpose (docs/compliance.md, "Pod and
// network rules and Kubescape").
import {
  clone, cronJob, defaultDeny, deployment, findingPaths, hardenedPodSpec, hardenedSet, Json, namespace, pod, runRule,
} from './fixtures';
import { messagesOf, outcomeOf, pathsOf, ruleFixtures, spec } from './rule-fixtures';
import { buildContext, runCheck } from '../../src/compliance/engine';
import { POD_BEARING_KINDS, podSpecOf, toKubeObject } from '../../src/compliance/objects';
import { CompliancePack } from '../../src/compliance/packs';
import { RULES } from '../../src/compliance/rules';

const C0 = 'spec.template.spec.containers[0]';
const LABELS = 'spec.template.metadata.labels';

const F = ruleFixtures();

function messages(ruleId: string, target: Json, ...others: Json[]): string[] {
  const outcome = runRule(ruleId, target, ...others);
  return outcome.status === 'non-compliant' ? outcome.findings.map(f => f.message) : [];
}

describe('SysAdminCapability', () => {
  const S = F.SysAdminCapability;
  test('Compliance: no added capability, or a narrow one', () => {
    expect(outcomeOf('SysAdminCapability', S.noneAdded)).toEqual({ status: 'compliant' });
    expect(outcomeOf('SysAdminCapability', S.narrowOne)).toEqual({ status: 'compliant' });
  });
  test('fails an added SYS_ADMIN, as Kubescape C-0057 counts it privileged', () => {
    expect(pathsOf('SysAdminCapability', S.sysAdmin)).toEqual([`${C0}.securityContext.capabilities.add[1]`]);
  });
  test('fails the spellings runtimes accept and ALL, in init and ephemeral containers and a CronJob', () => {
    expect(pathsOf('SysAdminCapability', S.spellingsAndAll)).toEqual([
      `${C0}.securityContext.capabilities.add[0]`,
      'spec.template.spec.initContainers[0].securityContext.capabilities.add[0]',
      'spec.template.spec.ephemeralContainers[0].securityContext.capabilities.add[0]',
    ]);
    expect(messagesOf('SysAdminCapability', S.spellingsAndAll)[1]).toContain('includes SYS_ADMIN');
    expect(pathsOf('SysAdminCapability', S.cronJob)).toEqual(['spec.jobTemplate.spec.template.spec.containers[0].securityContext.capabilities.add[0]']);
  });
  test('fails what normalizes to SYS_ADMIN or ALL: surrounding white space, any letter case, the CAP_ prefix', () => {
    for (const f of [S.padded, S.noBreakSpace, S.longS, S.capAll, S.lowerAll]) {
      expect(pathsOf('SysAdminCapability', f)).toEqual([`${C0}.securityContext.capabilities.add[0]`]);
    }
  });
  test('Compliance: longer names, a doubled prefix, a character trim() keeps', () => {
    expect(outcomeOf('SysAdminCapability', S.longer)).toEqual({ status: 'compliant' });
    expect(outcomeOf('SysAdminCapability', S.nextLine)).toEqual({ status: 'compliant' });
  });
  test('fails under C-0057 in the NSA/CISA pack, and is in no PSS pack', () => {
    const nsa = runCheck([toKubeObject(S.sysAdmin.object)], { packs: [CompliancePack.NSA_CISA] }).findings.filter(f => f.ruleId === 'SysAdminCapability');
    expect(nsa.map(f => f.controls)).toEqual([['NSA/CISA: Pod security enforcement', 'C-0057']]);
    expect(CompliancePack.PSS_BASELINE.ruleIds).not.toContain('SysAdminCapability');
    expect(CompliancePack.PSS_RESTRICTED.ruleIds).not.toContain('SysAdminCapability');
  });
});

describe('CpuLimits and MemoryLimits', () => {
  test('fails a container without limits under C-0009 as well as C-0270 / C-0271', () => {
    const findings = runCheck([toKubeObject(F.CpuLimits.noLimits.object)], { packs: [CompliancePack.NSA_CISA] }).findings;
    expect(findings.find(f => f.ruleId === 'CpuLimits')?.controls).toEqual(['NSA/CISA: Resource policies', 'C-0270', 'C-0009']);
    expect(findings.find(f => f.ruleId === 'MemoryLimits')?.controls).toEqual(['NSA/CISA: Resource policies', 'C-0271', 'C-0009']);
  });
  test('fails an init container without limits (Kubescape C-0009 reads only containers)', () => {
    expect(pathsOf('CpuLimits', F.CpuLimits.initWithoutCpu)).toEqual(['spec.template.spec.initContainers[0].resources.limits.cpu']);
  });
});

describe('CredentialsInConfig', () => {
  const K = F.CredentialsInConfig;
  const rule = 'CredentialsInConfig';

  test('fails the names Kubescape flags, anywhere in the name, any case', () => {
    expect(pathsOf(rule, K.sensitiveNames)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map(i => `${C0}.env[${i}].value`));
  });
  test('fails values that are JWTs, Bearer tokens (any case), cloud keys and private keys, whatever the name', () => {
    expect(pathsOf(rule, K.sensitiveValues)).toHaveLength(7);
    expect(messagesOf(rule, K.sensitiveValues)[0]).toContain('a JSON Web Token');
  });
  test('fails each value form on its own, and a name whose JavaScript lower case has one (the Kelvin sign)', () => {
    for (const f of [K.jwtValue, K.privateKeyWords, K.jwtWord, K.underscoreKey, K.awsKeyLowerCase, K.slackToken, K.kelvinSignName]) {
      expect(pathsOf(rule, f)).toEqual([`${C0}.env[0].value`]);
    }
  });
  test('Compliance: prefixes of value forms that are too short to be one', () => {
    expect(outcomeOf(rule, K.nearMisses)).toEqual({ status: 'compliant' });
  });
  test('fails a name our earlier rule read as a reference (TOKEN_TTL): Kubescape flags it', () => {
    expect(pathsOf(rule, K.tokenTtl)).toEqual([`${C0}.env[0].value`]);
  });
  test('Compliance: file paths, references, empty values and harmless names (as Kubescape)', () => {
    expect(outcomeOf(rule, K.pathsReferencesEmptyHarmless)).toEqual({ status: 'compliant' });
  });
  test('fails envFrom.secretRef in containers and init containers, as Kubescape does; envFrom.configMapRef passes', () => {
    expect(pathsOf(rule, K.envFromSecretRef)).toEqual([`${C0}.envFrom[1].secretRef`, 'spec.template.spec.initContainers[0].envFrom[0].secretRef']);
    expect(outcomeOf(rule, K.envFromSecretRef)).toMatchObject({ findings: [{ fix: expect.stringContaining('secretKeyRef') }, { fix: expect.stringContaining('volume') }] });
    expect(outcomeOf(rule, K.envFromConfigMap)).toEqual({ status: 'compliant' });
  });
  test('fails credentials on the command line: flag=value, flag value, token forms inside a shell script', () => {
    expect(pathsOf(rule, K.commandLine)).toEqual([`${C0}.command[2]`, `${C0}.args[0]`, `${C0}.args[2]`, `${C0}.args[3]`]);
  });
  test('fails a flag followed by its value in the next argument, or in a script after a tab, newline or no-break space', () => {
    expect(pathsOf(rule, K.flagThenValue)).toEqual([`${C0}.args[1]`]);
    for (const f of [K.flagInScriptWithTab, K.flagInScriptWithNewline, K.flagInScriptWithNoBreakSpace]) {
      expect(pathsOf(rule, f)).toEqual([`${C0}.command[2]`]);
    }
    expect(pathsOf(rule, K.flagWithKelvinSign)).toEqual([`${C0}.args[0]`]);
    expect(pathsOf(rule, K.tokenShapeInArgs)).toEqual([`${C0}.args[0]`]);
  });
  test('fails "bearer" followed by a token in the next argument', () => {
    expect(pathsOf(rule, K.bearerAcrossArgs)).toEqual([`${C0}.args[2]`]);
  });
  test('Compliance: command lines naming where a credential is, or expanding a variable', () => {
    for (const f of [K.commandLineReferences, K.flagThenVariable, K.flagThenFlag, K.flagWithEmptyValue, K.flagWordNotLast, K.bearerShortToken,
      K.bearerLast, K.assignedReference, K.equalsFirst]) {
      expect(outcomeOf(rule, f)).toEqual({ status: 'compliant' });
    }
  });
  test('fails ConfigMap keys and values as Kubescape does, including base64-encoded values', () => {
    expect(pathsOf(rule, K.configMapKeysAndValues)).toEqual(['data["db_password"]', 'data["config.yaml"]', 'data["encoded"]']);
    expect(messagesOf(rule, K.configMapKeysAndValues)[2]).toContain('base64-decoded');
  });
  test('fails a ConfigMap binaryData value that decodes to a private key (Kubescape reads only data)', () => {
    expect(pathsOf(rule, K.configMapBinaryData)).toEqual(['binaryData["tls.bin"]']);
  });
  test('Compliance: harmless ConfigMaps; a ConfigMap of another API group is not applicable', () => {
    expect(outcomeOf(rule, K.harmlessConfigMapInShop)).toEqual({ status: 'compliant' });
    expect(outcomeOf(rule, K.configMapOfAnotherGroup)).toEqual({ status: 'not-applicable' });
  });
});

describe('pod templates of any kind', () => {
  const privileged = spec(s => { s.containers[0].securityContext.privileged = true; });
  const custom = (apiVersion: string, kind: string, body: Json): Json => ({ apiVersion, kind, metadata: { name: 'web', namespace: 'shop' }, ...body });

  test('fails an Argo Rollout, a Knative Service and an OpenKruise CloneSet at spec.template', () => {
    for (const [apiVersion, kind] of [['argoproj.io/v1alpha1', 'Rollout'], ['serving.knative.dev/v1', 'Service'], ['apps.kruise.io/v1alpha1', 'CloneSet']]) {
      const o = custom(apiVersion, kind, { spec: { template: { metadata: { labels: { app: 'web' } }, spec: privileged } } });
      expect(findingPaths('PrivilegedContainer', o)).toEqual([`${C0}.securityContext.privileged`]);
    }
  });
  test('fails a custom kind with a job template (spec.jobTemplate.spec.template)', () => {
    const o = custom('apps.kruise.io/v1alpha1', 'AdvancedCronJob', { spec: { jobTemplate: { spec: { template: { spec: privileged } } } } });
    expect(findingPaths('PrivilegedContainer', o)).toEqual(['spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged']);
  });
  test('a built-in kind keeps its own path; a core Service and a template without containers carry no pod', () => {
    expect(podSpecOf(toKubeObject(deployment()))?.path).toBe('spec.template.spec');
    expect(podSpecOf(toKubeObject(pod()))?.metadataPath).toBe('metadata');
    expect(podSpecOf(toKubeObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { template: { spec: privileged } } }))).toBeUndefined();
    expect(podSpecOf(toKubeObject(custom('example.com/v1', 'Thing', { spec: { template: { spec: { replicas: 1 } } } })))).toBeUndefined();
    expect(POD_BEARING_KINDS.has('CronJob')).toBe(true);
  });
  test('fails a Rollout that no network policy selects, like a Deployment', () => {
    const rollout = custom('argoproj.io/v1alpha1', 'Rollout', { spec: { template: { metadata: { labels: { app: 'web' } }, spec: hardenedPodSpec() } } });
    expect(findingPaths('NetworkPolicySelectsWorkload', rollout)).toEqual([LABELS]);
    expect(runRule('NetworkPolicySelectsWorkload', rollout, defaultDeny())).toEqual({ status: 'compliant' });
  });
});

describe('namespaces: an object without one is in default', () => {
  test('Compliance: a workload without namespace and a policy in default, and the reverse', () => {
    expect(runRule('NetworkPolicySelectsWorkload', deployment(undefined, null), defaultDeny('default'))).toEqual({ status: 'compliant' });
    expect(runRule('NetworkPolicySelectsWorkload', deployment(undefined, 'default'), defaultDeny(null))).toEqual({ status: 'compliant' });
  });
  test('Compliance: Namespace default is covered by a policy without namespace', () => {
    expect(runRule('DefaultDenyNetworkPolicy', namespace('default'), defaultDeny(null))).toEqual({ status: 'compliant' });
  });
  test('fails a workload without namespace against a policy of another namespace, naming default', () => {
    expect(messages('NetworkPolicySelectsWorkload', deployment(undefined, null), defaultDeny('shop'))[0]).toContain('namespace "default" (no metadata.namespace)');
  });
  test('ServiceAccountToken finds the ServiceAccount of a pod without namespace in default', () => {
    expect(outcomeOf('ServiceAccountToken', F.ServiceAccountToken.noNamespaceAccountInDefault)).toEqual({ status: 'compliant' });
    expect(pathsOf('ServiceAccountToken', F.ServiceAccountToken.noNamespaceAccountInShop)).toEqual(['spec.template.spec.automountServiceAccountToken']);
  });
  test('a pod without namespace is evaluated at the PSS version Namespace default pins', () => {
    const ns = namespace('default');
    ns.metadata.labels['pod-security.kubernetes.io/enforce-version'] = 'v1.25';
    const context = buildContext([toKubeObject(ns), toKubeObject(deployment(undefined, null))], 30);
    expect(context.pssMinor(context.objects[1])).toBe(25);
    expect(context.pssMinor(toKubeObject(deployment()))).toBe(30);
  });
});

describe('NetworkPolicySelectsWorkload', () => {
  const np = (body: Json, name = 'p', ns: string | null = 'shop'): Json => ({ ...defaultDeny(ns), metadata: { name, ...(ns ? { namespace: ns } : {}) }, spec: body });
  const cnp = (body: Json, name = 'c', ns = 'shop'): Json => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name, namespace: ns }, ...body });
  const ccnp = (body: Json, name = 'cc'): Json => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name }, ...body });
  const denyAll = { ingress: [{}], egress: [{}] };

  test('Compliance: a CiliumNetworkPolicy selecting every endpoint of the namespace, both directions', () => {
    expect(runRule('NetworkPolicySelectsWorkload', deployment(), cnp({ spec: { endpointSelector: {}, ...denyAll } }))).toEqual({ status: 'compliant' });
  });
  test('Compliance: Cilium selectors by pod label with and without the k8s: source, and by the namespace label', () => {
    const byLabel = cnp({ spec: { endpointSelector: { matchLabels: { 'k8s:app': 'web' } }, ingress: [{ fromEndpoints: [{}] }] } });
    const byNs = ccnp({ spec: { endpointSelector: { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'shop' } }, egress: [{ toEndpoints: [{}] }] } });
    expect(runRule('NetworkPolicySelectsWorkload', deployment(), byLabel, byNs)).toEqual({ status: 'compliant' });
  });
  test('Compliance: specs: [...] of a clusterwide policy, one spec per direction', () => {
    const policy = ccnp({ specs: [{ endpointSelector: { matchLabels: { app: 'web' } }, ingress: [{}] }, { endpointSelector: {}, egressDeny: [{ toEntities: ['world'] }] }] });
    expect(runRule('NetworkPolicySelectsWorkload', deployment(), policy)).toEqual({ status: 'compliant' });
  });
  test('fails Cilium policies that select other pods, another namespace, or no spec (specs: [])', () => {
    expect(findingPaths('NetworkPolicySelectsWorkload', deployment(), cnp({ spec: { endpointSelector: { matchLabels: { app: 'db' } }, ...denyAll } }))).toEqual([LABELS]);
    expect(findingPaths('NetworkPolicySelectsWorkload', deployment(), cnp({ spec: { endpointSelector: {}, ...denyAll } }, 'c', 'other'))).toEqual([LABELS]);
    expect(findingPaths('NetworkPolicySelectsWorkload', deployment(), cnp({ specs: [] }))).toEqual([LABELS]);
    const selective = cnp({ spec: { endpointSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['db'] }] }, ...denyAll } });
    expect(findingPaths('NetworkPolicySelectsWorkload', deployment(), selective)).toEqual([LABELS]);
  });
  test('fails a Cilium policy with egress only (Kubescape passes one direction), and one that turns default deny off', () => {
    expect(messages('NetworkPolicySelectsWorkload', deployment(), cnp({ spec: { endpointSelector: {}, egress: [{ toEndpoints: [{}] }] } }))[0])
      .toContain('governing Ingress');
    const off = cnp({ spec: { endpointSelector: {}, ...denyAll, enableDefaultDeny: { ingress: false, egress: true } } });
    expect(messages('NetworkPolicySelectsWorkload', deployment(), off)[0]).toContain('governing Ingress');
  });
  test('fails a policy of another API group named NetworkPolicy (Calico semantics differ)', () => {
    const calico = { ...defaultDeny(), apiVersion: 'crd.projectcalico.org/v1' };
    expect(findingPaths('NetworkPolicySelectsWorkload', deployment(), calico)).toEqual([LABELS]);
  });
  test('fails a default deny patched open: ingress: [{}] allows every peer on every port', () => {
    const open = np({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}] });
    const out = runRule('NetworkPolicySelectsWorkload', deployment(), open);
    expect(out).toMatchObject({ status: 'non-compliant', findings: [{ path: LABELS, message: 'the pods of Deployment shop/web accept incoming traffic from every pod and every address (a rule that names no peer) on every port, through NetworkPolicy shop/p spec.ingress[0]' }] });
  });
  test('fails an allow-all egress rule even next to a default deny, and an empty from/ports list', () => {
    const open = np({ podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [], ports: [] }] }, 'open');
    const found = messages('NetworkPolicySelectsWorkload', deployment(), defaultDeny(), open);
    expect(found).toEqual([expect.stringContaining('accept outgoing traffic to every pod and every address (a rule that names no peer) on every port, through NetworkPolicy shop/open spec.egress[0]')]);
  });
  test('fails a workload whose only policies allow everything, in both directions', () => {
    const open = np({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] });
    expect(messages('NetworkPolicySelectsWorkload', deployment(), open)).toEqual([
      expect.stringContaining('accept incoming traffic from every pod and every address'), expect.stringContaining('accept outgoing traffic to every pod and every address'),
    ]);
  });
  test('fails a rule naming ports but no peer: every pod and address on those ports', () => {
    const dnsAnywhere = np({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] });
    expect(messages('NetworkPolicySelectsWorkload', deployment(), dnsAnywhere))
      .toEqual([expect.stringContaining('accept outgoing traffic to every pod and every address (a rule that names no peer) on UDP 53')]);
  });
  test('fails a Cilium rule on the all entity without ports; a deny of all wins over it', () => {
    const open = cnp({ spec: { endpointSelector: {}, ingress: [{ fromEntities: ['all'] }], egress: [{}] } });
    expect(findingPaths('NetworkPolicySelectsWorkload', deployment(), open)).toEqual([LABELS]);
    const denied = cnp({ spec: { endpointSelector: {}, ingress: [{ fromEntities: ['all'] }], ingressDeny: [{ fromEntities: ['all'] }], egress: [{}] } });
    expect(runRule('NetworkPolicySelectsWorkload', deployment(), denied)).toEqual({ status: 'compliant' });
  });
  test('Compliance: a rule naming peers is not allow-all; a rule of a direction the policy does not govern is ignored', () => {
    const peers = np({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }], ports: [{ port: 53, protocol: 'UDP' }] }] });
    expect(runRule('NetworkPolicySelectsWorkload', deployment(), peers)).toEqual({ status: 'compliant' });
    const ignored = np({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: [] });
    (ignored.spec as Json).ingress = [];
    expect(runRule('NetworkPolicySelectsWorkload', deployment(), ignored)).toEqual({ status: 'compliant' });
    const cj = cronJob();
    expect(runRule('NetworkPolicySelectsWorkload', cj, defaultDeny())).toEqual({ status: 'compliant' });
  });
  test('stays linear: 8,000 workloads and 8,000 policies in one namespace are checked in seconds', () => {
    const n = 8000;
    const objects: Json[] = [namespace()];
    for (let i = 0; i < n; i++) {
      const d = deployment();
      d.metadata.name = `web-${i}`;
      d.spec.template.metadata.labels = { app: `web-${i}`, tier: 'front' };
      objects.push(d, np({ podSelector: { matchLabels: { app: `web-${i}` } }, policyTypes: ['Ingress', 'Egress'] }, `p-${i}`));
    }
    const rule = RULES.get('NetworkPolicySelectsWorkload')!;
    const start = Date.now();
    const kube = objects.map(o => toKubeObject(o));
    const context = buildContext(kube);
    let compliant = 0;
    for (const o of kube) if (rule.check(o, context).status === 'compliant') compliant++;
    const elapsed = Date.now() - start;
    expect(compliant).toBe(n);
    // quadratic matching (64 million selector checks) takes minutes; the index makes it a second or two
    expect(elapsed).toBeLessThan(20000);
  });
});

describe('DefaultDenyNetworkPolicy', () => {
  const cnp = (body: Json, ns = 'shop'): Json => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'deny', namespace: ns }, spec: body });
  const ccnp = (body: Json): Json => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'deny' }, ...body });

  test('Compliance: a CiliumNetworkPolicy with an empty endpointSelector and empty rules both ways', () => {
    expect(runRule('DefaultDenyNetworkPolicy', namespace(), cnp({ endpointSelector: {}, ingress: [{}], egress: [{}] }))).toEqual({ status: 'compliant' });
  });
  test('Compliance: a clusterwide policy for every endpoint, or for the namespace by its label; enableDefaultDeny without rules', () => {
    expect(runRule('DefaultDenyNetworkPolicy', namespace(), ccnp({ spec: { endpointSelector: {}, ingress: [{}], egress: [{}] } }))).toEqual({ status: 'compliant' });
    const byNs = ccnp({ specs: [{ endpointSelector: { matchExpressions: [{ key: 'k8s:io.kubernetes.pod.namespace', operator: 'NotIn', values: ['kube-system'] }] }, enableDefaultDeny: { ingress: true, egress: true } }] });
    expect(runRule('DefaultDenyNetworkPolicy', namespace(), byNs)).toEqual({ status: 'compliant' });
    expect(findingPaths('DefaultDenyNetworkPolicy', namespace('kube-system'), byNs)).toHaveLength(2);
  });
  test('Compliance: deny rules on the all entity', () => {
    expect(runRule('DefaultDenyNetworkPolicy', namespace(), cnp({ endpointSelector: {}, ingressDeny: [{ fromEntities: ['all'] }], egressDeny: [{ toEntities: ['all'] }] })))
      .toEqual({ status: 'compliant' });
  });
  test('fails a Cilium policy that allows peers (Kubescape C-0054 passes any policy in the namespace)', () => {
    expect(findingPaths('DefaultDenyNetworkPolicy', namespace(), cnp({ endpointSelector: {}, ingress: [{ fromEndpoints: [{}] }], egress: [{}] }))).toHaveLength(1);
  });
  test('fails a Cilium policy that selects some pods only, or another namespace, or turns default deny off', () => {
    expect(findingPaths('DefaultDenyNetworkPolicy', namespace(), cnp({ endpointSelector: { matchLabels: { app: 'web' } }, ingress: [{}], egress: [{}] }))).toHaveLength(2);
    expect(findingPaths('DefaultDenyNetworkPolicy', namespace(), cnp({ endpointSelector: {}, ingress: [{}], egress: [{}] }, 'other'))).toHaveLength(2);
    expect(findingPaths('DefaultDenyNetworkPolicy', namespace(), cnp({ endpointSelector: {}, ingress: [{}], egress: [{}], enableDefaultDeny: { egress: false } })))
      .toHaveLength(1);
  });
  test('fails a default deny patched open: a podSelector {} policy with egress: [{}]', () => {
    const open = clone(defaultDeny());
    open.spec.egress = [{}];
    expect(runRule('DefaultDenyNetworkPolicy', namespace(), open)).toMatchObject({ findings: [{ message: expect.stringContaining('Egress') }] });
  });
});

test('the hardened set still passes every pack', () => {
  expect(runCheck(hardenedSet().map(o => toKubeObject(o)), { packs: CompliancePack.all() }).findings).toEqual([]);
});
