// What NetworkPolicies allow, computed from their fields rather than read from their spelling:
// the peers (pods by namespace and pod selectors, address blocks with their exceptions, or
// everyone) and the ports of every allow rule, with the API's defaults. The construct's checks,
// the engine's rules and the reachability of a set of manifests all read policies through here.
// Kubernetes: https://kubernetes.io/docs/concepts/services-networking/network-policies/
import { AddressRange, blockRanges, isStrictSubnet, parseCidr, ParsedCidr } from './cidr';
import { asArray, asObject, asString, asStringMap, isObject, JsonObject } from '../compliance/json';
import { policyTypes, selectorIsEmpty } from '../compliance/rules/selectors';
import { NAMESPACE_NAME_LABEL } from '../standards/names';
import {
  ALMOST_EVERY_ADDRESS_CLOSED_FRACTION, ALMOST_EVERY_PORT_CLOSED_BELOW, DIRECTIONS, Direction, NETWORK_POLICY_PEER_FIELD,
  NON_PUBLIC_IPV4_BLOCKS, PUBLIC_IPV6_BLOCK,
} from '../standards/network-policy';

/** The lowest and highest port numbers. */
const FIRST_PORT = 1;
const LAST_PORT = 65535;

/** One peer of an allow rule. @internal */
export interface PathPeer {
  /** The rule names no peer (no `from`/`to`, or an empty list): every pod and every address. */
  readonly everyone: boolean;
  /** A pod peer: `namespaceSelector` and/or `podSelector`. */
  readonly pods: boolean;
  /** The namespaces of a pod peer; undefined: the policy's own namespace. */
  readonly namespaceSelector?: JsonObject;
  /** The pods of a pod peer; undefined: every pod of the namespaces. */
  readonly podSelector?: JsonObject;
  /** The addresses of an `ipBlock` peer, its exceptions taken out. */
  readonly ranges?: readonly AddressRange[];
  /** The peer as written, for messages. */
  readonly text: string;
  /** Identifies the peer (same key, same pods or addresses). */
  readonly key: string;
}

/** One entry of a rule's ports. @internal */
export interface PathPort {
  readonly protocol: string;
  /** A numbered port or range; both undefined for a named port. */
  readonly first?: number;
  readonly last?: number;
  /** A named container port, resolved on the receiving pod. */
  readonly name?: string;
}

/** One allow rule of a policy, in one direction. @internal */
export interface AllowRule {
  /** `NetworkPolicy namespace/name`, for messages. */
  readonly policy: string;
  /** e.g. `spec.ingress[0]` */
  readonly path: string;
  readonly direction: Direction;
  /** The policy's namespace (the namespace of a pod peer without namespaceSelector). */
  readonly namespace: string;
  readonly peers: readonly PathPeer[];
  /** Undefined: every port of every protocol (`ports` missing or empty). */
  readonly ports?: readonly PathPort[];
}

/** A NetworkPolicy as what it allows. @internal */
export interface PolicyPaths {
  readonly policy: string;
  readonly namespace: string;
  /** The pods it applies to; undefined selects nothing. */
  readonly podSelector?: JsonObject;
  /** The directions in which the pods it selects are isolated (`policyTypes`, with the API's defaults). */
  readonly governs: ReadonlySet<Direction>;
  readonly rules: readonly AllowRule[];
}

function tryCidr(text: string): ParsedCidr | undefined {
  try {
    return parseCidr('ipBlock', 'cidr', text);
  } catch {
    return undefined;
  }
}

function readPeer(entry: unknown): PathPeer {
  const e = asObject(entry) ?? {};
  const ipBlock = asObject(e.ipBlock);
  if (ipBlock) {
    const cidrText = asString(ipBlock.cidr) ?? '';
    const cidr = tryCidr(cidrText);
    const exceptTexts = asArray(ipBlock.except).filter((x): x is string => typeof x === 'string');
    const except = exceptTexts.map(tryCidr).filter((x): x is ParsedCidr => x !== undefined && cidr !== undefined && isStrictSubnet(x, cidr));
    const text = exceptTexts.length > 0 ? `${cidrText} except ${exceptTexts.join(', ')}` : cidrText;
    // a block the API server would refuse matches nothing here
    return { everyone: false, pods: false, ranges: cidr ? blockRanges(cidr, except) : [], text, key: `ipBlock:${text}` };
  }
  const namespaceSelector = asObject(e.namespaceSelector);
  const podSelector = asObject(e.podSelector);
  if (!namespaceSelector && !podSelector) return { everyone: false, pods: false, ranges: [], text: 'no peer', key: 'none' };
  const text = [namespaceSelector && `namespaceSelector ${JSON.stringify(namespaceSelector)}`, podSelector && `podSelector ${JSON.stringify(podSelector)}`]
    .filter(Boolean).join(' and ');
  return { everyone: false, pods: true, namespaceSelector, podSelector, text, key: `pods:${text}` };
}

