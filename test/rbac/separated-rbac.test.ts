import { Chart, Testing } from 'cdk8s';
import { allows, FakeWorkload, find, Manifest, synth } from './util';
import { Compliance } from '../../src/compliance/compliance';
import { HardenedNamespace } from '../../src/namespace/namespace';
import { AccessRuleOptions, SeparatedRbac, SeparatedRbacProps, Subject } from '../../src/rbac';
import { HardenedDeployment } from '../../src/workloads/deployment';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete'];

/** The issue's example. */
function issueExample(chart: Chart): SeparatedRbac {
  return new SeparatedRbac(chart, 'rbac', {
    clusterAdmins: [Subject.group('k8s-admins')],
    infrastructureManagers: [Subject.group('platform-ops')],
    auditors: [Subject.group('security-audit')],
    tenants: [{ name: 'payments', deployers: [Subject.group('payments-ci')], developers: [Subject.group('payments-devs')] }],
  });
}

/** Every option in use: break-glass, exec, viewers, a workload grant, a CI service account. */
function everything(chart: Chart): SeparatedRbac {
  const controller = new FakeWorkload(chart, 'controller', 'payments-controller', 'payments');
  return new SeparatedRbac(chart, 'rbac', {
    clusterAdmins: [Subject.group('k8s-admins'), Subject.user('alice@example.com')],
    infrastructureManagers: [Subject.group('platform-ops')],
    auditors: [Subject.group('security-audit')],
    breakGlass: { subjects: [Subject.group('k8s-break-glass'), Subject.group('k8s-admins')], reason: 'control-plane recovery, see runbook RB-7' },
    tenants: [
      {
        name: 'payments',
        deployers: [Subject.serviceAccount('ci', 'payments-deployer')],
        developers: [Subject.group('payments-devs')],
        viewers: [Subject.group('payments-support')],
        developerExecReason: 'on-call debugging of the ledger (INC-42)',
      },
      { name: 'storefront', deployers: [Subject.group('storefront-ci')], developers: [Subject.group('storefront-devs'), Subject.group('payments-devs')] },
    ],
    workloadGrants: [{
      workload: controller,
      reason: 'leader election between replicas',
      rules: [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] }],
    }],
  });
}

function build(props: SeparatedRbacProps, chartNamespace?: string): Manifest[] {
  const chart = Testing.chart();
  if (chartNamespace !== undefined) {
    const app = Testing.app();
    const namespaced = new Chart(app, 'ns', { namespace: chartNamespace });
    new SeparatedRbac(namespaced, 'rbac', props);
    return synth(namespaced);
  }
  new SeparatedRbac(chart, 'rbac', props);
  return synth(chart);
}

function roles(manifests: Manifest[]): Manifest[] {
  return manifests.filter(m => m.kind === 'Role' || m.kind === 'ClusterRole');
}

function bindings(manifests: Manifest[]): Manifest[] {
  return manifests.filter(m => m.kind === 'RoleBinding' || m.kind === 'ClusterRoleBinding');
}

