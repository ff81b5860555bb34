// ValidatingAdmissionPolicies, by the real kube-apiserver: AdmissionGuardrails' policies and
// bindings are created and type-checked without a warning, and every rule fixture (in every kind
// its policy matches, test/admission/variants.ts), submitted with dry run by an ordinary user, is
// judged by each policy exactly as the engine judges it with that policy's rule. The JavaScript
// CEL harness (test/admission/cel-harness.ts) stays as the fast unit layer; this is the authority.
import { Testing } from 'cdk8s';
import { Answer, apply, applyAll, As, closeConnections, create, eventually, messageOf, request, resourceOf } from './client';
import { POD_TEMPLATE_PATHS } from './objects';
import { exampleAdmission } from '../../examples/admission';
import { AdmissionGuardrails, HardenedNamespace } from '../../src';
import { buildContext } from '../../src/compliance/engine';
import { toKubeObject } from '../../src/compliance/objects';
import { RULES } from '../../src/compliance/rules';
import { ADMISSION_MIN_MINOR } from '../../src/standards/admission';
import { variants } from '../admission/variants';
import { ruleFixtures } from '../compliance/rule-fixtures';

type Json = Record<string, any>;

const NAMESPACE = 'vap-fixtures';
/**
 * The cluster is shared with the other tests, running at the same time: the bindings this test
 * applies judge only objects with this label (an objectSelector added to each binding's
 * matchResources, the rest of the binding as generated), and every object it sends has it.
 */
const SCOPE_LABEL = { 'test.cdk8s-hardening.io/admission': 'true' };
const TESTER: As = { user: 'tester' };
const RULE_ANNOTATION = 'cdk8s-hardening.io/rule';

const chart = Testing.chart();
new AdmissionGuardrails(chart, 'guardrails');
const generated = Testing.synth(chart) as Json[];
const policies = generated.filter(o => o.kind === 'ValidatingAdmissionPolicy');
const bindings = generated.filter(o => o.kind === 'ValidatingAdmissionPolicyBinding');
const ruleOfPolicy = new Map<string, string>(policies.map(p => [p.metadata.name, p.metadata.annotations[RULE_ANNOTATION]]));
/** The rules the policies enforce, once each (a rule has one policy per kind group). */
const expressible = [...new Set(ruleOfPolicy.values())];

/** The engine's verdict on an object checked alone: does the rule find anything? */
function engineFlags(ruleId: string, object: Json): boolean {
  const o = toKubeObject(object);
  // as the policies judge: at the oldest Kubernetes version they run on (docs/admission.md)
  return RULES.get(ruleId)!.check(o, buildContext([o], undefined, ADMISSION_MIN_MINOR)).status === 'non-compliant';
}

interface Case {
  readonly name: string;
  readonly object: Json;
}

const CLUSTER_SCOPED = ['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass', 'RuntimeClass', 'Node'];

/**
 * Every fixture of every rule, in every kind that can hold it, placed in the test namespace under
 * a name of its own; those of a kind no Kubernetes API server serves (a ConfigMap of another API
 * group) are left out, and named by a test.
 */
const allCases: Case[] = Object.entries(ruleFixtures() as Record<string, Record<string, { object: Json }>>)
  .flatMap(([ruleId, fixtures]) => Object.entries(fixtures).flatMap(([name, f]) => variants(f.object)
    .map((object, i) => ({ name: `${ruleId} ${name}${i === 0 ? '' : ` as ${object.kind}`}`, object }))))
  .map((c, i) => {
    const object = structuredClone(c.object);
    object.metadata = {
      ...object.metadata,
      name: object.kind === 'Namespace' ? `vap-fixture-${i}` : `fixture-${i}`,
      labels: { ...object.metadata?.labels, ...SCOPE_LABEL },
    };
    if (!CLUSTER_SCOPED.includes(object.kind)) object.metadata.namespace = NAMESPACE;
    // the variants carry one pod spec into every kind: its restart policy made one the kind accepts
    const template = (POD_TEMPLATE_PATHS[object.kind] ?? (object.kind === 'PodTemplate' ? ['template'] : undefined))?.reduce<any>((x, k) => x?.[k], object);
    if (template?.spec) template.spec.restartPolicy = ['Job', 'CronJob'].includes(object.kind) ? 'OnFailure' : 'Always';
    return { name: c.name, object };
  });

