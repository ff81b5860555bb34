// A ValidatingAdmissionPolicy as the API server evaluates it, for the tests: resource match,
// match conditions, variables, validations, over the object as the API server hands it to CEL.
// CEL is @bufbuild/cel (RE2 regular expressions, the strings extension); the Kubernetes quantity
// library, which it lacks, is provided with the quantity syntax of src/standards/quantity.ts read as
// Kubernetes reads it: "1e400" is a valid quantity, above zero (as the real API server decides it,
// test/kubernetes/admission-policies.test.ts), not an error.
import { celEnv, CelEnv, celFunc, celMethod, CelScalar, isCelError, mapType, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { quantityMagnitude } from '../../src/standards/quantity';

type Json = Record<string, any>;

const QUANTITY = mapType(CelScalar.STRING, CelScalar.DYN);
const quantity = celFunc('quantity', [CelScalar.STRING], QUANTITY, (text: string) => {
  const value = quantityMagnitude(text);
  if (value === undefined) throw new Error(`quantities must match the regular expression ...: ${text}`);
  return new Map<string, number>([['value', value]]);
});
// declared as Kubernetes declares them (k8s.io/apiserver pkg/cel/library/quantity.go): `sign` is a
// function, `sign(q)`, not a method; `isGreaterThan` is a method
const sign = celFunc('sign', [QUANTITY], CelScalar.INT, (q: Map<string, number>) => BigInt(Math.sign(q.get('value')!)));
const isGreaterThan = celMethod('isGreaterThan', QUANTITY, [QUANTITY], CelScalar.BOOL, function (this: any, other: Map<string, number>) {
  return (this.get('value') as number) > other.get('value')!;
});

const ENV: CelEnv = celEnv({ funcs: [...strings, quantity, sign, isGreaterThan] });
const programs = new Map<string, (bindings: Record<string, unknown>) => unknown>();

/** Evaluates a CEL expression; an Error when evaluation fails. */
export function evaluate(expression: string, bindings: Record<string, unknown>): unknown {
  let program = programs.get(expression);
  if (!program) {
    const planned = plan(ENV, parse(expression));
    program = (b) => planned(b as never);
    programs.set(expression, program);
  }
  try {
    const result = program(bindings);
    return isCelError(result) ? new Error(result.message) : result;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/**
 * The object as the API server hands it to CEL: decoded into its Go type and converted back, so
 * JSON nulls are gone, whole numbers are int, and resource quantities are their string form.
 */
export function apiServerView(value: unknown, path: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.filter(v => v !== null).map(v => apiServerView(v, [...path, '[]']));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined) continue;
      out[k] = apiServerView(v, [...path, k]);
    }
    return out;
  }
  const parent = path[path.length - 2];
  if (typeof value === 'number' && (parent === 'limits' || parent === 'requests')) return String(value);
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return value;
}

/** The REST resource of a kind, as this test knows it (independently of the library's table). */
const RESOURCES: Record<string, [group: string, resource: string]> = {
  'v1/Pod': ['', 'pods'],
  'v1/PodTemplate': ['', 'podtemplates'],
  'v1/ReplicationController': ['', 'replicationcontrollers'],
  'apps/v1/Deployment': ['apps', 'deployments'],
  'apps/v1/ReplicaSet': ['apps', 'replicasets'],
  'apps/v1/StatefulSet': ['apps', 'statefulsets'],
  'apps/v1/DaemonSet': ['apps', 'daemonsets'],
  'batch/v1/Job': ['batch', 'jobs'],
  'batch/v1/CronJob': ['batch', 'cronjobs'],
  'v1/ServiceAccount': ['', 'serviceaccounts'],
  'v1/Namespace': ['', 'namespaces'],
  'v1/PersistentVolume': ['', 'persistentvolumes'],
  'v1/ConfigMap': ['', 'configmaps'],
  'v1/Service': ['', 'services'],
  'rbac.authorization.k8s.io/v1/Role': ['rbac.authorization.k8s.io', 'roles'],
  'rbac.authorization.k8s.io/v1/ClusterRole': ['rbac.authorization.k8s.io', 'clusterroles'],
  'rbac.authorization.k8s.io/v1/RoleBinding': ['rbac.authorization.k8s.io', 'rolebindings'],
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ['rbac.authorization.k8s.io', 'clusterrolebindings'],
};

/** The user of a request: a person, unless a test says otherwise. */
export interface RequestUser {
  readonly username: string;
  readonly groups?: string[];
}

export const PERSON: RequestUser = { username: 'jane@acme.example', groups: ['system:authenticated', 'shop-devs'] };

/** The outcome of one policy on one request. */
export interface Admission {
  /** The policy's resource rules and match conditions select the request. */
  readonly matched: boolean;
  readonly allowed: boolean;
  /** The messages of the failed validations (messageExpression when it evaluates). */
  readonly messages: string[];
  /** Expressions that failed to evaluate (which the API server treats as a failure: failurePolicy Fail). */
  readonly errors: string[];
}

/** Whether a policy's resource rules select an object of this kind, for `operation` (optionally on a subresource). */
export function resourceMatches(policy: Json, object: Json, operation = 'CREATE', subresource?: string): boolean {
  const entry = RESOURCES[`${object.apiVersion}/${object.kind}`];
  if (!entry) return false;
  const [group, resource] = entry;
  const wanted = subresource ? `${resource}/${subresource}` : resource;
  const version = String(object.apiVersion).split('/').pop();
  return (policy.spec.matchConstraints.resourceRules as Json[]).some(r =>
    r.apiGroups.includes(group) && r.apiVersions.includes(version) && r.operations.includes(operation) && r.resources.includes(wanted));
}

/** Admission of `object` by `policy` (a synthesized ValidatingAdmissionPolicy). */
export function admit(policy: Json, object: Json, user: RequestUser = PERSON, operation = 'CREATE'): Admission {
  if (!resourceMatches(policy, object, operation)) return { matched: false, allowed: true, messages: [], errors: [] };
  const view = apiServerView(object);
  const request = { operation, userInfo: { username: user.username, ...(user.groups ? { groups: user.groups } : {}) } };
  const errors: string[] = [];
  for (const c of policy.spec.matchConditions ?? []) {
    const r = evaluate(c.expression, { object: view, request });
    if (r instanceof Error) {
      errors.push(`matchCondition ${c.name}: ${r.message}`);
      return { matched: true, allowed: false, messages: [], errors };
    }
    if (r !== true) return { matched: false, allowed: true, messages: [], errors };
  }
  // variables are evaluated lazily by the API server: one that fails fails the expressions that use it
  const variables: Record<string, unknown> = {};
  const failed = new Set<string>();
  for (const v of policy.spec.variables ?? []) {
    const r = evaluate(v.expression, { object: view, request, variables });
    if (r instanceof Error) failed.add(v.name);
    else variables[v.name] = r;
  }
  const messages: string[] = [];
  for (const v of policy.spec.validations) {
    const uses = [...failed].find(name => v.expression.includes(`variables.${name}`));
    const r = uses ? new Error(`variable ${uses} failed`) : evaluate(v.expression, { object: view, request, variables });
    if (r === true) continue;
    if (r instanceof Error) errors.push(`${v.expression.slice(0, 80)}...: ${r.message}`);
    const m = v.messageExpression ? evaluate(v.messageExpression, { object: view, request, variables }) : undefined;
    if (m instanceof Error) errors.push(`messageExpression: ${m.message}`);
    messages.push(typeof m === 'string' ? m : v.message);
  }
  return { matched: true, allowed: messages.length === 0, messages, errors };
}