const EVERYONE: PathPeer = { everyone: true, pods: false, text: 'every peer', key: 'everyone' };

function readPorts(value: unknown): PathPort[] | undefined {
  const entries = asArray(value);
  if (entries.length === 0) return undefined;
  return entries.map(x => {
    const p = asObject(x) ?? {};
    const protocol = asString(p.protocol) ?? 'TCP';
    if (typeof p.port === 'string') return { protocol, name: p.port };
    if (typeof p.port !== 'number') return { protocol, first: FIRST_PORT, last: LAST_PORT };
    const end = typeof p.endPort === 'number' && p.endPort >= p.port ? p.endPort : p.port;
    return { protocol, first: p.port, last: end };
  });
}

const cache = new WeakMap<JsonObject, PolicyPaths>();

/**
 * What a NetworkPolicy (networking.k8s.io/v1) allows: its selector, the directions it isolates
 * and its allow rules with peers and ports as the API reads them.
 * @internal
 */
export function readPolicy(json: JsonObject): PolicyPaths {
  const cached = cache.get(json);
  if (cached) return cached;
  const metadata = asObject(json.metadata);
  const namespace = asString(metadata?.namespace) || 'default';
  const policy = `NetworkPolicy ${asString(metadata?.namespace) ? `${namespace}/` : ''}${asString(metadata?.name) ?? '<unnamed>'}`;
  const spec = asObject(json.spec) ?? {};
  const types = policyTypes(spec);
  const governs = new Set(DIRECTIONS.filter(d => types.has(d)));
  const rules: AllowRule[] = [];
  for (const direction of governs) {
    const field = direction === 'Ingress' ? 'ingress' : 'egress';
    asArray(spec[field]).forEach((r, i) => {
      if (!isObject(r)) return;
      const peerEntries = asArray(r[NETWORK_POLICY_PEER_FIELD[direction]]);
      const peers = peerEntries.length === 0 ? [EVERYONE] : peerEntries.map(readPeer);
      rules.push({ policy, path: `spec.${field}[${i}]`, direction, namespace, peers, ports: readPorts(r.ports) });
    });
  }
  const result: PolicyPaths = { policy, namespace, podSelector: asObject(spec.podSelector), governs, rules };
  cache.set(json, result);
  return result;
}

// --- how wide ---------------------------------------------------------------------------------

/** What a set of rules opens that amounts to (almost) everything of a kind. @internal */
export interface WidePath {
  readonly direction: Direction;
  /** `addresses`, `pods` or `ports`. */
  readonly what: 'addresses' | 'pods' | 'ports';
  /** e.g. "every public IPv4 address (all but 1) on TCP 443" */
  readonly detail: string;
  /** The rules that add up to it. */
  readonly rules: readonly AllowRule[];
}

function pow2(n: number): bigint {
  return BigInt(2) ** BigInt(n);
}

function spanOf(text: string): AddressRange {
  const c = parseCidr('standards', 'block', text);
  const count = pow2((c.family === 4 ? 32 : 128) - c.prefix);
  return { family: c.family, first: c.network, last: c.network + count - BigInt(1) };
}

function merge(ranges: readonly AddressRange[]): AddressRange[] {
  const sorted = [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const out: AddressRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.first <= last.last + BigInt(1)) {
      if (r.last > last.last) out[out.length - 1] = { ...last, last: r.last };
    } else {
      out.push(r);
    }
  }
  return out;
}

