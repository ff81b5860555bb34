import { createHash } from 'crypto';
import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { CoverageRule, everyAddressWithoutReason, everyPortWithoutReason } from './coverage';
import { AllowTrafficOptions, ExposeToPeersOptions } from './options';
import { Peer, ResolvedPeer, resolveWorkloadPeer, toSlug } from './peer';
import { MAX_PORT, MIN_PORT, PolicyPortEntry } from './policy-port';
import { invalidInput } from '../errors';
import { ackAnnotation, ALLOW_REASON_ANNOTATION, ISOLATION_OFF_REASON_ANNOTATION } from '../standards/annotations';
import { isReservedNamespace } from '../standards/names';
import { addSynthesisValidation, oncePerSynthesis } from '../synthesis';
import { registerDuplicateObjectCheck } from '../unique-objects';
import { validateObjectName, validatePort, validateReason } from '../validation';


type Direction = 'Ingress' | 'Egress';
type PortEntry = PolicyPortEntry;

/** The ports of a rule after adding more: undefined (every port) absorbs everything. */
function mergePorts(current: PortEntry[] | undefined, added: PortEntry[] | undefined): PortEntry[] | undefined {
  if (current === undefined || added === undefined) return undefined;
  const merged = [...current];
  for (const entry of added) {
    if (!merged.some(p => JSON.stringify(p) === JSON.stringify(entry))) merged.push(entry);
  }
  return merged;
}

interface Rule {
  readonly direction: Direction;
  readonly peer: ResolvedPeer;
  readonly field: string;
  /** Undefined means every port. */
  ports: PortEntry[] | undefined;
  readonly reasons: string[];
  readonly policy: ApiObject;
}

/** Where the network object is kept on the workload it belongs to. */
const NETWORK = Symbol('cdk8s-hardening.network');

/**
 * The network allow-lists of one hardened workload, whatever its kind (its `network`): the
 * NetworkPolicies that open exactly the paths asked for, on top of the workload's own deny-all
 * policy and its namespace's default-deny. Policies are unions of allows, so every one here is
 * additive.
 *
 * One policy per (direction, peer), named `<workload>-allow-ingress-from-<peer>` or
 * `<workload>-allow-egress-to-<peer>`; asking twice for the same peer adds the ports to that
 * policy. A connection between two hardened workloads writes the rule on both sides.
 *
 * The hardened counterpart of cdk8s-plus's `PodConnections` (`connections`), whose `allowTo`
 * and `allowFrom` a hardened workload refuses.
 */
export class HardenedWorkloadNetwork {
  /**
   * The network object of a hardened workload; created once, by the workload's hardening core.
   * @internal
   */
  public static _forWorkload(pod: kplus.AbstractPod, namespace: string | undefined): HardenedWorkloadNetwork {
    return new HardenedWorkloadNetwork(pod, namespace);
  }

  /** The network object of a hardened workload, if `construct` is one. */
  private static of(construct: IConstruct): HardenedWorkloadNetwork | undefined {
    const network: unknown = Reflect.get(construct, NETWORK);
    return network instanceof HardenedWorkloadNetwork ? network : undefined;
  }

  private readonly rules = new Map<string, Rule>();
  private readonly exposedPorts = new Set<number>();
  private isolationOffReason?: string;
  private acknowledgementWritten = false;

  private constructor(private readonly pod: kplus.AbstractPod, private readonly namespace: string | undefined) {
    Object.defineProperty(pod, NETWORK, { value: this });
    addSynthesisValidation(pod, () => this.validate());
    // every hardened workload has one of these: the app's objects are then checked for duplicates
    registerDuplicateObjectCheck(pod);
  }

  /** Labels selecting exactly this workload's pods (the cdk8s-plus pod address label). */
  public get podSelectorLabels(): { [key: string]: string } {
    const address = this.pod.podMetadata.getLabel(kplus.Pod.ADDRESS_LABEL);
    if (address === undefined) {
      throw new Error(`[${this.pod.node.path}] the pod address label ${kplus.Pod.ADDRESS_LABEL} is missing; it is set by cdk8s-plus on every workload`);
    }
    return { [kplus.Pod.ADDRESS_LABEL]: address };
  }