/** The rules whose policies the server names in its answer: in warnings (Warn) or in the denial (Deny). */
function policiesNamed(a: Answer): { warned: string[]; denied: string[] } {
  const named = (text: string) => [...text.matchAll(/ValidatingAdmissionPolicy '([^']+)'/g)].map(m => ruleOfPolicy.get(m[1]) ?? m[1]);
  return { warned: a.warnings.flatMap(named), denied: a.status >= 400 ? named(messageOf(a)) : [] };
}

/** Refused by a ValidatingAdmissionPolicy (403, or 422 for a validation whose reason is Invalid)? */
const deniedByPolicy = (a: Answer) => a.status >= 400 && policiesNamed(a).denied.length > 0;

/**
 * Where the server and the engine differ, and the server is right (docs/kubernetes.md): a cpu limit
 * of 1e400 is a valid quantity to the API server, which admits it and finds it above zero; the
 * engine's quantity parser overflows and flags it.
 */
const KNOWN = [{
  cases: ['', ' as Pod', ' as PodTemplate', ' as ReplicationController', ' as ReplicaSet', ' as StatefulSet', ' as DaemonSet', ' as Job', ' as CronJob'].map(k => `CpuLimits tooLarge${k}`),
  answer: 'server warns for [], engine flags [CpuLimits]',
}];
const knownCase = (name: string) => KNOWN.some(k => k.cases.includes(name));

/** Kinds a rule judges that its policy does not match (docs/admission.md): ConfigMaps' base64 values need decoding CEL cannot do. */
const JUDGED_BY_THE_ENGINE_ONLY: Record<string, string[]> = { CredentialsInConfig: ['ConfigMap'] };

/** The rules the engine flags on an object, among those whose policy can judge the object's kind. */
function expectedRules(object: Json): string[] {
  return expressible.filter(r => engineFlags(r, object) && !(JUDGED_BY_THE_ENGINE_ONLY[r] ?? []).includes(object.kind)).sort();
}

/** Bindings judging only this test's objects (SCOPE_LABEL). */
const scoped = (list: Json[]): Json[] => list.map(b => {
  const matchResources = { ...b.spec.matchResources, objectSelector: { matchLabels: SCOPE_LABEL } };
  return { ...b, spec: { ...b.spec, matchResources } };
});
const withActions = (actions: string[]) => scoped(bindings).map(b => ({ ...b, spec: { ...b.spec, validationActions: actions } }));

/** Deletes policies and bindings (those that exist). */
async function removeAll(list: readonly Json[]): Promise<void> {
  for (const o of list) {
    const plural = o.kind === 'ValidatingAdmissionPolicy' ? 'validatingadmissionpolicies' : 'validatingadmissionpolicybindings';
    await request('admin', 'DELETE', `/apis/admissionregistration.k8s.io/v1/${plural}/${o.metadata.name}`);
  }
}

/** Applies the bindings and waits until the server acts on them: `probe` gives `expected`. */
async function bind(list: Json[], probe: Case, expected: (a: Answer) => boolean): Promise<void> {
  await applyAll(list);
  await eventually(`the bindings take effect (${probe.name})`, async () => expected(await create(TESTER, probe.object, { dryRun: true })));
}

/** The ServiceAccounts the fixtures' pods name (ServiceAccount admission refuses a pod whose account is missing). */
const serviceAccounts = [...new Set(['default', ...allCases.map(c => c.object.spec?.template?.spec?.serviceAccountName ?? c.object.spec?.serviceAccountName).filter(Boolean)])];
let cases: Case[] = [];
/** Cases validation refuses before admission (found by the first comparison). */
const invalidCases: string[] = [];
const unserved: string[] = [];

beforeAll(async () => {
  for (const c of allCases) {
    try {
      await resourceOf(c.object.apiVersion, c.object.kind);
      cases.push(c);
    } catch {
      unserved.push(`${c.name}: ${c.object.apiVersion} ${c.object.kind}`);
    }
  }
  // an ordinary user whom RBAC lets do anything, so that only admission decides; and a ServiceAccount of kube-system that is no controller
  await applyAll([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
    ...serviceAccounts.map(name => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: NAMESPACE } })),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'helm', namespace: 'kube-system' } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'cdk8s-hardening:testers' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'cdk8s-hardening:testers' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cdk8s-hardening:testers' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'cdk8s-hardening:testers' }, { kind: 'ServiceAccount', name: 'helm', namespace: 'kube-system' }],
    },
  ]);
  await applyAll(policies);
}, 60_000);

