// Drift between the manifests of a repository and the objects of a live cluster, as findings:
// objects declared but missing live (DriftMissing), live objects whose hardening fields differ from
// their manifest (DriftChanged), and live workloads and bindings no manifest declares
// (DriftUndeclared). Pure: the cluster's objects are given, read elsewhere (reader.ts).
import { groupKind } from './reader';
import { fieldLine } from '../compliance/engine';
import { asObject, asStringMap, isObject } from '../compliance/json';
import { describeObject, KubeObject, namespaceOf, podSpecOf } from '../compliance/objects';
import { ComplianceFinding } from '../compliance/results';
import { Severity } from '../compliance/severity';
import { isClusterScoped, objectIdentity, POD_TEMPLATE_PATHS } from '../standards/kinds';
import { PSA_LABEL_PREFIX } from '../standards/psa';

/** @internal */
export const DRIFT_MISSING = 'DriftMissing';
/** @internal */
export const DRIFT_CHANGED = 'DriftChanged';
/** @internal */
export const DRIFT_UNDECLARED = 'DriftUndeclared';

const HELP = 'https://github.com/cdk8s-hardening/cdk8s-hardening/blob/main/docs/compliance.md#drift';

/** What the live objects were read for. @internal */
export interface DriftScope {
  /** `group/kind` of the kinds listed completely: only their absence is known. */
  readonly listed: ReadonlySet<string>;
  /** The namespaces read (empty: the whole cluster). */
  readonly namespaces: readonly string[];
  /** How the cluster is named in messages (the kubeconfig context). */
  readonly cluster: string;
  /** How the manifests are named in messages (the folder). */
  readonly manifests: string;
}

/**
 * How a field is compared: `exact` after dropping what the server leaves out (empty lists and
 * objects, absent booleans that default to false); `declared` holds the manifest's values only
 * (the server fills defaults in such fields: a port's protocol, a subject's apiGroup), with lists
 * of the same length.
 */
type Compare = 'exact' | 'declared';

interface Field {
  /** What the field is, in messages. */
  readonly label: string;
  readonly path: string;
  readonly value: unknown;
  readonly compare: Compare;
}

/** The hardening fields of an object, by a key that is the same on both sides (containers by name). */
function hardeningFields(o: KubeObject): Map<string, Field> {
  const fields = new Map<string, Field>();
  const add = (key: string, label: string, path: string, value: unknown, compare: Compare) => fields.set(key, { label, path, value, compare });
  const json = o.json;
  const pod = podSpecOf(o);
  if (pod) {
    add('pod.securityContext', 'the pod\'s securityContext', `${pod.path}.securityContext`, pod.spec.securityContext, 'exact');
    for (const f of ['hostNetwork', 'hostPID', 'hostIPC', 'hostUsers', 'automountServiceAccountToken']) {
      // hostNetwork, hostPID and hostIPC false are not stored (omitempty): absent is false
      const value = pod.spec[f] === false && f.startsWith('host') && f !== 'hostUsers' ? undefined : pod.spec[f];
      add(`pod.${f}`, f, `${pod.path}.${f}`, value, 'exact');
    }
    for (const c of pod.containers) {
      add(`${c.list}/${c.name}`, `the securityContext of ${c.list === 'containers' ? 'container' : c.list.replace(/s$/, '')} "${c.name}"`, `${c.path}.securityContext`, c.securityContext, 'exact');
    }
  }
  switch (o.kind) {
    case 'NetworkPolicy':
      add('spec', 'the policy (spec)', 'spec', json.spec, 'declared');
      break;
    case 'Role':
    case 'ClusterRole':
      add('rules', 'the role\'s rules', 'rules', json.rules, 'declared');
      if (json.aggregationRule !== undefined) add('aggregationRule', 'the role\'s aggregationRule', 'aggregationRule', json.aggregationRule, 'declared');
      break;
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      add('roleRef', 'the binding\'s roleRef', 'roleRef', json.roleRef, 'declared');
      add('subjects', 'the binding\'s subjects', 'subjects', json.subjects, 'declared');
      break;
    case 'Namespace':
      for (const [k, v] of Object.entries(asStringMap(asObject(json.metadata)?.labels))) {
        if (k.startsWith(PSA_LABEL_PREFIX)) add(`label/${k}`, `the label ${k}`, `metadata.labels["${k}"]`, v, 'exact');
      }
      break;
    case 'ServiceAccount':
      add('automountServiceAccountToken', 'automountServiceAccountToken', 'automountServiceAccountToken', json.automountServiceAccountToken, 'exact');
      break;
  }
  return fields;
}

