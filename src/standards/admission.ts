// Admission control in the API server: ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1,
// GA in Kubernetes 1.30), the CEL environment their expressions run in, and the identities of
// the built-in components whose writes follow from objects that were admitted already.
// https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
// https://kubernetes.io/docs/reference/using-api/cel/

/** The API group of admission policies. @internal */
export const ADMISSION_GROUP = 'admissionregistration.k8s.io';
/** The version in which ValidatingAdmissionPolicy and its binding are GA. @internal */
export const ADMISSION_API_VERSION = `${ADMISSION_GROUP}/v1`;

/**
 * The oldest Kubernetes minor version (1.N) the generated policies run on: ValidatingAdmissionPolicy
 * is GA from 1.30. The CEL they use is in that version's environment: the standard macros, the
 * strings extension (version 2, from 1.29: `lowerAscii`, `replace`, `split`, `join`, `trim`,
 * `indexOf`, `substring`), RE2 `matches`, and the Kubernetes quantity library (from 1.28).
 * @internal
 */
export const ADMISSION_MIN_MINOR = 30;

/** What a binding does with a failed validation. @internal */
export const VALIDATION_ACTIONS = ['Deny', 'Warn', 'Audit'] as const;

/** @internal */
export type ValidationAction = typeof VALIDATION_ACTIONS[number];

/**
 * The combinations of validation actions the API server accepts (it refuses Deny with Warn,
 * which would say the same thing twice, and an empty list).
 * @internal
 */
export const VALID_ACTION_SETS: ReadonlyArray<readonly ValidationAction[]> = [
  ['Deny'], ['Deny', 'Audit'], ['Warn'], ['Warn', 'Audit'], ['Audit'],
];

/** The operations the policies check: what writes an object. @internal */
export const CHECKED_OPERATIONS: readonly string[] = ['CREATE', 'UPDATE'];

/** The prefix of the user names of ServiceAccounts of kube-system, which the controllers run as. @internal */
export const KUBE_SYSTEM_SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:kube-system:';

/** An identity whose writes the policies do not judge, with what it writes and why that is safe. @internal */
export interface DerivedWriter {
  readonly user: string;
  readonly writes: string;
}

function controller(name: string, writes: string): DerivedWriter {
  return { user: `${KUBE_SYSTEM_SERVICE_ACCOUNT_PREFIX}${name}`, writes };
}

/**
 * The built-in components whose writes follow from objects the policies judged already, or are
 * bookkeeping: pods the controllers create from admitted templates (the template's
 * acknowledgements then cover the pods), the `default` ServiceAccount of every namespace, the
 * rules the aggregation controller writes into aggregating ClusterRoles, the API server's own
 * bootstrap objects. kube-controller-manager runs each controller under its own ServiceAccount
 * (`--use-service-account-credentials`, kubeadm's default) or, without it, as
 * `system:kube-controller-manager`.
 * @internal
 */
export const DERIVED_WRITERS: readonly DerivedWriter[] = [
  { user: 'system:apiserver', writes: 'the default namespaces and the bootstrap RBAC roles and bindings' },
  { user: 'system:kube-controller-manager', writes: 'what the controllers below write, when they share its credentials' },
  controller('deployment-controller', 'ReplicaSets from admitted Deployment templates'),
  controller('replicaset-controller', 'Pods from admitted ReplicaSet templates'),
  controller('replication-controller', 'Pods from admitted ReplicationController templates'),
  controller('statefulset-controller', 'Pods from admitted StatefulSet templates'),
  controller('daemon-set-controller', 'Pods from admitted DaemonSet templates'),
  controller('job-controller', 'Pods from admitted Job templates'),
  controller('cronjob-controller', 'Jobs from admitted CronJob job templates'),
  controller('service-account-controller', 'the default ServiceAccount of every namespace'),
  controller('clusterrole-aggregation-controller', 'the rules of aggregating ClusterRoles, from ClusterRoles admitted themselves'),
  controller('generic-garbage-collector', 'owner references and finalizers'),
  controller('persistent-volume-binder', 'the binding of admitted PersistentVolumes to claims'),
  controller('pv-protection-controller', 'the protection finalizer of PersistentVolumes'),
];

/**
 * Groups whose writes the policies do not judge: kubelets create the mirror pods of static pods,
 * which the node's administrator put on the node, outside the API (and the NodeRestriction
 * admission plugin keeps each kubelet to its own node).
 * @internal
 */
export const DERIVED_WRITER_GROUPS: readonly string[] = ['system:nodes'];

/** The kinds of the admission policies and their bindings. @internal */
export const VALIDATING_ADMISSION_POLICY_KIND = 'ValidatingAdmissionPolicy';
/** @internal */
export const VALIDATING_ADMISSION_POLICY_BINDING_KIND = 'ValidatingAdmissionPolicyBinding';

/**
 * The `failurePolicy` that admits a request when the policy cannot be evaluated (an error in its
 * CEL, a cost limit hit, a missing parameter): the policy then fails open. `Fail` is the default.
 * @internal
 */
export const FAIL_OPEN_POLICY = 'Ignore';

/** The validation action that refuses a request: a binding without it only warns or audits. @internal */
export const DENY_ACTION: ValidationAction = 'Deny';

/**
 * Whether a CEL expression is a constant false whatever the request: `false`, `!true`, with any
 * white space, parentheses and double negations around them. A match condition that is one makes
 * the policy apply to nothing.
 * @internal
 */
export function isConstantFalse(expression: string): boolean {
  const value = constantBoolean(expression.replace(/\s+/g, ''));
  return value === false;
}

function constantBoolean(e: string): boolean | undefined {
  if (e === 'true') return true;
  if (e === 'false') return false;
  if (e.startsWith('!')) {
    const inner = constantBoolean(e.slice(1));
    return inner === undefined ? undefined : !inner;
  }
  if (e.startsWith('(') && e.endsWith(')') && balanced(e.slice(1, -1))) return constantBoolean(e.slice(1, -1));
  return undefined;
}

/** Whether the parentheses of a string pair up without ever closing more than were opened. */
function balanced(e: string): boolean {
  let depth = 0;
  for (const c of e) {
    if (c === '(') depth++;
    if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}