/** The public addresses of each family, as ranges. */
const PUBLIC: Readonly<Record<4 | 6, readonly AddressRange[]>> = (() => {
  const all: AddressRange = { family: 4, first: BigInt(0), last: pow2(32) - BigInt(1) };
  const holes = merge(NON_PUBLIC_IPV4_BLOCKS.map(spanOf));
  const v4: AddressRange[] = [];
  let next = all.first;
  for (const h of holes) {
    if (h.first > next) v4.push({ family: 4, first: next, last: h.first - BigInt(1) });
    next = h.last + BigInt(1);
  }
  if (next <= all.last) v4.push({ family: 4, first: next, last: all.last });
  return { 4: v4, 6: [spanOf(PUBLIC_IPV6_BLOCK)] };
})();

function size(ranges: readonly AddressRange[]): bigint {
  return ranges.reduce((n, r) => n + r.last - r.first + BigInt(1), BigInt(0));
}

/** How many public addresses of the family the ranges leave out. @internal */
export function closedPublicAddresses(family: 4 | 6, ranges: readonly AddressRange[]): bigint {
  const open = merge(ranges.filter(r => r.family === family));
  let covered = BigInt(0);
  for (const p of PUBLIC[family]) {
    for (const r of open) {
      const first = r.first > p.first ? r.first : p.first;
      const last = r.last < p.last ? r.last : p.last;
      if (first <= last) covered += last - first + BigInt(1);
    }
  }
  return size(PUBLIC[family]) - covered;
}

/**
 * The address families of which the ranges open (almost) every public address: all but at most
 * 1/256 of them (ALMOST_EVERY_ADDRESS_CLOSED_FRACTION).
 * @internal
 */
export function almostEveryAddressFamilies(ranges: readonly AddressRange[]): Array<{ family: 4 | 6; closed: bigint }> {
  const found: Array<{ family: 4 | 6; closed: bigint }> = [];
  for (const family of [4, 6] as const) {
    if (!ranges.some(r => r.family === family)) continue;
    const closed = closedPublicAddresses(family, ranges);
    if (closed * BigInt(ALMOST_EVERY_ADDRESS_CLOSED_FRACTION) <= size(PUBLIC[family])) found.push({ family, closed });
  }
  return found;
}

/**
 * The protocols of which the numbered ports open (almost) every port: fewer than 1024 of the
 * 65,535 stay closed (ALMOST_EVERY_PORT_CLOSED_BELOW).
 * @internal
 */
export function almostEveryPortProtocols(ports: readonly PathPort[]): Array<{ protocol: string; closed: number }> {
  const found: Array<{ protocol: string; closed: number }> = [];
  for (const protocol of [...new Set(ports.map(p => p.protocol))].sort()) {
    const ranges = ports.filter(p => p.protocol === protocol && p.first !== undefined).sort((a, b) => a.first! - b.first!);
    let open = 0;
    let next = FIRST_PORT;
    for (const r of ranges) {
      const first = Math.max(r.first!, next);
      if (r.last! >= first) {
        open += r.last! - first + 1;
        next = r.last! + 1;
      }
    }
    const closed = LAST_PORT - FIRST_PORT + 1 - open;
    if (closed < ALMOST_EVERY_PORT_CLOSED_BELOW) found.push({ protocol, closed });
  }
  return found;
}

/** A stretch of the port space on which the set of rules that apply is constant. */
interface PortSlice {
  readonly describe: string;
  readonly applies: (ports: readonly PathPort[] | undefined) => boolean;
}

function portSlices(rules: readonly AllowRule[]): PortSlice[] {
  const entries = rules.flatMap(r => r.ports ?? []);
  const slices: PortSlice[] = [];
  for (const protocol of [...new Set(entries.map(e => e.protocol))].sort()) {
    const numbered = entries.filter(e => e.protocol === protocol && e.first !== undefined);
    const bounds = [...new Set([FIRST_PORT, LAST_PORT + 1, ...numbered.flatMap(r => [r.first!, r.last! + 1])])].sort((a, b) => a - b);
    for (let i = 0; i + 1 < bounds.length; i++) {
      const first = bounds[i];
      const last = bounds[i + 1] - 1;
      slices.push({
        describe: `${protocol} ${first === last ? first : `${first}-${last}`}`,
        applies: ports => ports === undefined
          || ports.some(p => p.protocol === protocol && p.first !== undefined && p.first <= first && last <= p.last!),
      });
    }
    for (const name of new Set(entries.filter(e => e.protocol === protocol && e.name !== undefined).map(e => e.name!))) {
      slices.push({ describe: `${protocol} port "${name}"`, applies: ports => ports === undefined || ports.some(p => p.protocol === protocol && p.name === name) });
    }
  }
  // what only rules that open every port open (other protocols, for one)
  slices.push({ describe: 'every port', applies: ports => ports === undefined });
  return slices;
}

