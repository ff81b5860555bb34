import { createHash } from 'crypto';
import { IConstruct } from 'constructs';
import { effectiveBlock, formatBlock, isStrictSubnet, parseCidr } from './cidr';
import { PeerBlock } from './coverage';
import { invalidInput } from '../errors';
import { IHardenedWorkload } from '../hardened-workload';
import { isLabelValue, isQualifiedName, NAMESPACE_NAME_LABEL } from '../standards/names';
import { validateDnsLabel, validateReason } from '../validation';

/**
 * Options for `Peer.inNamespace`.
 */
export interface NamespacePeerOptions {
  /**
   * Only the pods of the namespace that carry all these labels (a `namespaceSelector` and a
   * `podSelector` in the same peer entry, so both must match).
   *
   * @default - every pod of the namespace
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * The namespace is created outside this cdk8s app (by the platform team, a Helm chart), so
   * the check that it exists in the app is skipped.
   *
   * When the app defines at least one Namespace (a `HardenedNamespace`, say), a peer namespace
   * that the app does not define is an error at synthesis, because a typo would otherwise
   * produce a policy that silently matches nothing. `default` and the `kube-` system
   * namespaces always exist.
   *
   * @default false
   */
  readonly definedOutsideApp?: boolean;
}

/**
 * Options for `Peer.cidr`.
 */
export interface CidrPeerOptions {
  /**
   * Blocks inside the CIDR that are excluded (`ipBlock.except`). Each must be strictly inside
   * the CIDR and of the same address family.
   *
   * @default - none
   */
  readonly exceptCidrs?: string[];
}


/**
 * A peer resolved for one policy.
 * @internal
 */
export interface ResolvedPeer {
  /** Identifies the peer within a workload's rules (same key, same policy). */
  readonly key: string;
  /** DNS-label-safe name of the peer, used in policy names. */
  readonly slug: string;
  /** The `from`/`to` entry, or undefined for "anywhere" (the field is omitted). */
  readonly entry?: { [key: string]: unknown };
  /** The peer workload, for the rule on its side. */
  readonly workload?: IConstruct;
  /** Namespace the peer's pods are in, when it must exist in the app. */
  readonly namespaceToCheck?: string;
  /** Why traffic from/to anywhere is allowed. */
  readonly reason?: string;
  /** Whether the peer is an address block (no named ports, no rule on the other side). */
  readonly isAddressBlock: boolean;
  /** The block of a `Peer.cidr` peer, for the coverage of a workload's rules taken together. */
  readonly block?: PeerBlock;
}

/**
 * The other end of an allowed connection: a hardened workload, the pods of a namespace, or a
 * block of IP addresses. Used by `allowIngressFrom`, `allowEgressTo` and `exposeToPeers` on
 * every hardened workload.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
 */
export class Peer {
  /**
   * The pods of another hardened workload. A connection between two workloads emits a
   * NetworkPolicy on each side: the egress rule on the sender and the ingress rule on the
   * receiver, since both are isolated.
   */
  public static workload(workload: IHardenedWorkload): Peer {
    return new Peer((scope, field, policyNamespace) => resolveWorkloadPeer(scope, field, {
      construct: workload,
      name: workload.name,
      labels: workload.podSelectorLabels,
      namespace: workload.workloadNamespace,
    }, policyNamespace));
  }

