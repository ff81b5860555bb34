// RBAC facts: the subjects that are everyone, the verbs and subresources that escalate, and the
// built-in roles with what they grant.
// https://kubernetes.io/docs/reference/access-authn-authz/rbac/
// https://kubernetes.io/docs/concepts/security/rbac-good-practices/

/** The user every unauthenticated request runs as. @internal */
export const ANONYMOUS_USER = 'system:anonymous';
/** The group of every unauthenticated request. @internal */
export const UNAUTHENTICATED_GROUP = 'system:unauthenticated';
/** The group of every authenticated request: every user and every ServiceAccount. @internal */
export const AUTHENTICATED_GROUP = 'system:authenticated';

/** Subjects that stand for callers nobody vetted: anyone, or everyone with any credential. @internal */
export const BROAD_SUBJECTS: readonly string[] = [ANONYMOUS_USER, UNAUTHENTICATED_GROUP, AUTHENTICATED_GROUP];

/** The group of every ServiceAccount of the cluster. @internal */
export const SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';
/** The prefix of `system:serviceaccounts:<namespace>`, the group of every ServiceAccount of a namespace. @internal */
export const NAMESPACE_SERVICE_ACCOUNTS_PREFIX = `${SERVICE_ACCOUNTS_GROUP}:`;

/**
 * Whether a subject name stands for many callers that nobody chose one by one: the broad
 * subjects, and the groups of every ServiceAccount (of the cluster, or of a namespace).
 * @internal
 */
export function standsForMany(name: string): boolean {
  return BROAD_SUBJECTS.includes(name) || name === SERVICE_ACCOUNTS_GROUP || name.startsWith(NAMESPACE_SERVICE_ACCOUNTS_PREFIX);
}

/** The prefix of names Kubernetes reserves for its own users, groups and RBAC objects. @internal */
export const SYSTEM_PREFIX = 'system:';

/** The RBAC API group. @internal */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';
/** The API group of `uids` and `userextras/<key>`, which `impersonate` also applies to. @internal */
export const AUTHENTICATION_GROUP = 'authentication.k8s.io';

/** In a PolicyRule: every API group, resource or verb; at the end of a nonResourceURL, every path with that prefix. @internal */
export const WILDCARD = '*';

/** RBAC's own resources: whoever writes them decides who can do what. @internal */
export const RBAC_RESOURCES: readonly string[] = ['clusterrolebindings', 'clusterroles', 'rolebindings', 'roles'];
/** The resources `bind` and `escalate` apply to. @internal */
export const ROLE_RESOURCES: readonly string[] = ['clusterroles', 'roles'];

/** Bind a role whose permissions the subject does not hold. @internal */
export const BIND_VERB = 'bind';
/** Create or update a role with permissions the subject does not hold. @internal */
export const ESCALATE_VERB = 'escalate';
/** Act as another user, group, ServiceAccount, uid or user extra. @internal */
export const IMPERSONATE_VERB = 'impersonate';
/** Verbs that are RBAC-equivalent to cluster-admin: they get around RBAC's escalation checks. @internal */
export const ESCALATION_VERBS: readonly string[] = [BIND_VERB, ESCALATE_VERB, IMPERSONATE_VERB];

/** What `impersonate` applies to: core `users`, `groups`, `serviceaccounts`; `uids` and `userextras/<key>`. @internal */
export const IMPERSONATION_TARGETS: ReadonlyArray<{ readonly apiGroup: string; readonly resources: readonly string[] }> = [
  { apiGroup: '', resources: ['users', 'groups', 'serviceaccounts'] },
  { apiGroup: AUTHENTICATION_GROUP, resources: ['uids', 'userextras'] },
];

/** Runs a command in a running container (`kubectl exec`). @internal */
export const POD_EXEC = 'pods/exec';
/** Attaches to a running container's process (`kubectl attach`). @internal */
export const POD_ATTACH = 'pods/attach';
/** Adds a container to a running pod (`kubectl debug`), with the pod's ServiceAccount and volumes. @internal */
export const POD_EPHEMERAL_CONTAINERS = 'pods/ephemeralcontainers';
/** The kubelet's API through the API server: every pod of the node, `exec` included. @internal */
export const NODE_PROXY = 'nodes/proxy';