describe('SeparatedRbac defaults (the issue example)', () => {
  // GIVEN
  const chart = Testing.chart();
  // WHEN
  issueExample(chart);
  const manifests = synth(chart);

  test('snapshot', () => {
    // THEN
    expect(manifests).toMatchSnapshot();
  });

  test('synthesizes one role and one binding per persona, with the persona label', () => {
    // THEN
    expect(manifests.map(m => `${m.kind} ${m.metadata.namespace ?? '-'} ${m.metadata.name}`).sort()).toEqual([
      'ClusterRole - hardening:auditor',
      'ClusterRole - hardening:cluster-admin',
      'ClusterRole - hardening:infrastructure-manager',
      'ClusterRoleBinding - hardening:auditor',
      'ClusterRoleBinding - hardening:cluster-admin',
      'ClusterRoleBinding - hardening:infrastructure-manager',
      'Role payments hardening:deployer',
      'Role payments hardening:developer',
      'RoleBinding payments hardening:deployer',
      'RoleBinding payments hardening:developer',
    ]);
    for (const m of manifests) {
      expect(m.apiVersion).toBe('rbac.authorization.k8s.io/v1');
      expect(m.metadata.labels?.['cdk8s-hardening.io/persona']).toBeDefined();
    }
  });

  test('each binding refers to its own role and names the subjects from the props', () => {
    // THEN
    expect(find(manifests, 'ClusterRoleBinding', 'hardening:cluster-admin')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'hardening:cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'k8s-admins' }],
    });
    expect(find(manifests, 'RoleBinding', 'hardening:deployer', 'payments')).toMatchObject({
      roleRef: { kind: 'Role', name: 'hardening:deployer' },
      subjects: [{ kind: 'Group', name: 'payments-ci' }],
    });
  });

  test('cluster administrators: RBAC with escalate, bind and impersonate, Secrets, admission, CRDs; not nodes, not exec', () => {
    const role = find(manifests, 'ClusterRole', 'hardening:cluster-admin');
    // THEN
    for (const verb of [...READ, ...WRITE]) expect(allows(role, '', 'secrets', verb)).toBe(true);
    for (const resource of ['roles', 'clusterroles']) {
      expect(allows(role, 'rbac.authorization.k8s.io', resource, 'escalate')).toBe(true);
      expect(allows(role, 'rbac.authorization.k8s.io', resource, 'bind')).toBe(true);
    }
    for (const resource of ['users', 'groups', 'serviceaccounts']) expect(allows(role, '', resource, 'impersonate')).toBe(true);
    expect(allows(role, '', 'namespaces', 'create')).toBe(true);
    expect(allows(role, 'admissionregistration.k8s.io', 'validatingwebhookconfigurations', 'update')).toBe(true);
    expect(allows(role, 'apiextensions.k8s.io', 'customresourcedefinitions', 'create')).toBe(true);
    expect(allows(role, 'rbac.authorization.k8s.io', 'clusterrolebindings', 'create')).toBe(true);
    // separated from infrastructure management
    expect(allows(role, '', 'nodes', 'patch')).toBe(false);
    expect(allows(role, '', 'persistentvolumes', 'create')).toBe(false);
    expect(allows(role, 'storage.k8s.io', 'storageclasses', 'create')).toBe(false);
    expect(allows(role, '', 'pods/exec', 'create')).toBe(false);
    expect(allows(role, '', 'nodes', 'get')).toBe(true);
  });

  test('infrastructure managers: nodes, volumes, storage, priorities, quotas; no Secrets, no RBAC, no exec', () => {
    const role = find(manifests, 'ClusterRole', 'hardening:infrastructure-manager');
    // THEN
    expect(allows(role, '', 'nodes', 'patch')).toBe(true);
    expect(allows(role, '', 'pods/eviction', 'create')).toBe(true);
    expect(allows(role, '', 'persistentvolumes', 'create')).toBe(true);
    expect(allows(role, 'storage.k8s.io', 'storageclasses', 'create')).toBe(true);
    expect(allows(role, 'scheduling.k8s.io', 'priorityclasses', 'create')).toBe(true);
    expect(allows(role, '', 'resourcequotas', 'update')).toBe(true);
    expect(allows(role, '', 'limitranges', 'create')).toBe(true);
    const touched = (role.rules ?? []).flatMap(r => r.resources);
    expect(touched).not.toContain('secrets');
    expect(touched).not.toContain('pods/exec');
    expect(touched).not.toContain('pods/portforward');
    expect((role.rules ?? []).flatMap(r => r.apiGroups)).not.toContain('rbac.authorization.k8s.io');
    expect(allows(role, '', 'namespaces', 'create')).toBe(false);
  });

  test('auditors: get, list and watch only; RBAC readable; never Secrets, logs or pod subresources', () => {
    const role = find(manifests, 'ClusterRole', 'hardening:auditor');
    // THEN
    expect(new Set((role.rules ?? []).flatMap(r => r.verbs))).toEqual(new Set(READ));
    const touched = (role.rules ?? []).flatMap(r => r.resources);
    for (const hidden of ['secrets', 'pods/log', 'pods/exec', 'pods/attach', 'pods/portforward', 'pods/proxy', 'serviceaccounts/token', 'nodes/proxy']) {
      expect(touched).not.toContain(hidden);
    }
    expect(allows(role, 'rbac.authorization.k8s.io', 'clusterrolebindings', 'list')).toBe(true);
    expect(allows(role, '', 'configmaps', 'get')).toBe(true);
    expect(allows(role, 'apps', 'deployments', 'watch')).toBe(true);
    expect(allows(role, 'networking.k8s.io', 'networkpolicies', 'list')).toBe(true);
  });

  test('deployers: ship workloads in their namespace, Secrets write-only; no RBAC, exec, port-forward or direct pods', () => {
    const role = find(manifests, 'Role', 'hardening:deployer', 'payments');
    // THEN
    for (const [group, resource] of [['apps', 'deployments'], ['apps', 'statefulsets'], ['batch', 'jobs'], ['', 'services'],
      ['', 'configmaps'], ['networking.k8s.io', 'networkpolicies']]) {
      for (const verb of ['create', 'update', 'delete']) expect(allows(role, group, resource, verb)).toBe(true);
    }
    for (const verb of ['create', 'update', 'delete']) expect(allows(role, '', 'secrets', verb)).toBe(true);
    for (const verb of [...READ, 'patch']) expect(allows(role, '', 'secrets', verb)).toBe(false);
    expect(allows(role, '', 'pods', 'create')).toBe(false);
    const touched = (role.rules ?? []).flatMap(r => r.resources);
    expect(touched).not.toContain('pods/exec');
    expect(touched).not.toContain('pods/portforward');
    expect((role.rules ?? []).flatMap(r => r.apiGroups)).not.toContain('rbac.authorization.k8s.io');
  });

  test('developers: read workloads, pods, logs and events; nothing else', () => {
    const role = find(manifests, 'Role', 'hardening:developer', 'payments');
    // THEN
    expect(allows(role, '', 'pods', 'list')).toBe(true);
    expect(allows(role, '', 'pods/log', 'get')).toBe(true);
    expect(allows(role, '', 'events', 'watch')).toBe(true);
    expect(allows(role, 'apps', 'deployments', 'get')).toBe(true);
    expect(new Set((role.rules ?? []).flatMap(r => r.verbs))).toEqual(new Set(READ));
    const touched = (role.rules ?? []).flatMap(r => r.resources);
    expect(touched).not.toContain('secrets');
    expect(touched).not.toContain('pods/exec');
  });
});

