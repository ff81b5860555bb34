// The rules each persona's role is made of. This is the single source of truth: SeparatedRbac
// synthesizes these rules, and the access matrix is read from what is synthesized.
//
// Every rule enumerates its API groups, resources and verbs (no `*`), so a role never grows when
// the cluster gains an API. Each rule says why it exists; the "why" is for reviewers of this
// file and of docs/rbac.md, and is not part of the synthesized output.

import {
  BIND_VERB, ESCALATE_VERB, IMPERSONATE_VERB, NODE_PROXY, POD_ATTACH, POD_EPHEMERAL_CONTAINERS, POD_EXEC, RBAC_GROUP, RBAC_RESOURCES, ROLE_RESOURCES,
} from '../standards/rbac';

/**
 * A rule as synthesized, in Kubernetes' `PolicyRule` shape.
 * @internal
 */
export interface RuleData {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
}

/** A rule with the reason it is granted. @internal */
export interface ExplainedRule extends RuleData {
  readonly why: string;
}

/** @internal */
export const READ = ['get', 'list', 'watch'] as const;
/** @internal */
export const WRITE = ['create', 'update', 'patch', 'delete'] as const;
/** @internal */
export const READ_WRITE = [...READ, ...WRITE] as const;

/** Verbs a workload grant may use: the ordinary ones. @internal */
export const ORDINARY_VERBS: readonly string[] = [...READ_WRITE, 'deletecollection'];

const CORE = '';
const ADMISSION = 'admissionregistration.k8s.io';
const CRDS = 'apiextensions.k8s.io';
const API_SERVICES = 'apiregistration.k8s.io';
const FLOW_CONTROL = 'flowcontrol.apiserver.k8s.io';
const NETWORKING = 'networking.k8s.io';
const STORAGE = 'storage.k8s.io';
const SCHEDULING = 'scheduling.k8s.io';
const NODE = 'node.k8s.io';

function rule(apiGroup: string, resources: readonly string[], verbs: readonly string[], why: string): ExplainedRule {
  return { apiGroups: [apiGroup], resources: [...resources], verbs: [...verbs], why };
}

/**
 * Read access to the cluster's inventory: what auditors see, and what cluster administrators
 * see besides what they manage. Left out on purpose: `secrets` (C-0015), `pods/log` (logs carry
 * application data), and every subresource that reaches into a running container or mints a
 * credential (`pods/exec`, `pods/attach`, `pods/portforward`, `pods/proxy`, `services/proxy`,
 * `nodes/proxy`, `serviceaccounts/token`).
 * @internal
 */
export const INVENTORY_READ: readonly ExplainedRule[] = [
  rule(CORE, ['configmaps', 'endpoints', 'events', 'limitranges', 'namespaces', 'nodes', 'persistentvolumeclaims',
    'persistentvolumes', 'pods', 'podtemplates', 'replicationcontrollers', 'resourcequotas', 'serviceaccounts', 'services'], READ,
  'core inventory; secrets and pod subresources are not listed. ConfigMaps are readable: credentials do not belong in them (C-0012)'),
  rule('apps', ['controllerrevisions', 'daemonsets', 'deployments', 'replicasets', 'statefulsets'], READ, 'workload inventory'),
  rule('batch', ['cronjobs', 'jobs'], READ, 'batch workload inventory'),
  rule('autoscaling', ['horizontalpodautoscalers'], READ, 'scaling configuration'),
  rule('policy', ['poddisruptionbudgets'], READ, 'disruption budgets'),
  rule(NETWORKING, ['ingressclasses', 'ingresses', 'networkpolicies'], READ, 'network exposure and separation (NSA/CISA "Network separation")'),
  rule('discovery.k8s.io', ['endpointslices'], READ, 'service endpoints'),
  rule('events.k8s.io', ['events'], READ, 'events, new API'),
  rule(RBAC_GROUP, RBAC_RESOURCES, READ, 'who can do what: the first thing an access review reads'),
  rule(STORAGE, ['csidrivers', 'csinodes', 'storageclasses', 'volumeattachments'], READ, 'storage configuration'),
  rule(SCHEDULING, ['priorityclasses'], READ, 'scheduling priorities'),
  rule(NODE, ['runtimeclasses'], READ, 'container runtimes offered to pods'),
  rule(ADMISSION, ['mutatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings',
    'validatingwebhookconfigurations'], READ, 'admission control in force'),
  rule(CRDS, ['customresourcedefinitions'], READ, 'API extensions installed'),
  rule(API_SERVICES, ['apiservices'], READ, 'aggregated APIs installed'),
  rule('certificates.k8s.io', ['certificatesigningrequests'], READ, 'certificates requested from the cluster CA'),
  rule(FLOW_CONTROL, ['flowschemas', 'prioritylevelconfigurations'], READ, 'API priority and fairness'),
];

