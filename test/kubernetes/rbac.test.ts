// RBAC, by the real kube-apiserver's RBAC authorizer: SeparatedRbac's output is applied, and for
// every binding's subjects SubjectAccessReviews give exactly the access matrix's answers (each
// sensitive capability held where the matrix says, nowhere else; every rule of every role
// granted); a hardened workload's ServiceAccount may do nothing beyond a fresh account.
import { Chart, Testing } from 'cdk8s';
import { Answer, applyAll, As, closeConnections, eventually, request } from './client';
import { exampleObjects } from './objects';
import { exampleRbac } from '../../examples/rbac';
import { SeparatedRbac } from '../../src/rbac';
import { BindingData, PERSONAS, RbacModel, rbacModelFromManifests, SubjectData } from '../../src/rbac/access-matrix';
import { CONTAINER_ENTRY, ESCALATION_VERBS, IMPERSONATION_TARGETS, POD_RUNNING_RESOURCES, POD_SPEC_WRITE_VERBS, RBAC_GROUP, RBAC_RESOURCES, ROLE_RESOURCES } from '../../src/standards/rbac';
import { everyOptionRbac } from '../rbac/util';

type Json = Record<string, any>;

/** One request a SubjectAccessReview asks about. */
interface Probe {
  readonly apiGroup: string;
  readonly resource: string;
  readonly verb: string;
  readonly name?: string;
}

const probes = (apiGroup: string, resources: readonly string[], verbs: readonly string[]): Probe[] =>
  resources.flatMap(resource => verbs.map(verb => ({ apiGroup, resource, verb })));

/**
 * The requests that exercise each sensitive capability of the matrix (its "Sensitive capabilities"
 * table, by the start of the row's title): the capability is held where any of them is allowed.
 */
const CAPABILITY_PROBES: Record<string, Probe[]> = {
  // cluster-admin, or a role that amounts to it: it can bind cluster-admin (to itself)
  'administer the cluster': [{ apiGroup: RBAC_GROUP, resource: 'clusterroles', verb: 'bind', name: 'cluster-admin' }],
  'read Secrets': probes('', ['secrets'], ['get', 'list', 'watch']),
  'write Secrets': probes('', ['secrets'], ['create', 'update', 'patch', 'delete']),
  'run commands in pods': CONTAINER_ENTRY.flatMap(e => probes('', [e.resource], e.verbs)),
  'port-forward or proxy to pods': probes('', ['pods/portforward', 'pods/proxy'], ['create', 'get']),
  'create pods directly': probes('', ['pods'], ['create']),
  'run pods of one\'s choosing': POD_RUNNING_RESOURCES.flatMap(r => probes(r.group, [r.resource], POD_SPEC_WRITE_VERBS)),
  'change RBAC': probes(RBAC_GROUP, RBAC_RESOURCES, ['create', 'update', 'patch', 'delete', 'deletecollection']),
  '`escalate`, `bind` or `impersonate`': [
    ...probes(RBAC_GROUP, ROLE_RESOURCES, ESCALATION_VERBS.filter(v => v !== 'impersonate')),
    ...IMPERSONATION_TARGETS.flatMap(t => probes(t.apiGroup, t.resources, ['impersonate'])),
  ],
  'mint tokens': probes('', ['serviceaccounts/token'], ['create']),
  'write nodes': probes('', ['nodes'], ['create', 'update', 'patch', 'delete']),
};

/** The user and groups a request of the subject carries. */
function identity(s: SubjectData): { user: string; groups: string[] } {
  if (s.kind === 'ServiceAccount') return { user: `system:serviceaccount:${s.namespace}:${s.name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${s.namespace}`, 'system:authenticated'] };
  if (s.kind === 'Group') return { user: 'rbac-probe', groups: [s.name, 'system:authenticated'] };
  return { user: s.name, groups: ['system:authenticated'] };
}

/** SubjectAccessReview: may the subject make the request (in `namespace`; cluster-wide without)? */
async function allowed(s: SubjectData, p: Probe, namespace?: string): Promise<boolean> {
  const [resource, subresource] = p.resource.split('/');
  const { user, groups } = identity(s);
  const a: Answer = await request('admin', 'POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    spec: { user, groups, resourceAttributes: { namespace, verb: p.verb, group: p.apiGroup, resource, subresource, name: p.name } },
  });
  if (a.status !== 201) throw new Error(`SubjectAccessReview: ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
  return a.body.status.allowed === true;
}

const sameSubject = (a: SubjectData, b: SubjectData) => a.kind === b.kind && a.name === b.name && (a.kind !== 'ServiceAccount' || a.namespace === b.namespace);
const personaTitle = (persona: string) => PERSONAS.find(([p]) => p === persona)?.[1] ?? persona;
const where = (b: BindingData) => (b.kind === 'ClusterRoleBinding' ? 'cluster-wide' : `namespace \`${b.namespace}\``);

