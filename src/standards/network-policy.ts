// The network policy kinds our network rules read, and the facts of their semantics.
// Kubernetes: https://kubernetes.io/docs/concepts/services-networking/network-policies/
// Cilium (cilium.io/v2): https://docs.cilium.io/en/stable/security/policy/language/ and
// https://docs.cilium.io/en/stable/security/policy/intro/ (default deny per direction).
// Kubescape counts the same three kinds (regolibrary rules ingress-and-egress-blocked,
// internal-networking, ensure_network_policy_configured_in_labels).

/** A network policy kind: its group, scope and where its pod selector sits. @internal */
export interface NetworkPolicyKind {
  readonly kind: string;
  /** API group of its apiVersion. */
  readonly group: string;
  /** Namespaced (selects pods of its own namespace) or cluster-wide. */
  readonly namespaced: boolean;
  /** The field of a spec that selects the pods it applies to. */
  readonly selectorField: 'podSelector' | 'endpointSelector';
  /** Cilium kinds carry one `spec`, a list of `specs`, or both. */
  readonly multiSpec: boolean;
}

/** @internal */
export const NETWORK_POLICY_KINDS: readonly NetworkPolicyKind[] = [
  { kind: 'NetworkPolicy', group: 'networking.k8s.io', namespaced: true, selectorField: 'podSelector', multiSpec: false },
  { kind: 'CiliumNetworkPolicy', group: 'cilium.io', namespaced: true, selectorField: 'endpointSelector', multiSpec: true },
  { kind: 'CiliumClusterwideNetworkPolicy', group: 'cilium.io', namespaced: false, selectorField: 'endpointSelector', multiSpec: true },
];

/** The two directions of traffic a policy governs. @internal */
export const DIRECTIONS = ['Ingress', 'Egress'] as const;
/** @internal */
export type Direction = typeof DIRECTIONS[number];

/** The fields of a NetworkPolicy rule that name its peers, by direction. @internal */
export const NETWORK_POLICY_PEER_FIELD: Readonly<Record<Direction, string>> = { Ingress: 'from', Egress: 'to' };

/** The fields of a Cilium spec per direction: allow rules, deny rules, and the `enableDefaultDeny` key. @internal */
export const CILIUM_DIRECTION_FIELDS: Readonly<Record<Direction, { allow: string; deny: string; defaultDeny: string; entities: string }>> = {
  Ingress: { allow: 'ingress', deny: 'ingressDeny', defaultDeny: 'ingress', entities: 'fromEntities' },
  Egress: { allow: 'egress', deny: 'egressDeny', defaultDeny: 'egress', entities: 'toEntities' },
};

/** The Cilium entity that stands for every peer, in and outside the cluster. @internal */
export const CILIUM_ENTITY_ALL = 'all';

/**
 * The label Cilium gives every endpoint with its namespace (`k8s:io.kubernetes.pod.namespace`);
 * clusterwide policies select namespaces with it.
 * @internal
 */
export const CILIUM_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';

/**
 * Label source prefixes of Cilium selector keys that stand for Kubernetes pod labels
 * (`k8s:app`, `any:app`, or plain `app`); keys with other sources (`reserved:`, `cidr:`, ...)
 * never match a pod label.
 * @internal
 */
export const CILIUM_POD_LABEL_SOURCES: readonly string[] = ['k8s:', 'any:'];

/**
 * The IPv4 blocks that are not on the public internet (RFC 6890 special-purpose: "this network",
 * private, shared CGNAT, loopback, link-local, multicast and reserved). Every other IPv4 address
 * is public. What a policy opens to "the internet" is measured against the public addresses.
 * @internal
 */
export const NON_PUBLIC_IPV4_BLOCKS: readonly string[] = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12',
  '192.168.0.0/16', '224.0.0.0/4', '240.0.0.0/4',
];

/** The IPv6 global unicast block (RFC 4291 §2.4): the public IPv6 addresses. @internal */
export const PUBLIC_IPV6_BLOCK = '2000::/3';

/**
 * Address blocks open "(almost) every address" of a family when the public addresses they leave
 * closed are at most this fraction of all public addresses of the family (1/256: less than an
 * IPv4 /8's worth). `0.0.0.0/0` except one address is every address in all but spelling.
 * @internal
 */
export const ALMOST_EVERY_ADDRESS_CLOSED_FRACTION = 256;

/**
 * Ports open "(almost) every port" of a protocol when fewer than this many of the 65,535 stay
 * closed: `1-65534`, or `1024-65535` (every unprivileged port), are every port in all but spelling.
 * @internal
 */
export const ALMOST_EVERY_PORT_CLOSED_BELOW = 1024;

/**
 * Service types that expose pods outside the cluster: a port on every node, or an external
 * load balancer address (NSA/CISA §"Network separation and hardening").
 * @internal
 */
export const EXTERNAL_SERVICE_TYPES: readonly string[] = ['NodePort', 'LoadBalancer'];
