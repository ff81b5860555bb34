import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PodHardeningOptions } from './hardening-options';
import { hardenInheritedMembers, PodHardening } from './pod-hardening';
import { IHardenedWorkload } from '../hardened-workload';
import { AllowTrafficOptions, ExposeToPeersOptions } from '../network/options';
import { Peer } from '../network/peer';
import { HardenedWorkloadNetwork } from '../network/workload-network';

/**
 * Props for `HardenedJob`: the props of cdk8s-plus-27's `JobProps`, plus the
 * hardening options shared by every hardened workload.
 *
 * The inherited props keep cdk8s-plus-27's documentation, but a hardened Job changes three:
 * `isolate` defaults to true (the pods are isolated by their own deny-all NetworkPolicy;
 * false needs `isolationOffReason`); `serviceAccount` is refused (the workload gets its own
 * ServiceAccount, bound to an empty Role: grant it more with `SeparatedRbac` `workloadGrants`);
 * `restartPolicy` defaults to `Never` and refuses `Always` (a Job's pods run to completion).
 */
export interface HardenedJobProps extends kplus.JobProps, PodHardeningOptions {}

/**
 * A Job whose pods meet the Pod Security Standards `restricted` profile and the NSA/CISA
 * Kubernetes Hardening Guide v1.1 by default: the same hardening as `HardenedDeployment`
 * (shared pod-hardening core).
 *
 * A Job's pods run to completion, so `restartPolicy` must be `Never` (the default) or
 * `OnFailure`; `Always` is refused at construct time. Open the paths the job needs (its
 * database, an object store) with `allowEgressTo`.
 */
export class HardenedJob extends kplus.Job implements IHardenedWorkload {
  public readonly workloadServiceAccount: kplus.ServiceAccount;
  public readonly workloadRole: kplus.Role;
  public readonly serviceAccountName: string;
  public readonly workloadNamespace?: string;
  /** The network allow-lists of the workload's pods, on top of their deny-all isolation. */
  public readonly network: HardenedWorkloadNetwork;

  private readonly hardening: PodHardening;

  constructor(scope: Construct, id: string, props: HardenedJobProps = {}) {
    super(scope, id, PodHardening.podProps(scope, id, props, 'Job'));
    this.workloadNamespace = PodHardening.namespaceOf(this, props);
    this.hardening = new PodHardening(this, props, this.workloadNamespace, 'Job');
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
hardenInheritedMembers(HardenedJob);