/** Ranges of a whole family, for a rule that names no peer. */
const EVERY_ADDRESS: readonly AddressRange[] = [
  { family: 4, first: BigInt(0), last: pow2(32) - BigInt(1) },
  { family: 6, first: BigInt(0), last: pow2(128) - BigInt(1) },
];

function describeSlices(slices: readonly string[]): string {
  if (slices.includes('every port')) return 'every port';
  return slices.length <= 3 ? slices.join(', ') : `${slices.slice(0, 3).join(', ')} and ${slices.length - 3} more port ranges`;
}

const addressesOf = (rules: readonly AllowRule[]) => rules.flatMap(r => r.peers.flatMap(p => (p.everyone ? EVERY_ADDRESS : p.ranges ?? [])));

function wideAddresses(direction: Direction, rules: readonly AllowRule[], reasoned: ReadonlySet<AllowRule>): WidePath[] {
  const addressRules = rules.filter(r => r.peers.some(p => p.everyone || p.ranges !== undefined));
  if (addressRules.every(r => reasoned.has(r))) return [];
  const found = new Map<4 | 6, { closed: bigint; slices: string[]; rules: Set<AllowRule> }>();
  for (const slice of portSlices(addressRules)) {
    const applying = addressRules.filter(r => slice.applies(r.ports));
    // where reasoned rules alone open every address, the others add nothing unreasoned
    const excused = new Set(almostEveryAddressFamilies(addressesOf(applying.filter(r => reasoned.has(r)))).map(f => f.family));
    const open = applying.filter(r => !reasoned.has(r));
    for (const { family, closed } of almostEveryAddressFamilies(addressesOf(open))) {
      if (excused.has(family)) continue;
      const entry = found.get(family) ?? { closed, slices: [], rules: new Set<AllowRule>() };
      entry.slices.push(slice.describe);
      if (closed > entry.closed) entry.closed = closed;
      for (const r of open) if (r.peers.some(p => p.everyone || (p.ranges ?? []).some(x => x.family === family))) entry.rules.add(r);
      found.set(family, entry);
    }
  }
  return [...found.entries()].map(([family, e]) => {
    const everyone = [...e.rules].some(r => r.peers.some(p => p.everyone));
    const but = e.closed === BigInt(0) ? '' : ` (all but ${e.closed} of them)`;
    const how = everyone ? 'every pod and every address (a rule that names no peer)' : `every public IPv${family} address${but}`;
    return { direction, what: 'addresses' as const, detail: `${how} on ${describeSlices(e.slices)}`, rules: [...e.rules] };
  }).filter((w, i, all) => !(w.detail.startsWith('every pod and every address') && all.findIndex(x => x.detail === w.detail) !== i));
}

/** One requirement of a label selector: key, operator, values. */
interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

function requirementsOf(selector: JsonObject): Requirement[] {
  const reqs: Requirement[] = Object.entries(asStringMap(selector.matchLabels)).map(([key, v]) => ({ key, operator: 'In', values: [v] }));
  for (const e of asArray(selector.matchExpressions)) {
    const x = asObject(e);
    reqs.push({
      key: asString(x?.key) ?? '',
      operator: asString(x?.operator) ?? '',
      values: asArray(x?.values).filter((v): v is string => typeof v === 'string'),
    });
  }
  return reqs;
}

/**
 * Whether a union of namespace selectors selects every namespace: one selects all by itself
 * (empty, or only `Exists` on `kubernetes.io/metadata.name`, which every namespace carries), or
 * selectors of one requirement each on the same key add up to every value of it
 * (`In [a]` with `NotIn [a]`, `Exists` with `DoesNotExist`). Other combinations of several keys
 * are not added up.
 * @internal
 */