  /**
   * Allow traffic from `peer` to this workload's pods on `options.ports`: a NetworkPolicy
   * `<workload>-allow-ingress-from-<peer>`, and for a workload peer also its egress policy.
   */
  public allowIngressFrom(peer: Peer, options: AllowTrafficOptions): void {
    this.allow('Ingress', peer, options, 'allowIngressFrom');
  }

  /**
   * Allow traffic from this workload's pods to `peer` on `options.ports`: a NetworkPolicy
   * `<workload>-allow-egress-to-<peer>`, and for a workload peer also its ingress policy.
   */
  public allowEgressTo(peer: Peer, options: AllowTrafficOptions): void {
    this.allow('Egress', peer, options, 'allowEgressTo');
  }

  /**
   * A Service for this workload that opens ingress only on its target port and only from
   * `options.peers`.
   */
  public exposeToPeers(options: ExposeToPeersOptions): kplus.Service {
    const scope = this.pod;
    const port = validatePort(scope, 'exposeToPeers.port', options.port);
    const targetPort = validatePort(scope, 'exposeToPeers.targetPort', options.targetPort ?? port);
    const protocol = options.protocol ?? kplus.Protocol.TCP;
    const containerPorts = this.pod.containers.flatMap(c => c.ports.map(p => p.number));
    if (!containerPorts.includes(targetPort)) {
      throw invalidInput(scope, options.targetPort !== undefined ? 'exposeToPeers.targetPort' : 'exposeToPeers.port',
        `is not a port of the workload's containers (${containerPorts.length > 0 ? containerPorts.join(', ') : 'none declared'})`, targetPort,
        'declare the port on the container (portNumber or ports), or set targetPort to a declared one');
    }
    if (this.exposedPorts.has(port)) {
      throw invalidInput(scope, 'exposeToPeers.port', 'is already exposed by another Service of this workload', port, 'expose each port once, listing every peer in peers');
    }
    if (options.peers.length === 0) {
      throw invalidInput(scope, 'exposeToPeers.peers', 'an empty peer list would let every pod and address connect, re-opening what the default-deny closed', [],
        'list the peers that connect (Peer.workload(web), Peer.inNamespace("ingress-nginx")), or say why everyone must with Peer.anywhere("<reason>")');
    }
    if (options.serviceName !== undefined) validateObjectName(scope, 'exposeToPeers.serviceName', 'Service', options.serviceName);
    const serviceType = options.serviceType ?? kplus.ServiceType.CLUSTER_IP;
    const exposedOutside = serviceType === kplus.ServiceType.LOAD_BALANCER || serviceType === kplus.ServiceType.NODE_PORT;
    const typeReason = exposedOutside ? validateReason(scope, 'exposeToPeers.serviceTypeReason', options.serviceTypeReason) : undefined;
    if (!exposedOutside && options.serviceTypeReason !== undefined) {
      throw invalidInput(scope, 'exposeToPeers.serviceTypeReason', 'is only for a NodePort or LoadBalancer Service', options.serviceTypeReason, 'remove it');
    }
    // every peer is checked (and its side planned) before the Service or any policy is created
    const policyPort = { protocol: String(protocol), port: targetPort };
    const pending: CoverageRule[] = [];
    const commits = options.peers.flatMap((peer, i) => {
      const resolved = peer._resolve(scope, `exposeToPeers.peers[${i}]`, this.namespace);
      const planned = this.planConnection('Ingress', resolved, [policyPort], [], `exposeToPeers.peers[${i}]`, true, pending);
      pending.push({ block: resolved.block, anywhere: resolved.entry === undefined, ports: [policyPort] });
      return planned;
    });
    this.exposedPorts.add(port);
    const service = new kplus.Service(scope, `Expose${port}`, {
      metadata: options.serviceName !== undefined ? { namespace: this.namespace, name: options.serviceName } : { namespace: this.namespace },
      type: serviceType,
      selector: this.pod,
      ports: [{ port, targetPort, protocol }],
    });
    // the reason is the acknowledgement the engine's ServiceExposure reads
    if (typeReason !== undefined) service.metadata.addAnnotation(ackAnnotation('ServiceExposure'), `${serviceType}: ${typeReason}`);
    for (const commit of commits) commit();
    return service;
  }