describe('rules every output keeps', () => {
  // GIVEN every option at once, and the issue example
  const outputs: Array<[string, Manifest[]]> = [];
  for (const [name, make] of [['issue example', issueExample], ['every option', everything]] as const) {
    const chart = Testing.chart();
    make(chart);
    outputs.push([name, synth(chart)]);
  }

  test.each(outputs)('%s: no rule contains "*"', (_name, manifests) => {
    // THEN
    const values = roles(manifests).flatMap(r => (r.rules ?? []).flatMap(rule =>
      [...rule.apiGroups, ...rule.resources, ...rule.verbs, ...(rule.resourceNames ?? [])]));
    expect(values.length).toBeGreaterThan(0);
    expect(values.filter(v => v.includes('*'))).toEqual([]);
  });

  test.each(outputs)('%s: only the break-glass binding targets cluster-admin', (_name, manifests) => {
    // THEN
    const toClusterAdmin = bindings(manifests).filter(b => b.roleRef?.name === 'cluster-admin');
    for (const b of toClusterAdmin) {
      expect(b.metadata.name).toBe('hardening:break-glass');
      expect(b.metadata.labels).toMatchObject({ 'cdk8s-hardening.io/break-glass': 'true', 'cdk8s-hardening.io/persona': 'break-glass' });
    }
    expect(toClusterAdmin.length).toBe(_name === 'every option' ? 1 : 0);
  });

  test.each(outputs)('%s: Secrets are read only by cluster administrators', (_name, manifests) => {
    // THEN
    const readers = roles(manifests).filter(r => READ.some(verb => allows(r, '', 'secrets', verb)));
    expect(readers.map(r => r.metadata.name)).toEqual(['hardening:cluster-admin']);
    const boundTo = bindings(manifests).filter(b => b.roleRef?.name === 'hardening:cluster-admin');
    expect(boundTo.flatMap(b => b.subjects ?? []).map(s => s.name)).toEqual(['k8s-admins', 'alice@example.com'].slice(0, _name === 'every option' ? 2 : 1));
  });

  test.each(outputs)('%s: escalate, bind and impersonate only for cluster administrators', (_name, manifests) => {
    // THEN
    const holders = roles(manifests).filter(r => (r.rules ?? []).some(rule => rule.verbs.some(v => ['escalate', 'bind', 'impersonate'].includes(v))));
    expect(holders.map(r => r.metadata.name)).toEqual(['hardening:cluster-admin']);
  });

  test.each(outputs)('%s: no anonymous or blanket subject is bound', (_name, manifests) => {
    // THEN
    const names = bindings(manifests).flatMap(b => b.subjects ?? []).map(s => s.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter(n => n.startsWith('system:'))).toEqual([]);
  });

  test.each(outputs)('%s: no aggregation rule', (_name, manifests) => {
    // THEN
    expect(manifests.filter(m => 'aggregationRule' in m)).toEqual([]);
  });
});

describe('options', () => {
  test('with no props, nothing is synthesized', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const rbac = new SeparatedRbac(chart, 'rbac');
    // THEN
    expect(synth(chart)).toEqual([]);
    expect(rbac.breakGlassEnabled).toBe(false);
    expect(rbac.namePrefix).toBe('hardening');
  });

  test('break-glass: a ClusterRoleBinding to cluster-admin, labelled and annotated with the reason', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const rbac = everything(chart);
    const manifests = synth(chart);
    // THEN
    expect(rbac.breakGlassEnabled).toBe(true);
    expect(find(manifests, 'ClusterRoleBinding', 'hardening:break-glass')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: {
        name: 'hardening:break-glass',
        labels: { 'cdk8s-hardening.io/persona': 'break-glass', 'cdk8s-hardening.io/break-glass': 'true' },
        annotations: {
          'cdk8s-hardening.io/break-glass': 'control-plane recovery, see runbook RB-7',
          'cdk8s-hardening.io/reason': 'control-plane recovery, see runbook RB-7',
          // recorded when the construct is created, so the YAML passes `cdk8s-hardening check`
          'acknowledged.cdk8s-hardening.io/ClusterAdminBinding': 'control-plane recovery, see runbook RB-7',
        },
      },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'k8s-break-glass' },
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'k8s-admins' },
      ],
    });
  });

  test('developer exec: a separate, annotated Role in that namespace only; the developer Role stays read-only', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    everything(chart);
    const manifests = synth(chart);
    // THEN
    const exec = find(manifests, 'Role', 'hardening:developer-exec', 'payments');
    expect(exec.rules).toEqual([{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] }]);
    expect(exec.metadata.annotations).toEqual({
      'cdk8s-hardening.io/reason': 'on-call debugging of the ledger (INC-42)',
      'acknowledged.cdk8s-hardening.io/PodExec': 'on-call debugging of the ledger (INC-42)',
    });
    expect(find(manifests, 'RoleBinding', 'hardening:developer-exec', 'payments')).toMatchObject({
      roleRef: { kind: 'Role', name: 'hardening:developer-exec' },
      subjects: [{ kind: 'Group', name: 'payments-devs' }],
      metadata: { annotations: { 'cdk8s-hardening.io/reason': 'on-call debugging of the ledger (INC-42)' } },
    });
    expect(allows(find(manifests, 'Role', 'hardening:developer', 'payments'), '', 'pods/exec', 'create')).toBe(false);
    expect(manifests.filter(m => m.metadata.name === 'hardening:developer-exec' && m.metadata.namespace === 'storefront')).toEqual([]);
  });

  test('viewers read the namespace without logs', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    everything(chart);
    const viewer = find(synth(chart), 'Role', 'hardening:viewer', 'payments');
    // THEN
    expect(allows(viewer, '', 'pods', 'list')).toBe(true);
    expect(allows(viewer, '', 'pods/log', 'get')).toBe(false);
    expect(new Set((viewer.rules ?? []).flatMap(r => r.verbs))).toEqual(new Set(READ));
  });

  test('a CI ServiceAccount is bound with its namespace', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    everything(chart);
    // THEN
    expect(find(synth(chart), 'RoleBinding', 'hardening:deployer', 'payments').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'payments-deployer', namespace: 'ci' },
    ]);
  });

  test('workload grant: a Role and RoleBinding of its own for that ServiceAccount, in its namespace, annotated', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    everything(chart);
    const manifests = synth(chart);
    // THEN
    const role = find(manifests, 'Role', 'hardening:workload:payments-controller', 'payments');
    expect(role.rules).toEqual([{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] }]);
    expect(role.metadata.annotations).toEqual({ 'cdk8s-hardening.io/reason': 'leader election between replicas' });
    expect(find(manifests, 'RoleBinding', 'hardening:workload:payments-controller', 'payments')).toMatchObject({
      roleRef: { kind: 'Role', name: 'hardening:workload:payments-controller' },
      subjects: [{ kind: 'ServiceAccount', name: 'payments-controller', namespace: 'payments' }],
    });
    // the workload's account appears in no other binding
    const others = bindings(manifests).filter(b => b.metadata.name !== 'hardening:workload:payments-controller');
    expect(others.flatMap(b => b.subjects ?? []).filter(s => s.name === 'payments-controller')).toEqual([]);
  });

  test('workload grant: a workload without a namespace of its own takes its chart\'s', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'apps', { namespace: 'storefront' });
    const web = new FakeWorkload(chart, 'web', 'web-sa');
    // WHEN
    new SeparatedRbac(chart, 'rbac', {
      workloadGrants: [{ workload: web, reason: 'reads its own config map', rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['web-config'] }] }],
    });
    // THEN
    const manifests = synth(chart);
    expect(find(manifests, 'Role', 'hardening:workload:web-sa', 'storefront').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['web-config'] },
    ]);
    expect(find(manifests, 'RoleBinding', 'hardening:workload:web-sa', 'storefront').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'web-sa', namespace: 'storefront' },
    ]);
  });

  test('in a chart with a namespace, cluster-scoped objects get none and tenant objects keep theirs', () => {
    // WHEN
    const manifests = build({ auditors: [Subject.group('security-audit')], tenants: [{ name: 'payments', developers: [Subject.group('devs')] }] }, 'tooling');
    // THEN
    expect(find(manifests, 'ClusterRole', 'hardening:auditor').metadata.namespace).toBeUndefined();
    expect(find(manifests, 'ClusterRoleBinding', 'hardening:auditor').metadata.namespace).toBeUndefined();
    expect(find(manifests, 'Role', 'hardening:developer', 'payments').metadata.namespace).toBe('payments');
  });

  test('namePrefix renames every role and binding', () => {
    // WHEN
    const manifests = build({ namePrefix: 'team-a', auditors: [Subject.group('security-audit')], tenants: [{ name: 'payments', developers: [Subject.group('devs')] }] });
    // THEN
    expect(manifests.map(m => m.metadata.name).sort()).toEqual(['team-a:auditor', 'team-a:auditor', 'team-a:developer', 'team-a:developer']);
    expect(find(manifests, 'ClusterRoleBinding', 'team-a:auditor').roleRef?.name).toBe('team-a:auditor');
  });

  test.each([
    ['admin is also a tenant developer', { clusterAdmins: [Subject.group('a')], tenants: [{ name: 'x', developers: [Subject.group('a')] }] }],
    ['admin also holds break-glass', { clusterAdmins: [Subject.group('a')], breakGlass: { subjects: [Subject.group('a')], reason: 'control-plane recovery' } }],
    ['infrastructure manager is also a tenant viewer', { infrastructureManagers: [Subject.group('a')], tenants: [{ name: 'x', viewers: [Subject.group('a')] }] }],
    ['developer in two tenants', { tenants: [{ name: 'x', developers: [Subject.group('a')] }, { name: 'y', developers: [Subject.group('a')] }] }],
    ['same name, different kinds', { clusterAdmins: [Subject.group('a')], auditors: [Subject.user('a')] }],
  ] as Array<[string, SeparatedRbacProps]>)('allowed overlap: %s', (_name, props) => {
    // THEN
    expect(() => build(props)).not.toThrow();
  });
});

