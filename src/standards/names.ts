// Object name and label syntax as the API server validates it (k8s.io/apimachinery
// pkg/util/validation).
// https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Longest DNS-1123 / DNS-1035 label. @internal */
export const DNS_LABEL_MAX = 63;
/** Longest DNS-1123 subdomain. @internal */
export const DNS_SUBDOMAIN_MAX = 253;

/** A DNS-1123 label: lowercase alphanumerics and '-', alphanumeric at both ends, ≤ 63. @internal */
export function isDns1123Label(value: string): boolean {
  return value.length <= DNS_LABEL_MAX && DNS1123_LABEL.test(value);
}

/** A DNS-1123 subdomain: DNS-1123 labels joined by '.', ≤ 253. @internal */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= DNS_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(value);
}

/** A DNS-1035 label: a DNS-1123 label that starts with a letter (Service names). @internal */
export function isDns1035Label(value: string): boolean {
  return value.length <= DNS_LABEL_MAX && DNS1035_LABEL.test(value);
}

/** A label key or annotation key: `[prefix/]name`, prefix a DNS-1123 subdomain, name ≤ 63. @internal */
export function isQualifiedName(key: string): boolean {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || !isDns1123Subdomain(prefix))) return false;
  return name.length > 0 && name.length <= DNS_LABEL_MAX && LABEL_NAME.test(name);
}

/** A label value: empty, or ≤ 63 alphanumerics, '-', '_' and '.', alphanumeric at both ends. @internal */
export function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= DNS_LABEL_MAX && LABEL_NAME.test(value));
}

/**
 * The name rule each kind's `metadata.name` follows in the API server: most kinds are DNS-1123
 * subdomains; these are stricter.
 * @internal
 */
export const NAME_RULES: Readonly<Record<string, 'dns1123-label' | 'dns1035-label' | 'path-segment' | 'cronjob'>> = {
  Namespace: 'dns1123-label',
  Service: 'dns1035-label',
  // the name becomes the pods' `statefulset.kubernetes.io/pod-name` and the controller-revision-hash label values
  StatefulSet: 'dns1123-label',
  // the controller names each Job `<cronjob>-<minute>`, 11 characters more, within a 63-character label
  CronJob: 'cronjob',
  // RBAC names are path segments: anything but "." / ".." / "/" / "%"
  Role: 'path-segment',
  ClusterRole: 'path-segment',
  RoleBinding: 'path-segment',
  ClusterRoleBinding: 'path-segment',
};

/** Longest CronJob name (k8s.io/kubernetes pkg/apis/batch/validation: 63 − 11). @internal */
export const CRONJOB_NAME_MAX = DNS_LABEL_MAX - 11;

/** Why an object name is unacceptable for its kind, or undefined when the API server accepts it. @internal */
export function nameProblem(kind: string, name: string): string | undefined {
  const rule = Object.prototype.hasOwnProperty.call(NAME_RULES, kind) ? NAME_RULES[kind] : 'dns1123-subdomain';
  switch (rule) {
    case 'cronjob':
      if (name.length > CRONJOB_NAME_MAX) return `must be no more than ${CRONJOB_NAME_MAX} characters (the Jobs it creates add 11)`;
      return isDns1123Subdomain(name) ? undefined : 'must be a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", at most 253 characters)';
    case 'dns1123-label':
      return isDns1123Label(name) ? undefined : 'must be a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)';
    case 'dns1035-label':
      return isDns1035Label(name) ? undefined : 'must be a DNS-1035 label (lowercase letters, digits and "-", starting with a letter, ending with a letter or digit, at most 63 characters)';
    case 'path-segment':
      return name !== '' && name !== '.' && name !== '..' && !/[/%]/.test(name) ? undefined : 'may not be empty, "." or "..", nor contain "/" or "%"';
    default:
      return isDns1123Subdomain(name) ? undefined : 'must be a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", at most 253 characters)';
  }
}

/** The namespaces Kubernetes itself creates and manages. @internal */
export const RESERVED_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The label the API server puts on every Namespace, holding its name. @internal */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