/**
 * Auditors: read-only across the cluster, Secrets' contents excluded.
 * @internal
 */
export const AUDITOR_RULES: readonly ExplainedRule[] = INVENTORY_READ;

/**
 * Cluster administrators: RBAC, namespaces, admission, cluster-wide policy, CRDs, Secrets.
 * Not nodes, volumes or storage: that is infrastructure management (NSA/CISA: separate the two).
 * Not `pods/exec`: an administrator who needs a shell uses the break-glass binding, which is
 * visible in the output and in audit logs.
 * @internal
 */
export const CLUSTER_ADMIN_RULES: readonly ExplainedRule[] = [
  ...INVENTORY_READ,
  rule(RBAC_GROUP, RBAC_RESOURCES, WRITE, 'managing access is this persona\'s job, and only this persona\'s'),
  rule(RBAC_GROUP, ROLE_RESOURCES, [BIND_VERB, ESCALATE_VERB], 'grant roles they do not hold themselves (workload grants, new personas); RBAC-equivalent to cluster-admin, hence this persona only'),
  rule(CORE, ['groups', 'serviceaccounts', 'users'], [IMPERSONATE_VERB], 'check what a subject can do (`kubectl auth can-i --as`); this persona only'),
  rule(CORE, ['secrets'], READ_WRITE, 'the only persona that reads Secrets (C-0015), e.g. to rotate or recover them'),
  rule(CORE, ['namespaces', 'serviceaccounts'], WRITE, 'namespaces (and their Pod Security labels) and identities'),
  rule(NETWORKING, ['networkpolicies'], WRITE, 'default-deny and cluster-wide network policy (NSA/CISA "Network separation")'),
  rule(ADMISSION, ['mutatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings',
    'validatingwebhookconfigurations'], WRITE, 'admission control (image signatures, configuration policy)'),
  rule(CRDS, ['customresourcedefinitions'], WRITE, 'API extensions'),
  rule(API_SERVICES, ['apiservices'], WRITE, 'aggregated APIs'),
  rule(FLOW_CONTROL, ['flowschemas', 'prioritylevelconfigurations'], WRITE, 'API priority and fairness'),
];

/**
 * Infrastructure managers: nodes, volumes, storage, scheduling priorities, runtimes, and each
 * namespace's quotas and limits. No Secrets, no RBAC, no `pods/exec`.
 * @internal
 */
export const INFRASTRUCTURE_MANAGER_RULES: readonly ExplainedRule[] = [
  rule(CORE, ['nodes'], [...READ, 'update', 'patch', 'delete'], 'cordon, label, taint and retire nodes (nodes register themselves, so no create)'),
  rule(CORE, ['pods/eviction'], ['create'], 'drain nodes: eviction honours PodDisruptionBudgets'),
  rule(CORE, ['events', 'namespaces', 'persistentvolumeclaims', 'pods'], READ, 'see what runs on a node and what uses a volume'),
  rule('apps', ['daemonsets'], READ, 'drain skips DaemonSet pods; it has to see them'),
  rule('policy', ['poddisruptionbudgets'], READ, 'plan drains around disruption budgets'),
  rule(CORE, ['persistentvolumes'], READ_WRITE, 'provision and retire volumes'),
  rule(CORE, ['limitranges', 'resourcequotas'], READ_WRITE, 'quotas and limits per namespace (NSA/CISA "Resource policies")'),
  rule(STORAGE, ['csidrivers', 'storageclasses'], READ_WRITE, 'storage classes and drivers'),
  rule(STORAGE, ['csinodes', 'volumeattachments'], READ, 'volume attachment state'),
  rule(SCHEDULING, ['priorityclasses'], READ_WRITE, 'scheduling priorities'),
  rule(NODE, ['runtimeclasses'], READ_WRITE, 'container runtimes offered to pods'),
  rule('metrics.k8s.io', ['nodes', 'pods'], ['get', 'list'], 'capacity (`kubectl top`)'),
  rule('events.k8s.io', ['events'], READ, 'events, new API'),
];

