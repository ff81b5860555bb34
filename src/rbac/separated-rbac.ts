import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import {
  BindingData, RbacModel, RoleData, SubjectData, renderAccessMatrix,
} from './access-matrix';
import { AccessRuleOptions } from './access-rule';
import {
  AUDITOR_RULES, CLUSTER_ADMIN_RULES, DEPLOYER_RULES, DEVELOPER_EXEC_RULES, DEVELOPER_RULES,
  FORBIDDEN_WORKLOAD_RESOURCES, INFRASTRUCTURE_MANAGER_RULES, ORDINARY_VERBS, RuleData, VIEWER_RULES,
} from './persona-rules';
import { Subject } from './subject';
import { Compliance } from '../compliance/compliance';
import { invalidInput } from '../errors';
import { IHardenedWorkload, IWorkloadIdentity } from '../hardened-workload';
import { BREAK_GLASS_KEY, PERSONA_LABEL, PRIVILEGED_REASON_ANNOTATION, REASON_ANNOTATION } from '../standards/annotations';
import { CONTROL_PLANE_NAMESPACE } from '../standards/control-plane';
import {
  AUTHENTICATED_GROUP, BROAD_SUBJECTS, CLUSTER_ADMIN_ROLE, ESCALATION_VERBS, podRunningGrants, RBAC_GROUP, SECRET_READ_VERBS,
  SERVICE_ACCOUNTS_GROUP, SYSTEM_PREFIX,
} from '../standards/rbac';
import { registerDuplicateObjectCheck } from '../unique-objects';
import { validateDnsLabel, validateDnsSubdomain, validateObjectName, validateOwnNamespace, validateReason } from '../validation';

const RBAC_API_VERSION = `${RBAC_GROUP}/v1`;
const RBAC_DOCS = 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/';

/**
 * The access of one tenant namespace: who deploys into it, who develops in it, who views it.
 *
 * Named `...Options` rather than `...Props` because it is an entry of
 * `SeparatedRbacProps.tenants`, not the props of a construct of its own; "Access" because the
 * namespace itself (Pod Security labels, quotas, default-deny) is `HardenedNamespace`'s business.
 */
export interface TenantAccessOptions {
  /**
   * The tenant namespace the Roles and RoleBindings are created in (a DNS-1123 label).
   * SeparatedRbac does not create the namespace.
   */
  readonly name: string;

  /**
   * Automation (CI pipelines) that ships workloads into the namespace: create, update and delete
   * Deployments, StatefulSets, Jobs, CronJobs, Services, ConfigMaps, PersistentVolumeClaims,
   * ServiceAccounts, Ingresses, NetworkPolicies, HPAs and PDBs; write Secrets without reading
   * them. No RBAC, no `pods/exec`, no `pods/portforward`, no direct pod creation.
   *
   * A deployer identity serves one tenant only: one compromised pipeline must not reach another
   * namespace.
   *
   * @default - nobody deploys into the namespace through SeparatedRbac
   */
  readonly deployers?: Subject[];

  /**
   * People who read what runs in the namespace, logs and events included.
   *
   * @default - no developers
   */
  readonly developers?: Subject[];

  /**
   * People who read what runs in the namespace, without logs (logs carry application data).
   *
   * @default - no viewers
   */
  readonly viewers?: Subject[];

  /**
   * Gives the namespace's developers `pods/exec` (`kubectl exec`), for this reason, through a
   * separate Role `<prefix>:developer-exec` annotated with the reason. Requires `developers`.
   *
   * @default - no exec: Kubescape C-0002, NSA/CISA "least privilege"
   */
  readonly developerExecReason?: string;
}

/**
 * A binding of the built-in `cluster-admin` role, for emergencies.
 *
 * Named `...Options`: it is a value of `SeparatedRbacProps.breakGlass`, not a construct's props.
 */
export interface BreakGlassOptions {
  /**
   * Who may break the glass. Typically a dedicated group whose membership is empty until an
   * incident, and alerts when it changes. May overlap with `clusterAdmins`, with no other persona.
   */
  readonly subjects: Subject[];

  /**
   * Why the cluster needs an unrestricted binding, for the auditor who reads it (at least 10
   * characters). Written to the binding as an annotation.
   */
  readonly reason: string;
}

/**
 * Access granted to one hardened workload's own ServiceAccount, beyond its empty Role.
 *
 * Named `...Options`: it is an entry of `SeparatedRbacProps.workloadGrants`.
 */
export interface WorkloadGrantOptions {
  /**
   * The workload (HardenedDeployment and the other hardened workloads implement
   * `IWorkloadIdentity`).
   */
  readonly workload: IWorkloadIdentity;

