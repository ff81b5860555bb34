import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { parseQuantity } from '../src/standards/quantity';

// Test helpers shared by the workload and network tests. Manifests are read as `unknown`
// JSON and narrowed through these accessors.

export type Json = { [key: string]: any };

export const small = {
  cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
  memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
};

/** Builds in a fresh chart and returns its manifests. */
export function synth(build: (chart: Chart) => void): Json[] {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart) as Json[];
}

/** The single manifest of a kind (fails when there are none or several). */
export function only(manifests: Json[], kind: string): Json {
  const found = manifests.filter(m => m.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

/** The manifests of a kind. */
export function ofKind(manifests: Json[], kind: string): Json[] {
  return manifests.filter(m => m.kind === kind);
}

/** The NetworkPolicy with this name (fails when missing). */
export function policy(manifests: Json[], name: string): Json {
  const found = manifests.filter(m => m.kind === 'NetworkPolicy' && m.metadata.name === name);
  expect(found.map(m => m.metadata.name)).toEqual([name]);
  return found[0];
}

/** The pod spec of a workload manifest, whatever its kind. */
export function podSpecOf(workload: Json): Json {
  if (workload.kind === 'CronJob') return workload.spec.jobTemplate.spec.template.spec;
  return workload.spec.template.spec;
}

/**
 * Asserts every security field the restricted profile and the NSA/CISA workload controls
 * look at, on the pod and each of its containers.
 */
export function expectRestrictedPod(pod: Json, serviceAccountName: string): void {
  expect(pod.securityContext).toEqual({
    runAsNonRoot: true,
    runAsUser: 65532,
    runAsGroup: 65532,
    fsGroup: 65532,
    fsGroupChangePolicy: 'Always',
    seccompProfile: { type: 'RuntimeDefault' },
  });
  expect(pod.automountServiceAccountToken).toBe(false);
  expect(pod.serviceAccountName).toBe(serviceAccountName);
  expect(pod.hostNetwork).toBe(false);
  expect(pod.hostPID).toBeUndefined();
  expect(pod.hostIPC).toBeUndefined();
  for (const volume of pod.volumes ?? []) {
    expect(volume.hostPath).toBeUndefined();
  }
  for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      capabilities: { drop: ['ALL'] },
    });
    // positive quantities: a limit of 0 means no limit to the kubelet
    for (const [kind, resource] of [['requests', 'cpu'], ['requests', 'memory'], ['limits', 'cpu'], ['limits', 'memory']]) {
      const quantity = container.resources[kind]?.[resource];
      expect({ [`${kind}.${resource}`]: parseQuantity(String(quantity)) ?? quantity }).toEqual({ [`${kind}.${resource}`]: expect.any(Number) });
      expect(parseQuantity(String(quantity))).toBeGreaterThan(0);
    }
    for (const port of container.ports ?? []) {
      expect(port.hostPort).toBeUndefined();
    }
  }
}

/**
 * Asserts the identity every hardened workload gets: its own ServiceAccount without token
 * automount, bound to an empty Role, all in `namespace`. Returns the ServiceAccount's name.
 */
export function expectOwnIdentity(manifests: Json[], namespace: string): string {
  const sa = only(manifests, 'ServiceAccount');
  expect(sa.automountServiceAccountToken).toBe(false);
  expect(sa.metadata.namespace).toBe(namespace);
  const role = only(manifests, 'Role');
  expect(role.rules ?? []).toEqual([]);
  const binding = only(manifests, 'RoleBinding');
  expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name });
  expect(binding.subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: sa.metadata.name, namespace }]);
  return sa.metadata.name;
}

/** Asserts the workload's own deny-all policy selects exactly its pods. */
export function expectIsolated(manifests: Json[], podLabels: Json): void {
  const denyAll = manifests.filter(m => m.kind === 'NetworkPolicy' && m.spec.ingress === undefined && m.spec.egress === undefined);
  expect(denyAll).toHaveLength(1);
  expect(denyAll[0].spec.podSelector.matchLabels).toEqual(podLabels);
  expect([...denyAll[0].spec.policyTypes].sort()).toEqual(['Egress', 'Ingress']);
}
