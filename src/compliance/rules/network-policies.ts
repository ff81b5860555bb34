import { apiGroupOf } from '../../standards/kinds';
import {
  CILIUM_DIRECTION_FIELDS, CILIUM_ENTITY_ALL, CILIUM_NAMESPACE_LABEL, CILIUM_POD_LABEL_SOURCES, Direction, DIRECTIONS,
  NETWORK_POLICY_KINDS, NETWORK_POLICY_PEER_FIELD, NetworkPolicyKind,
} from '../../standards/network-policy';
import { asArray, asObject, asString, asStringMap, dig, isObject, JsonObject } from '../json';
import { KubeObject, namespaceOf } from '../objects';
import { RuleContext } from '../rule';
import { policyTypes, selectorIsEmpty, selectorMatches } from './selectors';

/** What one policy spec does to the pods it selects, in one direction. @internal */
export interface DirectionEffect {
  /** The selected pods are isolated in this direction: only what some policy allows passes. */
  readonly governs: boolean;
  /** Governs and allows nothing (a default deny). */
  readonly allowsNothing: boolean;
  /** A Cilium deny rule that drops every peer on every port (it wins over any allow). */
  readonly deniesEverything: boolean;
  /** Path of an allow rule that lets every peer in on every port, if any. */
  readonly openRule?: string;
}

/** One spec of a network policy (Cilium policies may carry several), ready for matching. @internal */
export interface PolicySpec {
  readonly policy: KubeObject;
  readonly kind: NetworkPolicyKind;
  /** e.g. `spec`, `specs[1]` */
  readonly path: string;
  /** The pod selector, with Cilium label sources removed from its keys; undefined selects nothing. */
  readonly selector: JsonObject | undefined;
  /** The namespace whose pods it can select; undefined for a cluster-wide policy. */
  readonly namespace?: string;
  readonly effects: Readonly<Record<Direction, DirectionEffect>>;
}

interface Bucket {
  /** Specs by one requirement every pod they select meets: `=key\0value` or `?key`. */
  readonly anchored: Map<string, PolicySpec[]>;
  /** Specs without such a requirement (empty selectors, NotIn / DoesNotExist only). */
  readonly unanchored: PolicySpec[];
}

interface PolicyIndex {
  readonly namespaced: Map<string, Bucket>;
  readonly clusterWide: Bucket;
}

function newBucket(): Bucket {
  return { anchored: new Map(), unanchored: [] };
}

/** A Cilium selector key as a pod label key: `k8s:app` / `any:app` → `app`; other sources kept (they match no pod label). */
function podLabelKey(key: string): string {
  const source = CILIUM_POD_LABEL_SOURCES.find(s => key.startsWith(s));
  return source ? key.slice(source.length) : key;
}

function normalizeCiliumSelector(selector: unknown): JsonObject | undefined {
  const s = asObject(selector);
  if (!s) return undefined;
  const matchLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(asStringMap(s.matchLabels))) matchLabels[podLabelKey(k)] = v;
  const matchExpressions = asArray(s.matchExpressions).map(e => {
    const expr = asObject(e);
    const key = asString(expr?.key);
    return expr && key !== undefined ? { ...expr, key: podLabelKey(key) } : e;
  });
  return { matchLabels, matchExpressions };
}

/** Whether a NetworkPolicy rule names no peers and no ports: it allows everything. */
function allowsEveryPeer(rule: unknown, peerField: string): boolean {
  if (!isObject(rule)) return false;
  return asArray(rule[peerField]).length === 0 && asArray(rule.ports).length === 0;
}

function networkPolicyEffects(spec: JsonObject, path: string): Record<Direction, DirectionEffect> {
  const types = policyTypes(spec);
  const effects = {} as Record<Direction, DirectionEffect>;
  for (const d of DIRECTIONS) {
    const field = d === 'Ingress' ? 'ingress' : 'egress';
    const rules = asArray(spec[field]);
    const governs = types.has(d);
    const open = governs ? rules.findIndex(r => allowsEveryPeer(r, NETWORK_POLICY_PEER_FIELD[d])) : -1;
    effects[d] = {
      governs,
      allowsNothing: governs && rules.length === 0,
      deniesEverything: false,
      openRule: open >= 0 ? `${path}.${field}[${open}]` : undefined,
    };
  }
  return effects;
}