  /**
   * Why the workload needs the API, for the auditor (at least 10 characters), e.g.
   * "leader election between replicas".
   */
  readonly reason: string;

  /**
   * What it may do, in its own namespace only (a Role, never a ClusterRole). Every field is
   * enumerated; Secrets cannot be read (mount them as volumes instead) and nothing that reaches
   * into other pods or nodes (`nodes/proxy`), mints tokens, changes RBAC or escalates
   * (`escalate`, `bind`, `impersonate`) can be granted. Writing pods or workload controllers
   * needs `privilegeReason`.
   */
  readonly rules: AccessRuleOptions[];

  /**
   * Why the workload must create, update or patch pods or workload controllers (Deployments,
   * ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs, ReplicationControllers, and the pod-running
   * kinds of operators such as Argo Rollouts and Workflows, Volcano and Kubeflow jobs, KubeRay,
   * Tekton runs), at least 10 characters, e.g. "CI runner starts one Job per pipeline (PLAT-12)".
   * Such a grant amounts to privilege in the namespace: the pods it runs can mount any Secret and
   * run as any ServiceAccount there. Recorded in the `cdk8s-hardening.io/privileged-reason`
   * annotation of the Role and RoleBinding, and as the Role's acknowledgement of PodCreate.
   *
   * @default - no rule may write pods or workload controllers
   * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation
   */
  readonly privilegeReason?: string;
}

/**
 * Props for `SeparatedRbac`. Every persona is optional: a persona without subjects gets no role.
 */
export interface SeparatedRbacProps {
  /**
   * Cluster administrators: RBAC (with `escalate`, `bind`, `impersonate`), namespaces,
   * admission, cluster-wide network policy, CRDs, API services, flow control; the only persona
   * that reads Secrets. Read access to the rest of the inventory. Not nodes or storage (that is
   * infrastructure management), not `pods/exec`, and not the built-in `cluster-admin`.
   *
   * @default - no cluster administrators bound by SeparatedRbac
   */
  readonly clusterAdmins?: Subject[];

  /**
   * Infrastructure managers: nodes (cordon, drain, retire), persistent volumes, storage classes
   * and CSI drivers, priority and runtime classes, every namespace's quotas and limit ranges.
   * No Secrets, no RBAC, no `pods/exec`. Must not also be cluster administrators (NSA/CISA:
   * separate cluster administration from infrastructure management).
   *
   * @default - no infrastructure managers
   */
  readonly infrastructureManagers?: Subject[];

  /**
   * Auditors: `get`, `list`, `watch` on an enumerated inventory across the cluster; never
   * Secrets, logs, or anything that reaches into a pod. An auditor may hold no other persona.
   *
   * @default - no auditors
   */
  readonly auditors?: Subject[];

  /**
   * One entry per tenant namespace.
   *
   * @default - no tenant namespaces
   */
  readonly tenants?: TenantAccessOptions[];

  /**
   * A ClusterRoleBinding to the built-in `cluster-admin`, labelled and annotated
   * `cdk8s-hardening.io/break-glass` so that it stands out in the output, in the access matrix
   * and in the cluster.
   *
   * @default - no binding to cluster-admin: Kubescape C-0035, NSA/CISA "least privilege"
   */
  readonly breakGlass?: BreakGlassOptions;

  /**
   * Access for individual hardened workloads, each with a reason, as a namespaced Role and
   * RoleBinding separate from the workload's empty Role. Workloads not listed here keep their
   * empty Role: SeparatedRbac never widens a workload otherwise.
   *
   * @default - no workload is granted anything
   */
  readonly workloadGrants?: WorkloadGrantOptions[];

  /**
   * Prefix of every Role, ClusterRole and binding name (`<prefix>:auditor`, ...). Change it only
   * to run two SeparatedRbac models in one cluster.
   *
   * @default "hardening"
   */
  readonly namePrefix?: string;
}

/** Where a subject was given, and in which persona: for conflict detection. */
interface SubjectUse {
  readonly field: string;
  readonly persona: string;
  /** Tenant namespace, for tenant personas. */
  readonly tenant?: string;
  readonly subject: SubjectData;
}


