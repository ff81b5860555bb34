import { AddressRange, blockRanges, ParsedCidr } from './cidr';
import { almostEveryAddressFamilies, almostEveryPortProtocols } from './paths';
import { MAX_PORT, MIN_PORT, PolicyPortEntry, portRanges } from './policy-port';

// What a workload's allow rules open, taken together. NetworkPolicies are unions of allows, so
// several narrow rules can add up to what `Peer.anywhere(reason)` or `PolicyPort.anyPort(reason)`
// would open, without the reason those require. These functions find such unions.

/** An address-block peer: the block and its exceptions. @internal */
export interface PeerBlock {
  readonly cidr: ParsedCidr;
  readonly except: readonly ParsedCidr[];
  /** The block as written, for messages. */
  readonly text: string;
}

/** One allow rule (one policy) of a workload in one direction, as far as coverage goes. @internal */
export interface CoverageRule {
  /** The address block, for `Peer.cidr` peers. */
  readonly block?: PeerBlock;
  /** A `Peer.anywhere(reason)` peer: every address, with a reason. */
  readonly anywhere: boolean;
  /** The ports; undefined means every port (`PolicyPort.anyPort(reason)`). */
  readonly ports: readonly PolicyPortEntry[] | undefined;
}

/**
 * The protocols (almost) every port of which a rule's ports open, when the rule does not say so
 * with `PolicyPort.anyPort(reason)`: e.g. `tcpRange(1, 32767)` and `tcpRange(32768, 65535)`, or
 * `tcpRange(1, 65534)` (fewer than 1024 ports left closed, as the engine's WideNetworkPolicy counts).
 * @internal
 */
export function everyPortWithoutReason(ports: readonly PolicyPortEntry[] | undefined): string[] {
  return ports === undefined ? [] : almostEveryPortProtocols(portRanges(ports)).map(p => p.protocol);
}

/** Where address blocks together cover a whole address family. @internal */
export interface AddressCoverage {
  /** 4 or 6. */
  readonly family: 4 | 6;
  /** The ports on which they do, e.g. "TCP 443", "TCP 8000-8099", "every port". */
  readonly ports: string;
  /** The blocks that add up to it, as written. */
  readonly blocks: string[];
}

/** A point or stretch of the port space on which the set of rules that apply is constant. */
interface PortSlice {
  readonly describe: string;
  readonly applies: (ports: readonly PolicyPortEntry[] | undefined) => boolean;
}

function portSlices(rules: readonly CoverageRule[]): PortSlice[] {
  const entries = rules.flatMap(r => r.ports ?? []);
  const slices: PortSlice[] = [];
  const protocols = [...new Set(entries.map(e => e.protocol))].sort();
  for (const protocol of protocols) {
    const ranges = portRanges(entries).filter(r => r.protocol === protocol);
    const bounds = [...new Set([MIN_PORT, MAX_PORT + 1, ...ranges.flatMap(r => [r.first, r.last + 1])])].sort((a, b) => a - b);
    for (let i = 0; i + 1 < bounds.length; i++) {
      const first = bounds[i];
      const last = bounds[i + 1] - 1;
      slices.push({
        describe: `${protocol} ${first === last ? first : `${first}-${last}`}`,
        applies: ports => ports === undefined || portRanges(ports).some(r => r.protocol === protocol && r.first <= first && last <= r.last),
      });
    }
    for (const name of new Set(entries.filter(e => e.protocol === protocol && typeof e.port === 'string').map(e => String(e.port)))) {
      slices.push({
        describe: `${protocol} port "${name}"`,
        applies: ports => ports === undefined || ports.some(p => p.protocol === protocol && p.port === name),
      });
    }
  }
  // what only rules that open every port open (other protocols, for one)
  slices.push({ describe: 'every port', applies: ports => ports === undefined });
  return slices;
}

/**
 * Whether the address blocks of a workload's rules in one direction together open (almost) every
 * public IPv4 or IPv6 address on some port (all but 1/256 of them, as the engine's
 * WideNetworkPolicy counts), with no `Peer.anywhere(reason)` rule for that port. A port
 * counts when each block's rule opens it: `0.0.0.0/1` on TCP 443 and `128.0.0.0/1` on TCP 80
 * open no port to everyone. IPv4-mapped IPv6 blocks count as the IPv4 blocks they map.
 * @internal
 */
export function everyAddressWithoutReason(rules: readonly CoverageRule[]): AddressCoverage | undefined {
  const blockRules = rules.filter(r => r.block !== undefined);
  if (blockRules.length === 0) return undefined;
  for (const slice of portSlices(rules)) {
    if (rules.some(r => r.anywhere && slice.applies(r.ports))) continue;
    const open = blockRules.filter(r => slice.applies(r.ports));
    const ranges: AddressRange[] = open.flatMap(r => blockRanges(r.block!.cidr, r.block!.except));
    const [wide] = almostEveryAddressFamilies(ranges);
    if (wide !== undefined) {
      const family = wide.family;
      const contributing = open.filter(r => blockRanges(r.block!.cidr, r.block!.except).some(x => x.family === family));
      return { family, ports: slice.describe, blocks: contributing.map(r => r.block!.text) };
    }
  }
  return undefined;
}