afterAll(() => closeConnections());

test('the fixtures of kinds no API server serves are named, and only those are left out', () => {
  // configuration files of the control plane (an audit Policy) are read from disk, never served;
  // the policy engines' kinds need their CRDs (the schema test installs them, maybe later); example.com
  // kinds are the fixtures' objects of a group that merely reuses a built-in kind's name
  const elsewhere = / (audit\.k8s\.io|policy\.sigstore\.dev|kyverno\.io)\/v1\w* \w+$/;
  expect(unserved.filter(u => elsewhere.test(u)).every(u => /^(AuditPolicyLogs|ImageSignatureWeakened) /.test(u))).toBe(true);
  expect(unserved.filter(u => !elsewhere.test(u)).sort()).toEqual([
    'AdmissionPolicyWeakened otherGroup: example.com/v1 ValidatingAdmissionPolicy',
    'CredentialsInConfig configMapOfAnotherGroup: example.com/v1 ConfigMap',
    'ImageSignatureWeakened otherGroup: example.com/v1 ClusterImagePolicy',
  ]);
});

test('the policies are created and type-checked by the server with no warning', async () => {
  // one policy per rule, or per kind group where a rule's kinds differ in the fields it reads
  expect(policies.length).toBe(34);
  expect(expressible.length).toBe(22);
  const warnings: string[] = [];
  for (const p of policies) {
    let status: Json | undefined;
    await eventually(`${p.metadata.name} type-checked`, async () => {
      status = (await request('admin', 'GET', `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${p.metadata.name}`)).body?.status;
      return status?.typeChecking !== undefined && status.observedGeneration === 1;
    }, 60_000);
    for (const w of status!.typeChecking.expressionWarnings ?? []) {
      warnings.push(`${p.metadata.name} ${w.fieldRef}: ${String(w.warning).split('\n').slice(0, 2).join(' ')}`);
    }
  }
  expect(warnings).toEqual([]);
}, 120_000);

test('fails the type check of a policy that matches kinds its expression does not fit: the check above can fail', async () => {
  // the ServiceAccount group's expression, matched to pods as well: a Pod has no automountServiceAccountToken
  const accounts = policies.find(p => p.metadata.name.endsWith('-service-account-token-service-accounts'))!;
  const pods = policies.find(p => p.metadata.name.endsWith('-service-account-token-pods'))!;
  const name = 'cdk8s-hardening-test-mixed-kinds';
  const mixed = {
    ...accounts,
    metadata: { ...accounts.metadata, name },
    spec: {
      ...accounts.spec,
      matchConstraints: {
        ...accounts.spec.matchConstraints,
        resourceRules: [...accounts.spec.matchConstraints.resourceRules, ...pods.spec.matchConstraints.resourceRules],
      },
    },
  };
  await apply('admin', mixed);
  try {
    let status: Json | undefined;
    await eventually(`${name} type-checked`, async () => {
      status = (await request('admin', 'GET', `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${name}`)).body?.status;
      return status?.typeChecking !== undefined;
    }, 60_000);
    const warned = (status!.typeChecking.expressionWarnings ?? []) as Json[];
    expect(warned.map(w => w.fieldRef)).toEqual(['spec.validations[0].expression']);
    expect(warned[0].warning).toContain('automountServiceAccountToken');
  } finally {
    await request('admin', 'DELETE', `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${name}`);
  }
}, 120_000);