/**
 * The first Kubernetes minor version (1.N) whose API server also requires `create` on a
 * WebSocket upgrade of `pods/exec`, `pods/attach` and `pods/portforward`
 * (`AuthorizePodWebsocketUpgradeCreatePermission`, beta and on by default from 1.35, KEP-4006):
 * from then on `get` alone opens none of them.
 * @internal
 */
export const WEBSOCKET_CREATE_CHECK_MINOR = 35;

/** A subresource that puts a subject inside a running container, with the verbs that do it. @internal */
export interface ContainerEntry {
  readonly resource: string;
  readonly verbs: readonly string[];
}

/**
 * Core subresources that put a subject inside a running container, with the verbs that do it in
 * every version: `get` counts for exec and attach, since WebSocket clients (kubectl from 1.30 on,
 * most client libraries) open them with a GET, which clusters before 1.35 authorize as `get`
 * alone. The strictest reading, for what must hold on any cluster (admission policies, the
 * access matrix); `containerEntry(minor)` is the reading at one version.
 * @internal
 */
export const CONTAINER_ENTRY: readonly ContainerEntry[] = [
  { resource: POD_EXEC, verbs: ['create', 'get'] },
  { resource: POD_ATTACH, verbs: ['create', 'get'] },
  { resource: POD_EPHEMERAL_CONTAINERS, verbs: ['update', 'patch'] },
];

/**
 * The ways into a running container on a cluster of Kubernetes 1.`minor`: from 1.35
 * (`WEBSOCKET_CREATE_CHECK_MINOR`) `get` on `pods/exec` and `pods/attach` no longer opens them.
 * @internal
 */
export function containerEntry(minor: number): readonly ContainerEntry[] {
  if (minor < WEBSOCKET_CREATE_CHECK_MINOR) return CONTAINER_ENTRY;
  return CONTAINER_ENTRY.map(e => (e.resource === POD_EXEC || e.resource === POD_ATTACH ? { ...e, verbs: e.verbs.filter(v => v !== 'get') } : e));
}

/**
 * Resources whose access, with any verb, Kubescape C-0265 counts as a way to take over the
 * cluster when everyone has it: pods and what creates them, entry into containers, nodes and
 * Secrets. Kubescape spells `statefulset` and `daemonset` in the singular (which no role uses);
 * these are the plural resource names, with `replicasets` and `replicationcontrollers`, which also
 * create pods.
 * @internal
 */
export const CLUSTER_TAKEOVER_RESOURCES: readonly string[] = [
  'pods', POD_EXEC, POD_ATTACH, 'pods/portforward', 'deployments', 'statefulsets', 'daemonsets', 'replicasets',
  'replicationcontrollers', 'jobs', 'cronjobs', 'nodes', 'secrets',
];

/** The built-in ClusterRole that grants everything. @internal */
export const CLUSTER_ADMIN_ROLE = 'cluster-admin';

/** The group whose members the API server lets through without asking RBAC (`system:masters`). @internal */
export const MASTERS_GROUP = 'system:masters';

/**
 * The read and write verbs that, on every resource, make a role an administrator's whatever its
 * spelling: `*`, or these written out in any order (`deletecollection` adds nothing to them).
 * @internal
 */
export const ADMIN_VERBS: readonly string[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/** A PolicyRule as far as administration goes; `resourceNames` restricts it to some objects. @internal */
export interface AdminCheckedRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
}

const hasAny = (list: readonly string[], wanted: readonly string[]) => list.some(v => v === WILDCARD || wanted.includes(v));
const unrestricted = (r: AdminCheckedRule) => (r.resourceNames ?? []).length === 0;