/** A Cilium rule that names the `all` entity and no ports: every peer, every port. */
function coversEverything(rule: unknown, entitiesField: string): boolean {
  if (!isObject(rule)) return false;
  return asArray(rule[entitiesField]).includes(CILIUM_ENTITY_ALL) && asArray(rule.toPorts).length === 0;
}

function ciliumEffects(spec: JsonObject, path: string): Record<Direction, DirectionEffect> {
  const effects = {} as Record<Direction, DirectionEffect>;
  for (const d of DIRECTIONS) {
    const f = CILIUM_DIRECTION_FIELDS[d];
    const allow = asArray(spec[f.allow]);
    const deny = asArray(spec[f.deny]);
    const defaultDeny = dig(spec, 'enableDefaultDeny', f.defaultDeny);
    // Cilium: a spec with rules in a direction puts its endpoints in default deny there, unless
    // enableDefaultDeny says false; an empty rule `{}` selects no peer
    const governs = defaultDeny === true || (defaultDeny !== false && (allow.length > 0 || deny.length > 0));
    const deniesEverything = deny.some(r => coversEverything(r, f.entities));
    const open = allow.findIndex(r => coversEverything(r, f.entities));
    effects[d] = {
      governs,
      allowsNothing: governs && allow.every(r => isObject(r) && Object.keys(r).length === 0),
      deniesEverything,
      openRule: open >= 0 ? `${path}.${f.allow}[${open}]` : undefined,
    };
  }
  return effects;
}

/** The specs of a policy object, or none when it is not one of the kinds we read. */
function specsOf(policy: KubeObject, kind: NetworkPolicyKind): PolicySpec[] {
  const namespace = kind.namespaced ? namespaceOf(policy.namespace) : undefined;
  const specs: Array<[JsonObject, string]> = [];
  const single = asObject(policy.json.spec);
  if (single) specs.push([single, 'spec']);
  if (kind.multiSpec) {
    asArray(policy.json.specs).forEach((s, i) => {
      if (isObject(s)) specs.push([s, `specs[${i}]`]);
    });
  }
  return specs.map(([spec, path]) => kind.multiSpec
    ? { policy, kind, path, namespace, selector: normalizeCiliumSelector(spec[kind.selectorField]), effects: ciliumEffects(spec, path) }
    : { policy, kind, path, namespace, selector: asObject(spec[kind.selectorField]), effects: networkPolicyEffects(spec, path) });
}

/** The index key of one requirement every pod a selector selects meets, or undefined. */
function anchorsOf(selector: JsonObject | undefined): string[] | undefined {
  if (!selector) return undefined;
  const labels = Object.entries(asStringMap(selector.matchLabels));
  if (labels.length > 0) return [`=${labels[0][0]}\u0000${labels[0][1]}`];
  for (const e of asArray(selector.matchExpressions)) {
    const expr = asObject(e);
    const key = asString(expr?.key);
    if (key === undefined) continue;
    const operator = asString(expr?.operator);
    if (operator === 'In') return asArray(expr?.values).filter((v): v is string => typeof v === 'string').map(v => `=${key}\u0000${v}`);
    if (operator === 'Exists') return [`?${key}`];
  }
  return undefined;
}

function add(bucket: Bucket, spec: PolicySpec): void {
  if (!spec.selector) return; // selects nothing
  const anchors = anchorsOf(spec.selector);
  if (!anchors) {
    bucket.unanchored.push(spec);
    return;
  }
  for (const a of anchors) {
    let list = bucket.anchored.get(a);
    if (!list) bucket.anchored.set(a, list = []);
    list.push(spec);
  }
}

const indexes = new WeakMap<readonly KubeObject[], PolicyIndex>();