export function selectorsSelectEveryNamespace(selectors: readonly JsonObject[]): boolean {
  const universal = (r: Requirement) => r.operator === 'Exists' && r.key === NAMESPACE_NAME_LABEL;
  if (selectors.some(s => requirementsOf(s).every(universal))) return true;
  const single = selectors.map(requirementsOf).filter(r => r.length === 1).map(r => r[0]);
  for (const key of new Set(single.map(r => r.key))) {
    const on = single.filter(r => r.key === key);
    const notIn = on.filter(r => r.operator === 'NotIn');
    const absentCovered = key === NAMESPACE_NAME_LABEL || notIn.length > 0 || on.some(r => r.operator === 'DoesNotExist');
    const inValues = new Set(on.filter(r => r.operator === 'In').flatMap(r => r.values));
    const excluded = notIn.length === 0 ? undefined
      : notIn.map(r => new Set(r.values)).reduce((a, b) => new Set([...a].filter(v => b.has(v))));
    const presentCovered = on.some(r => r.operator === 'Exists') || (excluded !== undefined && [...excluded].every(v => inValues.has(v)));
    if (absentCovered && presentCovered) return true;
  }
  return false;
}

function widePods(direction: Direction, rules: readonly AllowRule[], reasoned: ReadonlySet<AllowRule>): WidePath[] {
  const everyPodOf = (p: PathPeer) => p.pods && p.namespaceSelector !== undefined && (p.podSelector === undefined || selectorIsEmpty(p.podSelector));
  const namespacesOf = (list: readonly AllowRule[]) => list.flatMap(r => r.peers.filter(everyPodOf).map(p => p.namespaceSelector!));
  const excusing = rules.filter(r => reasoned.has(r));
  if (excusing.some(r => r.peers.some(p => p.everyone)) || selectorsSelectEveryNamespace(namespacesOf(excusing))) return [];
  const contributing = rules.filter(r => !reasoned.has(r) && r.peers.some(everyPodOf));
  if (!selectorsSelectEveryNamespace(namespacesOf(contributing))) return [];
  return [{ direction, what: 'pods', detail: 'every pod of every namespace', rules: contributing }];
}

function widePorts(direction: Direction, all: readonly AllowRule[], reasoned: ReadonlySet<AllowRule>): WidePath[] {
  const found: WidePath[] = [];
  const rules = all.filter(r => !reasoned.has(r));
  for (const key of new Set(rules.flatMap(r => r.peers.map(p => p.key)))) {
    if (key === 'none') continue;
    const withPeer = rules.filter(r => r.peers.some(p => p.key === key));
    const peer = withPeer[0].peers.find(p => p.key === key)!;
    const every = withPeer.filter(r => r.ports === undefined);
    if (every.length > 0) {
      found.push({ direction, what: 'ports', detail: `every port of every protocol to ${peer.text}`, rules: every });
      continue;
    }
    for (const { protocol, closed } of almostEveryPortProtocols(withPeer.flatMap(r => r.ports!))) {
      const but = closed === 0 ? '' : ` (all but ${closed})`;
      found.push({
        direction,
        what: 'ports',
        detail: `every ${protocol} port${but} to ${peer.text}`,
        rules: withPeer.filter(r => r.ports!.some(p => p.protocol === protocol && p.first !== undefined)),
      });
    }
  }
  return found;
}

/**
 * What the allow rules of one direction open that amounts to (almost) everything: every public
 * address of a family on some port (address blocks added up, with their exceptions), every pod
 * of every namespace, or every port of a protocol to one peer (rules for the same peer added up).
 * The rules are unions of allows, so several narrow ones can add up to one wide one.
 *
 * `reasoned` rules (of policies that carry their reason) are not reported; where they alone
 * already open every address (or every namespace) on a port, the others open nothing more there.
 * @internal
 */
export function widePaths(direction: Direction, rules: readonly AllowRule[], reasoned: ReadonlySet<AllowRule> = new Set()): WidePath[] {
  const own = rules.filter(r => r.direction === direction);
  return [...wideAddresses(direction, own, reasoned), ...widePods(direction, own, reasoned), ...widePorts(direction, own, reasoned)];
}