/**
 * Why a set of rules (a role's, its aggregated rules included) makes its holder an administrator,
 * or undefined. Administrator means: every read and write verb (`ADMIN_VERBS`, or `*`) on every
 * resource (`*`) of every API group (`*`) or of the core group (`""`, as Kubescape C-0035 reads
 * it: Secrets, `pods/exec`, `serviceaccounts/token`), from one rule or several; or a way around
 * RBAC that leads there:
 * - `bind` on `clusterroles` with `create` on `rolebindings` or `clusterrolebindings`: binds
 *   `cluster-admin` to oneself;
 * - `escalate` on `roles` or `clusterroles` with `update` or `patch` on them: rewrites one's own
 *   role to grant everything;
 * - (bound cluster-wide only, as impersonation of users and groups is not namespaced)
 *   `impersonate` on `groups` or `users`: acts as `system:masters` or as any administrator.
 * Rules restricted by `resourceNames` are left out, except a `bind` or `impersonate` restricted to
 * `cluster-admin` or `system:masters`.
 * @internal
 */
export function adminEquivalence(rules: readonly AdminCheckedRule[], clusterWide: boolean): string | undefined {
  const everyResource = rules.filter(r => unrestricted(r) && r.resources.includes(WILDCARD));
  for (const [groups, what] of [[[WILDCARD], 'every API group'], [[WILDCARD, ''], 'the core API group']] as const) {
    const verbs = new Set(everyResource.filter(r => r.apiGroups.some(g => (groups as readonly string[]).includes(g))).flatMap(r => r.verbs));
    if (verbs.has(WILDCARD)) return `every verb on every resource of ${what}`;
    if (ADMIN_VERBS.every(v => verbs.has(v))) return `${ADMIN_VERBS.join(', ')} on every resource of ${what}`;
  }
  const covers = (r: AdminCheckedRule, group: string, resources: readonly string[], verbs: readonly string[], names: readonly string[] = []) =>
    hasAny(r.apiGroups, [group]) && hasAny(r.resources, resources) && hasAny(r.verbs, verbs)
    && (unrestricted(r) || names.some(n => r.resourceNames!.includes(n)));
  const any = (group: string, resources: readonly string[], verbs: readonly string[], names?: readonly string[]) =>
    rules.some(r => covers(r, group, resources, verbs, names));
  if (any(RBAC_GROUP, ['clusterroles'], [BIND_VERB], [CLUSTER_ADMIN_ROLE]) && any(RBAC_GROUP, ['rolebindings', 'clusterrolebindings'], ['create'])) {
    return `${BIND_VERB} on clusterroles with create on bindings, which binds ${CLUSTER_ADMIN_ROLE}`;
  }
  for (const resource of ROLE_RESOURCES) {
    if (any(RBAC_GROUP, [resource], [ESCALATE_VERB]) && any(RBAC_GROUP, [resource], ['update', 'patch'])) {
      return `${ESCALATE_VERB} with update on ${resource}, which rewrites a role to grant everything`;
    }
  }
  if (clusterWide) {
    if (any('', ['groups'], [IMPERSONATE_VERB], [MASTERS_GROUP])) return `${IMPERSONATE_VERB} on groups, which acts as ${MASTERS_GROUP}`;
    if (any('', ['users'], [IMPERSONATE_VERB])) return `${IMPERSONATE_VERB} on users, which acts as any administrator`;
  }
  return undefined;
}

/** The built-in user-facing ClusterRoles, strongest first. @internal */
export const BUILT_IN_ADMIN_ROLES: readonly string[] = [CLUSTER_ADMIN_ROLE, 'admin', 'edit'];

/** The label every built-in role carries. @internal */
export const BOOTSTRAPPING_LABEL = 'kubernetes.io/bootstrapping';
/** Its value. @internal */
export const BOOTSTRAPPING_VALUE = 'rbac-defaults';

/** `rbac.authorization.k8s.io/aggregate-to-admin` and its siblings: a ClusterRole with it adds its rules to `admin` (`edit`, `view`). @internal */
export function aggregationLabel(role: 'admin' | 'edit' | 'view'): string {
  return `${RBAC_GROUP}/aggregate-to-${role}`;
}

/** A PolicyRule of a built-in role. @internal */
export interface BuiltInRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