  private allow(direction: Direction, peer: Peer, options: AllowTrafficOptions, method: string): void {
    const scope = this.pod;
    const resolved = peer._resolve(scope, `${method} peer`, this.namespace);
    const ports = options.ports ?? [];
    if (ports.length === 0) {
      throw invalidInput(scope, `${method} ports`, 'ports must be explicit; an empty list would open every port', [],
        'list the ports (PolicyPort.tcp(8080), PolicyPort.named("http")), or say why every port is needed with PolicyPort.anyPort("<reason>")');
    }
    const entries = ports.map((p, i) => p._toPolicyPort(scope, `${method} ports[${i}]`));
    const reasons = ports.map(p => p._anyPortReason).filter((r): r is string => r !== undefined);
    if (reasons.length > 0 && ports.length > 1) {
      throw invalidInput(scope, `${method} ports`, 'PolicyPort.anyPort cannot be combined with other ports', ports.length,
        'give either PolicyPort.anyPort("<reason>") alone or the explicit ports');
    }
    if (direction === 'Egress' && resolved.isAddressBlock) {
      const named = ports.map(p => p._name).filter(n => n !== undefined);
      if (named.length > 0) {
        throw invalidInput(scope, `${method} ports`, 'named ports are resolved on the receiving pods; an address block has none, so the rule would match nothing', named[0],
          'give the port number, e.g. PolicyPort.tcp(443)');
      }
    }
    this.addRule(direction, resolved, reasons.length > 0 ? undefined : (entries as PortEntry[]), reasons, `${method} peer`, true);
  }

  /**
   * Adds a rule, and for a workload peer the matching rule on the peer's side. Everything is
   * checked (both sides) before anything is created, so a refused call leaves nothing behind.
   */
  private addRule(direction: Direction, peer: ResolvedPeer, ports: PortEntry[] | undefined, reasons: string[], field: string, mirror: boolean): void {
    for (const commit of this.planConnection(direction, peer, ports, reasons, field, mirror)) commit();
  }

  /** Checks a rule and its mirror on a workload peer; returns what adds them. */
  private planConnection(direction: Direction, peer: ResolvedPeer, ports: PortEntry[] | undefined, reasons: string[], field: string, mirror: boolean,
    pending: CoverageRule[] = []): Array<() => void> {
    const commits = [this.planRule(direction, peer, ports, reasons, field, pending)];
    if (mirror && peer.workload) {
      const other = HardenedWorkloadNetwork.of(peer.workload);
      if (!other) {
        throw invalidInput(this.pod, field, 'the peer is not a hardened workload of this library, so its side of the connection cannot be written', peer.workload.node.path,
          'use a HardenedDeployment, HardenedStatefulSet, HardenedDaemonSet, HardenedJob or HardenedCronJob as the peer, or Peer.inNamespace with podLabels');
      }
      const self = resolveWorkloadPeer(other.pod, field, {
        construct: this.pod,
        name: this.pod.name,
        labels: this.podSelectorLabels,
        namespace: this.namespace,
      }, other.namespace);
      commits.push(other.planRule(direction === 'Ingress' ? 'Egress' : 'Ingress', self, ports, reasons, field));
    }
    return commits;
  }

  /** Checks a rule and returns what adds it: nothing is changed until the returned function runs. */
  private planRule(direction: Direction, peer: ResolvedPeer, ports: PortEntry[] | undefined, reasons: string[], field: string,
    pending: CoverageRule[] = []): () => void {
    const key = `${direction}|${peer.key}`;
    const existing = this.rules.get(key);
    const merged = mergePorts(existing ? existing.ports : [], ports);
    this.checkCoverage(direction, key, peer, merged, field, pending);
    return () => {
      let rule = this.rules.get(key);
      if (!rule) {
        rule = { direction, peer, field, ports: [], reasons: [], policy: this.createPolicy(key, direction, peer) };
        this.rules.set(key, rule);
      }
      rule.ports = merged;
      for (const reason of [...reasons, ...(peer.reason ? [peer.reason] : [])]) {
        if (!rule.reasons.includes(reason)) rule.reasons.push(reason);
      }
      if (rule.reasons.length > 0) {
        const text = rule.reasons.join('; ');
        rule.policy.metadata.addAnnotation(ALLOW_REASON_ANNOTATION, text);
        // the reason is the acknowledgement the engine's WideNetworkPolicy reads
        rule.policy.metadata.addAnnotation(ackAnnotation('WideNetworkPolicy'), text);
      }
    };
  }

