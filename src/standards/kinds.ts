// Kinds of the Kubernetes API: which belong to the built-in API groups, which are cluster-scoped,
// and where the kinds that carry a pod keep it.
// https://kubernetes.io/docs/reference/kubernetes-api/
import { CLUSTER_IMAGE_POLICY_KIND, KYVERNO_CLUSTER_POLICY_KIND, KYVERNO_GROUP, SIGSTORE_GROUP } from './provenance';
import { RBAC_GROUP } from './rbac';

/**
 * Kinds of the built-in API groups (any version), by group ('' is the core group). A document of
 * a built-in group with a kind not listed here is almost certainly a typo ("Deploymnet").
 * @internal
 */
export const BUILT_IN_KINDS: Readonly<Record<string, readonly string[]>> = {
  '': ['Binding', 'ComponentStatus', 'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'List', 'Namespace', 'Node', 'PersistentVolume',
    'PersistentVolumeClaim', 'Pod', 'PodTemplate', 'ReplicationController', 'ResourceQuota', 'Secret', 'Service', 'ServiceAccount'],
  'apps': ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  'batch': ['CronJob', 'Job'],
  'networking.k8s.io': ['Ingress', 'IngressClass', 'IPAddress', 'NetworkPolicy', 'ServiceCIDR'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  'policy': ['Eviction', 'PodDisruptionBudget'],
  'autoscaling': ['HorizontalPodAutoscaler', 'Scale'],
  'storage.k8s.io': ['CSIDriver', 'CSINode', 'CSIStorageCapacity', 'StorageClass', 'VolumeAttachment', 'VolumeAttributesClass'],
  'scheduling.k8s.io': ['PriorityClass'],
  'coordination.k8s.io': ['Lease', 'LeaseCandidate'],
  'discovery.k8s.io': ['EndpointSlice'],
  'admissionregistration.k8s.io': ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'MutatingWebhookConfiguration',
    'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'node.k8s.io': ['RuntimeClass'],
  'events.k8s.io': ['Event'],
  'apiregistration.k8s.io': ['APIService'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
};

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → '' (core). @internal */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash >= 0 ? apiVersion.slice(0, slash) : '';
}

/** Whether an apiVersion belongs to a built-in API group. @internal */
export function isBuiltInGroup(apiVersion: string): boolean {
  return Object.prototype.hasOwnProperty.call(BUILT_IN_KINDS, apiGroupOf(apiVersion));
}

/**
 * Cluster-scoped kinds (`metadata.namespace` is ignored), by `group/kind`: the built-in ones and
 * the custom resources our rules read.
 * @internal
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  '/ComponentStatus', '/Namespace', '/Node', '/PersistentVolume',
  'networking.k8s.io/IngressClass', 'networking.k8s.io/IPAddress', 'networking.k8s.io/ServiceCIDR',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/StorageClass', 'storage.k8s.io/VolumeAttachment',
  'storage.k8s.io/VolumeAttributesClass',
  'scheduling.k8s.io/PriorityClass',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy', 'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'certificates.k8s.io/CertificateSigningRequest', 'certificates.k8s.io/ClusterTrustBundle',
  'node.k8s.io/RuntimeClass',
  'apiregistration.k8s.io/APIService',
  'flowcontrol.apiserver.k8s.io/FlowSchema', 'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'resource.k8s.io/DeviceClass', 'resource.k8s.io/ResourceSlice',
  'storagemigration.k8s.io/StorageVersionMigration',
  'cilium.io/CiliumClusterwideNetworkPolicy',
  `${SIGSTORE_GROUP}/${CLUSTER_IMAGE_POLICY_KIND}`, `${KYVERNO_GROUP}/${KYVERNO_CLUSTER_POLICY_KIND}`,
]);

/** Whether objects of an apiVersion and kind are cluster-scoped. @internal */
export function isClusterScoped(apiVersion: string, kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(`${apiGroupOf(apiVersion)}/${kind}`);
}

/**
 * The identity of an object in a cluster: group, kind, namespace (none for cluster-scoped kinds)
 * and name. Versions of a group are the same object (`apps/v1` and `apps/v1beta2`).
 * @internal
 */
export function objectIdentity(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
  const ns = isClusterScoped(apiVersion, kind) ? '' : namespace ?? '';
  return JSON.stringify([apiGroupOf(apiVersion), kind, ns, name]);
}

/**
 * The namespace an object without `metadata.namespace` is created in when nothing else says:
 * `kubectl apply` without `-n` and a context without a namespace. Kubescape relates such objects
 * to this namespace too.
 * @internal
 */
export const DEFAULT_NAMESPACE = 'default';

/**
 * Where the built-in kinds that carry a pod keep its template (the path of the object holding
 * `metadata` and `spec`; '' for the Pod itself).
 * @internal
 */
export const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/**
 * Where other kinds (custom resources: Argo `Rollout`, Knative `Service`, OpenKruise `CloneSet`,
 * ...) keep a pod template, tried in order: the shape is recognised when the template's
 * `spec.containers` is a list.
 * @internal
 */
export const CUSTOM_POD_TEMPLATE_PATHS: readonly (readonly string[])[] = [
  ['spec', 'template'],
  ['spec', 'jobTemplate', 'spec', 'template'],
];

/** A built-in kind as the API serves it: group, version and resource (plural, lowercase). @internal */
export interface KindResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

/**
 * The REST resources of the built-in kinds that admission policies are matched to (resource
 * rules name resources, not kinds).
 * @internal
 */
export const KIND_RESOURCES: Readonly<Record<string, KindResource>> = {
  Pod: { group: '', version: 'v1', resource: 'pods' },
  PodTemplate: { group: '', version: 'v1', resource: 'podtemplates' },
  ReplicationController: { group: '', version: 'v1', resource: 'replicationcontrollers' },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  ReplicaSet: { group: 'apps', version: 'v1', resource: 'replicasets' },
  StatefulSet: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', version: 'v1', resource: 'daemonsets' },
  Job: { group: 'batch', version: 'v1', resource: 'jobs' },
  CronJob: { group: 'batch', version: 'v1', resource: 'cronjobs' },
  ServiceAccount: { group: '', version: 'v1', resource: 'serviceaccounts' },
  Service: { group: '', version: 'v1', resource: 'services' },
  Namespace: { group: '', version: 'v1', resource: 'namespaces' },
  PersistentVolume: { group: '', version: 'v1', resource: 'persistentvolumes' },
  Role: { group: RBAC_GROUP, version: 'v1', resource: 'roles' },
  ClusterRole: { group: RBAC_GROUP, version: 'v1', resource: 'clusterroles' },
  RoleBinding: { group: RBAC_GROUP, version: 'v1', resource: 'rolebindings' },
  ClusterRoleBinding: { group: RBAC_GROUP, version: 'v1', resource: 'clusterrolebindings' },
};

/** The subresource through which ephemeral containers are added to a running pod (`kubectl debug`). @internal */
export const EPHEMERAL_CONTAINERS_SUBRESOURCE = 'pods/ephemeralcontainers';