describe('Subject', () => {
  test('renders kind and name', () => {
    // THEN
    expect(Subject.group('k8s-admins').toString()).toBe('Group "k8s-admins"');
    expect(Subject.user('alice@example.com').toString()).toBe('User "alice@example.com"');
    expect(Subject.serviceAccount('ci', 'deployer').toString()).toBe('ServiceAccount "ci/deployer"');
    expect(Subject.serviceAccount('ci', 'deployer').accountNamespace).toBe('ci');
    expect(Subject.group('x').accountNamespace).toBeUndefined();
  });
});

describe('rejected input', () => {
  const okTenant = { name: 'payments', developers: [Subject.group('devs')] };

  test.each(['system:anonymous', 'system:unauthenticated', 'system:authenticated'])('fails on %s, as a group or a user', (name) => {
    // THEN
    expect(() => build({ auditors: [Subject.group(name)] })).toThrow(/\[test\/rbac\] auditors\[0\]: .*NSA\/CISA "Authentication and authorization"/);
    expect(() => build({ tenants: [{ name: 'payments', developers: [Subject.user(name)] }] })).toThrow(/tenants\[0\]\.developers\[0\]/);
  });

  test.each(['system:serviceaccounts', 'system:serviceaccounts:payments'])('fails on the blanket group %s, which would widen workloads', (name) => {
    // THEN
    expect(() => build({ tenants: [{ name: 'payments', developers: [Subject.group(name)] }] })).toThrow(/workloads stay bound to empty Roles/);
  });

  test('fails on other system: names such as system:masters', () => {
    // THEN
    expect(() => build({ clusterAdmins: [Subject.group('system:masters')] })).toThrow(/clusterAdmins\[0\]: the "system:" prefix is reserved/);
  });

  test.each(['', ' admins', 'admins ', 'ad\nmins', 'admins*', '*', 'a'.repeat(257)])('fails on the subject name %j', (name) => {
    // THEN
    expect(() => build({ auditors: [Subject.group(name)] })).toThrow(/auditors\[0\]: a group name must be 1 to 256 characters/);
  });

  test('fails on a ServiceAccount with an invalid namespace or name', () => {
    // THEN
    expect(() => build({ tenants: [{ name: 'payments', deployers: [Subject.serviceAccount('CI', 'deployer')] }] }))
      .toThrow(/tenants\[0\]\.deployers\[0\] \(ServiceAccount namespace\): must be a DNS-1123 label/);
    expect(() => build({ tenants: [{ name: 'payments', deployers: [Subject.serviceAccount('ci', 'Deployer_1')] }] }))
      .toThrow(/tenants\[0\]\.deployers\[0\] \(ServiceAccount name\): must be a DNS-1123 subdomain/);
  });

  test.each(['Payments', 'payments.v2', '-payments', 'a'.repeat(64)])('fails on the tenant namespace %j', (name) => {
    // THEN
    expect(() => build({ tenants: [{ ...okTenant, name }] })).toThrow(/tenants\[0\]\.name: must be a DNS-1123 label/);
  });

  test.each(['default', 'kube-system', 'kube-public', 'kube-node-lease'])('fails on the tenant namespace %j, which Kubernetes creates itself', (name) => {
    // THEN
    expect(() => build({ tenants: [{ ...okTenant, name }] }))
      .toThrow(`[test/rbac] tenants[0].name: "${name}" is a namespace Kubernetes creates and uses itself, not a tenant's; got "${name}". Fix: give the tenant a namespace of its own`);
  });

  test('fails on a tenant namespace under the kube- prefix, as HardenedNamespace does', () => {
    // THEN
    expect(() => build({ tenants: [{ ...okTenant, name: 'kube-apps' }] })).toThrow(/tenants\[0\]\.name: the "kube-" prefix is reserved for Kubernetes system namespaces/);
    expect(() => new HardenedNamespace(Testing.chart(), 'ns', { name: 'kube-apps' })).toThrow(/name: the "kube-" prefix is reserved for Kubernetes system namespaces/);
  });

  test('fails on a tenant defined twice, naming both entries', () => {
    // THEN
    expect(() => build({ tenants: [okTenant, { name: 'storefront', viewers: [Subject.group('v')] }, okTenant] }))
      .toThrow(/tenants\[2\]\.name: tenant namespace "payments" is defined twice, in tenants\[0\] and tenants\[2\]/);
  });

  test('fails on a tenant that grants nothing', () => {
    // THEN
    expect(() => build({ tenants: [{ name: 'payments' }] })).toThrow(/tenants\[0\]: the tenant grants nothing/);
    expect(() => build({ tenants: [{ name: 'payments', deployers: [] }] })).toThrow(/tenants\[0\]: the tenant grants nothing/);
  });

  test('fails on an exec grant without a reason of substance, or without developers', () => {
    // THEN
    expect(() => build({ tenants: [{ ...okTenant, developerExecReason: 'debug' }] })).toThrow(/tenants\[0\]\.developerExecReason: an exception to a security default needs a reason/);
    expect(() => build({ tenants: [{ name: 'payments', viewers: [Subject.group('v')], developerExecReason: 'on-call debugging (INC-42)' }] }))
      .toThrow(/tenants\[0\]\.developerExecReason: exec is granted to the tenant's developers, and there are none/);
  });

  test('fails on break-glass without subjects or a reason', () => {
    // THEN
    expect(() => build({ breakGlass: { subjects: [], reason: 'control-plane recovery' } })).toThrow(/breakGlass\.subjects: a break-glass binding needs at least one subject/);
    expect(() => build({ breakGlass: { subjects: [Subject.group('bg')], reason: 'because' } })).toThrow(/breakGlass\.reason: an exception to a security default needs a reason/);
  });

  test('fails on an invalid namePrefix', () => {
    // THEN
    expect(() => build({ namePrefix: 'Hardening:' })).toThrow(/namePrefix: must be a DNS-1123 label/);
  });

  test('fails on the namePrefix "system", which would name every object system:<persona>', () => {
    // THEN
    expect(() => build({ namePrefix: 'system', auditors: [Subject.group('audit')] }))
      .toThrow('[test/rbac] namePrefix: every name would start with "system:", which Kubernetes reserves for its own roles and bindings (its controllers and the API server reconcile them); got "system". Fix: keep the default "hardening", or choose a prefix of your own such as "platform"');
    // "systems" gives "systems:auditor", which Kubernetes does not reserve
    expect(() => build({ namePrefix: 'systems', auditors: [Subject.group('audit')] })).not.toThrow();
  });

  test.each([
    ['cluster administrator and infrastructure manager', { clusterAdmins: [Subject.group('a')], infrastructureManagers: [Subject.group('a')] },
      /infrastructureManagers\[0\]: Group "a" is also in clusterAdmins\[0\]: NSA\/CISA: separate cluster administration from infrastructure management/],
    ['auditor and cluster administrator', { clusterAdmins: [Subject.group('b'), Subject.group('a')], auditors: [Subject.group('a')] },
      /auditors\[0\]: Group "a" is also in clusterAdmins\[1\]: auditors hold no other persona/],
    ['auditor and tenant developer', { auditors: [Subject.user('a')], tenants: [{ name: 'x', developers: [Subject.user('a')] }] },
      /tenants\[0\]\.developers\[0\]: User "a" is also in auditors\[0\]: auditors hold no other persona/],
    ['deployer of two tenants', { tenants: [{ name: 'x', deployers: [Subject.group('ci')] }, { name: 'y', deployers: [Subject.group('ci')] }] },
      /tenants\[1\]\.deployers\[0\]: Group "ci" is also in tenants\[0\]\.deployers\[0\]: a deployer identity serves one tenant/],
    ['deployer and developer of one tenant', { tenants: [{ name: 'x', deployers: [Subject.group('ci')], developers: [Subject.group('ci')] }] },
      /tenants\[0\]\.developers\[0\]: Group "ci" is also in tenants\[0\]\.deployers\[0\]/],
    ['deployer and cluster administrator', { clusterAdmins: [Subject.serviceAccount('ci', 'runner')], tenants: [{ name: 'x', deployers: [Subject.serviceAccount('ci', 'runner')] }] },
      /tenants\[0\]\.deployers\[0\]: ServiceAccount "ci\/runner" is also in clusterAdmins\[0\]/],
    ['break-glass and infrastructure manager', { infrastructureManagers: [Subject.group('a')], breakGlass: { subjects: [Subject.group('a')], reason: 'control-plane recovery' } },
      /breakGlass\.subjects\[0\]: Group "a" is also in infrastructureManagers\[0\]: break-glass is for cluster administrators only/],
    ['developer and viewer of one tenant', { tenants: [{ name: 'x', developers: [Subject.group('a')], viewers: [Subject.group('a')] }] },
      /tenants\[0\]\.viewers\[0\]: Group "a" is also in tenants\[0\]\.developers\[0\]: developers already read everything viewers read/],
    ['the same subject twice in one persona', { auditors: [Subject.group('a'), Subject.group('a')] },
      /auditors\[1\]: Group "a" is also in auditors\[0\]: a subject is listed once per persona/],
  ] as Array<[string, SeparatedRbacProps, RegExp]>)('fails on a subject that is %s, naming both', (_name, props, message) => {
    // THEN
    expect(() => build(props)).toThrow(message);
  });
});

describe('subjects that are not what they seem', () => {
  test.each([
    ['a deployer', { tenants: [{ name: 'payments', deployers: [Subject.serviceAccount('kube-system', 'ci')] }] }, 'tenants[0].deployers[0]'],
    ['a cluster administrator', { clusterAdmins: [Subject.serviceAccount('kube-system', 'gitops')] }, 'clusterAdmins[0]'],
  ])('fails on an account of kube-system as %s: Kubernetes\' own controllers run there', (_what, props, field) => {
    // THEN
    expect(() => new SeparatedRbac(Testing.chart(), 'rbac', props as SeparatedRbacProps))
      .toThrow(`[test/rbac] ${field}: a ServiceAccount of kube-system is an account of Kubernetes' own controllers and add-ons`);
  });

  test('fails at synthesis on a deployer that is a hardened workload\'s own ServiceAccount', () => {
    // GIVEN
    const chart = Testing.chart();
    const web = new HardenedDeployment(chart, 'web', { metadata: { namespace: 'payments' }, containers: [{ image: 'web:1.0.0' }] });
    new SeparatedRbac(chart, 'rbac', { tenants: [{ name: 'payments', deployers: [Subject.serviceAccount('payments', web.serviceAccountName)] }] });
    // THEN
    // (whichever construct is validated first refuses it: the model, or the workload whose account it binds)
    expect(() => Testing.synth(chart)).toThrow(new RegExp([
      `\\[test/rbac\\] tenants\\[0\\]\\.deployers\\[0\\]: ServiceAccount "payments/${web.serviceAccountName}" is the own ServiceAccount of the hardened workload test/web, whose pods would then hold the deployer persona`,
      'the binding test/rbac/payments/DeployerBinding gives the workload\'s ServiceAccount the role "hardening:deployer" without a reason',
    ].join('|')));
  });

  test('an account of its own, next to a hardened workload, synthesizes', () => {
    // GIVEN
    const chart = Testing.chart();
    new HardenedDeployment(chart, 'web', { metadata: { namespace: 'payments' }, containers: [{ image: 'web:1.0.0' }] });
    new SeparatedRbac(chart, 'rbac', { tenants: [{ name: 'payments', deployers: [Subject.serviceAccount('ci', 'payments-deployer')] }] });
    // THEN
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('fails on one group holding three personas through three models', () => {
    // GIVEN
    const chart = Testing.chart();
    const ops = Subject.group('ops');
    new SeparatedRbac(chart, 'admins', { namePrefix: 'admins', clusterAdmins: [ops] });
    // THEN
    expect(() => new SeparatedRbac(chart, 'infra', { namePrefix: 'infra', infrastructureManagers: [ops] }))
      .toThrow('[test/infra] infrastructureManagers[0]: Group "ops" is also in clusterAdmins[0] of the SeparatedRbac test/admins: NSA/CISA: separate cluster administration from infrastructure management');
    expect(() => new SeparatedRbac(chart, 'audit', { namePrefix: 'audit', auditors: [ops] }))
      .toThrow(/\[test\/audit\] auditors\[0\]: Group "ops" is also in clusterAdmins\[0\] of the SeparatedRbac test\/admins: auditors hold no other persona/);
  });

  test('a model that was refused holds no persona: the next one is judged alone', () => {
    // GIVEN
    const chart = Testing.chart();
    expect(() => new SeparatedRbac(chart, 'bad', { namePrefix: 'bad', clusterAdmins: [Subject.group('ops')], breakGlass: { subjects: [Subject.group('ops')], reason: 'short' } }))
      .toThrow(/breakGlass\.reason/);
    // THEN
    expect(() => new SeparatedRbac(chart, 'infra', { namePrefix: 'infra', infrastructureManagers: [Subject.group('ops')] })).not.toThrow();
  });

  test('two models may share a subject where one model could (an administrator who develops in a tenant)', () => {
    // GIVEN
    const chart = Testing.chart();
    new SeparatedRbac(chart, 'admins', { namePrefix: 'admins', clusterAdmins: [Subject.group('ops')] });
    // THEN
    expect(() => new SeparatedRbac(chart, 'tenants', { namePrefix: 'tenants', tenants: [{ name: 'payments', developers: [Subject.group('ops')] }] })).not.toThrow();
  });
});

describe('rejected workload grants', () => {
  function grant(rules: AccessRuleOptions[], reason = 'leader election between replicas', options: { namespace?: string } = { namespace: 'payments' }): Manifest[] {
    const chart = Testing.chart();
    const workload = new FakeWorkload(chart, 'controller', 'controller-sa', options.namespace);
    new SeparatedRbac(chart, 'rbac', { workloadGrants: [{ workload, reason, rules }] });
    return synth(chart);
  }
  const leases: AccessRuleOptions = { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'] };

  test('a valid grant synthesizes (so the failures below fail for their own reason)', () => {
    // THEN
    expect(grant([leases]).length).toBe(2);
  });

  test.each([
    ['apiGroups', { ...leases, apiGroups: ['*'] }],
    ['resources', { ...leases, resources: ['*'] }],
    ['resources', { ...leases, resources: ['leases/*'] }],
    ['verbs', { ...leases, verbs: ['*'] }],
    ['resourceNames', { ...leases, resourceNames: ['*'] }],
  ] as Array<[string, AccessRuleOptions]>)('fails on "*" in %s', (field, rule) => {
    // THEN
    expect(() => grant([rule])).toThrow(new RegExp(`workloadGrants\\[0\\]\\.rules\\[0\\]\\.${field}: "\\*" grants everything`));
  });

  test.each(['apiGroups', 'resources', 'verbs', 'resourceNames'])('fails on an empty %s', (field) => {
    // THEN
    expect(() => grant([{ ...leases, [field]: [] }])).toThrow(new RegExp(`rules\\[0\\]\\.${field}: must list at least one value`));
  });

  test.each(['escalate', 'bind', 'impersonate'])('fails on the escalation verb %s', (verb) => {
    // THEN
    expect(() => grant([{ ...leases, verbs: [verb] }])).toThrow(/rules\[0\]\.verbs: ".*" is RBAC-equivalent to cluster-admin/);
  });

  test('fails on nodes/proxy, which reaches the kubelet of every node', () => {
    // THEN
    expect(() => grant([{ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }]))
      .toThrow(/workloadGrants\[0\]\.rules\[0\]\.resources: "nodes\/proxy" reaches the kubelet API of nodes, which runs commands in every pod on them .*; a workload grant may not include it/);
  });

  test('fails on a verb that is not an ordinary one', () => {
    // THEN
    expect(() => grant([{ ...leases, verbs: ['use'] }])).toThrow(/rules\[0\]\.verbs: "use" is not a verb a workload grant may use/);
  });

  test.each(['pods/exec', 'pods/attach', 'pods/portforward', 'serviceaccounts/token', 'roles', 'rolebindings', 'clusterroles'])('fails on the resource %s', (resource) => {
    // THEN
    expect(() => grant([{ apiGroups: ['', 'rbac.authorization.k8s.io'], resources: [resource], verbs: ['create'] }]))
      .toThrow(new RegExp(`rules\\[0\\]\\.resources: "${resource}" .*; a workload grant may not include it`));
  });

  test.each([['patch'], ['get', 'update'], ['update', 'list'], ['create', 'patch']])('fails on Secrets with %j: a read, or a patch, whose response is the whole merged Secret', (...verbs) => {
    // THEN
    expect(() => grant([{ apiGroups: [''], resources: ['secrets'], verbs }]))
      .toThrow(/workloadGrants\[0\]\.rules\[0\]: reading Secrets through the API is reserved to cluster administrators \(Kubescape C-0015\)/);
    expect(() => grant([{ apiGroups: [''], resources: ['secrets'], verbs: ['patch'] }])).toThrow(/\(patch returns the whole merged Secret, so it reads as well\)/);
  });

  test('writing Secrets whole (create, update, delete) is no read: the update response is the object the workload sent', () => {
    // THEN
    expect(grant([{ apiGroups: [''], resources: ['secrets'], verbs: ['create', 'update', 'delete'] }])).toHaveLength(2);
  });

  test.each([
    ['argoproj.io', 'rollouts', 'create'],
    ['argoproj.io', 'workflows', 'create'],
    ['batch.volcano.sh', 'jobs', 'create'],
    ['kubeflow.org', 'pytorchjobs', 'patch'],
    ['ray.io', 'rayjobs', 'update'],
    ['tekton.dev', 'taskruns', 'create'],
  ])('fails on writing the operator kind %s/%s (%s) without a privilege reason: its controller runs the pods it describes', (group, resource, verb) => {
    // THEN
    expect(() => grant([leases, { apiGroups: [group], resources: [resource], verbs: [verb] }]))
      .toThrow(`[test/rbac] workloadGrants[0].privilegeReason (needed because rules[1] writes ${group}/${resource}, which runs pods that can mount any Secret and use any ServiceAccount of the namespace)`);
  });

  test.each(['get', 'list', 'watch'])('fails on reading Secrets (%s)', (verb) => {
    // THEN
    expect(() => grant([{ apiGroups: [''], resources: ['secrets'], verbs: [verb], ...(verb === 'get' ? { resourceNames: ['db'] } : {}) }]))
      .toThrow(/workloadGrants\[0\]\.rules\[0\]: reading Secrets through the API is reserved to cluster administrators/);
  });

  test.each([
    ['', 'pods', 'create', 'pods'],
    ['', 'pods', 'patch', 'pods'],
    ['', 'replicationcontrollers', 'update', 'replicationcontrollers'],
    ['apps', 'deployments', 'create', 'apps/deployments'],
    ['apps', 'deployments', 'patch', 'apps/deployments'],
    ['apps', 'replicasets', 'create', 'apps/replicasets'],
    ['apps', 'statefulsets', 'update', 'apps/statefulsets'],
    ['apps', 'daemonsets', 'create', 'apps/daemonsets'],
    ['batch', 'jobs', 'create', 'batch/jobs'],
    ['batch', 'cronjobs', 'patch', 'batch/cronjobs'],
  ])('fails on writing %s/%s (%s) without a privilege reason: it runs pods that mount any Secret', (group, resource, verb, named) => {
    // THEN
    expect(() => grant([leases, { apiGroups: [group], resources: [resource], verbs: [verb] }]))
      .toThrow(`[test/rbac] workloadGrants[0].privilegeReason (needed because rules[1] writes ${named}, which runs pods that can mount any Secret and use any ServiceAccount of the namespace): an exception to a security default needs a reason of at least 10 characters; got nothing`);
  });

  test('a grant that writes pods needs its own reason, recorded on the Role and the RoleBinding', () => {
    // GIVEN
    const chart = Testing.chart();
    const workload = new FakeWorkload(chart, 'runner', 'ci-runner', 'ci');
    // WHEN
    new SeparatedRbac(chart, 'rbac', {
      workloadGrants: [{
        workload,
        reason: 'runs one Job per pipeline',
        privilegeReason: 'CI runner starts one Job per pipeline (PLAT-12)',
        rules: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'get', 'delete'] }],
      }],
    });
    // THEN
    const manifests = synth(chart);
    for (const kind of ['Role', 'RoleBinding']) {
      expect(find(manifests, kind, 'hardening:workload:ci-runner', 'ci').metadata.annotations).toEqual({
        'cdk8s-hardening.io/reason': 'runs one Job per pipeline',
        'cdk8s-hardening.io/privileged-reason': 'CI runner starts one Job per pipeline (PLAT-12)',
        // the Role is what PodCreate finds: the reason is its acknowledgement, which the check command reads
        ...(kind === 'Role' ? { 'acknowledged.cdk8s-hardening.io/PodCreate': 'CI runner starts one Job per pipeline (PLAT-12)' } : {}),
      });
    }
    expect(() => new SeparatedRbac(Testing.chart(), 'rbac', {
      workloadGrants: [{
        workload: new FakeWorkload(chart, 'r2', 'r2', 'ci'),
        reason: 'runs one Job per pipeline',
        privilegeReason: 'short',
        rules: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['create'] }],
      }],
    })).toThrow(/workloadGrants\[0\]\.privilegeReason \(needed because rules\[0\] writes batch\/jobs, .*\): an exception to a security default needs a reason of at least 10 characters; got "short"/);
  });

  test('reading or deleting pods and controllers is no privilege, and a privilege reason without such a rule is refused', () => {
    // THEN
    expect(grant([{ apiGroups: ['', 'apps'], resources: ['pods', 'deployments'], verbs: ['get', 'list', 'watch', 'delete'] }])).toHaveLength(2);
    expect(grant([{ apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['patch'] }])).toHaveLength(2);
    const chart = Testing.chart();
    expect(() => new SeparatedRbac(chart, 'rbac', {
      workloadGrants: [{ workload: new FakeWorkload(chart, 'c', 'c', 'payments'), reason: 'leader election between replicas', privilegeReason: 'just in case we need it', rules: [leases] }],
    })).toThrow('[test/rbac] workloadGrants[0].privilegeReason: a reason is given but no rule writes pods or workload controllers; got "just in case we need it". Fix: remove privilegeReason');
  });

  test('fails on resourceNames with a verb that cannot be restricted by name', () => {
    // THEN
    expect(() => grant([{ ...leases, verbs: ['get', 'create'], resourceNames: ['my-lease'] }]))
      .toThrow(/rules\[0\]\.resourceNames: create cannot be restricted by name/);
  });

  test('fails on a grant without rules, or without a reason of substance', () => {
    // THEN
    expect(() => grant([])).toThrow(/workloadGrants\[0\]\.rules: a grant needs at least one rule/);
    expect(() => grant([leases], 'needs it')).toThrow(/workloadGrants\[0\]\.reason: an exception to a security default needs a reason/);
  });

  test('fails on a workload without a namespace in a chart without one', () => {
    // THEN
    expect(() => grant([leases], undefined, {})).toThrow(/workloadGrants\[0\]\.workload: test\/controller has no namespace/);
  });

  test('fails on two grants for one workload, naming both', () => {
    // GIVEN
    const chart = Testing.chart();
    const workload = new FakeWorkload(chart, 'controller', 'controller-sa', 'payments');
    // THEN
    expect(() => new SeparatedRbac(chart, 'rbac', {
      workloadGrants: [
        { workload, reason: 'leader election between replicas', rules: [leases] },
        { workload, reason: 'reads pods to report their status', rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }] },
      ],
    })).toThrow(/workloadGrants\[1\]: test\/controller already has a grant, workloadGrants\[0\]/);
  });

  test('a grant with its privilege reason acknowledges PodCreate with that reason, so synthesis and the check agree', () => {
    // GIVEN
    const chart = Testing.chart();
    const workload = new FakeWorkload(chart, 'runner', 'ci-runner', 'ci');
    // WHEN
    new SeparatedRbac(chart, 'rbac', {
      workloadGrants: [{
        workload,
        reason: 'runs one rollout per release',
        privilegeReason: 'release controller creates Argo Rollouts (PLAT-13)',
        rules: [{ apiGroups: ['argoproj.io'], resources: ['rollouts'], verbs: ['create', 'get'] }],
      }],
    });
    // THEN
    const result = Compliance.check(chart);
    expect(result.findings).toEqual([]);
    expect(result.acknowledged.map(f => `${f.ruleId} ${f.resourceKind} ${f.resourceName}: ${f.acknowledgement}`)).toEqual([
      'PodCreate Role hardening:workload:ci-runner: release controller creates Argo Rollouts (PLAT-13)',
    ]);
  });

  test('fails on a workload ServiceAccount that is also a persona subject', () => {
    // GIVEN
    const chart = Testing.chart();
    const workload = new FakeWorkload(chart, 'controller', 'controller-sa', 'payments');
    // THEN
    expect(() => new SeparatedRbac(chart, 'rbac', {
      tenants: [{ name: 'payments', deployers: [Subject.serviceAccount('payments', 'controller-sa')] }],
      workloadGrants: [{ workload, reason: 'leader election between replicas', rules: [leases] }],
    })).toThrow(/workloadGrants\[0\]\.workload: ServiceAccount "payments\/controller-sa" is also in tenants\[0\]\.deployers\[0\]/);
  });
});
