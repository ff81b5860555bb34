import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ReplicatedWorkloadOptions } from './disruption';
import { PodHardeningOptions } from './hardening-options';
import { hardenInheritedMembers, PodHardening } from './pod-hardening';
import { IHardenedWorkload } from '../hardened-workload';
import { AllowTrafficOptions, ExposeToPeersOptions } from '../network/options';
import { Peer } from '../network/peer';
import { HardenedWorkloadNetwork } from '../network/workload-network';

/**
 * Props for `HardenedDeployment`: the props of cdk8s-plus-27's `DeploymentProps`, plus
 * the hardening options shared by every hardened workload.
 *
 * The inherited props keep cdk8s-plus-27's documentation, but a hardened Deployment changes three:
 * `isolate` defaults to true (the pods are isolated by their own deny-all NetworkPolicy;
 * false needs `isolationOffReason`); `serviceAccount` is refused (the workload gets its own
 * ServiceAccount, bound to an empty Role: grant it more with `SeparatedRbac` `workloadGrants`);
 * `restartPolicy` accepts only `Always`, the default.
 */
export interface HardenedDeploymentProps extends kplus.DeploymentProps, PodHardeningOptions, ReplicatedWorkloadOptions {}

/**
 * A Deployment whose pods meet the Pod Security Standards `restricted` profile and the
 * NSA/CISA Kubernetes Hardening Guide v1.1 by default.
 *
 * A drop-in for cdk8s-plus-27's `Deployment`: the same props and methods, with
 *
 * - pod: `runAsNonRoot`, non-zero `runAsUser`/`runAsGroup`/`fsGroup` (65532),
 *   `seccompProfile: RuntimeDefault`, no service account token;
 * - every container (init containers too, and containers added later): no privilege
 *   escalation, not privileged, read-only root filesystem, `capabilities.drop: [ALL]`,
 *   CPU and memory requests and limits, a pinned image;
 * - its own ServiceAccount bound to an empty Role;
 * - a NetworkPolicy isolating its pods (open paths with `allowIngressFrom`, `allowEgressTo`
 *   and `exposeToPeers`);
 * - with more than one replica, a PodDisruptionBudget (maxUnavailable 1) and a soft topology
 *   spread over nodes.
 *
 * Asking for anything weaker is an error at construct time. The members inherited from
 * cdk8s-plus are hardened or refused (`exposeViaService`, `attachContainer`,
 * `connections.allowFrom`, ... name the hardened way in their error), and a change that cannot
 * be intercepted (an object it returned, changed afterwards; a JSON patch) fails synthesis.
 */
export class HardenedDeployment extends kplus.Deployment implements IHardenedWorkload {
  public readonly workloadServiceAccount: kplus.ServiceAccount;
  public readonly workloadRole: kplus.Role;
  public readonly serviceAccountName: string;
  public readonly workloadNamespace?: string;
  /** The network allow-lists of the workload's pods, on top of their deny-all isolation. */
  public readonly network: HardenedWorkloadNetwork;

  private readonly hardening: PodHardening;

  constructor(scope: Construct, id: string, props: HardenedDeploymentProps = {}) {
    super(scope, id, PodHardening.podProps(scope, id, props, 'Deployment'));
    this.workloadNamespace = PodHardening.namespaceOf(this, props);
    this.hardening = new PodHardening(this, props, this.workloadNamespace, 'Deployment');
    this.workloadServiceAccount = this.hardening.serviceAccount;
    this.workloadRole = this.hardening.role;
    this.network = this.hardening.network;
    this.serviceAccountName = this.workloadServiceAccount.name;
    this.hardening.addInitialContents(props);
    this.hardening.enableReplicaResilience(props, props.replicas ?? 2);
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
hardenInheritedMembers(HardenedDeployment);
