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