  /**
   * The workload's pods are not isolated by a policy of their own (`isolate: false`): the reason
   * is recorded, and is the acknowledgement of NetworkPolicySelectsWorkload unless a default-deny
   * of the namespace (a HardenedNamespace's) isolates the pods anyway.
   * @internal
   */
  public _isolationOff(reason: string): void {
    this.isolationOffReason = reason;
    this.pod.metadata.addAnnotation(ISOLATION_OFF_REASON_ANNOTATION, reason);
    this.writeAcknowledgement();
  }

  /**
   * The acknowledgement of NetworkPolicySelectsWorkload, the rule that reports pods no policy
   * isolates, written when the workload is synthesized: the pods not isolated (`isolate: false`)
   * where nothing else isolates them. (A rule from or to every peer on every port carries its
   * reasons on its own policy, as WideNetworkPolicy's acknowledgement.) Synthesis and the `check`
   * command accept it alike; without it, no acknowledgement is written.
   */
  private writeAcknowledgement(): void {
    if (this.acknowledgementWritten) return;
    this.acknowledgementWritten = true;
    const produce = (): string | undefined => {
      const parts: string[] = [];
      if (this.isolationOffReason !== undefined && !namespaceDeniesAll(this.pod, this.namespace)) parts.push(`not isolated: ${this.isolationOffReason}`);
      return parts.length > 0 ? parts.join('. ') : undefined;
    };
    // cdk8s resolves a Lazy in metadata when it renders the object; one that produces nothing is left out
    this.pod.metadata.addAnnotation(ackAnnotation(OPEN_DIRECTION_RULE), Lazy.any({ produce }) as unknown as string);
  }

  /**
   * Refuses a rule whose ports, with those already given for the peer, open every port of a
   * protocol, and address blocks that, with the workload's other rules in the direction, open
   * every address on a port: what PolicyPort.anyPort and Peer.anywhere open, without their reason.
   */
  private checkCoverage(direction: Direction, key: string, peer: ResolvedPeer, ports: PortEntry[] | undefined, field: string,
    pending: CoverageRule[]): void {
    const everyPort = everyPortWithoutReason(ports);
    if (everyPort.length > 0) {
      throw invalidInput(this.pod, `${field} ports`, `the ports given for this peer together open every ${everyPort.join(' and ')} port (${MIN_PORT}-${MAX_PORT}), or all but fewer than 1024 of them, which re-opens what the default-deny closed`, ports,
        'open only the ports the traffic uses, or say why every port is needed with PolicyPort.anyPort("<reason>")');
    }
    if (peer.block === undefined) return;
    const rules: CoverageRule[] = [...this.rules.entries()]
      .filter(([k, r]) => r.direction === direction && k !== key)
      .map(([, r]) => ({ block: r.peer.block, anywhere: r.peer.entry === undefined, ports: r.ports }));
    rules.push(...pending, { block: peer.block, anywhere: false, ports });
    const coverage = everyAddressWithoutReason(rules);
    if (coverage) {
      throw invalidInput(this.pod, field, `with this workload's other ${direction.toLowerCase()} rules, the address blocks ${coverage.blocks.join(', ')} together open (almost) every public IPv${coverage.family} address on ${coverage.ports}, which re-opens what the default-deny closed`, coverage.blocks,
        'narrow the blocks to the addresses the traffic uses, or say why every address is needed with Peer.anywhere("<reason>")');
    }
  }

