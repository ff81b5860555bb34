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

/** The syntax a kind's `metadata.name` must follow. @internal */
export type NameSyntax = 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label' | 'path-segment';

/** The rule a kind's `metadata.name` follows. @internal */
export interface NameRule {
  readonly syntax: NameSyntax;
  /** A limit below the syntax's own, because the name is built into something else. */
  readonly maxLength?: number;
  /** Why the rule is stricter than a DNS-1123 subdomain, for the error message. */
  readonly why?: string;
}

/** The longest label value: the limit on names that become label values. @internal */
export const LABEL_VALUE_MAX = DNS_LABEL_MAX;

/**
 * The name rule of each kind whose `metadata.name` is not simply a DNS-1123 subdomain, as the
 * API server validates it or as the controllers that derive other names from it need.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 * @internal
 */
export const NAME_RULES: Readonly<Record<string, NameRule>> = {
  Namespace: { syntax: 'dns1123-label' },
  Service: { syntax: 'dns1035-label', why: 'a Service name is a DNS label of the cluster domain and the prefix of its environment variables' },
  // kubernetes/kubernetes#64023: pods of a longer StatefulSet are refused by the API server
  StatefulSet: {
    syntax: 'dns1123-label',
    maxLength: LABEL_VALUE_MAX - 11,
    why: 'its pods carry the labels statefulset.kubernetes.io/pod-name = <name>-<ordinal> and controller-revision-hash = <name>-<10-character hash>, and a label value is at most 63 characters',
  },
  // https://kubernetes.io/docs/concepts/workloads/controllers/job/#writing-a-job-spec
  Job: { syntax: 'dns1123-subdomain', maxLength: LABEL_VALUE_MAX, why: 'its pods carry it as the job-name label value, at most 63 characters' },
  // https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#writing-a-cronjob-spec
  CronJob: { syntax: 'dns1123-subdomain', maxLength: LABEL_VALUE_MAX - 11, why: 'the controller appends 11 characters to name each Job, and a Job name is at most 63 characters' },
  // RBAC names are path segments: anything but "." / ".." / "/" / "%"
  Role: { syntax: 'path-segment' },
  ClusterRole: { syntax: 'path-segment' },
  RoleBinding: { syntax: 'path-segment' },
  ClusterRoleBinding: { syntax: 'path-segment' },
};

const SYNTAX_PROBLEMS: Readonly<Record<NameSyntax, string>> = {
  'dns1123-subdomain': 'must be a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", at most 253 characters)',
  'dns1123-label': 'must be a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
  'dns1035-label': 'must be a DNS-1035 label (lowercase letters, digits and "-", starting with a letter, ending with a letter or digit, at most 63 characters)',
  'path-segment': 'may not be empty, "." or "..", nor contain "/" or "%"',
};

function matchesSyntax(syntax: NameSyntax, name: string): boolean {
  switch (syntax) {
    case 'dns1123-label': return isDns1123Label(name);
    case 'dns1035-label': return isDns1035Label(name);
    case 'path-segment': return name !== '' && name !== '.' && name !== '..' && !/[/%]/.test(name);
    default: return isDns1123Subdomain(name);
  }
}

/** The name rule of a kind (a DNS-1123 subdomain unless `NAME_RULES` says otherwise). @internal */
export function nameRule(kind: string): NameRule {
  return Object.prototype.hasOwnProperty.call(NAME_RULES, kind) ? NAME_RULES[kind] : { syntax: 'dns1123-subdomain' };
}

/** Why an object name is unacceptable for its kind, or undefined when it is acceptable. @internal */
export function nameProblem(kind: string, name: string): string | undefined {
  const rule = nameRule(kind);
  if (!matchesSyntax(rule.syntax, name)) {
    return rule.why ? `${SYNTAX_PROBLEMS[rule.syntax]}, because ${rule.why}` : SYNTAX_PROBLEMS[rule.syntax];
  }
  if (rule.maxLength !== undefined && name.length > rule.maxLength) {
    return `a ${kind} name is at most ${rule.maxLength} characters (this one has ${name.length}), because ${rule.why}`;
  }
  return undefined;
}

/** The namespaces Kubernetes itself creates and manages. @internal */
export const RESERVED_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The prefix Kubernetes reserves for its own namespaces. @internal */
export const SYSTEM_NAMESPACE_PREFIX = 'kube-';

/**
 * Whether a namespace is one Kubernetes creates (`default`, `kube-system`, ...) or could create
 * (the `kube-` prefix): never a tenant's namespace.
 * @internal
 */
export function isReservedNamespace(name: string): boolean {
  return RESERVED_NAMESPACES.includes(name) || name.startsWith(SYSTEM_NAMESPACE_PREFIX);
}

/** The label the API server puts on every Namespace, holding its name. @internal */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const IANA_SERVICE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * An IANA service name (named container ports): lowercase letters, digits and '-', at most 15
 * characters, at least one letter, no '-' at either end nor two in a row.
 * @internal
 */
export function isIanaServiceName(value: string): boolean {
  return value.length <= 15 && IANA_SERVICE_NAME.test(value) && /[a-z]/.test(value) && !value.includes('--');
}
