// The same case in every kind an admission policy matches: a pod spec in each pod-bearing kind,
// RBAC rules in a Role and a ClusterRole, a binding as a RoleBinding and a ClusterRoleBinding.
import { podSpecOf, toKubeObject } from '../../src/compliance/objects';

type Json = Record<string, any>;

/** The pod-bearing kinds, each wrapping a template (`{ metadata, spec }`) the way the API defines it. */
const POD_WRAPPERS: Record<string, (meta: Json, template: Json) => Json> = {
  Pod: (meta, t) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...meta, labels: { ...t.metadata?.labels }, annotations: { ...meta.annotations, ...t.metadata?.annotations } },
    spec: t.spec,
  }),
  PodTemplate: (meta, t) => ({ apiVersion: 'v1', kind: 'PodTemplate', metadata: meta, template: t }),
  ReplicationController: (meta, t) => ({ apiVersion: 'v1', kind: 'ReplicationController', metadata: meta, spec: { selector: { ...t.metadata?.labels }, template: t } }),
  Deployment: (meta, t) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { selector: { matchLabels: { ...t.metadata?.labels } }, template: t } }),
  ReplicaSet: (meta, t) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta, spec: { selector: { matchLabels: { ...t.metadata?.labels } }, template: t } }),
  StatefulSet: (meta, t) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta, spec: { serviceName: 'web', selector: { matchLabels: { ...t.metadata?.labels } }, template: t } }),
  DaemonSet: (meta, t) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta, spec: { selector: { matchLabels: { ...t.metadata?.labels } }, template: t } }),
  Job: (meta, t) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: meta, spec: { template: t } }),
  CronJob: (meta, t) => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: t } } } }),
};

/** The kinds `variants` wraps a pod spec in. */
export const POD_VARIANT_KINDS = Object.keys(POD_WRAPPERS);

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/**
 * The object in every kind that can hold what it holds (the object itself first): a pod spec in
 * each of the nine pod-bearing kinds; a Role's rules in a ClusterRole and a ClusterRole's (without
 * aggregationRule) in a Role; a RoleBinding as a ClusterRoleBinding and back.
 */
export function variants(object: Json): Json[] {
  const o = copy(object);
  const pod = podSpecOf(toKubeObject(o));
  const meta = { ...(o.metadata ?? {}) };
  if (pod && Object.prototype.hasOwnProperty.call(POD_WRAPPERS, o.kind)) {
    const template = copy({ ...(pod.metadata ? { metadata: pod.metadata } : {}), spec: pod.spec });
    return [o, ...POD_VARIANT_KINDS.filter(k => k !== o.kind).map(k => POD_WRAPPERS[k](copy(meta), copy(template)))];
  }
  const { namespace, ...clusterMeta } = meta;
  if (o.kind === 'Role') return [o, { ...copy(o), kind: 'ClusterRole', metadata: clusterMeta }];
  if (o.kind === 'ClusterRole' && o.aggregationRule === undefined) return [o, { ...copy(o), kind: 'Role', metadata: { ...meta, namespace: namespace ?? 'shop' } }];
  if (o.kind === 'RoleBinding') return [o, { ...copy(o), kind: 'ClusterRoleBinding', metadata: clusterMeta }];
  if (o.kind === 'ClusterRoleBinding') return [o, { ...copy(o), kind: 'RoleBinding', metadata: { ...meta, namespace: namespace ?? 'shop' } }];
  return [o];
}
