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
  if (!/^[0-9a-fA-F:]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = BigInt(0);
  for (const group of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = value * BigInt(65536) + BigInt(parseInt(group, 16));
  }
  return value;
}

/**
 * Parses and validates a CIDR block as `NetworkPolicy` `ipBlock.cidr` expects it: an IPv4 or
 * IPv6 network address with a prefix length, host bits zero ("10.0.0.0/8", "fd00::/8").
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