  /**
   * The pods of a namespace, by the namespace's name (`kubernetes.io/metadata.name` label),
   * optionally only those with given labels.
   *
   * @param name the namespace's name
   */
  public static inNamespace(name: string, options: NamespacePeerOptions = {}): Peer {
    return new Peer((scope, field) => {
      validateDnsLabel(scope, `${field} (namespace)`, name);
      const labels = options.podLabels ?? {};
      for (const [key, value] of Object.entries(labels)) {
        if (!isQualifiedName(key) || !isLabelValue(value)) {
          throw invalidInput(scope, `${field} podLabels["${key}"]`, 'is not a valid label (key: optional DNS prefix and "/", then up to 63 characters; value: up to 63 letters, digits, "-", "_" or ".")', value,
            'use the labels your pods carry, e.g. { "app.kubernetes.io/name": "prometheus" }');
        }
      }
      const hasPods = Object.keys(labels).length > 0;
      const entry: { [key: string]: unknown } = { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: name } } };
      if (hasPods) entry.podSelector = { matchLabels: { ...labels } };
      const labelPart = hasPods ? '-' + Object.keys(labels).sort().map(k => labels[k]).join('-') : '';
      return {
        key: `namespace:${name}:${JSON.stringify(Object.entries(labels).sort())}`,
        slug: toSlug(`ns-${name}${labelPart}`),
        entry,
        namespaceToCheck: options.definedOutsideApp ? undefined : name,
        isAddressBlock: false,
      };
    });
  }

  /**
   * A block of IP addresses (`ipBlock`), for traffic to or from outside the cluster. Pod IPs
   * are ephemeral: select pods with `workload` or `inNamespace` instead.
   *
   * `0.0.0.0/0`, `::/0` and `::ffff:0.0.0.0/96` are refused here: use `Peer.anywhere(reason)`;
   * so are blocks that, with the workload's other blocks in the same direction, add up to every
   * IPv4 or IPv6 address on a port (`0.0.0.0/1` and `128.0.0.0/1`). An IPv4-mapped IPv6 block
   * (`::ffff:10.0.0.0/104`) is refused, as the API server refuses it: write the IPv4 block it
   * maps (`10.0.0.0/8`).
   *
   * @param cidr the block, e.g. "203.0.113.0/24"
   */
  public static cidr(cidr: string, options: CidrPeerOptions = {}): Peer {
    return new Peer((scope, field) => {
      const block = parseCidr(scope, field, cidr);
      if (effectiveBlock(block).prefix === 0) {
        const what = block.prefix === 0 ? 'a /0 block is every address' : 'the IPv4-mapped block ::ffff:0:0/96 is every IPv4 address';
        throw invalidInput(scope, field, `${what}, which re-opens what the default-deny closed`, cidr,
          'allow the narrowest block you need, or use Peer.anywhere("<reason>") if every address really is needed');
      }
      const mapped = effectiveBlock(block);
      if (mapped.family !== block.family) {
        throw invalidInput(scope, field, 'is an IPv4-mapped IPv6 block, which the API server refuses in a NetworkPolicy ("must not have an IPv4-mapped IPv6 address")', cidr,
          `write the IPv4 block it maps: "${formatBlock(mapped)}"`);
      }
      const except = options.exceptCidrs ?? [];
      const exceptBlocks = except.map((text, i) => {
        const inner = parseCidr(scope, `${field} except[${i}]`, text);
        if (!isStrictSubnet(inner, block)) {
          throw invalidInput(scope, `${field} except[${i}]`, `must lie strictly inside ${cidr} (same address family and notation, longer prefix)`, text,
            `remove it, or give a block inside ${cidr}`);
        }
        return inner;
      });
      if (new Set(except).size !== except.length) {
        throw invalidInput(scope, `${field} except`, 'lists a block twice', except, 'list each excluded block once');
      }
      const entry = { ipBlock: except.length > 0 ? { cidr, except: [...except] } : { cidr } };
      return {
        key: `cidr:${cidr}:${except.join(',')}`,
        slug: toSlug(`cidr-${cidr}${except.length > 0 ? '-except-' + except.join('-') : ''}`),
        entry,
        isAddressBlock: true,
        block: { cidr: block, except: exceptBlocks, text: except.length > 0 ? `${cidr} except ${except.join(', ')}` : cidr },
      };
    });
  }

  /**
   * Every source or destination: pods of every namespace and every address. Refused without a
   * reason (NSA/CISA §"Network separation and hardening": deny by default, then allow what is
   * needed); the reason is recorded on the NetworkPolicy for auditors.
   *
   * @param reason why the traffic cannot be narrowed, at least 10 characters
   */
  public static anywhere(reason: string): Peer {
    return new Peer((scope, field) => {
      const checked = validateReason(scope, `${field} (Peer.anywhere reason)`, reason);
      return { key: 'anywhere', slug: 'anywhere', reason: checked, isAddressBlock: true };
    });
  }

  private constructor(
    private readonly resolver: (scope: IConstruct, field: string, policyNamespace: string | undefined) => ResolvedPeer,
  ) {}

  /**
   * Validates the peer for a policy in `policyNamespace` and returns its policy form.
   * @internal
   */
  public _resolve(scope: IConstruct, field: string, policyNamespace: string | undefined): ResolvedPeer {
    return this.resolver(scope, field, policyNamespace);
  }
}

/**
 * What a workload peer is made of.
 * @internal
 */
export interface WorkloadPeerTarget {
  readonly construct: IConstruct;
  readonly name: string;
  readonly labels: { [key: string]: string };
  readonly namespace?: string;
}

/**
 * Resolves a workload as the peer of a policy in `policyNamespace`: a pod selector, plus a
 * namespace selector when the namespaces differ.
 * @internal
 */
export function resolveWorkloadPeer(scope: IConstruct, field: string, target: WorkloadPeerTarget, policyNamespace: string | undefined): ResolvedPeer {
  const ns = target.namespace;
  if ((ns === undefined) !== (policyNamespace === undefined)) {
    throw invalidInput(scope, field, `one workload has a namespace and the other has none (this workload: ${policyNamespace ?? 'none'}; the peer: ${ns ?? 'none'}), so the selector cannot be exact`,
      target.construct.node.path, 'set metadata.namespace on both workloads (or their charts), or on neither');
  }
  const podSelector = { matchLabels: { ...target.labels } };
  const entry = ns === policyNamespace
    ? { podSelector }
    : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } }, podSelector };
  return { key: `workload:${target.construct.node.path}`, slug: target.name, entry, workload: target.construct, namespaceToCheck: ns, isAddressBlock: false };
}

/**
 * A DNS-label-safe rendering of a peer, at most 63 characters (longer ones end in a hash).
 * @internal
 */
export function toSlug(text: string): string {
  const slug = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length <= 63) return slug;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return `${slug.slice(0, 54).replace(/-+$/, '')}-${hash}`;
}
