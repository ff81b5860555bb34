import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { IHardenedWorkload, PodHardeningOptions } from './hardening-options';
import { IWorkloadIdentity } from './identity';
import { PodHardening } from './pod-hardening';
import { invalidInput } from '../errors';
import { AllowTrafficOptions, ExposeToPeersOptions } from '../network/options';
import { Peer } from '../network/peer';

/**
 * Props for `HardenedCronJob`: everything cdk8s-plus-27's `CronJobProps` accepts, plus the
 * hardening options shared by every hardened workload.
 */
export interface HardenedCronJobProps extends kplus.CronJobProps, PodHardeningOptions {}

/**
 * A CronJob whose pods meet the Pod Security Standards `restricted` profile and the NSA/CISA
 * Kubernetes Hardening Guide v1.1 by default: the same hardening as `HardenedDeployment`
 * (shared pod-hardening core).
 *
 * Every run's pods get the same hardening, ServiceAccount and network policies; the pods are
 * selected by the CronJob's pod address label. `restartPolicy` must be `Never` (the default)
 * or `OnFailure`.
 */
export class HardenedCronJob extends kplus.CronJob implements IHardenedWorkload, IWorkloadIdentity {
  public readonly workloadServiceAccount: kplus.ServiceAccount;
  public readonly workloadRole: kplus.Role;
  public readonly serviceAccountName: string;
  public readonly workloadNamespace?: string;

  private readonly hardening: PodHardening;

  constructor(scope: Construct, id: string, props: HardenedCronJobProps) {
    super(scope, id, PodHardening.podProps(scope, id, props));
    if (props.restartPolicy === kplus.RestartPolicy.ALWAYS) {
      throw invalidInput(this, 'restartPolicy', 'a CronJob\'s pods run to completion; the API server rejects Always', props.restartPolicy,
        'use RestartPolicy.NEVER (the default) or RestartPolicy.ON_FAILURE');
    }
    this.workloadNamespace = props.metadata?.namespace;
    this.hardening = new PodHardening(this, props, this.workloadNamespace);
    this.workloadServiceAccount = this.hardening.serviceAccount;
    this.workloadRole = this.hardening.role;
    this.serviceAccountName = this.workloadServiceAccount.name;
    this.hardening.addInitialContents(props);
  }

  public get podSelectorLabels(): { [key: string]: string } {
    return this.hardening.network.podSelectorLabels;
  }

  public allowIngressFrom(peer: Peer, options: AllowTrafficOptions): void {
    this.hardening.network.allowIngressFrom(peer, options);
  }

  public allowEgressTo(peer: Peer, options: AllowTrafficOptions): void {
    this.hardening.network.allowEgressTo(peer, options);
  }

  public exposeToPeers(options: ExposeToPeersOptions): kplus.Service {
    return this.hardening.network.exposeToPeers(options);
  }

  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    return this.hardening.addContainer(cont, c => super.addContainer(c));
  }

  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    return this.hardening.addInitContainer(cont, c => super.addInitContainer(c));
  }

  public addVolume(vol: kplus.Volume): void {
    super.addVolume(this.hardening.checkVolume(`volumes (${vol.name})`, vol));
  }

  /**
   * @internal
   */
  public _toPodSpec(): kplus.k8s.PodSpec {
    return this.hardening.hardenPodSpec(super._toPodSpec());
  }
}