/**
 * Least-privilege access for the people and automation that use a cluster, after the NSA/CISA
 * Kubernetes Hardening Guide v1.1 ("Authentication and authorization"): cluster administration
 * separated from infrastructure management, read-only auditors, per-namespace deployers,
 * developers and viewers, no anonymous access, and workload ServiceAccounts left bound to their
 * empty Roles unless a grant is declared for one workload explicitly.
 *
 * Every rule enumerates API groups, resources and verbs; no `*` is ever synthesized, no
 * aggregation rule is used (it widens a role silently), and nothing is bound to the built-in
 * `cluster-admin` unless `breakGlass` asks for it, visibly.
 *
 * Synthesized (with the default prefix `hardening`):
 * - ClusterRole + ClusterRoleBinding `hardening:cluster-admin`, `hardening:infrastructure-manager`,
 *   `hardening:auditor`, for the personas given;
 * - per tenant namespace, Role + RoleBinding `hardening:deployer`, `hardening:developer`,
 *   `hardening:viewer` and (with a reason) `hardening:developer-exec`;
 * - per workload grant, Role + RoleBinding `hardening:workload:<service account>`;
 * - with `breakGlass`, ClusterRoleBinding `hardening:break-glass` to `cluster-admin`.
 *
 * Every object carries the label `cdk8s-hardening.io/persona`. `accessMatrix()` renders who can
 * do what, where, from the same data.
 *
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/
 */
export class SeparatedRbac extends Construct {
  /**
   * Prefix of every synthesized role and binding name.
   */
  public readonly namePrefix: string;

  /**
   * Whether a break-glass binding to `cluster-admin` is synthesized.
   */
  public readonly breakGlassEnabled: boolean;

  /**
   * The tenant namespaces this model grants access in.
   */
  public readonly tenantNames: string[];

  private readonly roles: RoleData[] = [];
  private readonly bindings: BindingData[] = [];
  private readonly uses: SubjectUse[] = [];

  constructor(scope: Construct, id: string, props: SeparatedRbacProps = {}) {
    super(scope, id);
    registerDuplicateObjectCheck(this);
    this.namePrefix = this.validateNamePrefix(props.namePrefix ?? 'hardening');
    this.breakGlassEnabled = props.breakGlass !== undefined;
    const tenants = props.tenants ?? [];
    this.tenantNames = tenants.map(t => t.name);

    // Validate everything before creating anything, so a refused input leaves no half-built tree.
    const clusterAdmins = this.subjects('clusterAdmins', 'cluster-admin', props.clusterAdmins);
    const infrastructureManagers = this.subjects('infrastructureManagers', 'infrastructure-manager', props.infrastructureManagers);
    const auditors = this.subjects('auditors', 'auditor', props.auditors);
    const breakGlass = this.validateBreakGlass(props.breakGlass);
    const tenantAccess = this.validateTenants(tenants);
    const grants = this.validateWorkloadGrants(props.workloadGrants ?? []);
    this.checkConflicts();
    this.node.addValidation({ validate: () => this.checkWorkloadAccounts() });

    this.clusterPersona('ClusterAdmin', 'cluster-admin', clusterAdmins, CLUSTER_ADMIN_RULES);
    this.clusterPersona('InfrastructureManager', 'infrastructure-manager', infrastructureManagers, INFRASTRUCTURE_MANAGER_RULES);
    this.clusterPersona('Auditor', 'auditor', auditors, AUDITOR_RULES);
    if (breakGlass) {
      const binding = this.bind(this, 'BreakGlassBinding', {
        kind: 'ClusterRoleBinding',
        name: this.roleName('break-glass'),
        persona: 'break-glass',
        roleRef: { kind: 'ClusterRole', name: CLUSTER_ADMIN_ROLE },
        subjects: breakGlass.subjects,
        reason: breakGlass.reason,
      });
      Compliance.of(binding).acknowledge('ClusterAdminBinding', breakGlass.reason);
    }
    for (const t of tenantAccess) {
      const tenantScope = new Construct(this, t.name);
      this.tenantPersona(tenantScope, 'Deployer', t.name, 'deployer', t.deployers, DEPLOYER_RULES);
      this.tenantPersona(tenantScope, 'Developer', t.name, 'developer', t.developers, DEVELOPER_RULES);
      this.tenantPersona(tenantScope, 'Viewer', t.name, 'viewer', t.viewers, VIEWER_RULES);
      if (t.execReason !== undefined) {
        this.tenantPersona(tenantScope, 'DeveloperExec', t.name, 'developer-exec', t.developers, DEVELOPER_EXEC_RULES, t.execReason);
      }
    }
    grants.forEach((g, i) => {
      const grantScope = new Construct(this, `WorkloadGrant${i}`);
      const name = this.roleName(`workload:${g.subject.name}`);
      const privileged: Record<string, string> = g.privilegeReason === undefined ? {} : { [PRIVILEGED_REASON_ANNOTATION]: g.privilegeReason };
      const role = this.addRole(grantScope, 'Role', { kind: 'Role', name, namespace: g.subject.namespace, persona: 'workload', rules: g.rules }, g.reason, privileged);
      if (g.privilegeReason !== undefined) Compliance.of(role).acknowledge('PodCreate', g.privilegeReason);
      this.bind(grantScope, 'Binding', {
        kind: 'RoleBinding',
        name,
        namespace: g.subject.namespace,
        persona: 'workload',
        roleRef: { kind: 'Role', name },
        subjects: [g.subject],
        reason: g.reason,
      }, privileged);
    });
    // a model that was built (nothing above refused it) is one the next model is checked against
    MODELS.set(this.node.root, [...(MODELS.get(this.node.root) ?? []), this]);
  }