  private createPolicy(key: string, direction: Direction, peer: ResolvedPeer): ApiObject {
    const verb = direction === 'Ingress' ? 'ingress-from' : 'egress-to';
    // Two different peers can render to the same slug (label values joined by "-"): keep both.
    const taken = [...this.rules.values()].some(r => r.direction === direction && r.peer.slug === peer.slug);
    const slug = taken ? toSlug(`${peer.slug}-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`) : peer.slug;
    const id = direction === 'Ingress' ? `AllowIngressFrom-${slug}` : `AllowEgressTo-${slug}`;
    return new ApiObject(this.pod, id, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${this.pod.name}-allow-${verb}-${slug}`, namespace: this.namespace },
      spec: Lazy.any({ produce: () => this.policySpec(this.rules.get(key)!) }),
    });
  }

  private policySpec(rule: Rule): { [key: string]: unknown } {
    const entry: { [key: string]: unknown } = {};
    if (rule.peer.entry) entry[rule.direction === 'Ingress' ? 'from' : 'to'] = [rule.peer.entry];
    if (rule.ports !== undefined) entry.ports = rule.ports.map(p => ({ ...p }));
    return {
      podSelector: { matchLabels: this.podSelectorLabels },
      policyTypes: [rule.direction],
      [rule.direction === 'Ingress' ? 'ingress' : 'egress']: [entry],
    };
  }

  private validate(): string[] {
    if (this.rules.size === 0) return [];
    const errors: string[] = [];
    const namespaces = [...this.rules.values()].some(r => r.peer.namespaceToCheck !== undefined)
      ? appNamespaces(this.pod.node.root) : new Set<string>();
    const portNames = new Set(this.pod.containers.flatMap(c => c.ports.map(p => p.name)).filter((n): n is string => n !== undefined));
    for (const rule of this.rules.values()) {
      const ns = rule.peer.namespaceToCheck;
      if (ns !== undefined && namespaces.size > 0 && !namespaces.has(ns) && !isReservedNamespace(ns)) {
        errors.push(invalidInput(this.pod, rule.field, `namespace "${ns}" is not defined in this app (it defines ${[...namespaces].sort().join(', ')}), so the policy would match nothing`, ns,
          'fix the name, add a HardenedNamespace for it, or pass { definedOutsideApp: true } to Peer.inNamespace if it is created elsewhere').message);
      }
      if (rule.direction === 'Ingress') {
        for (const p of rule.ports ?? []) {
          if (typeof p.port === 'string' && !portNames.has(p.port)) {
            errors.push(invalidInput(this.pod, rule.field, `named port "${p.port}" is not a port of this workload's containers (${portNames.size > 0 ? [...portNames].join(', ') : 'no named ports'}), so the rule would match nothing`, p.port,
              'name the container port (ports: [{ number: 8080, name: "http" }]) or use the port number').message);
          }
        }
      }
    }
    return errors;
  }
}

/** The engine rule that reports a policy opening a direction to every peer on every port. */
const OPEN_DIRECTION_RULE = 'NetworkPolicySelectsWorkload';

/** Key of the namespaces with a default-deny policy in a synthesis. */
const DENY_ALL_NAMESPACES = {};

/**
 * Whether the app of `scope` has a NetworkPolicy in `namespace` that selects every pod and
 * allows nothing in either direction (a HardenedNamespace's `default-deny-all`).
 */
function namespaceDeniesAll(scope: IConstruct, namespace: string | undefined): boolean {
  const root = scope.node.root;
  const namespaces = oncePerSynthesis(root, DENY_ALL_NAMESPACES, () => {
    const found = new Set<string>();
    for (const c of root.node.findAll()) {
      if (!(c instanceof ApiObject) || c.kind !== 'NetworkPolicy' || c.apiVersion !== 'networking.k8s.io/v1') continue;
      const spec = (c.toJson() as { spec?: { [key: string]: unknown } }).spec ?? {};
      const selector = (spec.podSelector ?? {}) as { [key: string]: unknown };
      const empty = (v: unknown) => v === undefined || (Array.isArray(v) ? v.length === 0 : Object.keys(v as object).length === 0);
      const selectsAll = Object.values(selector).every(empty);
      const types = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
      const deniesAll = types.includes('Ingress') && types.includes('Egress')
        && empty(spec.ingress) && empty(spec.egress);
      if (selectsAll && deniesAll) found.add(c.metadata.namespace ?? '');
    }
    return found;
  });
  return namespaces.has(namespace ?? '');
}

/** Key of the app's Namespace names in a synthesis (one scan of the tree per synthesis). */
const NAMESPACES = {};

/** The names of the Namespace objects of the app `root`. */
function appNamespaces(root: IConstruct): ReadonlySet<string> {
  return oncePerSynthesis(root, NAMESPACES, () => {
    const names = new Set<string>();
    for (const c of root.node.findAll()) {
      if (c instanceof ApiObject && c.kind === 'Namespace' && c.metadata.name) names.add(c.metadata.name);
    }
    return names;
  });
}
