// Kubernetes audit policies (audit.k8s.io/v1): levels, stages, the resources that carry
// credentials, and how the API server matches a request against a policy's rules (first match
// wins; k8s.io/apiserver pkg/audit/policy/checker.go).
// https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/

/** The audit policy API. @internal */
export const AUDIT_API_VERSION = 'audit.k8s.io/v1';

/** Audit levels, least first. @internal */
export const AUDIT_LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
/** @internal */
export type AuditLevelName = typeof AUDIT_LEVELS[number];
/** The levels that log request or response bodies. @internal */
export const BODY_LEVELS: readonly string[] = ['Request', 'RequestResponse'];

/** Audit stages, in the order a request goes through them. @internal */
export const AUDIT_STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] as const;
/** The stage the constructs omit: it only duplicates the ResponseComplete event. @internal */
export const OMITTED_STAGE = 'RequestReceived';

/** The verbs of the API server's authorizer, as audit rules match them. @internal */
export const AUDIT_VERBS: readonly string[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
/** The verbs that change objects. @internal */
export const WRITE_VERBS: readonly string[] = ['create', 'update', 'patch', 'delete', 'deletecollection'];
/** The verbs that read objects. @internal */
export const READ_VERBS: readonly string[] = ['get', 'list', 'watch'];

/** An API group and a resource (optionally `resource/subresource`). @internal */
export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

/**
 * Resources whose requests or responses carry credentials: Secret data, ConfigMap data (often
 * misused for credentials), the tokens in TokenReview requests and TokenRequest responses. An
 * audit policy logs them at Metadata at most, so no credential reaches the audit log.
 * @internal
 */
export const CREDENTIAL_RESOURCES: readonly GroupResource[] = [
  { group: '', resource: 'secrets' },
  { group: '', resource: 'configmaps' },
  { group: '', resource: 'serviceaccounts/token' },
  { group: 'authentication.k8s.io', resource: 'tokenreviews' },
];

/**
 * Changes worth logging in full: RBAC, admission configuration, CRDs, certificate approvals,
 * namespace labels (Pod Security Admission), service accounts, network policies, runtime classes.
 * @internal
 */
export const SECURITY_RESOURCES: ReadonlyArray<{ readonly group: string; readonly resources: readonly string[] }> = [
  { group: 'rbac.authorization.k8s.io', resources: [] },
  { group: 'admissionregistration.k8s.io', resources: [] },
  { group: 'apiextensions.k8s.io', resources: ['customresourcedefinitions'] },
  { group: 'certificates.k8s.io', resources: ['certificatesigningrequests', 'certificatesigningrequests/approval', 'certificatesigningrequests/status'] },
  { group: '', resources: ['namespaces', 'serviceaccounts'] },
  { group: 'networking.k8s.io', resources: ['networkpolicies'] },
  { group: 'node.k8s.io', resources: ['runtimeclasses'] },
];

/** Interactive access to running containers, logged in full. @internal */
export const INTERACTIVE_SUBRESOURCES: readonly string[] = ['pods/exec', 'pods/attach', 'pods/portforward', 'pods/ephemeralcontainers'];
/** Proxies into pods, services and kubelets: logged at Metadata (their bodies are arbitrary traffic). @internal */
export const PROXY_SUBRESOURCES: ReadonlyArray<GroupResource> = [
  { group: '', resource: 'pods/proxy' },
  { group: '', resource: 'services/proxy' },
  { group: '', resource: 'nodes/proxy' },
];
/** Workload changes, logged with their request (the spec a reviewer needs). @internal */
export const WORKLOAD_RESOURCES: ReadonlyArray<{ readonly group: string; readonly resources: readonly string[] }> = [
  { group: '', resources: ['pods'] },
  { group: 'apps', resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'] },
  { group: 'batch', resources: ['jobs', 'cronjobs'] },
];

/** Health and version endpoints: polled constantly, logged by nobody. @internal */
export const NOISE_URLS: readonly string[] = ['/healthz*', '/livez*', '/readyz*', '/version', '/version/'];
/** Events: recorded by the API server anyway, far too many to audit. @internal */
export const EVENT_RESOURCES: ReadonlyArray<{ readonly group: string; readonly resources: readonly string[] }> = [
  { group: '', resources: ['events'] },
  { group: 'events.k8s.io', resources: ['events'] },
];
/**
 * System components whose reads are not audited (their read traffic dwarfs everything else):
 * the scheduler, the controller manager, kube-proxy, and the API server itself.
 * @internal
 */
export const SYSTEM_READERS: readonly string[] = ['system:kube-scheduler', 'system:kube-controller-manager', 'system:kube-proxy', 'system:apiserver'];
/** The group of every kubelet's user; kubelets read constantly too. @internal */
export const NODES_GROUP = 'system:nodes';

/** A rule of an audit policy, as the matcher reads it. @internal */
export interface AuditRuleShape {
  readonly level: string;
  readonly users?: readonly string[];
  readonly userGroups?: readonly string[];
  readonly verbs?: readonly string[];
  readonly namespaces?: readonly string[];
  readonly resources?: ReadonlyArray<{ readonly group?: string; readonly resources?: readonly string[]; readonly resourceNames?: readonly string[] }>;
  readonly nonResourceURLs?: readonly string[];
}

/** One API request, as the matcher sees it. @internal */
export interface AuditRequest {
  readonly user: string;
  readonly groups: readonly string[];
  readonly verb: string;
  /** Resource requests: group, `resource` or `resource/subresource`, namespace ('' = cluster-scoped), name. */
  readonly group?: string;
  readonly resource?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** Non-resource requests: the path. */
  readonly path?: string;
}

function has<T>(list: readonly T[] | undefined): list is readonly T[] {
  return list !== undefined && list.length > 0;
}

/** Whether a rule's resource pattern (`pods`, `*`, `*\/scale`, `pods/*`) matches `resource` or `resource/subresource`. */
function patternMatches(pattern: string, target: string): boolean {
  const [resource, subresource] = target.split('/');
  return pattern === '*' || pattern === target
    || (subresource !== undefined && pattern.startsWith('*/') && pattern.slice(2) === subresource)
    || (pattern.endsWith('/*') && pattern.slice(0, -2) === resource);
}

type RuleResources = NonNullable<AuditRuleShape['resources']>[number];

/** Whether a rule's group-resources entry names a resource (any name unless `resourceNames` restricts it). */
function entryMatches(gr: RuleResources, group: string, resource: string): boolean {
  return (gr.group ?? '') === group && (!has(gr.resources) || gr.resources.some(r => patternMatches(r, resource)));
}

function resourceMatches(rule: AuditRuleShape, request: AuditRequest): boolean {
  if (request.resource === undefined) return false;
  if (has(rule.namespaces) && !rule.namespaces.includes(request.namespace ?? '')) return false;
  if (!has(rule.resources)) return true;
  return rule.resources.some(gr => entryMatches(gr, request.group ?? '', request.resource!)
    && (!has(gr.resources) || !has(gr.resourceNames) || gr.resourceNames.includes(request.name ?? '')));
}

function pathMatches(path: string, spec: string): boolean {
  return spec === '*' || spec === path || (spec.endsWith('*') && path.startsWith(spec.replace(/\*+$/, '')));
}

/** Whether a rule matches a request, as the API server decides it. @internal */
export function auditRuleMatches(rule: AuditRuleShape, request: AuditRequest): boolean {
  if (has(rule.users) && !rule.users.includes(request.user)) return false;
  if (has(rule.userGroups) && !rule.userGroups.some(g => request.groups.includes(g))) return false;
  if (has(rule.verbs) && !rule.verbs.includes(request.verb)) return false;
  if (has(rule.namespaces) || has(rule.resources)) return resourceMatches(rule, request);
  if (has(rule.nonResourceURLs)) {
    const path = request.path;
    return path !== undefined && request.resource === undefined && rule.nonResourceURLs.some(s => pathMatches(path, s));
  }
  return true;
}

/** The level a policy logs a request at: the first matching rule's, None when none matches. @internal */
export function auditLevelFor(rules: readonly AuditRuleShape[], request: AuditRequest): string {
  return rules.find(r => auditRuleMatches(r, request))?.level ?? 'None';
}

/** Whether a rule can match some request to a resource (for some user, verb, namespace, name). */
function canMatch(rule: AuditRuleShape, target: GroupResource): boolean {
  if (!has(rule.namespaces) && !has(rule.resources)) return !has(rule.nonResourceURLs);
  return !has(rule.resources) || rule.resources.some(gr => entryMatches(gr, target.group, target.resource));
}

/** Whether a rule matches every request to a resource (no user, verb, namespace or name restriction). */
function coversAll(rule: AuditRuleShape, target: GroupResource): boolean {
  if (has(rule.users) || has(rule.userGroups) || has(rule.verbs) || has(rule.namespaces)) return false;
  if (!has(rule.resources)) return !has(rule.nonResourceURLs);
  return rule.resources.some(gr => entryMatches(gr, target.group, target.resource) && (!has(gr.resources) || !has(gr.resourceNames)));
}

/**
 * The first rule of a policy that some request to `target` reaches and that logs bodies
 * (Request or RequestResponse), or undefined when every request to it is logged at Metadata or
 * None. Conservative: rules that only together cover every request do not stop the search.
 * @internal
 */
export function bodyLoggingRule(rules: readonly AuditRuleShape[], target: GroupResource): { index: number; level: string } | undefined {
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index];
    if (!canMatch(rule, target)) continue;
    if (BODY_LEVELS.includes(rule.level)) return { index, level: rule.level };
    if (coversAll(rule, target)) return undefined;
  }
  return undefined;
}

/** `core/secrets` style name of a group resource, for messages. @internal */
export function groupResourceName(gr: GroupResource): string {
  return `${gr.group === '' ? 'core' : gr.group}/${gr.resource}`;
}
