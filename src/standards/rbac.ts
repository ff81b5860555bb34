// RBAC facts: the subjects that are everyone, and the built-in roles.
// https://kubernetes.io/docs/reference/access-authn-authz/rbac/

/** The user every unauthenticated request runs as. @internal */
export const ANONYMOUS_USER = 'system:anonymous';
/** The group of every unauthenticated request. @internal */
export const UNAUTHENTICATED_GROUP = 'system:unauthenticated';
/** The group of every authenticated request: every user and every ServiceAccount. @internal */
export const AUTHENTICATED_GROUP = 'system:authenticated';

/** Subjects that stand for callers nobody vetted: anyone, or everyone with any credential. @internal */
export const BROAD_SUBJECTS: readonly string[] = [ANONYMOUS_USER, UNAUTHENTICATED_GROUP, AUTHENTICATED_GROUP];

/** The prefix of names Kubernetes reserves for its own users, groups and RBAC objects. @internal */
export const SYSTEM_PREFIX = 'system:';

/** The built-in user-facing ClusterRoles, strongest first. @internal */
export const BUILT_IN_ADMIN_ROLES: readonly string[] = ['cluster-admin', 'admin', 'edit'];

/** The RBAC API group. @internal */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';

// ---------------------------------------------------------------------------------------------
// Privilege-equivalent grants: permissions worth more than they name, because the holder can
// turn them into other permissions. Read by SeparatedRbac to refuse a workload grant, or to
// require a written reason for it.
// https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks

/** Verbs that grant or assume permissions the holder does not have: RBAC-equivalent to cluster-admin. @internal */
export const ESCALATION_VERBS: readonly string[] = ['bind', 'escalate', 'impersonate'];

/** A resource of an API group, as RBAC rules name them (`""` is the core group). @internal */
export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

/**
 * The resources whose objects are, or make, pods: whoever writes one runs a pod of their choosing,
 * which can mount any Secret and run as any ServiceAccount of the namespace ("Workload creation").
 * @internal
 */
export const POD_RUNNING_RESOURCES: readonly GroupResource[] = [
  { group: '', resource: 'pods' },
  { group: '', resource: 'replicationcontrollers' },
  { group: 'apps', resource: 'daemonsets' },
  { group: 'apps', resource: 'deployments' },
  { group: 'apps', resource: 'replicasets' },
  { group: 'apps', resource: 'statefulsets' },
  { group: 'batch', resource: 'cronjobs' },
  { group: 'batch', resource: 'jobs' },
];

/** The verbs that write what those resources run (the pod template included). @internal */
export const POD_SPEC_WRITE_VERBS: readonly string[] = ['create', 'update', 'patch'];

/** The kubelet API of a node, through the API server: exec into, and read, every pod on the node. @internal */
export const NODE_PROXY_RESOURCE = 'nodes/proxy';

/** The verbs that return Secret contents; `list` and `watch` return every Secret at once. @internal */
export const SECRET_READ_VERBS: readonly string[] = ['get', 'list', 'watch'];

/** A rule in `PolicyRule` shape, as far as privilege goes. @internal */
export interface GrantedRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

/**
 * The pod-running resources a rule lets its holder write, as `group/resource` (`apps/deployments`;
 * core resources without a group: `pods`): empty when the rule runs no pod.
 * @internal
 */
export function podRunningGrants(rule: GrantedRule): string[] {
  if (!rule.verbs.some(v => POD_SPEC_WRITE_VERBS.includes(v))) return [];
  return POD_RUNNING_RESOURCES
    .filter(r => rule.apiGroups.includes(r.group) && rule.resources.includes(r.resource))
    .map(r => (r.group === '' ? r.resource : `${r.group}/${r.resource}`));
}