/** A built-in ClusterRole: its labels, what it aggregates, and its rules. @internal */
export interface BuiltInClusterRole {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The `matchLabels` of its `aggregationRule.clusterRoleSelectors`; its rules are then those of the roles selected. */
  readonly aggregates: ReadonlyArray<Readonly<Record<string, string>>>;
  /** Its own rules. For the `system:aggregate-to-*` roles: the rules the compliance rules read; Kubernetes lists more. */
  readonly rules: readonly BuiltInRule[];
}

const bootstrapped = (extra: Record<string, string> = {}): Record<string, string> => ({ [BOOTSTRAPPING_LABEL]: BOOTSTRAPPING_VALUE, ...extra });
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const WORKLOADS = ['daemonsets', 'deployments', 'replicasets', 'statefulsets'];

/**
 * The built-in ClusterRoles of every cluster that the RBAC rules need to know (Kubernetes
 * bootstrap policy, plugin/pkg/auth/authorizer/rbac/bootstrappolicy): `cluster-admin`; `admin`,
 * `edit`, `view`, which aggregate the `system:aggregate-to-*` roles (and every ClusterRole with
 * their aggregation label); and those aggregation sources.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
 * @internal
 */
export const BUILT_IN_CLUSTER_ROLES: readonly BuiltInClusterRole[] = [
  {
    name: CLUSTER_ADMIN_ROLE,
    labels: bootstrapped(),
    aggregates: [],
    rules: [
      { apiGroups: [WILDCARD], resources: [WILDCARD], verbs: [WILDCARD] },
      { apiGroups: [], resources: [], nonResourceURLs: [WILDCARD], verbs: [WILDCARD] },
    ],
  },
  { name: 'admin', labels: bootstrapped(), aggregates: [{ [aggregationLabel('admin')]: 'true' }], rules: [] },
  { name: 'edit', labels: bootstrapped({ [aggregationLabel('admin')]: 'true' }), aggregates: [{ [aggregationLabel('edit')]: 'true' }], rules: [] },
  { name: 'view', labels: bootstrapped({ [aggregationLabel('edit')]: 'true' }), aggregates: [{ [aggregationLabel('view')]: 'true' }], rules: [] },
  {
    name: 'system:aggregate-to-admin',
    labels: bootstrapped({ [aggregationLabel('admin')]: 'true' }),
    aggregates: [],
    rules: [
      { apiGroups: ['authorization.k8s.io'], resources: ['localsubjectaccessreviews'], verbs: ['create'] },
      { apiGroups: [RBAC_GROUP], resources: ['rolebindings', 'roles'], verbs: [...WRITE, ...READ] },
    ],
  },
  {
    name: 'system:aggregate-to-edit',
    labels: bootstrapped({ [aggregationLabel('edit')]: 'true' }),
    aggregates: [],
    rules: [
      { apiGroups: [''], resources: [POD_ATTACH, POD_EXEC, 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], verbs: READ },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: [IMPERSONATE_VERB] },
      { apiGroups: [''], resources: ['pods', POD_ATTACH, POD_EXEC, 'pods/portforward', 'pods/proxy'], verbs: WRITE },
      { apiGroups: [''], resources: ['configmaps', 'persistentvolumeclaims', 'replicationcontrollers', 'secrets', 'serviceaccounts', 'services'], verbs: WRITE },
      { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
      { apiGroups: ['apps'], resources: WORKLOADS, verbs: WRITE },
      { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: WRITE },
    ],
  },
  {
    name: 'system:aggregate-to-view',
    labels: bootstrapped({ [aggregationLabel('view')]: 'true' }),
    aggregates: [],
    rules: [
      { apiGroups: [''], resources: ['configmaps', 'endpoints', 'persistentvolumeclaims', 'pods', 'replicationcontrollers', 'serviceaccounts', 'services'], verbs: READ },
      { apiGroups: ['apps'], resources: ['controllerrevisions', ...WORKLOADS], verbs: READ },
      { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: READ },
    ],
  },
];