/** The matrix's "Sensitive capabilities" rows: title → the holders it lists. */
function capabilityRows(matrix: string): Map<string, string[]> {
  const section = matrix.split('### Sensitive capabilities')[1].split('###')[0];
  const rows = section.split('\n').filter(l => l.startsWith('| ') && !l.startsWith('| Capability') && !l.startsWith('| ---'));
  return new Map(rows.map(l => {
    const [title, holders] = l.slice(2, -2).split(' | ');
    return [title, holders === 'nobody' ? [] : holders.split('; ')];
  }));
}

/** Removes what an earlier model applied, so that each model is asked alone. */
async function remove(objects: readonly Json[]): Promise<void> {
  for (const o of objects.filter(x => x.apiVersion === 'rbac.authorization.k8s.io/v1')) {
    const ns = o.metadata.namespace ? `/namespaces/${o.metadata.namespace}` : '';
    const plural = `${o.kind.toLowerCase()}s`;
    await request('admin', 'DELETE', `/apis/rbac.authorization.k8s.io/v1${ns}/${plural}/${o.metadata.name}`);
  }
}

/**
 * Waits until the RBAC authorizer, which follows the API through a watch, holds every binding of
 * `manifests` whose role is among them: each binding's first subject is allowed its role's first
 * request.
 */
async function inForce(manifests: readonly Json[], model: RbacModel): Promise<void> {
  for (const b of model.bindings) {
    const role = manifests.find(o => o.kind === b.roleRef.kind && o.metadata.name === b.roleRef.name
      && (o.kind === 'ClusterRole' || o.metadata.namespace === b.namespace));
    const rule = role?.rules?.find((r: any) => !r.nonResourceURLs && !String(r.resources?.[0] ?? '*').includes('*') && r.verbs?.[0] !== '*' && r.apiGroups?.[0] !== '*');
    if (!rule || b.subjects.length === 0) continue;
    const probe: Probe = { apiGroup: rule.apiGroups[0], resource: rule.resources[0], verb: rule.verbs[0], name: rule.resourceNames?.[0] };
    const namespace = b.kind === 'ClusterRoleBinding' ? undefined : b.namespace;
    await eventually(`${b.kind} ${b.name} in force`, () => allowed(b.subjects[0], probe, namespace), 20_000);
  }
}

afterAll(() => closeConnections());

