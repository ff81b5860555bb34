import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PodHardeningOptions } from './hardening-options';
import { hardenInheritedMembers, PodHardening } from './pod-hardening';
import { invalidInput } from '../errors';
import { IHardenedWorkload } from '../hardened-workload';
import { AllowTrafficOptions, ExposeToPeersOptions } from '../network/options';
import { Peer } from '../network/peer';
import { HardenedWorkloadNetwork } from '../network/workload-network';
import { cronScheduleProblem } from '../standards/cron';

/**
 * Props for `HardenedCronJob`: the props of cdk8s-plus-27's `CronJobProps`, plus the
 * hardening options shared by every hardened workload.
 *
 * The inherited props keep cdk8s-plus-27's documentation, but a hardened CronJob changes three:
 * `isolate` defaults to true (the pods are isolated by their own deny-all NetworkPolicy;
 * false needs `isolationOffReason`); `serviceAccount` is refused (the workload gets its own
 * ServiceAccount, bound to an empty Role: grant it more with `SeparatedRbac` `workloadGrants`);
 * `restartPolicy` defaults to `Never` and refuses `Always` (a CronJob's pods run to completion).
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
 *
 * The schedule is checked as the API server checks it: five fields (minute 0-59, hour 0-23,
 * day of month 1-31, month 1-12 or JAN-DEC, day of week 0-6 or SUN-SAT, 0 is Sunday) made of
 * values, `*`, lists `a,b`, ranges `a-b` and steps `/n`, or one of `@yearly`, `@annually`,
 * `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`; no time zone (use `timeZone`), and
 * no day that never occurs (`0 0 31 2 *`).
 */
export class HardenedCronJob extends kplus.CronJob implements IHardenedWorkload {
  public readonly workloadServiceAccount: kplus.ServiceAccount;
  public readonly workloadRole: kplus.Role;
  public readonly serviceAccountName: string;
  public readonly workloadNamespace?: string;
  /** The network allow-lists of the workload's pods, on top of their deny-all isolation. */
  public readonly network: HardenedWorkloadNetwork;

  private readonly hardening: PodHardening;

  constructor(scope: Construct, id: string, props: HardenedCronJobProps) {
    super(scope, id, PodHardening.podProps(scope, id, checkCronJobProps(scope, id, props), 'CronJob'));
    this.workloadNamespace = PodHardening.namespaceOf(this, props);
    this.hardening = new PodHardening(this, props, this.workloadNamespace, 'CronJob');
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
hardenInheritedMembers(HardenedCronJob);

/** Checks what cdk8s-plus's CronJob would accept and the API server refuse, before the CronJob exists. */
function checkCronJobProps(scope: Construct, id: string, props: HardenedCronJobProps): HardenedCronJobProps {
  const path = scope.node.path ? `${scope.node.path}/${id}` : id;
  const schedule = props.schedule.expressionString;
  const why = cronScheduleProblem(schedule);
  if (why) {
    throw invalidInput(path, 'schedule', why, schedule,
      'write five fields "minute hour day-of-month month day-of-week", e.g. Cron.schedule({ minute: "30", hour: "2" }) for 02:30 every day, or a macro such as Cron.daily(); see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax');
  }
  if (props.startingDeadline !== undefined && props.startingDeadline.toSeconds() < 10) {
    throw invalidInput(path, 'startingDeadline', 'is below 10 seconds; the CronJob controller checks every 10 seconds, so runs could be skipped', `${props.startingDeadline.toSeconds()}s`,
      'allow at least Duration.seconds(10)');
  }
  if (props.ttlAfterFinished !== undefined && (props.successfulJobsRetained !== undefined || props.failedJobsRetained !== undefined)) {
    throw invalidInput(path, 'ttlAfterFinished', 'deletes finished runs, which defeats successfulJobsRetained and failedJobsRetained', `${props.ttlAfterFinished.toSeconds()}s`,
      'keep either ttlAfterFinished or the retained counts');
  }
  return props;
}
