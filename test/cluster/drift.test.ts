// The drift between manifests and live objects, without a server: test/kubernetes/cluster-check.test.ts
// proves it on the real API server.
import { DRIFT_CHANGED, DRIFT_MISSING, DRIFT_UNDECLARED, DriftScope, findDrift } from '../../src/cluster/drift';
import { KubeObject, toKubeObject } from '../../src/compliance/objects';

type Json = Record<string, any>;

const scope = (namespaces: string[] = []): DriftScope => ({
  listed: new Set(['apps/Deployment', '/Namespace', 'networking.k8s.io/NetworkPolicy', 'rbac.authorization.k8s.io/RoleBinding',
    'rbac.authorization.k8s.io/ClusterRoleBinding', 'rbac.authorization.k8s.io/Role', '/ServiceAccount']),
  namespaces,
  cluster: 'prod',
  manifests: 'dist/',
});

const declaredObject = (json: Json): KubeObject => toKubeObject(json, { file: 'dist/app.yaml', line: 1 });
const liveObject = (json: Json): KubeObject => toKubeObject(json);

function deployment(name: string, securityContext: Json, extra: Json = {}): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop' },
    spec: { template: { spec: { containers: [{ name: 'app', image: 'app:1', securityContext }], ...extra } } },
  };
}

const hardened = { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };

describe('findDrift', () => {
  test('finds nothing when the live objects are the manifests with the server\'s defaults', () => {
    const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web', namespace: 'shop' }, spec: { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] } };
    const livePolicy = { ...policy, spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 80, protocol: 'TCP' }] }] } };
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'shop' }, roleRef: { kind: 'Role', name: 'r', apiGroup: 'rbac.authorization.k8s.io' }, subjects: [{ kind: 'User', name: 'alice' }] };
    const liveBinding = { ...binding, subjects: [{ kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }] };
    // hostNetwork: false and an empty securityContext are not stored
    const d = deployment('web', hardened, { hostNetwork: false, securityContext: {} });
    const l = deployment('web', hardened);
    expect(findDrift([policy, binding, d].map(declaredObject), [livePolicy, liveBinding, l].map(liveObject), scope())).toEqual([]);
  });

  test('fails a hardening field changed live, with the field path on both sides (containers matched by name)', () => {
    const d = deployment('web', hardened);
    const l = deployment('web', { ...hardened, allowPrivilegeEscalation: true });
    // the live pod has a sidecar first: the container of the manifest is the second live
    l.spec.template.spec.containers.unshift({ name: 'sidecar', image: 'proxy:1', securityContext: hardened });
    const found = findDrift([declaredObject(d)], [liveObject(l)], scope());
    const changed = found.filter(f => f.ruleId === DRIFT_CHANGED);
    expect(changed.map(f => f.fieldPath)).toEqual(['spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation', 'spec.template.spec.containers[0].securityContext']);
    expect(changed[0].message).toBe('the securityContext of container "app" of Deployment shop/web differs: the manifest (dist/app.yaml:1) has '
      + 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation = false; the cluster prod has spec.template.spec.containers[1].securityContext.allowPrivilegeEscalation = true');
    // the sidecar's securityContext is not in the manifest
    expect(changed[1].message).toBe('the securityContext of container "sidecar" of Deployment shop/web is in the cluster prod '
      + '(spec.template.spec.containers[0].securityContext = {"runAsNonRoot":true,"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}) but not in the manifest (dist/app.yaml:1)');
    expect(changed[0].file).toBe('dist/app.yaml');
    expect(changed[0].severity).toBe('error');
  });

  test('fails a securityContext field added live, which the manifest never set', () => {
    const found = findDrift([declaredObject(deployment('web', hardened))], [liveObject(deployment('web', { ...hardened, privileged: true }))], scope());
    expect(found.map(f => [f.ruleId, f.fieldPath])).toEqual([[DRIFT_CHANGED, 'spec.template.spec.containers[0].securityContext.privileged']]);
    expect(found[0].message).toContain('= (not set); the cluster prod has spec.template.spec.containers[0].securityContext.privileged = true');
  });

  test('fails host namespaces and a rule, subject or Pod Security label changed live', () => {
    const ns = (level: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': level, 'team': 'a' } } });
    const role = (verbs: string[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'shop' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs }] });
    const binding = (subjects: Json[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'shop' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects });
    const found = findDrift(
      [ns('restricted'), role(['get']), binding([{ kind: 'User', name: 'alice' }]), deployment('web', hardened)].map(declaredObject),
      [{ ...ns('privileged'), metadata: { ...ns('privileged').metadata, labels: { 'pod-security.kubernetes.io/enforce': 'privileged', 'team': 'b' } } },
        role(['get', 'create']), binding([{ kind: 'User', name: 'alice' }, { kind: 'Group', name: 'everyone' }]),
        deployment('web', hardened, { hostNetwork: true })].map(liveObject),
      scope());
    expect(found.map(f => `${f.ruleId} ${f.resourceKind} ${f.fieldPath}`)).toEqual([
      'DriftChanged Namespace metadata.labels["pod-security.kubernetes.io/enforce"]',
      'DriftChanged Role rules[0].verbs',
      'DriftChanged RoleBinding subjects',
      'DriftChanged Deployment spec.template.spec.hostNetwork',
    ]);
    // a label other than Pod Security's is no hardening field
    expect(found.some(f => f.message.includes('team'))).toBe(false);
  });

  test('fails an object declared and missing live, when its kind was listed in the scope', () => {
    const policy = declaredObject({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'shop' }, spec: { podSelector: {} } });
    const found = findDrift([policy], [], scope());
    expect(found.map(f => [f.ruleId, f.resourceKind, f.resourceName, f.file])).toEqual([[DRIFT_MISSING, 'NetworkPolicy', 'deny', 'dist/app.yaml']]);
    expect(found[0].message).toBe('NetworkPolicy shop/deny is declared (dist/app.yaml:1) but the cluster prod has no such object');
    // not listed (forbidden): its absence is not known
    expect(findDrift([policy], [], { ...scope(), listed: new Set() })).toEqual([]);
    // outside the namespaces read
    expect(findDrift([policy], [], scope(['other']))).toEqual([]);
  });

  test('an object without namespace is the one of the default namespace', () => {
    const d = declaredObject({ ...deployment('web', hardened), metadata: { name: 'web' } });
    const l = liveObject({ ...deployment('web', hardened), metadata: { name: 'web', namespace: 'default' } });
    expect(findDrift([d], [l], scope())).toEqual([]);
  });

  test('warns of live workloads and bindings that no manifest declares, in the namespaces of the manifests or the scope', () => {
    const declared = [declaredObject(deployment('web', hardened))];
    const live = [
      deployment('web', hardened),
      deployment('extra', hardened),
      { ...deployment('elsewhere', hardened), metadata: { name: 'elsewhere', namespace: 'kube-system' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'ops-admin' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'system:basic-user', labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:basic-user' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' } },
    ].map(liveObject);
    const found = findDrift(declared, live, scope());
    expect(found.map(f => `${f.ruleId} ${f.resourceKind} ${f.resourceName}`)).toEqual([
      `${DRIFT_UNDECLARED} Deployment extra`,
      `${DRIFT_UNDECLARED} ClusterRoleBinding ops-admin`,
    ]);
    expect(found[0].severity).toBe('warning');
    expect(found[0].file).toBeUndefined();
    // a namespace scope: its namespaces, and no cluster-wide binding
    expect(findDrift(declared, live, scope(['kube-system'])).map(f => f.resourceName)).toEqual(['elsewhere']);
  });
});