  /**
   * A Markdown table of who can do what, where: the holders of every role, the sensitive
   * capabilities (Secrets, exec, RBAC, escalation, cluster-admin) and who holds them (a grid of
   * a row per binding and a column per capability, then capability by capability), and every
   * rule of every role. Rendered from the same data the manifests are synthesized from, for
   * auditors and code review.
   */
  public accessMatrix(): string {
    return renderAccessMatrix(this.model());
  }

  private model(): RbacModel {
    return { roles: [...this.roles], bindings: [...this.bindings] };
  }

  private roleName(suffix: string): string {
    return `${this.namePrefix}:${suffix}`;
  }

  private clusterPersona(id: string, persona: string, subjects: SubjectData[], rules: readonly RuleData[]): void {
    if (subjects.length === 0) return;
    const name = this.roleName(persona);
    const role = this.addRole(this, `${id}Role`, { kind: 'ClusterRole', name, persona, rules: copyRules(rules) });
    if (persona === 'cluster-admin') {
      Compliance.of(role).acknowledge('SecretsAccess',
        'SeparatedRbac: cluster administrators are the one persona that reads Secrets cluster-wide, to rotate and recover them; no other persona can');
      // Kubescape C-0191 / C-0065 flag these grants too: managing RBAC is what this persona is for
      Compliance.of(role).acknowledge('RbacEscalation',
        'SeparatedRbac: cluster administrators manage access, so they bind and escalate roles they do not hold (workload grants, new personas); no other persona can');
      Compliance.of(role).acknowledge('RbacImpersonation',
        'SeparatedRbac: cluster administrators impersonate to check what a subject can do (kubectl auth can-i --as); no other persona can');
    }
    const binding = this.bind(this, `${id}Binding`, { kind: 'ClusterRoleBinding', name, persona, roleRef: { kind: 'ClusterRole', name }, subjects });
    if (persona === 'cluster-admin') {
      // bind and escalate on clusterroles, with write access to bindings: cluster-admin in all but name
      Compliance.of(binding).acknowledge('ClusterAdminBinding',
        'SeparatedRbac: cluster administrators can bind any role, cluster-admin included, which is what administering access means; the role itself names every resource it grants');
    }
  }

  private tenantPersona(scope: Construct, id: string, namespace: string, persona: string, subjects: SubjectData[],
    rules: readonly RuleData[], reason?: string): void {
    if (subjects.length === 0) return;
    const name = this.roleName(persona);
    const role = this.addRole(scope, `${id}Role`, { kind: 'Role', name, namespace, persona, rules: copyRules(rules) }, reason);
    if (persona === 'developer-exec' && reason !== undefined) {
      Compliance.of(role).acknowledge('PodExec', reason);
    }
    if (persona === 'deployer') {
      Compliance.of(role).acknowledge('PodCreate',
        'SeparatedRbac: deployers ship Deployments, StatefulSets, Jobs and CronJobs into their one namespace, which is what the persona is for; they create no pod directly and read no Secret');
    }
    this.bind(scope, `${id}Binding`, { kind: 'RoleBinding', name, namespace, persona, roleRef: { kind: 'Role', name }, subjects, reason });
  }

  private addRole(scope: Construct, id: string, role: RoleData, reason?: string, extraAnnotations: Record<string, string> = {}): ApiObject {
    this.roles.push(role);
    const annotations: Record<string, string> = { ...(reason === undefined ? {} : { [REASON_ANNOTATION]: reason }), ...extraAnnotations };
    const obj = new ApiObject(scope, id, {
      apiVersion: RBAC_API_VERSION,
      kind: role.kind,
      metadata: {
        name: validateObjectName(this, `${role.kind} name`, role.kind, role.name),
        namespace: role.namespace,
        labels: { [PERSONA_LABEL]: role.persona },
        annotations: Object.keys(annotations).length === 0 ? undefined : annotations,
      },
      rules: role.rules.map(r => ({
        apiGroups: [...r.apiGroups],
        resources: [...r.resources],
        verbs: [...r.verbs],
        ...(r.resourceNames === undefined ? {} : { resourceNames: [...r.resourceNames] }),
      })),
    });
    this.clusterScoped(obj, role.kind === 'ClusterRole');
    return obj;
  }

