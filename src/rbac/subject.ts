/** Subject kinds, as the RBAC API spells them. */
const SubjectKind = {
  GROUP: 'Group',
  USER: 'User',
  SERVICE_ACCOUNT: 'ServiceAccount',
} as const;

/**
 * Who a role is bound to: a group or user from the cluster's identity provider, or a
 * ServiceAccount (for automation such as a CI pipeline that runs inside the cluster).
 *
 * Subjects are plain values; `SeparatedRbac` validates them when they are passed to it, so that
 * an error names the construct and the prop (`tenants[0].deployers[1]`) rather than just a name.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects
 */
export class Subject {
  /**
   * A group asserted by the identity provider (an OIDC `groups` claim, a client certificate's
   * organization). Prefer groups to users: membership is then managed, and reviewed, in one place.
   *
   * @param name the group name exactly as the API server receives it (including any prefix the
   * API server adds, such as `oidc:`)
   */
  public static group(name: string): Subject {
    return new Subject(SubjectKind.GROUP, name, undefined);
  }

  /**
   * A single user asserted by the identity provider.
   *
   * @param name the user name exactly as the API server receives it
   */
  public static user(name: string): Subject {
    return new Subject(SubjectKind.USER, name, undefined);
  }

  /**
   * A ServiceAccount, for automation that runs inside a cluster (e.g. a CI runner or a GitOps
   * controller). Never a hardened workload's own account: those are widened only through
   * `SeparatedRbacProps.workloadGrants`.
   *
   * @param accountNamespace namespace the ServiceAccount lives in
   * @param accountName name of the ServiceAccount
   */
  public static serviceAccount(accountNamespace: string, accountName: string): Subject {
    return new Subject(SubjectKind.SERVICE_ACCOUNT, accountName, accountNamespace);
  }

  /**
   * The subject's kind: `Group`, `User` or `ServiceAccount`.
   */
  public readonly kind: string;

  /**
   * The group, user or ServiceAccount name.
   */
  public readonly name: string;

  /**
   * For a ServiceAccount, the namespace it lives in.
   *
   * @default - groups and users are cluster-wide and have none
   */
  public readonly accountNamespace?: string;

  private constructor(kind: string, name: string, accountNamespace: string | undefined) {
    this.kind = kind;
    this.name = name;
    this.accountNamespace = accountNamespace;
  }

  /**
   * A one-line rendering for messages and the access matrix, e.g. `Group "k8s-admins"` or
   * `ServiceAccount "ci/deployer"`.
   */
  public toString(): string {
    const name = this.accountNamespace === undefined ? this.name : `${this.accountNamespace}/${this.name}`;
    return `${this.kind} ${JSON.stringify(name)}`;
  }
}