/**
 * Deployers (CI): ship workloads into their namespace. Secrets are write-only; no RBAC, no
 * `pods/exec`, no `pods/portforward`; pods are created by controllers, not directly (C-0188).
 * @internal
 */
export const DEPLOYER_RULES: readonly ExplainedRule[] = [
  rule('apps', ['deployments', 'statefulsets'], READ_WRITE, 'ship workloads'),
  rule('apps', ['deployments/scale', 'statefulsets/scale'], ['get', 'update', 'patch'], 'scale workloads'),
  rule('apps', ['replicasets'], READ, 'follow a rollout'),
  rule('batch', ['cronjobs', 'jobs'], READ_WRITE, 'ship batch workloads'),
  rule(CORE, ['configmaps', 'persistentvolumeclaims', 'serviceaccounts', 'services'], READ_WRITE, 'what workloads need besides pods'),
  rule(CORE, ['secrets'], ['create', 'update', 'delete'], 'write-only: no get/list/watch (C-0015), and no patch, whose response returns the whole merged Secret'),
  rule(CORE, ['events', 'pods'], READ, 'follow a rollout; pods are created by controllers, never directly (C-0188)'),
  rule(NETWORKING, ['ingresses', 'networkpolicies'], READ_WRITE, 'exposure and the allow-list policies next to the default deny'),
  rule('autoscaling', ['horizontalpodautoscalers'], READ_WRITE, 'autoscaling'),
  rule('policy', ['poddisruptionbudgets'], READ_WRITE, 'disruption budgets'),
  rule('events.k8s.io', ['events'], READ, 'events, new API'),
];

const NAMESPACE_READ: readonly ExplainedRule[] = [
  rule(CORE, ['configmaps', 'endpoints', 'events', 'persistentvolumeclaims', 'pods', 'serviceaccounts', 'services'], READ,
    'what runs in the namespace; Secrets are not listed'),
  rule('apps', ['daemonsets', 'deployments', 'replicasets', 'statefulsets'], READ, 'workloads'),
  rule('batch', ['cronjobs', 'jobs'], READ, 'batch workloads'),
  rule('autoscaling', ['horizontalpodautoscalers'], READ, 'autoscaling'),
  rule('policy', ['poddisruptionbudgets'], READ, 'disruption budgets'),
  rule(NETWORKING, ['ingresses', 'networkpolicies'], READ, 'exposure and network policy'),
  rule('discovery.k8s.io', ['endpointslices'], READ, 'service endpoints'),
  rule('events.k8s.io', ['events'], READ, 'events, new API'),
];

/**
 * Viewers: read what runs in their namespace. No logs, no Secrets.
 * @internal
 */
export const VIEWER_RULES: readonly ExplainedRule[] = NAMESPACE_READ;

/**
 * Developers: viewers plus logs.
 * @internal
 */
export const DEVELOPER_RULES: readonly ExplainedRule[] = [
  ...NAMESPACE_READ,
  rule(CORE, ['pods/log'], ['get'], 'read logs (`kubectl logs`, including `-f`)'),
];

/**
 * The explicit, reasoned exec grant for a tenant's developers (C-0002): a separate Role so the
 * developer Role itself never carries it.
 * @internal
 */
export const DEVELOPER_EXEC_RULES: readonly ExplainedRule[] = [
  rule(CORE, [POD_EXEC], ['create', 'get'], '`kubectl exec` (create; get for older clients); granted per namespace with a reason'),
];

/**
 * Resources a workload grant may never touch, with why. A grant for these is an error: they are
 * RBAC-equivalent to more privilege than one workload should have.
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/
 * @internal
 */
export const FORBIDDEN_WORKLOAD_RESOURCES: Readonly<Record<string, string>> = {
  [POD_EXEC]: 'runs commands in other pods (C-0002)',
  [POD_ATTACH]: 'attaches to other pods\' processes (C-0002)',
  'pods/portforward': 'reaches other pods around network policy',
  'pods/proxy': 'reaches other pods around network policy',
  [POD_EPHEMERAL_CONTAINERS]: 'adds containers to running pods',
  'services/proxy': 'reaches services around network policy',
  [NODE_PROXY]: 'reaches the kubelet API of nodes, which runs commands in every pod on them (and a Role cannot grant a node anyway)',
  'serviceaccounts/token': 'mints tokens for other identities',
  ...Object.fromEntries(RBAC_RESOURCES.map(r => [r, 'changes RBAC'])),
};