/** The network policies of a set of objects, indexed once per set. */
function policyIndex(context: RuleContext): PolicyIndex {
  const cached = indexes.get(context.objects);
  if (cached) return cached;
  const index: PolicyIndex = { namespaced: new Map(), clusterWide: newBucket() };
  for (const kind of NETWORK_POLICY_KINDS) {
    for (const policy of context.ofKind(kind.kind)) {
      if (apiGroupOf(policy.apiVersion) !== kind.group) continue;
      for (const spec of specsOf(policy, kind)) {
        let bucket = index.clusterWide;
        if (spec.namespace !== undefined) {
          bucket = index.namespaced.get(spec.namespace) ?? newBucket();
          index.namespaced.set(spec.namespace, bucket);
        }
        add(bucket, spec);
      }
    }
  }
  indexes.set(context.objects, index);
  return index;
}

/** The labels a Cilium selector sees on a pod: its own plus its namespace's. */
function ciliumLabels(labels: Record<string, string>, namespace: string): Record<string, string> {
  return { ...labels, [CILIUM_NAMESPACE_LABEL]: namespace };
}


/**
 * The policy specs that select a pod with these labels in this namespace (undefined = `default`),
 * found through the index: only specs sharing a label requirement with the pod are matched.
 * @internal
 */
export function specsSelecting(context: RuleContext, labels: Record<string, string>, namespace: string | undefined): PolicySpec[] {
  const index = policyIndex(context);
  const ns = namespaceOf(namespace);
  // Cilium selectors also see the namespace label: made only for a Cilium spec
  let cilium: Record<string, string> | undefined;
  const found: PolicySpec[] = [];
  const match = (specs: readonly PolicySpec[] | undefined) => {
    if (!specs) return;
    for (const spec of specs) {
      if (selectorMatches(spec.selector, spec.kind.multiSpec ? cilium ??= ciliumLabels(labels, ns) : labels)) found.push(spec);
    }
  };
  const visit = (bucket: Bucket | undefined) => {
    if (!bucket) return;
    match(bucket.unanchored);
    if (bucket.anchored.size === 0) return;
    // the pod's labels (with the namespace label's value as Cilium sees it), then that label
    for (const k in labels) {
      const v = k === CILIUM_NAMESPACE_LABEL ? ns : labels[k];
      match(bucket.anchored.get(`=${k}\u0000${v}`));
      match(bucket.anchored.get(`?${k}`));
    }
    if (!Object.prototype.hasOwnProperty.call(labels, CILIUM_NAMESPACE_LABEL)) {
      match(bucket.anchored.get(`=${CILIUM_NAMESPACE_LABEL}\u0000${ns}`));
      match(bucket.anchored.get(`?${CILIUM_NAMESPACE_LABEL}`));
    }
  };
  visit(index.namespaced.get(ns));
  visit(index.clusterWide);
  return found;
}

/** Whether a selector selects every pod of a namespace, whatever its labels. */
function selectsWholeNamespace(spec: PolicySpec, namespace: string): boolean {
  if (selectorIsEmpty(spec.selector)) return true;
  if (!spec.kind.multiSpec || !spec.selector) return false;
  // a Cilium selector that reads only the namespace label
  const keys = [...Object.keys(asStringMap(spec.selector.matchLabels)),
    ...asArray(spec.selector.matchExpressions).map(e => asString(asObject(e)?.key))];
  return keys.every(k => k === CILIUM_NAMESPACE_LABEL) && selectorMatches(spec.selector, { [CILIUM_NAMESPACE_LABEL]: namespace });
}

/**
 * The policy specs that select every pod of a namespace: namespaced ones of that namespace and
 * cluster-wide ones.
 * @internal
 */
export function specsSelectingNamespace(context: RuleContext, namespace: string): PolicySpec[] {
  const index = policyIndex(context);
  const bucket = index.namespaced.get(namespace);
  const candidates = [
    ...(bucket ? [...bucket.unanchored, ...[...bucket.anchored.values()].flat()] : []),
    ...index.clusterWide.unanchored, ...[...index.clusterWide.anchored.values()].flat(),
  ];
  return [...new Set(candidates)].filter(s => selectsWholeNamespace(s, namespace));
}
