import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  HardenedDeployment, HardenedNamespace, HardenedStatefulSet, PodSecurityLevel, SeparatedRbac, Subject,
} from '../src';
import { small } from './helpers';
import { duplicateObjectErrors, registerDuplicateObjectCheck } from '../src/unique-objects';

const container = { image: 'registry.acme.example/app:1.0.0', portNumber: 8080, resources: small };

describe('no two constructs emit the same object', () => {
  test('fails for two HardenedNamespaces named payments with different PSA levels, naming both construct paths', () => {
    // GIVEN
    const app = Testing.app();
    const a = new Chart(app, 'team-a');
    const b = new Chart(app, 'team-b');
    new HardenedNamespace(a, 'payments', { name: 'payments' });
    new HardenedNamespace(b, 'payments', { name: 'payments', podSecurity: { enforce: PodSecurityLevel.BASELINE } });

    // WHEN / THEN
    expect(() => app.synth()).toThrow('Namespace "payments" (cluster-scoped) is emitted by 2 constructs: team-a/payments/Resource, team-b/payments/Resource; applied together, the last one applied silently replaces the others. Fix: give each object its own metadata.name (or namespace), or create it once and share the construct');
    // every object the two emit collides, each reported once
    expect(duplicateObjectErrors(app).map(e => e.slice(0, e.indexOf(' is emitted')))).toEqual([
      'Namespace "payments" (cluster-scoped)',
      'networking.k8s.io/NetworkPolicy "default-deny-all" in namespace "payments"',
      'networking.k8s.io/NetworkPolicy "allow-dns-egress" in namespace "payments"',
      'ResourceQuota "quota" in namespace "payments"',
      'LimitRange "container-limits" in namespace "payments"',
      'ServiceAccount "default" in namespace "payments"',
    ]);
  });

  test('fails for two Deployments with the same name in a namespace', () => {
    const chart = Testing.chart();
    new HardenedDeployment(chart, 'web-v1', { metadata: { name: 'web', namespace: 'shop' }, containers: [container] });
    new HardenedDeployment(chart, 'web-v2', { metadata: { name: 'web', namespace: 'shop' }, containers: [container] });
    expect(() => Testing.synth(chart)).toThrow(/apps\/Deployment "web" in namespace "shop" is emitted by 2 constructs: test\/web-v1\/Resource, test\/web-v2\/Resource/);
  });

  test('fails for a Deployment and a StatefulSet whose PodDisruptionBudgets collide', () => {
    const chart = Testing.chart();
    new HardenedDeployment(chart, 'cache', { metadata: { name: 'db', namespace: 'shop' }, replicas: 2, containers: [container] });
    new HardenedStatefulSet(chart, 'db', { metadata: { name: 'db', namespace: 'shop' }, replicas: 3, containers: [container] });
    expect(() => Testing.synth(chart)).toThrow(/policy\/PodDisruptionBudget "db" in namespace "shop" is emitted by 2 constructs: test\/cache\/DisruptionBudget, test\/db\/DisruptionBudget/);
    // the workloads themselves are of different kinds: no collision there
    expect(duplicateObjectErrors(chart.node.root).filter(e => e.includes('Deployment') || e.includes('StatefulSet'))).toEqual([]);
  });

  test('fails for two SeparatedRbacs both writing hardening:cluster-admin, even from charts with different namespaces', () => {
    const app = Testing.app();
    new SeparatedRbac(new Chart(app, 'platform', { namespace: 'ops' }), 'rbac', { clusterAdmins: [Subject.group('k8s-admins')] });
    new SeparatedRbac(new Chart(app, 'legacy', { namespace: 'legacy' }), 'rbac', { clusterAdmins: [Subject.group('old-admins')] });
    const errors = duplicateObjectErrors(app);
    expect(errors.map(e => e.slice(0, e.indexOf(':', e.indexOf('constructs'))))).toEqual([
      'rbac.authorization.k8s.io/ClusterRole "hardening:cluster-admin" (cluster-scoped) is emitted by 2 constructs',
      'rbac.authorization.k8s.io/ClusterRoleBinding "hardening:cluster-admin" (cluster-scoped) is emitted by 2 constructs',
    ]);
    expect(() => app.synth()).toThrow(/ClusterRole "hardening:cluster-admin" \(cluster-scoped\) is emitted by 2 constructs: platform\/rbac\/ClusterAdminRole, legacy\/rbac\/ClusterAdminRole/);
  });

  test('fails for an object of another library that collides with ours', () => {
    const chart = Testing.chart();
    new HardenedNamespace(chart, 'payments', { name: 'payments' });
    new ApiObject(chart, 'helm-quota', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'quota', namespace: 'payments' } });
    new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'default', namespace: 'payments' } });
    expect(() => Testing.synth(chart)).toThrow(/ResourceQuota "quota" in namespace "payments" is emitted by 2 constructs: test\/payments\/Quota, test\/helm-quota/);
    expect(() => Testing.synth(chart)).toThrow(/ServiceAccount "default" in namespace "payments" is emitted by 2 constructs: test\/payments\/DefaultServiceAccount, test\/sa\/Resource/);
  });

  test('compares namespace-less objects of namespaced kinds with each other only, and versions of a group as one', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    registerDuplicateObjectCheck(chart);
    const object = (id: string, apiVersion: string, kind: string, name: string, namespace?: string) =>
      new ApiObject(chart, id, { apiVersion, kind, metadata: { name, namespace } });
    object('a', 'v1', 'ConfigMap', 'settings');
    object('b', 'v1', 'ConfigMap', 'settings');
    object('c', 'v1', 'ConfigMap', 'settings', 'default');
    object('d', 'apps/v1', 'Deployment', 'web', 'shop');
    object('e', 'apps/v1beta2', 'Deployment', 'web', 'shop');
    object('h', 'example.com/v1', 'Widget', 'w');
    object('i', 'example.com/v1', 'Widget', 'w', 'shop');
    expect(duplicateObjectErrors(app).map(e => e.slice(0, e.indexOf(' is emitted')) + e.slice(e.indexOf(': '), e.indexOf(';')))).toEqual([
      'ConfigMap "settings" (no namespace): c/a, c/b',
      'apps/Deployment "web" in namespace "shop": c/d, c/e',
    ]);
  });

  test('runs once per app, however many constructs and charts ask for it', () => {
    const app = new App({ outdir: Testing.app().outdir });
    for (let i = 0; i < 3; i++) {
      const chart = new Chart(app, `chart${i}`);
      new HardenedNamespace(chart, 'ns', { name: `team-${i}` });
      new SeparatedRbac(chart, 'rbac', { namePrefix: `p${i}`, auditors: [Subject.group(`audit-${i}`)] });
      new HardenedDeployment(chart, 'web', { metadata: { namespace: `team-${i}` }, containers: [container] });
    }
    expect(app.node.metadata.filter(m => m.type === 'cdk8s-hardening:unique-objects')).toHaveLength(1);
    expect(() => app.synth()).not.toThrow();
    // a collision is reported once, not once per chart
    new HardenedNamespace(new Chart(app, 'late'), 'ns', { name: 'team-0' });
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.match(/Namespace "team-0" \(cluster-scoped\) is emitted by 2 constructs: chart0\/ns\/Resource, late\/ns\/Resource/g)).toHaveLength(1);
  });

  test('accepts the same name for objects of different kinds, groups or namespaces', () => {
    const chart = Testing.chart();
    new HardenedNamespace(chart, 'a', { name: 'shop' });
    new HardenedNamespace(chart, 'b', { name: 'shop-staging' });
    new HardenedDeployment(chart, 'web', { metadata: { name: 'web', namespace: 'shop' }, replicas: 2, containers: [container] });
    new HardenedDeployment(chart, 'web-staging', { metadata: { name: 'web', namespace: 'shop-staging' }, replicas: 2, containers: [container] });
    expect(() => Testing.synth(chart)).not.toThrow();
    expect(duplicateObjectErrors(chart.node.root)).toEqual([]);
  });
});
