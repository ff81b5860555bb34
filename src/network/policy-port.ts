import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { invalidInput } from '../errors';
import { isIanaServiceName } from '../standards/names';
import { validatePort, validateReason } from '../validation';


/** The lowest and highest port numbers. @internal */
export const MIN_PORT = 1;
/** @internal */
export const MAX_PORT = 65535;

/**
 * One entry of a NetworkPolicy rule's `ports`: a number (with `endPort`, a range) or a
 * container port name.
 * @internal
 */
export interface PolicyPortEntry {
  readonly protocol: string;
  readonly port?: number | string;
  readonly endPort?: number;
}

/** A range of port numbers of one protocol, both ends included. @internal */
export interface PortRange {
  readonly protocol: string;
  readonly first: number;
  readonly last: number;
}

/** The numbered ports of a rule as ranges (named ports have no number here). @internal */
export function portRanges(entries: readonly PolicyPortEntry[]): PortRange[] {
  return entries
    .filter((e): e is PolicyPortEntry & { port: number } => typeof e.port === 'number')
    .map(e => ({ protocol: e.protocol, first: e.port, last: e.endPort ?? e.port }));
}

/**
 * The protocols whose every port (1 to 65535) lies in the union of the ranges: a list of ports
 * that amounts to `PolicyPort.anyPort` for that protocol.
 * @internal
 */
export function everyPortProtocols(ranges: readonly PortRange[]): string[] {
  const protocols = [...new Set(ranges.map(r => r.protocol))].sort();
  return protocols.filter(protocol => {
    let next = MIN_PORT;
    for (const r of ranges.filter(x => x.protocol === protocol).sort((x, y) => x.first - y.first)) {
      if (r.first > next) break;
      next = Math.max(next, r.last + 1);
    }
    return next > MAX_PORT;
  });
}

/**
 * A port (or port range) a network allow rule opens, always explicit.
 *
 * Ports are the ports of the pods that receive the traffic: on an ingress rule, ports of this
 * workload's containers; on an egress rule, ports of the peer. A Service's port is not a pod
 * port: use the Service's `targetPort`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
 */
export class PolicyPort {
  /** One TCP port, 1 to 65535. */
  public static tcp(port: number): PolicyPort {
    return new PolicyPort(kplus.Protocol.TCP, port, undefined, undefined, undefined);
  }

  /** One UDP port, 1 to 65535. */
  public static udp(port: number): PolicyPort {
    return new PolicyPort(kplus.Protocol.UDP, port, undefined, undefined, undefined);
  }

  /** A range of TCP ports, `first` to `last` inclusive (`endPort`). */
  public static tcpRange(first: number, last: number): PolicyPort {
    return new PolicyPort(kplus.Protocol.TCP, first, last, undefined, undefined);
  }

  /**
   * A named container port (`ports[].name` of the receiving pod's containers), so the rule
   * follows the port if its number changes. Only for peers that are pods: an address block
   * has no port names.
   *
   * @param name the port's name, an IANA service name such as "http" or "grpc-api"
   * @param protocol the port's protocol; default TCP
   */
  public static named(name: string, protocol?: kplus.Protocol): PolicyPort {
    return new PolicyPort(protocol ?? kplus.Protocol.TCP, undefined, undefined, name, undefined);
  }

  /**
   * Every port and protocol. Refused without a reason, because it re-opens what the
   * default-deny closed (NSA/CISA §"Network separation and hardening"); the reason is recorded
   * on the NetworkPolicy for auditors.
   *
   * @param reason why every port is needed, at least 10 characters
   */
  public static anyPort(reason: string): PolicyPort {
    return new PolicyPort(undefined, undefined, undefined, undefined, reason);
  }

  private constructor(
    private readonly protocol: kplus.Protocol | undefined,
    private readonly port: number | undefined,
    private readonly endPort: number | undefined,
    private readonly portName: string | undefined,
    private readonly anyPortReason: string | undefined,
  ) {}

  /**
   * Validates the port in the context of a workload and returns its NetworkPolicy form,
   * or undefined for "any port".
   * @internal
   */
  public _toPolicyPort(scope: IConstruct, field: string): PolicyPortEntry | undefined {
    if (this.anyPortReason !== undefined || this.protocol === undefined) {
      validateReason(scope, `${field} (PolicyPort.anyPort reason)`, this.anyPortReason);
      return undefined;
    }
    if (this.portName !== undefined) {
      if (!isIanaServiceName(this.portName)) {
        throw invalidInput(scope, field, 'a named port must be an IANA service name (lowercase letters, digits and "-", at most 15 characters, at least one letter)', this.portName,
          'use the name of a container port, e.g. "http"');
      }
      return { protocol: this.protocol, port: this.portName };
    }
    validatePort(scope, field, this.port!);
    if (this.endPort !== undefined) {
      validatePort(scope, `${field} (end of range)`, this.endPort);
      if (this.endPort <= this.port!) {
        throw invalidInput(scope, field, 'the end of a port range must be above its start', { first: this.port, last: this.endPort },
          'give the range low to high, e.g. PolicyPort.tcpRange(8000, 8099), or use PolicyPort.tcp for one port');
      }
      return { protocol: this.protocol, port: this.port, endPort: this.endPort };
    }
    return { protocol: this.protocol, port: this.port };
  }

  /** The port's name, when it is a named port. @internal */
  public get _name(): string | undefined {
    return this.portName;
  }

  /** The reason given for `anyPort`. @internal */
  public get _anyPortReason(): string | undefined {
    return this.anyPortReason?.trim();
  }
}
