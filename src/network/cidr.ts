import { IConstruct } from 'constructs';
import { invalidInput } from '../errors';

/**
 * A parsed CIDR block: address family, network address as a number and prefix length.
 * @internal
 */
export interface ParsedCidr {
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly prefix: number;
}

const CIDR_DOC = 'see https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource (ipBlock)';

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = BigInt(0);
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) return undefined;
    value = value * BigInt(256) + BigInt(Number(part));
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  // The last 32 bits may be written as a dotted IPv4 address (RFC 4291 §2.2): "::ffff:10.0.0.0".
  const lastColon = text.lastIndexOf(':');
  let head = text;
  let embedded: bigint | undefined;
  if (lastColon >= 0 && text.slice(lastColon + 1).includes('.')) {
    embedded = parseIpv4(text.slice(lastColon + 1));
    if (embedded === undefined) return undefined;
    // "::1.2.3.4" keeps its "::"; "64:ff9b::1.2.3.4" likewise; "1:2:3:4:5:6:1.2.3.4" drops the colon
    head = text.slice(0, lastColon + 1);
    head = head.endsWith('::') ? head : head.slice(0, -1);
  }
  const groupCount = embedded === undefined ? 8 : 6;
  if (!/^[0-9a-fA-F:]*$/.test(head) || head === '') return undefined;
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const first = groups(halves[0]);
  const last = halves.length === 2 ? groups(halves[1]) : [];
  const missing = groupCount - first.length - last.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const all = [...first, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...last];
  let value = BigInt(0);
  for (const group of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = value * BigInt(65536) + BigInt(parseInt(group, 16));
  }
  return embedded === undefined ? value : value * pow2(32) + embedded;
}

/**
 * Parses and validates a CIDR block as `NetworkPolicy` `ipBlock.cidr` expects it: an IPv4 or
 * IPv6 network address with a prefix length, host bits zero ("10.0.0.0/8", "fd00::/8"). The
 * last 32 bits of an IPv6 address may be dotted ("::ffff:10.0.0.0/104", an IPv4-mapped block).
 * @internal
 */
export function parseCidr(scope: IConstruct | string, field: string, text: string): ParsedCidr {
  const slash = text.indexOf('/');
  const address = slash >= 0 ? text.slice(0, slash) : text;
  const prefixText = slash >= 0 ? text.slice(slash + 1) : '';
  const family: 4 | 6 = address.includes(':') ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  const network = family === 4 ? parseIpv4(address) : parseIpv6(address);
  if (network === undefined || !/^(0|[1-9][0-9]{0,2})$/.test(prefixText) || Number(prefixText) > bits) {
    throw invalidInput(scope, field, 'is not a CIDR block (an IPv4 or IPv6 address, "/" and a prefix length)', text,
      `write it like "10.0.0.0/8", "203.0.113.7/32" or "fd00::/8"; ${CIDR_DOC}`);
  }
  const prefix = Number(prefixText);
  const blockSize = pow2(bits - prefix);
  const hostPart = network % blockSize;
  if (hostPart !== BigInt(0)) {
    const canonical = formatNetwork(family, network - hostPart, prefix);
    throw invalidInput(scope, field, 'has host bits set after the prefix, so the block it means is ambiguous', text,
      `write the network address: "${canonical}"`);
  }
  return { family, network, prefix };
}

/**
 * Whether `inner` lies inside `outer` and is strictly smaller (what `ipBlock.except` requires).
 * @internal
 */
export function isStrictSubnet(inner: ParsedCidr, outer: ParsedCidr): boolean {
  if (inner.family !== outer.family || inner.prefix <= outer.prefix) return false;
  const bits = inner.family === 4 ? 32 : 128;
  const blockSize = pow2(bits - outer.prefix);
  return inner.network / blockSize === outer.network / blockSize;
}

/** The IPv4-mapped IPv6 block `::ffff:0:0/96`. */
const MAPPED_PREFIX = BigInt(0xffff) * pow2(32);

/**
 * The block as addresses are matched: an IPv4-mapped IPv6 block (inside `::ffff:0:0/96`, prefix
 * at least 96) is the IPv4 block it maps, as Go's `net.IPNet.Contains` (the API server, and the
 * CNI plugins written in Go) matches IPv4 addresses against it; every other block is itself.
 * @internal
 */
export function effectiveBlock(block: ParsedCidr): ParsedCidr {
  if (block.family === 6 && block.prefix >= 96 && block.network / pow2(32) === MAPPED_PREFIX / pow2(32)) {
    return { family: 4, network: block.network - MAPPED_PREFIX, prefix: block.prefix - 96 };
  }
  return block;
}

/**
 * A contiguous range of addresses of one family, both ends included.
 * @internal
 */
export interface AddressRange {
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

function byFirst(x: { first: bigint }, y: { first: bigint }): number {
  return x.first < y.first ? -1 : x.first > y.first ? 1 : 0;
}

/** The number of addresses of a family. */
function familySize(family: 4 | 6): bigint {
  return pow2(family === 4 ? 32 : 128);
}

/**
 * The addresses a block matches, minus its exceptions, as ranges of the effective family
 * (`effectiveBlock`). Exceptions are assumed inside the block (`isStrictSubnet`).
 * @internal
 */
export function blockRanges(block: ParsedCidr, except: readonly ParsedCidr[]): AddressRange[] {
  const b = effectiveBlock(block);
  const span = (c: ParsedCidr) => {
    const size = familySize(c.family) / pow2(c.prefix);
    return { first: c.network, last: c.network + size - BigInt(1) };
  };
  const holes = except.map(effectiveBlock).filter(e => e.family === b.family).map(span).sort(byFirst);
  const whole = span(b);
  const ranges: AddressRange[] = [];
  let next = whole.first;
  for (const hole of holes) {
    if (hole.first > next) ranges.push({ family: b.family, first: next, last: hole.first - BigInt(1) });
    if (hole.last + BigInt(1) > next) next = hole.last + BigInt(1);
  }
  if (next <= whole.last) ranges.push({ family: b.family, first: next, last: whole.last });
  return ranges;
}

/**
 * The address families (4, 6) whose every address lies in the union of the ranges.
 * @internal
 */
export function coveredFamilies(ranges: readonly AddressRange[]): Array<4 | 6> {
  const covered: Array<4 | 6> = [];
  for (const family of [4, 6] as const) {
    const sorted = ranges.filter(r => r.family === family).sort(byFirst);
    let next = BigInt(0);
    for (const r of sorted) {
      if (r.first > next) break;
      if (r.last + BigInt(1) > next) next = r.last + BigInt(1);
    }
    if (next >= familySize(family)) covered.push(family);
  }
  return covered;
}

/** A parsed block as text (IPv6 groups uncompressed). @internal */
export function formatBlock(block: ParsedCidr): string {
  return formatNetwork(block.family, block.network, block.prefix);
}

function formatNetwork(family: 4 | 6, network: bigint, prefix: number): string {
  if (family === 4) {
    const octets = [24, 16, 8, 0].map(s => String((network / pow2(s)) % BigInt(256)));
    return `${octets.join('.')}/${prefix}`;
  }
  const groups: string[] = [];
  for (let s = 112; s >= 0; s -= 16) groups.push(((network / pow2(s)) % BigInt(65536)).toString(16));
  return `${groups.join(':')}/${prefix}`;
}

function pow2(exponent: number): bigint {
  return BigInt(2) ** BigInt(exponent);
}