describe.each([
  ['the example', (c: Chart) => exampleRbac(c, ['storefront', 'payments', 'data'])],
  ['every option', (c: Chart) => everyOptionRbac(c)],
])('%s: SubjectAccessReviews give the access matrix\'s answers', (_name, make) => {
  const chart = Testing.chart();
  const rbac: SeparatedRbac = make(chart);
  const manifests = Testing.synth(chart) as Json[];
  const model: RbacModel = rbacModelFromManifests(manifests);
  const namespaces = [...new Set(model.bindings.map(b => b.namespace).filter((n): n is string => n !== undefined))];

  beforeAll(async () => {
    await applyAll(namespaces.map(name => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })));
    await applyAll(manifests);
    await inForce(manifests, model);
  }, 120_000);
  afterAll(() => remove(manifests));

  test('every persona of the model is asked about', () => {
    expect(model.bindings.length).toBeGreaterThan(3);
    expect(new Set(model.bindings.map(b => b.persona)).size).toBeGreaterThan(3);
  });

  test('each sensitive capability is held exactly where the matrix says', async () => {
    const rows = capabilityRows(rbac.accessMatrix());
    const titles = [...rows.keys()];
    // every capability of the matrix has its requests here, and nothing else
    expect(titles.map(t => Object.keys(CAPABILITY_PROBES).find(k => t.startsWith(k)))).toEqual(Object.keys(CAPABILITY_PROBES));
    const disagreements: string[] = [];
    for (const b of model.bindings) {
      for (const subject of b.subjects) {
        const namespace = b.kind === 'ClusterRoleBinding' ? undefined : b.namespace;
        // the subject's bindings that reach this place: its cluster-wide ones, and its own namespace's
        const reaching = model.bindings.filter(x => x.subjects.some(s => sameSubject(s, subject)) && (x.kind === 'ClusterRoleBinding' || x.namespace === namespace));
        for (const [title, holders] of rows) {
          const expected = reaching.some(x => holders.includes(`${personaTitle(x.persona)} (${where(x)})`));
          const requests = CAPABILITY_PROBES[Object.keys(CAPABILITY_PROBES).find(k => title.startsWith(k))!];
          let held = false;
          for (const p of requests) if (!held) held = await allowed(subject, p, namespace);
          if (held !== expected) disagreements.push(`${subject.kind} ${subject.name} (${personaTitle(b.persona)}, ${where(b)}): ${title}: matrix ${expected ? 'holds' : 'does not hold'}, server ${held ? 'allows' : 'denies'}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
  }, 120_000);

  test('every rule of every bound role is granted to the binding\'s subjects', async () => {
    const refused: string[] = [];
    let asked = 0;
    for (const b of model.bindings) {
      const role = model.roles.find(r => r.kind === b.roleRef.kind && r.name === b.roleRef.name && (r.kind === 'ClusterRole' || r.namespace === b.namespace));
      if (!role) continue; // cluster-admin: built in
      const namespace = b.kind === 'ClusterRoleBinding' ? undefined : b.namespace;
      for (const rule of role.rules) {
        for (const subject of b.subjects) {
          for (const apiGroup of rule.apiGroups.filter(g => g !== '*')) {
            for (const resource of rule.resources.filter(r => r !== '*')) {
              for (const verb of rule.verbs.filter(v => v !== '*')) {
                for (const name of rule.resourceNames ?? [undefined]) {
                  asked++;
                  if (!await allowed(subject, { apiGroup, resource, verb, name }, namespace)) refused.push(`${subject.kind} ${subject.name}: ${verb} ${apiGroup}/${resource}${name ? ` ${name}` : ''} in ${namespace ?? 'the cluster'}`);
                }
              }
            }
          }
        }
      }
    }
    expect(asked).toBeGreaterThan(20);
    expect(refused).toEqual([]);
  }, 120_000);
});

describe('a hardened workload\'s ServiceAccount may do nothing beyond a fresh account', () => {
  const objects = exampleObjects();
  const serviceAccounts = objects.filter(o => o.kind === 'ServiceAccount' && o.metadata.name !== 'default');

  beforeAll(async () => {
    await applyAll(objects.filter(o => o.kind === 'Namespace'));
    await applyAll(objects.filter(o => o.apiVersion === 'rbac.authorization.k8s.io/v1' || o.kind === 'ServiceAccount'));
  }, 60_000);
  afterAll(() => remove(objects));

  /** SelfSubjectRulesReview of a ServiceAccount in its namespace, as the admin impersonating it: its rules, sorted. */
  async function rulesOf(namespace: string, name: string): Promise<string[]> {
    const as: As = { user: 'admin', impersonate: { user: `system:serviceaccount:${namespace}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'] } };
    const a = await request(as, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } });
    if (a.status !== 201) throw new Error(`SelfSubjectRulesReview: ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
    return [...a.body.status.resourceRules, ...a.body.status.nonResourceRules].map(r => JSON.stringify(r)).sort();
  }

  test('each ServiceAccount of the example\'s workloads has exactly a fresh account\'s rules', async () => {
    expect(serviceAccounts.length).toBeGreaterThanOrEqual(8);
    for (const sa of serviceAccounts) {
      const fresh = await rulesOf(sa.metadata.namespace, `fresh-${sa.metadata.name}`);
      expect({ sa: sa.metadata.name, rules: await rulesOf(sa.metadata.namespace, sa.metadata.name) }).toEqual({ sa: sa.metadata.name, rules: fresh });
    }
  }, 60_000);

  test('fails for an account with a grant: the comparison sees one rule more', async () => {
    const chart = Testing.chart();
    everyOptionRbac(chart);
    const manifests = Testing.synth(chart) as Json[];
    await applyAll([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } }, ...manifests.filter(o => o.metadata.name.startsWith('hardening:workload:'))]);
    // the RBAC authorizer follows the API through a watch: wait until it holds the grant just applied
    let extra: string[] = [];
    await eventually('the grant reaches the RBAC authorizer', async () => {
      const fresh = await rulesOf('payments', 'fresh-controller');
      extra = (await rulesOf('payments', 'payments-controller')).filter(r => !fresh.includes(r));
      return extra.length > 0;
    }, 20_000).catch(() => undefined);
    expect(extra).toEqual([JSON.stringify({ verbs: ['get', 'update'], apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['payments-leader'] })]);
    await remove(manifests.filter(o => o.metadata.name.startsWith('hardening:workload:')));
  }, 60_000);
});