describe('each policy judges every fixture as the engine does', () => {
  // With every binding set to Warn, a request names every policy that fails it (a denial names only the first).
  test('as warnings: the policies that warn are the rules the engine flags', async () => {
    const probe = cases.find(c => expectedRules(c.object).length > 0)!;
    await bind(withActions(['Warn']), probe, a => a.status === 201 && policiesNamed(a).warned.length > 0);
    expect(cases.length).toBeGreaterThan(300);
    const disagreements: string[] = [];
    const invalid: string[] = [];
    let flagged = 0;
    for (const c of cases) {
      const a = await create(TESTER, c.object, { dryRun: true });
      if (a.status === 400 || a.status === 422) {
        // no valid object (ephemeral containers on create, a Service without ports...): validation refuses it before admission
        invalid.push(c.name);
        continue;
      }
      if (a.status !== 201) {
        disagreements.push(`${c.name}: refused (${messageOf(a)})`);
        continue;
      }
      const warned = [...new Set(policiesNamed(a).warned)].sort();
      const expected = expectedRules(c.object);
      if (expected.length > 0) flagged++;
      if (JSON.stringify(warned) !== JSON.stringify(expected)) disagreements.push(`${c.name}: server warns for [${warned}], engine flags [${expected}]`);
    }
    invalidCases.push(...invalid);
    process.stderr.write(`admission policies: ${cases.length - invalid.length} fixture objects compared, ${flagged} flagged; refused by validation first (${invalid.length}): ${invalid.join(', ')}\n`);
    expect(disagreements).toEqual(KNOWN.flatMap(k => k.cases.map(name => `${name}: ${k.answer}`)));
    expect(flagged).toBeGreaterThan(100);
    expect(invalid.length).toBeLessThan(cases.length / 5);
  }, 300_000);

  test('a cpu limit of 1e400: the API server accepts the quantity and the CpuLimits policy finds it above zero; the engine flags it', async () => {
    const tooLarge = cases.find(c => c.name === 'CpuLimits tooLarge as Pod')!;
    // the same pod without a cpu limit, which the policy warns of: the comparison can fail
    const unlimited = structuredClone(tooLarge);
    for (const c of [...unlimited.object.spec.containers, ...(unlimited.object.spec.initContainers ?? [])]) delete c.resources.limits.cpu;
    await bind(withActions(['Warn']), unlimited, a => a.status === 201 && policiesNamed(a).warned.includes('CpuLimits'));
    const a = await create(TESTER, tooLarge.object, { dryRun: true });
    expect({ status: a.status, message: a.status === 201 ? '' : messageOf(a) }).toEqual({ status: 201, message: '' });
    const limits = [...a.body.spec.containers, ...(a.body.spec.initContainers ?? [])].map((c: Json) => c.resources.limits.cpu);
    process.stderr.write(`a cpu limit of 1e400, as the API server stores it: ${JSON.stringify(limits)}\n`);
    expect(limits.length).toBeGreaterThan(0);
    // in its canonical form, an exponent that is a multiple of 3
    expect(limits.every(l => l === '10e399')).toBe(true);
    expect(policiesNamed(a).warned).not.toContain('CpuLimits');
    // where the engine and the server differ (KNOWN): the engine's parser finds no finite number
    expect(engineFlags('CpuLimits', tooLarge.object)).toBe(true);
    expect(policiesNamed(await create(TESTER, unlimited.object, { dryRun: true })).warned).toContain('CpuLimits');
  }, 60_000);

  test('as generated: denied exactly when a rule whose binding denies flags it; Warn rules only warn', async () => {
    const denying = new Set(bindings.filter(b => b.spec.validationActions.includes('Deny')).map(b => ruleOfPolicy.get(b.spec.policyName)!));
    const probe = cases.find(c => expectedRules(c.object).some(r => denying.has(r)))!;
    await bind(scoped(bindings), probe, deniedByPolicy);
    const disagreements: string[] = [];
    for (const c of cases.filter(x => !invalidCases.includes(x.name) && !knownCase(x.name))) {
      const a = await create(TESTER, c.object, { dryRun: true });
      const expected = expectedRules(c.object);
      const shouldDeny = expected.some(r => denying.has(r));
      const { denied } = policiesNamed(a);
      if (shouldDeny ? !deniedByPolicy(a) || !denied.every(r => expected.includes(r)) : a.status !== 201) {
        disagreements.push(`${c.name}: ${a.status} ${a.status === 201 ? '' : messageOf(a)}; engine flags [${expected}]`);
      }
    }
    expect(disagreements).toEqual([]);
  }, 300_000);
});

