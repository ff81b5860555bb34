import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PodHardeningOptions } from './hardening-options';
import { hardenInheritedMembers, PodHardening } from './pod-hardening';
import { IHardenedWorkload } from '../hardened-workload';
import { AllowTrafficOptions, ExposeToPeersOptions } from '../network/options';
import { Peer } from '../network/peer';
import { HardenedWorkloadNetwork } from '../network/workload-network';

/**
 * Props for `HardenedDaemonSet`: the props of cdk8s-plus-27's `DaemonSetProps`, plus the
 * hardening options shared by every hardened workload.
 *
 * The inherited props keep cdk8s-plus-27's documentation, but a hardened DaemonSet changes three:
 * `isolate` defaults to true (the pods are isolated by their own deny-all NetworkPolicy;
 * false needs `isolationOffReason`); `serviceAccount` is refused (the workload gets its own
 * ServiceAccount, bound to an empty Role: grant it more with `SeparatedRbac` `workloadGrants`);
 * `restartPolicy` accepts only `Always`, the default.
 */
export interface HardenedDaemonSetProps extends kplus.DaemonSetProps, PodHardeningOptions {}

/**
 * A DaemonSet whose pods meet the Pod Security Standards `restricted` profile and the NSA/CISA
 * Kubernetes Hardening Guide v1.1 by default: the same hardening as `HardenedDeployment`
 * (shared pod-hardening core).
 *
 * A DaemonSet runs on every node, which makes it the usual place for host access: hostPath
 * volumes, hostNetwork, host ports and privileged containers are refused here as everywhere.
 * Node agents that truly need them belong in a separate, `privileged`-labelled namespace
 * outside this library's guarantees.
 */
export class HardenedDaemonSet extends kplus.DaemonSet implements IHardenedWorkload {
  public readonly workloadServiceAccount: kplus.ServiceAccount;
  public readonly workloadRole: kplus.Role;
  public readonly serviceAccountName: string;
  public readonly workloadNamespace?: string;
  /** The network allow-lists of the workload's pods, on top of their deny-all isolation. */
  public readonly network: HardenedWorkloadNetwork;

  private readonly hardening: PodHardening;

  constructor(scope: Construct, id: string, props: HardenedDaemonSetProps = {}) {
    super(scope, id, PodHardening.podProps(scope, id, props, 'DaemonSet'));
    this.workloadNamespace = PodHardening.namespaceOf(this, props);
    this.hardening = new PodHardening(this, props, this.workloadNamespace, 'DaemonSet');
    this.workloadServiceAccount = this.hardening.serviceAccount;
    this.workloadRole = this.hardening.role;
    this.network = this.hardening.network;
    this.serviceAccountName = this.workloadServiceAccount.name;
    this.hardening.addInitialContents(props);
  }

  /** Labels that select exactly this workload's pods: `network.podSelectorLabels`. */
  public get podSelectorLabels(): { [key: string]: string } {
    return this.network.podSelectorLabels;
  }

  /** `network.allowIngressFrom(peer, options)`. */
  public allowIngressFrom(peer: Peer, options: AllowTrafficOptions): void {
    this.network.allowIngressFrom(peer, options);
  }

  /** `network.allowEgressTo(peer, options)`. */
  public allowEgressTo(peer: Peer, options: AllowTrafficOptions): void {
    this.network.allowEgressTo(peer, options);
  }

  /** `network.exposeToPeers(options)`. */
  public exposeToPeers(options: ExposeToPeersOptions): kplus.Service {
    return this.network.exposeToPeers(options);
  }

  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    return this.hardening.addContainer(cont, c => super.attachContainer(c));
  }

  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    return this.hardening.addInitContainer(cont);
  }

  public addVolume(vol: kplus.Volume): void {
    super.addVolume(this.hardening.checkAddedVolume(vol));
  }

  /**
   * @internal
   */
  public _toPodSpec(): kplus.k8s.PodSpec {
    return this.hardening.hardenPodSpec(super._toPodSpec());
  }
}
hardenInheritedMembers(HardenedDaemonSet);