  private bind(scope: Construct, id: string, binding: BindingData, extraAnnotations: Record<string, string> = {}): ApiObject {
    this.bindings.push(binding);
    const breakGlass = binding.persona === 'break-glass';
    const annotations: Record<string, string> = { ...extraAnnotations };
    if (binding.reason !== undefined) annotations[REASON_ANNOTATION] = binding.reason;
    if (breakGlass && binding.reason !== undefined) annotations[BREAK_GLASS_KEY] = binding.reason;
    const obj = new ApiObject(scope, id, {
      apiVersion: RBAC_API_VERSION,
      kind: binding.kind,
      metadata: {
        name: validateObjectName(this, `${binding.kind} name`, binding.kind, binding.name),
        namespace: binding.namespace,
        labels: { [PERSONA_LABEL]: binding.persona, ...(breakGlass ? { [BREAK_GLASS_KEY]: 'true' } : {}) },
        annotations: Object.keys(annotations).length === 0 ? undefined : annotations,
      },
      roleRef: { apiGroup: RBAC_GROUP, kind: binding.roleRef.kind, name: binding.roleRef.name },
      subjects: binding.subjects.map(toKubeSubject),
    });
    this.clusterScoped(obj, binding.kind === 'ClusterRoleBinding');
    return obj;
  }