/** A value as the server stores it: no empty lists, empty objects or undefined members. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(normalize);
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normalize(v);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}

/** Whether `live` holds everything `declared` does (lists: the same length, item by item). */
function holds(declared: unknown, live: unknown): boolean {
  if (declared === undefined) return true;
  if (Array.isArray(declared)) {
    return Array.isArray(live) && live.length === declared.length && declared.every((d, i) => holds(d, live[i]));
  }
  if (isObject(declared)) {
    return isObject(live) && Object.entries(declared).every(([k, v]) => holds(v, live[k]));
  }
  return declared === live;
}

/** A field that differs: its path and value on each side. */
interface Difference {
  readonly declaredPath: string;
  readonly livePath: string;
  readonly declared: unknown;
  readonly live: unknown;
}

/**
 * The fields that differ between two (normalized) values, as deep as both are objects: with
 * `declared` comparison, only the fields the manifest sets. Lists are compared whole (a rule
 * added, a subject removed) unless of the same length, then item by item.
 */
function differences(d: unknown, l: unknown, declaredPath: string, livePath: string, compare: Compare): Difference[] {
  if (compare === 'declared' ? holds(d, l) : holds(d, l) && holds(l, d)) return [];
  if (isObject(d) && isObject(l)) {
    const keys = compare === 'declared' ? Object.keys(d) : [...new Set([...Object.keys(d), ...Object.keys(l)])];
    return keys.flatMap(k => differences(d[k], l[k], `${declaredPath}.${k}`, `${livePath}.${k}`, compare));
  }
  if (Array.isArray(d) && Array.isArray(l) && d.length === l.length) {
    return d.flatMap((x, i) => differences(x, l[i], `${declaredPath}[${i}]`, `${livePath}[${i}]`, compare));
  }
  return [{ declaredPath, livePath, declared: d, live: l }];
}

