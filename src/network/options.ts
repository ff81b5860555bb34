import * as kplus from 'cdk8s-plus-27';
import { Peer } from './peer';
import { PolicyPort } from './policy-port';

/**
 * Options for `allowIngressFrom` and `allowEgressTo` on a hardened workload.
 */
export interface AllowTrafficOptions {
  /**
   * The ports the traffic may use, on the pods that receive it (this workload's pods for
   * ingress, the peer's for egress). Required and never empty: "every port" is
   * `PolicyPort.anyPort(reason)`.
   */
  readonly ports: PolicyPort[];
}

/**
 * Options for `exposeToPeers` on a hardened workload.
 */
export interface ExposeToPeersOptions {
  /**
   * The Service's port.
   */
  readonly port: number;

  /**
   * The container port the Service forwards to; must be a port of one of the workload's
   * containers. The NetworkPolicy opens this port, since policies apply to pod ports.
   *
   * @default - the same as `port`
   */
  readonly targetPort?: number;

  /**
   * The port's protocol.
   *
   * @default Protocol.TCP
   */
  readonly protocol?: kplus.Protocol;

  /**
   * Who may connect. Ingress opens only from these peers, only on `targetPort`; a workload
   * peer also gets the matching egress rule. Never empty: to accept everyone, say so with
   * `Peer.anywhere(reason)`.
   */
  readonly peers: Peer[];

  /**
   * The Service's name.
   *
   * @default - a name generated from the construct path
   */
  readonly serviceName?: string;

  /**
   * The Service's type.
   *
   * @default ServiceType.CLUSTER_IP — reachable inside the cluster only; NodePort and
   * LoadBalancer expose every node or an external address (NSA/CISA §"Network separation"),
   * so they need `serviceTypeReason`.
   */
  readonly serviceType?: kplus.ServiceType;

  /**
   * Why the Service must be a NodePort or LoadBalancer, at least 10 characters. Required for
   * those types and refused for others; recorded on the Service as the acknowledgement the
   * `check` command's ServiceExposure rule reads.
   *
   * @default - none (a ClusterIP Service needs no reason)
   */
  readonly serviceTypeReason?: string;
}
