import { ApiObject, Chart, Cron, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { HardenedCronJob, HardenedDaemonSet, HardenedDeployment, HardenedJob, HardenedStatefulSet, IHardenedWorkload, SeparatedRbac } from '../../src';
import { Json, podSpecOf, small } from '../helpers';

// The objects around a hardened pod (its ServiceAccount, its empty Role and their RoleBinding,
// its deny-all NetworkPolicy) are checked at synthesis for what they say, not only for being in
// the tree, and so is every binding of the app that names the workload's account.

type Workload = kplus.Workload & IHardenedWorkload;
type Build = (chart: Chart, props?: Json) => Workload;

const app = { image: 'registry.acme.example/web:1.4.2', portNumber: 8080, resources: small };
const TOKEN_REASON = 'the controller watches ConfigMaps through the API';

const KINDS: Array<[string, Build]> = [
  ['HardenedDeployment', (c, p = {}) => new HardenedDeployment(c, 'web', { metadata: { namespace: 'shop' }, containers: [app], ...p })],
  ['HardenedStatefulSet', (c, p = {}) => new HardenedStatefulSet(c, 'web', { metadata: { namespace: 'shop' }, containers: [app], ...p })],
  ['HardenedDaemonSet', (c, p = {}) => new HardenedDaemonSet(c, 'web', { metadata: { namespace: 'shop' }, containers: [app], ...p })],
  ['HardenedJob', (c, p = {}) => new HardenedJob(c, 'web', { metadata: { namespace: 'shop' }, containers: [app], ...p })],
  ['HardenedCronJob', (c, p = {}) => new HardenedCronJob(c, 'web', { metadata: { namespace: 'shop' }, schedule: Cron.daily(), containers: [app], ...p })],
];

function synthAfter(build: Build, change: (w: Workload, chart: Chart) => void, props?: Json): Json[] {
  const chart = Testing.chart();
  const w = build(chart, props);
  change(w, chart);
  return Testing.synth(chart) as Json[];
}

function podPath(w: Workload): string {
  return w instanceof HardenedCronJob ? '/spec/jobTemplate/spec/template/spec' : '/spec/template/spec';
}

const projectedToken = { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } };

describe.each(KINDS)('%s: the objects around the pod', (_name, build) => {
  const mutations: Array<[string, (w: Workload, chart: Chart) => void, RegExp]> = [
    ['workloadRole.allow() giving the empty Role rules', w => { w.workloadRole.allow(['get', 'list'], kplus.ApiResource.SECRETS); },
      /\[test\/web\] Role\.rules: the workload's own Role stays empty.*got \[\{"apiGroups":\[""\],"resources":\["secrets"\],"verbs":\["get","list"\]\}\]\. Fix: grant what the workload needs with SeparatedRbac workloadGrants/],
    ['a JSON patch giving the empty Role rules', w => { ApiObject.of(w.workloadRole).addJsonPatch(JsonPatch.add('/rules', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }])); },
      /\[test\/web\] Role\.rules: the workload's own Role stays empty/],
    ['a JSON patch binding the workload\'s RoleBinding to cluster-admin', w => {
      ApiObject.of(w.node.findChild('RoleBinding')).addJsonPatch(JsonPatch.replace('/roleRef', { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }));
    }, /\[test\/web\] RoleBinding\.roleRef: the workload's RoleBinding binds its own empty Role.*"name":"cluster-admin"/],
    ['a RoleBinding.addSubjects(workload) to a ClusterRole, without a reason', (w, chart) => {
      new kplus.RoleBinding(chart, 'reader', { metadata: { namespace: 'shop' }, role: kplus.ClusterRole.fromClusterRoleName(chart, 'view', 'view') }).addSubjects(w);
    }, /\[test\/web\] node: the binding test\/reader gives the workload's ServiceAccount the role "view" without a reason .*Fix: grant what the workload needs with SeparatedRbac workloadGrants/],
    ['a ClusterRoleBinding.addSubjects(workload), without a reason', (w, chart) => {
      new kplus.ClusterRoleBinding(chart, 'admin', { role: kplus.ClusterRole.fromClusterRoleName(chart, 'ca', 'cluster-admin') }).addSubjects(w);
    }, /\[test\/web\] node: the binding test\/admin gives the workload's ServiceAccount the role "cluster-admin" without a reason/],
    ['a JSON patch changing serviceAccountName to another account', w => { ApiObject.of(w).addJsonPatch(JsonPatch.replace(`${podPath(w)}/serviceAccountName`, 'default')); },
      /spec\.serviceAccountName: every hardened workload has its own ServiceAccount/],
    ['a JSON patch adding a projected ServiceAccount token', w => { ApiObject.of(w).addJsonPatch(JsonPatch.add(`${podPath(w)}/volumes`, [projectedToken])); },
      /spec\.volumes\[0\] \(token\): a projected serviceAccountToken is the service account token, mounted: it needs the same recorded reason/],
    ['a JSON patch turning the ServiceAccount\'s automount on', w => { ApiObject.of(w.workloadServiceAccount).addJsonPatch(JsonPatch.replace('/automountServiceAccountToken', true)); },
      /\[test\/web\] ServiceAccount\.automountServiceAccountToken: the workload's ServiceAccount mounts no token by default/],
    ['a JSON patch opening the deny-all policy', w => { ApiObject.of(w.node.findChild('DefaultDenyAll')).addJsonPatch(JsonPatch.add('/spec/ingress', [{}])); },
      /\[test\/web\] DefaultDenyAll\.spec: the workload's deny-all NetworkPolicy selects its pods, both directions, and allows nothing/],
    ['a JSON patch making the deny-all policy select no pod', w => { ApiObject.of(w.node.findChild('DefaultDenyAll')).addJsonPatch(JsonPatch.replace('/spec/podSelector', { matchLabels: { app: 'none' } })); },
      /DefaultDenyAll\.spec: the workload's deny-all NetworkPolicy selects its pods/],
  ];

  test.each(mutations)('fails synthesis for %s', (_what, change, error) => {
    expect(() => synthAfter(build, change)).toThrow(error);
  });

  test('a binding of the workload\'s account with a reason is kept, as are SeparatedRbac workload grants', () => {
    const manifests = synthAfter(build, (w, chart) => {
      const binding = new kplus.RoleBinding(chart, 'reader', { metadata: { namespace: 'shop' }, role: kplus.ClusterRole.fromClusterRoleName(chart, 'view', 'view') });
      binding.addSubjects(w);
      binding.metadata.addAnnotation('cdk8s-hardening.io/reason', 'the dashboard lists the namespace\'s objects');
      new SeparatedRbac(chart, 'rbac', { workloadGrants: [{ workload: w, reason: 'leader election between replicas', rules: [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'] }] }] });
    });
    expect(manifests.filter(m => m.kind === 'RoleBinding').map(m => m.roleRef.name)).toEqual(expect.arrayContaining(['view', expect.stringMatching(/^hardening:workload:/)]));
  });

  test('a projected token is kept when the token mount has its reason', () => {
    const manifests = synthAfter(build, w => ApiObject.of(w).addJsonPatch(JsonPatch.add(`${podPath(w)}/volumes`, [projectedToken])),
      { automountServiceAccountToken: true, automountServiceAccountTokenReason: TOKEN_REASON });
    const workload = manifests.find(m => m.metadata.annotations?.['cdk8s-hardening.io/automount-token-reason'])!;
    expect(podSpecOf(workload).volumes).toEqual([projectedToken]);
  });

  test('a binding of another account, and the default objects, are left alone', () => {
    const manifests = synthAfter(build, (_w, chart) => {
      const other = new kplus.ServiceAccount(chart, 'other', { metadata: { namespace: 'shop' } });
      new kplus.RoleBinding(chart, 'reader', { metadata: { namespace: 'shop' }, role: kplus.ClusterRole.fromClusterRoleName(chart, 'view', 'view') }).addSubjects(other);
    });
    expect(manifests.filter(m => m.kind === 'RoleBinding')).toHaveLength(2);
  });
});