describe('who is judged', () => {
  const failingPod = () => cases.find(c => c.object.kind === 'Pod' && expectedRules(c.object).includes('ReadOnlyRootFilesystem'))!.object;

  test('a person is refused, the ReplicaSet controller and a kubelet are not; a ServiceAccount of kube-system that is no controller is', async () => {
    const probe = { name: 'failing pod', object: failingPod() };
    await bind(scoped(bindings), probe, deniedByPolicy);
    const as = (user: string, groups?: string[]): As => ({ user: 'admin', impersonate: { user, groups } });
    expect(deniedByPolicy(await create(TESTER, failingPod(), { dryRun: true }))).toBe(true);
    expect((await create(as('system:serviceaccount:kube-system:replicaset-controller', ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated']), failingPod(), { dryRun: true })).status).toBe(201);
    expect((await create(as('system:node:worker-1', ['system:nodes', 'system:authenticated']), failingPod(), { dryRun: true })).status).toBe(201);
    const helm = await create(as('system:serviceaccount:kube-system:helm', ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated']), failingPod(), { dryRun: true });
    expect(deniedByPolicy(helm)).toBe(true);
  });

  test('the example\'s exempt namespaces are not judged; its CredentialsInConfig only warns', async () => {
    const example = Testing.chart();
    exampleAdmission(example, [new HardenedNamespace(example, 'tenant', { name: 'vap-tenant' })]);
    const objects = (Testing.synth(example) as Json[]).filter(o => o.kind.startsWith('ValidatingAdmissionPolicy'));
    // the example's policies and bindings alone
    await removeAll([...bindings, ...policies]);
    try {
      await applyAll(objects.filter(o => o.kind === 'ValidatingAdmissionPolicy'));
      await applyAll([
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ingress-nginx' } },
        ...serviceAccounts.map(name => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'ingress-nginx' } })),
      ]);
      const inNamespace = (o: Json, ns: string) => ({ ...o, metadata: { ...o.metadata, namespace: ns } });
      const pod = failingPod();
      await bind(scoped(objects.filter(o => o.kind === 'ValidatingAdmissionPolicyBinding')), { name: 'failing pod', object: pod }, deniedByPolicy);
      // the server's policy cache may still hold the deleted bindings (no exemption) for a moment:
      // the exempt namespace's pod is admitted once the example's bindings are in force, or never
      let exempt = await create(TESTER, inNamespace(pod, 'ingress-nginx'), { dryRun: true });
      try {
        await eventually('the example\'s bindings exempt ingress-nginx', async () => (exempt = await create(TESTER, inNamespace(pod, 'ingress-nginx'), { dryRun: true })).status === 201, 20_000);
      } catch {
        // reported below, with the server's answer
      }
      expect({ status: exempt.status, message: exempt.status === 201 ? '' : messageOf(exempt) }).toEqual({ status: 201, message: '' });
      // a pod only CredentialsInConfig flags, its images from a registry the example allows
      const credentials = structuredClone(cases.find(c => c.object.kind === 'Pod' && JSON.stringify(expectedRules(c.object)) === '["CredentialsInConfig"]')!.object);
      for (const c of credentials.spec.containers) c.image = 'docker.io/library/nginx:1.27.3';
      // the bindings reach the server's policy cache one by one: the warning comes once this one is in force, or never
      let a = await create(TESTER, credentials, { dryRun: true });
      await eventually('the example\'s CredentialsInConfig binding warns', async () => policiesNamed(a = await create(TESTER, credentials, { dryRun: true })).warned.length > 0, 20_000)
        .catch(() => undefined);
      expect({ status: a.status, message: a.status === 201 ? '' : messageOf(a) }).toEqual({ status: 201, message: '' });
      expect(policiesNamed(a).warned).toEqual(['CredentialsInConfig']);
    } finally {
      // the generated policies and bindings back for any later test
      await removeAll(objects);
      await applyAll([...policies, ...scoped(bindings)]);
    }
  }, 60_000);
});

test('fails the comparison if a policy were missing: a flagged object without its policy is admitted', async () => {
  const c = cases.find(x => x.object.kind === 'Pod' && JSON.stringify(expectedRules(x.object)) === '["ReadOnlyRootFilesystem"]')!;
  const name = policies.find(p => p.metadata.annotations[RULE_ANNOTATION] === 'ReadOnlyRootFilesystem')!.metadata.name;
  expect((await request('admin', 'DELETE', `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/${name}`)).status).toBe(200);
  let last: Answer | undefined;
  await eventually('the binding is gone', async () => (last = await create(TESTER, c.object, { dryRun: true })).status === 201)
    .catch(e => { throw new Error(`${e}: ${last ? messageOf(last) : ''}`); });
  await apply('admin', scoped(bindings).find(b => b.metadata.name === name)!);
});