/** A value for a message. */
function show(value: unknown): string {
  if (value === undefined) return '(not set)';
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** The identity of an object in the cluster: an object without namespace is in `default`. */
function identity(o: KubeObject): string {
  return objectIdentity(o.apiVersion, o.kind, isClusterScoped(o.apiVersion, o.kind) ? undefined : namespaceOf(o.namespace), o.name);
}

function where(o: KubeObject, path?: string): string {
  const file = o.origin.file;
  if (file === undefined) return o.origin.constructPath ?? '';
  const line = path === undefined ? o.origin.line : fieldLine(o, path);
  return `${file}${line !== undefined ? `:${line}` : ''}`;
}

function base(o: KubeObject, path: string, declaredSide: boolean) {
  return {
    resourceKind: o.kind,
    resourceApiVersion: o.apiVersion,
    resourceName: o.name,
    resourceNamespace: isClusterScoped(o.apiVersion, o.kind) ? undefined : namespaceOf(o.namespace),
    file: declaredSide ? o.origin.file : undefined,
    line: declaredSide ? fieldLine(o, path) : undefined,
    objectLine: declaredSide && o.origin.file !== undefined ? o.origin.line : undefined,
    constructPath: declaredSide ? o.origin.constructPath : undefined,
    controls: [],
    packs: [],
    helpUri: HELP,
  };
}

/** Whether an object is in the namespaces read. */
function inScope(o: KubeObject, namespaces: readonly string[]): boolean {
  if (namespaces.length === 0) return true;
  if (o.kind === 'Namespace' && o.apiVersion === 'v1') return namespaces.includes(o.name);
  if (isClusterScoped(o.apiVersion, o.kind)) return false;
  return namespaces.includes(namespaceOf(o.namespace));
}

/** Kinds whose live objects must each be declared: the workloads and the bindings. */
function mustBeDeclared(o: KubeObject): boolean {
  return Object.prototype.hasOwnProperty.call(POD_TEMPLATE_PATHS, o.kind) || o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding';
}

/** Kubernetes' own bindings (its RBAC bootstrap), which no repository declares. */
function bootstrapped(o: KubeObject): boolean {
  const labels = asStringMap(asObject(o.json.metadata)?.labels);
  return labels['kubernetes.io/bootstrapping'] === 'rbac-defaults' || o.name.startsWith('system:');
}

/**
 * The drift between the objects declared in manifests and the live objects of a cluster.
 * @internal
 */
export function findDrift(declared: readonly KubeObject[], live: readonly KubeObject[], scope: DriftScope): ComplianceFinding[] {
  const findings: ComplianceFinding[] = [];
  const liveById = new Map(live.map(o => [identity(o), o]));
  const declaredIds = new Set<string>();
  const declaredNamespaces = new Set<string>();
  for (const d of declared) {
    const id = identity(d);
    declaredIds.add(id);
    if (!isClusterScoped(d.apiVersion, d.kind)) declaredNamespaces.add(namespaceOf(d.namespace));
    if (!inScope(d, scope.namespaces) || !scope.listed.has(groupKind(d.apiVersion, d.kind))) continue;
    const l = liveById.get(id);
    if (!l) {
      findings.push({
        ruleId: DRIFT_MISSING,
        ruleTitle: 'every object the manifests declare is in the cluster',
        severity: Severity.ERROR,
        message: `${describeObject(d)} is declared (${where(d)}) but the cluster ${scope.cluster} has no such object`,
        fix: `apply the manifests of ${scope.manifests} to the cluster, or remove the object from them`,
        fieldPath: 'metadata.name',
        ...base(d, 'metadata.name', true),
      });
      continue;
    }
    const want = hardeningFields(d);
    const have = hardeningFields(l);
    for (const key of new Set([...want.keys(), ...have.keys()])) {
      const w = want.get(key);
      const h = have.get(key);
      const field = (w ?? h)!;
      const found = differences(normalize(w?.value), normalize(h?.value), w?.path ?? h!.path, h?.path ?? w!.path, field.compare);
      for (const diff of found) {
        findings.push({
          ruleId: DRIFT_CHANGED,
          ruleTitle: 'live objects keep the hardening fields of their manifests',
          severity: Severity.ERROR,
          message: w
            ? `${field.label} of ${describeObject(d)} differs: the manifest (${where(d, diff.declaredPath)}) has ${diff.declaredPath} = ${show(diff.declared)}; `
              + `the cluster ${scope.cluster} has ${diff.livePath} = ${show(diff.live)}`
            : `${field.label} of ${describeObject(d)} is in the cluster ${scope.cluster} (${diff.livePath} = ${show(diff.live)}) but not in the manifest (${where(d)})`,
          fix: `apply the manifest again (kubectl apply --server-side -f ${scope.manifests}), or change the manifest if the live value is the one wanted`,
          // the manifest's path and line; the live side's path is in the message
          fieldPath: diff.declaredPath,
          ...base(d, diff.declaredPath, true),
        });
      }
    }
  }
  const namespaces = scope.namespaces.length > 0 ? new Set(scope.namespaces) : declaredNamespaces;
  for (const l of live) {
    if (!mustBeDeclared(l) || declaredIds.has(identity(l))) continue;
    if (l.kind === 'ClusterRoleBinding') {
      if (scope.namespaces.length > 0 || bootstrapped(l)) continue;
    } else if (!namespaces.has(namespaceOf(l.namespace))) {
      continue;
    }
    findings.push({
      ruleId: DRIFT_UNDECLARED,
      ruleTitle: 'every live workload and binding is declared in the manifests',
      severity: Severity.WARNING,
      message: `${describeObject(l)} is in the cluster ${scope.cluster}, but no manifest of ${scope.manifests} declares it`,
      fix: 'declare it in the manifests (so that it is checked before it is applied), or delete it from the cluster',
      fieldPath: 'metadata.name',
      ...base(l, 'metadata.name', false),
    });
  }
  const order = [DRIFT_MISSING, DRIFT_CHANGED, DRIFT_UNDECLARED];
  return findings.sort((a, b) => order.indexOf(a.ruleId) - order.indexOf(b.ruleId));
}