  /** Cluster-scoped objects take no namespace, even in a chart that sets one. */
  private clusterScoped(obj: ApiObject, clusterScoped: boolean): void {
    if (clusterScoped && Chart.of(this).namespace !== undefined) {
      obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Validation

  /** Every name is `<prefix>:<persona>`, so the prefix decides whether it is a `system:` name. */
  private validateNamePrefix(prefix: string): string {
    validateDnsLabel(this, 'namePrefix', prefix);
    if (`${prefix}:`.startsWith(SYSTEM_PREFIX)) {
      throw invalidInput(this, 'namePrefix', `every name would start with "${SYSTEM_PREFIX}", which Kubernetes reserves for its own roles and bindings (its controllers and the API server reconcile them)`, prefix,
        'keep the default "hardening", or choose a prefix of your own such as "platform"');
    }
    return prefix;
  }

  /** Validates a persona's subjects and records where each was used. */
  private subjects(field: string, persona: string, given: Subject[] | undefined, tenant?: string): SubjectData[] {
    return (given ?? []).map((s, i) => {
      const data = this.validateSubject(`${field}[${i}]`, s);
      this.uses.push({ field: `${field}[${i}]`, persona, tenant, subject: data });
      return data;
    });
  }

  private validateSubject(field: string, s: Subject): SubjectData {
    if (s.kind === 'ServiceAccount') {
      const namespace = validateDnsLabel(this, `${field} (ServiceAccount namespace)`, s.accountNamespace ?? '');
      if (namespace === CONTROL_PLANE_NAMESPACE) {
        throw invalidInput(this, field, `a ServiceAccount of ${CONTROL_PLANE_NAMESPACE} is an account of Kubernetes' own controllers and add-ons, and whatever runs there would hold the persona too`,
          { kind: s.kind, namespace, name: s.name }, 'run the automation in a namespace of its own and name its account with Subject.serviceAccount(namespace, name)');
      }
      return { kind: s.kind, name: validateDnsSubdomain(this, `${field} (ServiceAccount name)`, s.name), namespace };
    }
    const name = s.name;
    const given = { kind: s.kind, name };
    if (BROAD_SUBJECTS.includes(name)) {
      throw invalidInput(this, field, `${name} is every ${name === AUTHENTICATED_GROUP ? 'authenticated' : 'anonymous'} caller; NSA/CISA "Authentication and authorization" forbids anonymous and blanket access`, given,
        `bind a group from your identity provider instead (e.g. Subject.group("k8s-admins")); see ${RBAC_DOCS}#referring-to-subjects`);
    }
    if (name.startsWith(SERVICE_ACCOUNTS_GROUP)) {
      throw invalidInput(this, field, `${name} is every ServiceAccount${name === SERVICE_ACCOUNTS_GROUP ? '' : ' of a namespace'}, workloads included, and workloads stay bound to empty Roles`, given,
        'name the automation\'s own account with Subject.serviceAccount(namespace, name), or give one workload access with workloadGrants');
    }
    if (name.startsWith(SYSTEM_PREFIX)) {
      throw invalidInput(this, field, 'the "system:" prefix is reserved for Kubernetes components (system:masters bypasses RBAC altogether)', given,
        `bind a group from your identity provider instead; see ${RBAC_DOCS}#referring-to-subjects`);
    }
    if (name.length === 0 || name.length > 256 || name.trim() !== name || /[\u0000-\u001f\u007f*]/.test(name)) {
      throw invalidInput(this, field, `a ${s.kind.toLowerCase()} name must be 1 to 256 characters, without leading or trailing spaces, control characters or "*" (RBAC has no wildcard subjects)`, given,
        'write the name exactly as your identity provider asserts it, e.g. "k8s-admins" or "alice@example.com"');
    }
    return { kind: s.kind, name };
  }

  private validateBreakGlass(bg: BreakGlassOptions | undefined): { subjects: SubjectData[]; reason: string } | undefined {
    if (bg === undefined) return undefined;
    const reason = validateReason(this, 'breakGlass.reason', bg.reason);
    if (bg.subjects.length === 0) {
      throw invalidInput(this, 'breakGlass.subjects', 'a break-glass binding needs at least one subject', bg.subjects,
        'name the emergency group, e.g. [Subject.group("k8s-break-glass")], or leave breakGlass out');
    }
    return { subjects: this.subjects('breakGlass.subjects', 'break-glass', bg.subjects), reason };
  }

  private validateTenants(tenants: TenantAccessOptions[]) {
    const seen = new Map<string, number>();
    return tenants.map((t, i) => {
      const field = `tenants[${i}]`;
      const name = validateOwnNamespace(this, `${field}.name`, t.name);
      const first = seen.get(name);
      if (first !== undefined) {
        throw invalidInput(this, `${field}.name`, `tenant namespace "${name}" is defined twice, in tenants[${first}] and ${field}`, name,
          `merge the two entries into tenants[${first}]`);
      }
      seen.set(name, i);
      const deployers = this.subjects(`${field}.deployers`, 'deployer', t.deployers, name);
      const developers = this.subjects(`${field}.developers`, 'developer', t.developers, name);
      const viewers = this.subjects(`${field}.viewers`, 'viewer', t.viewers, name);
      if (deployers.length + developers.length + viewers.length === 0) {
        throw invalidInput(this, field, 'the tenant grants nothing: no deployers, developers or viewers', { name },
          'add the subjects that work in this namespace, or remove the entry');
      }
      let execReason: string | undefined;
      if (t.developerExecReason !== undefined) {
        execReason = validateReason(this, `${field}.developerExecReason`, t.developerExecReason);
        if (developers.length === 0) {
          throw invalidInput(this, `${field}.developerExecReason`, 'exec is granted to the tenant\'s developers, and there are none', t.developerExecReason,
            `add ${field}.developers, or remove developerExecReason`);
        }
      }
      return { name, deployers, developers, viewers, execReason };
    });
  }

  private validateWorkloadGrants(grants: WorkloadGrantOptions[]) {
    const seen = new Map<string, number>();
    return grants.map((g, i) => {
      const field = `workloadGrants[${i}]`;
      const reason = validateReason(this, `${field}.reason`, g.reason);
      const namespace = g.workload.workloadNamespace ?? Chart.of(g.workload).namespace;
      if (namespace === undefined) {
        throw invalidInput(this, `${field}.workload`, `${g.workload.node.path} has no namespace, and a RoleBinding to a ServiceAccount must name one`, g.workload.node.path,
          'give the workload (or its chart) a namespace');
      }
      const subject: SubjectData = {
        kind: 'ServiceAccount',
        name: validateDnsSubdomain(this, `${field}.workload (ServiceAccount name)`, g.workload.serviceAccountName),
        namespace: validateDnsLabel(this, `${field}.workload (namespace)`, namespace),
      };
      const key = subjectKey(subject);
      const first = seen.get(key);
      if (first !== undefined) {
        throw invalidInput(this, field, `${g.workload.node.path} already has a grant, workloadGrants[${first}]`, g.workload.node.path,
          `put all of the workload's rules in workloadGrants[${first}]`);
      }
      seen.set(key, i);
      this.uses.push({ field: `${field}.workload`, persona: 'workload', subject });
      if (g.rules.length === 0) {
        throw invalidInput(this, `${field}.rules`, 'a grant needs at least one rule', g.rules, 'list what the workload needs, or remove the grant');
      }
      const rules = g.rules.map((r, j) => this.validateRule(`${field}.rules[${j}]`, r));
      const privilegeReason = this.validatePrivilegeReason(field, g, rules);
      return { subject, reason, rules, privilegeReason };
    });
  }

  private validateRule(field: string, r: AccessRuleOptions): RuleData {
    for (const [part, values] of [['apiGroups', r.apiGroups], ['resources', r.resources], ['verbs', r.verbs], ['resourceNames', r.resourceNames ?? ['x']]] as const) {
      if (values.length === 0) {
        throw invalidInput(this, `${field}.${part}`, 'must list at least one value', values, `enumerate the ${part} the workload needs`);
      }
      if (values.some(v => v.includes('*'))) {
        throw invalidInput(this, `${field}.${part}`, '"*" grants everything, including what the API adds later', values,
          `enumerate the ${part} the workload needs; see ${RBAC_DOCS}#referring-to-resources`);
      }
    }
    for (const verb of r.verbs) {
      if (ESCALATION_VERBS.includes(verb)) {
        throw invalidInput(this, `${field}.verbs`, `"${verb}" is RBAC-equivalent to cluster-admin and reserved to cluster administrators`, r.verbs,
          'remove it; a workload that manages RBAC belongs to the cluster administrators, not to a tenant');
      }
      if (!ORDINARY_VERBS.includes(verb)) {
        throw invalidInput(this, `${field}.verbs`, `"${verb}" is not a verb a workload grant may use`, r.verbs, `use ${ORDINARY_VERBS.join(', ')}`);
      }
    }
    for (const resource of r.resources) {
      const why = FORBIDDEN_WORKLOAD_RESOURCES[resource];
      if (why !== undefined) {
        throw invalidInput(this, `${field}.resources`, `"${resource}" ${why}; a workload grant may not include it`, r.resources,
          'remove it; see https://kubernetes.io/docs/concepts/security/rbac-good-practices/');
      }
    }
    const reads = r.verbs.filter(v => SECRET_READ_VERBS.includes(v));
    if (r.apiGroups.includes('') && r.resources.includes('secrets') && reads.length > 0) {
      const patch = reads.every(v => v === 'patch') ? ' (patch returns the whole merged Secret, so it reads as well)' : '';
      throw invalidInput(this, `${field}`, `reading Secrets through the API is reserved to cluster administrators (Kubescape C-0015)${patch}`, r,
        'mount the Secret into the pod as a volume or environment variable instead, which needs no RBAC');
    }
    if (r.resourceNames !== undefined) {
      const unrestrictable = r.verbs.filter(v => v === 'create' || v === 'deletecollection');
      if (unrestrictable.length > 0) {
        throw invalidInput(this, `${field}.resourceNames`, `${unrestrictable.join(' and ')} cannot be restricted by name, so the rule would grant more than it says`, r.verbs,
          `move ${unrestrictable.join(' and ')} to a rule without resourceNames; see ${RBAC_DOCS}#referring-to-resources`);
      }
    }
    return {
      apiGroups: [...r.apiGroups],
      resources: [...r.resources],
      verbs: [...r.verbs],
      ...(r.resourceNames === undefined ? {} : { resourceNames: [...r.resourceNames] }),
    };
  }

  /**
   * Writing pods or workload controllers runs pods that can mount any Secret and use any
   * ServiceAccount of the namespace: such a grant needs its own reason, and a reason needs such
   * a grant.
   */
  private validatePrivilegeReason(field: string, g: WorkloadGrantOptions, rules: RuleData[]): string | undefined {
    const grants = rules.map((r, j) => ({ j, runs: podRunningGrants(r) })).filter(x => x.runs.length > 0);
    if (grants.length > 0) {
      const { j, runs } = grants[0];
      return validateReason(this, `${field}.privilegeReason (needed because rules[${j}] writes ${runs.join(', ')}, which runs pods that can mount any Secret and use any ServiceAccount of the namespace)`, g.privilegeReason);
    }
    if (g.privilegeReason !== undefined) {
      throw invalidInput(this, `${field}.privilegeReason`, 'a reason is given but no rule writes pods or workload controllers', g.privilegeReason, 'remove privilegeReason');
    }
    return undefined;
  }

  /**
   * A hardened workload's own ServiceAccount is never a persona's subject: the workload's pods hold
   * its token (mounted or projected), so whoever runs code in them would deploy, develop or
   * administer. Checked at synthesis, when every workload of the app is known.
   */
  private checkWorkloadAccounts(): string[] {
    const accounts = this.uses.filter(u => u.persona !== 'workload' && u.subject.kind === 'ServiceAccount');
    if (accounts.length === 0) return [];
    for (const c of this.node.root.node.findAll()) {
      const identity = workloadIdentity(c);
      if (!identity) continue;
      const use = accounts.find(u => u.subject.name === identity.name && u.subject.namespace === identity.namespace);
      if (use) {
        throw invalidInput(this, use.field, `${describeSubject(use.subject)} is the own ServiceAccount of the hardened workload ${c.node.path}, whose pods would then hold the ${use.persona} persona`,
          { kind: use.subject.kind, name: use.subject.name }, 'give the automation an account of its own; widen a workload only with workloadGrants');
      }
    }
    return [];
  }

  /**
   * A subject may hold more than one persona only where that adds no conflict of duty:
   * - cluster administrators may also hold break-glass, and developer or viewer in a tenant;
   * - infrastructure managers may also be developers or viewers in a tenant;
   * - developers of one tenant may develop in or view other tenants.
   * Everything else is refused: administrators are not infrastructure managers (NSA/CISA);
   * auditors hold nothing else (independence); deployers serve one tenant and nothing else (a
   * compromised pipeline reaches one namespace); break-glass subjects are administrators or
   * nobody else; a workload's ServiceAccount only ever gets its grant; and the same subject twice
   * in one persona, or as developer and viewer of one tenant, is a mistake.
   */
  private checkConflicts(): void {
    // against the models already in this app: one group, three models, three personas is as much
    // a conflict as one model giving them
    const others = MODELS.get(this.node.root) ?? [];
    for (const other of others) {
      for (const a of other.uses) {
        for (const b of this.uses) {
          if (subjectKey(a.subject) !== subjectKey(b.subject)) continue;
          const problem = conflict(a, b);
          if (problem !== undefined) {
            throw invalidInput(this, b.field, `${describeSubject(b.subject)} is also in ${a.field} of the SeparatedRbac ${other.node.path}: ${problem}`,
              { kind: b.subject.kind, name: b.subject.name }, `remove it from one of ${other.node.path} ${a.field} and ${b.field}, or give it one persona in one model`);
          }
        }
      }
    }
    for (let j = 0; j < this.uses.length; j++) {
      for (let i = 0; i < j; i++) {
        const a = this.uses[i];
        const b = this.uses[j];
        if (subjectKey(a.subject) !== subjectKey(b.subject)) continue;
        const problem = conflict(a, b);
        if (problem !== undefined) {
          throw invalidInput(this, b.field, `${describeSubject(b.subject)} is also in ${a.field}: ${problem}`, { kind: b.subject.kind, name: b.subject.name },
            `remove it from one of ${a.field} and ${b.field}`);
        }
      }
    }
  }
}

/** The SeparatedRbac models of each app, for conflicts across models. */
const MODELS = new WeakMap<IConstruct, SeparatedRbac[]>();

/** A hardened workload's identity, as the workloads of this library expose it (`IHardenedWorkload`). */
function workloadIdentity(c: IConstruct): { namespace?: string; name: string } | undefined {
  const w = c as Partial<IHardenedWorkload>;
  if (typeof w.serviceAccountName !== 'string' || w.workloadRole === undefined) return undefined;
  let namespace = w.workloadNamespace;
  if (namespace === undefined) {
    try {
      namespace = Chart.of(c).namespace;
    } catch {
      namespace = undefined;
    }
  }
  return { namespace, name: w.serviceAccountName };
}

function conflict(a: SubjectUse, b: SubjectUse): string | undefined {
  const personas = [a.persona, b.persona];
  const has = (p: string) => personas.includes(p);
  if (a.persona === b.persona && a.tenant === b.tenant) return 'a subject is listed once per persona';
  if (has('auditor')) return 'auditors hold no other persona, so that the audit stays independent of what it audits';
  if (has('workload')) return 'a workload\'s ServiceAccount is widened only by its own grant';
  if (has('deployer')) return 'a deployer identity serves one tenant and nothing else, so that a compromised pipeline reaches one namespace';
  if (has('break-glass')) return has('cluster-admin') ? undefined : 'break-glass is for cluster administrators only';
  if (has('cluster-admin') && has('infrastructure-manager')) {
    return 'NSA/CISA: separate cluster administration from infrastructure management';
  }
  if (has('developer') && has('viewer') && a.tenant === b.tenant) return 'developers already read everything viewers read';
  return undefined;
}

function subjectKey(s: SubjectData): string {
  return JSON.stringify([s.kind, s.namespace ?? '', s.name]);
}

function describeSubject(s: SubjectData): string {
  return `${s.kind} ${JSON.stringify(s.namespace === undefined ? s.name : `${s.namespace}/${s.name}`)}`;
}

function toKubeSubject(s: SubjectData): Record<string, string> {
  return s.kind === 'ServiceAccount'
    ? { kind: s.kind, name: s.name, namespace: s.namespace ?? '' }
    : { apiGroup: RBAC_GROUP, kind: s.kind, name: s.name };
}

function copyRules(rules: readonly RuleData[]): RuleData[] {
  return rules.map(r => ({
    apiGroups: [...r.apiGroups],
    resources: [...r.resources],
    verbs: [...r.verbs],
    ...(r.resourceNames === undefined ? {} : { resourceNames: [...r.resourceNames] }),
  }));
}
