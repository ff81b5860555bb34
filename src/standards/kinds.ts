// Which built-in kinds are cluster-scoped: their objects are identified by name alone, whatever
// `metadata.namespace` says. Every other built-in kind is namespaced.
// https://kubernetes.io/docs/reference/kubernetes-api/ (`kubectl api-resources --namespaced=false`)

/** The API group of an `apiVersion`: `apps` for `apps/v1`, `""` (core) for `v1`. @internal */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash >= 0 ? apiVersion.slice(0, slash) : '';
}

/** The cluster-scoped kinds of the built-in API groups. @internal */
export const CLUSTER_SCOPED_KINDS: Readonly<Record<string, readonly string[]>> = {
  '': ['ComponentStatus', 'Namespace', 'Node', 'PersistentVolume'],
  'admissionregistration.k8s.io': ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'MutatingWebhookConfiguration',
    'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'apiregistration.k8s.io': ['APIService'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'networking.k8s.io': ['IngressClass', 'IPAddress', 'ServiceCIDR'],
  'node.k8s.io': ['RuntimeClass'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
  'resource.k8s.io': ['DeviceClass', 'ResourceSlice'],
  'scheduling.k8s.io': ['PriorityClass'],
  'storage.k8s.io': ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment', 'VolumeAttributesClass'],
  'storagemigration.k8s.io': ['StorageVersionMigration'],
};

/** Whether objects of a kind are cluster-scoped (built-in kinds only; custom kinds are taken as namespaced). @internal */
export function isClusterScoped(apiVersion: string, kind: string): boolean {
  return CLUSTER_SCOPED_KINDS[apiGroupOf(apiVersion)]?.includes(kind) ?? false;
}

/**
 * The identity of an object in a cluster: group, kind, namespace (none for cluster-scoped kinds)
 * and name. Versions of a group are the same object (`apps/v1` and `apps/v1beta2`). A namespaced
 * object without a namespace lands in the namespace of whoever applies it: it is compared with
 * other namespace-less objects, not with any named namespace.
 * @internal
 */
export function objectIdentity(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
  const ns = isClusterScoped(apiVersion, kind) ? '' : namespace ?? '';
  return JSON.stringify([apiGroupOf(apiVersion), kind, ns, name]);
}
