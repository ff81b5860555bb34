/**
 * One RBAC rule, every part enumerated: the API groups, resources and verbs it allows.
 *
 * Mirrors Kubernetes' `PolicyRule` for namespaced resources. Used for the grants that
 * `SeparatedRbac` gives a single workload (`WorkloadGrantOptions.rules`); `*` is refused in
 * every field, so a grant never grows silently when the API gains resources or verbs.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#role-and-clusterrole
 */
export interface AccessRuleOptions {
  /**
   * API groups of the resources, `""` for the core group (pods, configmaps, ...).
   */
  readonly apiGroups: string[];

  /**
   * Resource names as the API spells them (plural, lowercase), subresources as
   * `resource/subresource`, e.g. `pods`, `leases`, `deployments/scale`.
   */
  readonly resources: string[];

  /**
   * Verbs allowed on them: `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`,
   * `deletecollection`.
   */
  readonly verbs: string[];

  /**
   * Restrict the rule to objects with these names (not applicable to `list`, `watch`,
   * `create` or `deletecollection`, which Kubernetes cannot restrict by name).
   *
   * @default - every object of the resources in the namespace
   */
  readonly resourceNames?: string[];
}