/**
 * The names of every ClusterRole the Kubernetes bootstrap policy creates (plugin/pkg/auth/authorizer/
 * rbac/bootstrappolicy, testdata/cluster-roles.yaml), besides the controllers' own
 * (`CONTROLLER_ROLE_PREFIX`). Only some have their rules in `BUILT_IN_CLUSTER_ROLES`; a binding to
 * any of them refers to a role that exists in every cluster.
 * @internal
 */
export const BUILT_IN_CLUSTER_ROLE_NAMES: readonly string[] = [
  'admin', CLUSTER_ADMIN_ROLE, 'edit', 'view',
  'system:aggregate-to-admin', 'system:aggregate-to-edit', 'system:aggregate-to-view',
  'system:auth-delegator', 'system:basic-user',
  'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
  'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
  'system:certificates.k8s.io:kube-apiserver-client-approver',
  'system:certificates.k8s.io:kube-apiserver-client-kubelet-approver',
  'system:certificates.k8s.io:kubelet-serving-approver',
  'system:certificates.k8s.io:legacy-unknown-approver',
  'system:discovery', 'system:heapster', 'system:kube-aggregator', 'system:kube-controller-manager', 'system:kube-dns',
  'system:kube-scheduler', 'system:kubelet-api-admin', 'system:monitoring', 'system:node', 'system:node-bootstrapper',
  'system:node-problem-detector', 'system:node-proxier', 'system:persistent-volume-provisioner', 'system:public-info-viewer',
  'system:service-account-issuer-discovery', 'system:volume-scheduler',
];

/** The prefix of the ClusterRoles (and kube-system Roles) of the controller manager's controllers (`system:controller:deployment-controller`). @internal */
export const CONTROLLER_ROLE_PREFIX = 'system:controller:';

/** The Roles the bootstrap policy creates, by namespace (testdata/namespace-roles.yaml). @internal */
export const BUILT_IN_ROLES: Readonly<Record<string, readonly string[]>> = {
  'kube-public': ['system:controller:bootstrap-signer'],
  'kube-system': [
    'extension-apiserver-authentication-reader', 'system::leader-locking-kube-controller-manager', 'system::leader-locking-kube-scheduler',
    'system:controller:bootstrap-signer', 'system:controller:cloud-provider', 'system:controller:token-cleaner',
  ],
};

/** Whether Kubernetes itself defines a role of this kind and name (in this namespace, for a Role). @internal */
export function isBuiltInRole(kind: string, name: string, namespace: string): boolean {
  if (kind === 'ClusterRole') return BUILT_IN_CLUSTER_ROLE_NAMES.includes(name) || name.startsWith(CONTROLLER_ROLE_PREFIX);
  return kind === 'Role' && (BUILT_IN_ROLES[namespace] ?? []).includes(name);
}

/** A built-in ClusterRole by name, or undefined. @internal */
export function builtInClusterRole(name: string): BuiltInClusterRole | undefined {
  return BUILT_IN_CLUSTER_ROLES.find(r => r.name === name);
}

// ---------------------------------------------------------------------------------------------
// Privilege-equivalent grants: permissions worth more than they name, because the holder can
// turn them into other permissions. Read by SeparatedRbac to refuse a workload grant, or to
// require a written reason for it.
// https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks

/** A resource of an API group, as RBAC rules name them (`""` is the core group). @internal */
export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

/**
 * The resources whose objects are, or make, pods: whoever writes one runs a pod of their choosing,
 * which can mount any Secret and run as any ServiceAccount of the namespace ("Workload creation").
 * Kubernetes' own kinds.
 * @internal
 */
export const BUILT_IN_POD_RUNNING_RESOURCES: readonly GroupResource[] = [
  { group: '', resource: 'pods' },
  { group: '', resource: 'replicationcontrollers' },
  { group: 'apps', resource: 'daemonsets' },
  { group: 'apps', resource: 'deployments' },
  { group: 'apps', resource: 'replicasets' },
  { group: 'apps', resource: 'statefulsets' },
  { group: 'batch', resource: 'cronjobs' },
  { group: 'batch', resource: 'jobs' },
];

const custom = (group: string, ...resources: string[]): GroupResource[] => resources.map(resource => ({ group, resource }));

/**
 * Custom resources of widely installed operators whose objects carry a pod template (or the
 * containers of one) that the operator's controller runs: writing one is creating pods, as
 * writing a Deployment is. Each operator's CRDs as it publishes them.
 * @internal
 */
export const CUSTOM_POD_RUNNING_RESOURCES: readonly GroupResource[] = [
  ...custom('argoproj.io', 'rollouts', 'workflows', 'cronworkflows', 'workflowtemplates', 'clusterworkflowtemplates'), // Argo Rollouts, Argo Workflows
  ...custom('batch.volcano.sh', 'jobs'), // Volcano
  ...custom('kubeflow.org', 'tfjobs', 'pytorchjobs', 'mpijobs', 'xgboostjobs', 'paddlejobs', 'jaxjobs', 'notebooks'), // Kubeflow
  ...custom('trainer.kubeflow.org', 'trainjobs'),
  ...custom('ray.io', 'rayclusters', 'rayjobs', 'rayservices'), // KubeRay
  ...custom('jobset.x-k8s.io', 'jobsets'),
  ...custom('leaderworkerset.x-k8s.io', 'leaderworkersets'),
  ...custom('apps.kruise.io', 'clonesets', 'statefulsets', 'daemonsets', 'broadcastjobs', 'advancedcronjobs', 'sidecarsets'), // OpenKruise
  ...custom('serving.knative.dev', 'services', 'configurations', 'revisions'), // Knative Serving
  ...custom('tekton.dev', 'taskruns', 'pipelineruns'), // Tekton
  ...custom('sparkoperator.k8s.io', 'sparkapplications', 'scheduledsparkapplications'), // Spark operator
  ...custom('flink.apache.org', 'flinkdeployments'), // Flink operator
  ...custom('keda.sh', 'scaledjobs'), // KEDA
  ...custom('actions.github.com', 'autoscalingrunnersets', 'ephemeralrunnersets', 'ephemeralrunners'), // GitHub Actions runner controller
  ...custom('actions.summerwind.dev', 'runnerdeployments', 'runnersets', 'runners'),
];

/** Every resource whose writers run pods of their choosing: Kubernetes' own and the operators'. @internal */
export const POD_RUNNING_RESOURCES: readonly GroupResource[] = [...BUILT_IN_POD_RUNNING_RESOURCES, ...CUSTOM_POD_RUNNING_RESOURCES];

/** The verbs that write what those resources run (the pod template included). @internal */
export const POD_SPEC_WRITE_VERBS: readonly string[] = ['create', 'update', 'patch'];

/**
 * The verbs that return Secret contents: `get`; `list` and `watch`, which return every Secret at
 * once; and `patch`, whose response is the whole Secret once merged (an empty patch reads it).
 * `update` is not among them: its response is the object the writer sent, which replaces the
 * Secret whole.
 * @internal
 */
export const SECRET_READ_VERBS: readonly string[] = ['get', 'list', 'watch', 'patch'];

/** A rule in `PolicyRule` shape, as far as privilege goes. @internal */
export interface GrantedRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

/**
 * The pod-running resources a rule lets its holder write (`create`, `update`, `patch` or `*` on
 * them, named or through `*`), as `group/resource` (`apps/deployments`; core resources without a
 * group: `pods`): empty when the rule runs no pod. The single test of "runs pods" for the
 * workload grants, the access matrix and the engine's PodCreate (Kubescape C-0188, extended from
 * `create` on `pods` to every writer of a pod template).
 * @internal
 */
export function podRunningGrants(rule: GrantedRule): string[] {
  if (!rule.verbs.some(v => v === WILDCARD || POD_SPEC_WRITE_VERBS.includes(v))) return [];
  const has = (list: readonly string[], value: string) => list.includes(value) || list.includes(WILDCARD);
  return POD_RUNNING_RESOURCES
    .filter(r => has(rule.apiGroups, r.group) && has(rule.resources, r.resource))
    .map(r => (r.group === '' ? r.resource : `${r.group}/${r.resource}`));
}
