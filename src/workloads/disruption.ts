import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { invalidInput } from '../errors';
import { isQualifiedName } from '../standards/names';

/**
 * What the scheduler does with a pod that cannot meet a topology spread constraint.
 */
export enum UnsatisfiableSpreadAction {
  /** Schedule the pod anyway, preferring placements that reduce the skew (a soft constraint). */
  SCHEDULE_ANYWAY = 'ScheduleAnyway',
  /** Leave the pod Pending until the constraint can be met (a hard constraint). */
  DO_NOT_SCHEDULE = 'DoNotSchedule',
}

/**
 * Options for `TopologySpread.across`.
 */
export interface TopologySpreadOptions {
  /**
   * The node label whose values are the domains to spread over.
   *
   * @default 'kubernetes.io/hostname'
   */
  readonly topologyKey?: string;

  /**
   * The largest allowed difference in the number of this workload's pods between two domains.
   *
   * @default 1
   */
  readonly maxSkew?: number;

  /**
   * What to do with a pod when the spread cannot be met.
   *
   * @default UnsatisfiableSpreadAction.SCHEDULE_ANYWAY — a preference never leaves pods Pending.
   */
  readonly whenUnsatisfiable?: UnsatisfiableSpreadAction;
}

/**
 * How the pods of a replicated workload are spread over the cluster
 * (`topologySpreadConstraints`).
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
export class TopologySpread {
  /** One pod per node where possible: hostname, max skew 1, ScheduleAnyway. */
  public static acrossNodes(): TopologySpread {
    return new TopologySpread({});
  }

  /** Spread over the domains of a node label, e.g. `topology.kubernetes.io/zone`. */
  public static across(options: TopologySpreadOptions = {}): TopologySpread {
    return new TopologySpread(options);
  }

  /** No spread constraint. */
  public static off(): TopologySpread {
    return new TopologySpread(undefined);
  }

  private constructor(private readonly options: TopologySpreadOptions | undefined) {}

  /** @internal */
  public _toKube(scope: kplus.AbstractPod, labels: { [key: string]: string }): kplus.k8s.TopologySpreadConstraint | undefined {
    if (!this.options) return undefined;
    const topologyKey = this.options.topologyKey ?? 'kubernetes.io/hostname';
    const maxSkew = this.options.maxSkew ?? 1;
    if (!isQualifiedName(topologyKey)) {
      throw invalidInput(scope, 'topologySpread.topologyKey', 'is not a node label key', topologyKey, 'use a node label such as "kubernetes.io/hostname" or "topology.kubernetes.io/zone"');
    }
    if (!Number.isInteger(maxSkew) || maxSkew < 1) {
      throw invalidInput(scope, 'topologySpread.maxSkew', 'must be a whole number, 1 or more', maxSkew, 'use 1 for the most even spread');
    }
    return {
      maxSkew,
      topologyKey,
      whenUnsatisfiable: this.options.whenUnsatisfiable ?? UnsatisfiableSpreadAction.SCHEDULE_ANYWAY,
      labelSelector: { matchLabels: { ...labels } },
    };
  }
}

/**
 * The PodDisruptionBudget of a replicated workload: how many of its pods voluntary
 * disruptions (node drains, cluster upgrades) may take down at once.
 *
 * Every budget is emitted with `unhealthyPodEvictionPolicy: AlwaysAllow`, so pods that are
 * already broken never block a drain.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
 */
export class DisruptionBudget {
  /** At most `pods` pods unavailable at once; at least 1, so drains can proceed. */
  public static maxUnavailable(pods: number): DisruptionBudget {
    return new DisruptionBudget('maxUnavailable', pods);
  }

  /** At least `pods` pods available at all times; fewer than the replicas, so drains can proceed. */
  public static minAvailable(pods: number): DisruptionBudget {
    return new DisruptionBudget('minAvailable', pods);
  }

  /** No PodDisruptionBudget. */
  public static off(): DisruptionBudget {
    return new DisruptionBudget(undefined, 0);
  }

  private constructor(private readonly field: 'maxUnavailable' | 'minAvailable' | undefined, private readonly pods: number) {}

  /** @internal */
  public _toSpec(scope: kplus.AbstractPod, replicas: number): { [key: string]: number } | undefined {
    if (this.field === undefined) return undefined;
    if (!Number.isInteger(this.pods) || this.pods < 0) {
      throw invalidInput(scope, `disruptionBudget.${this.field}`, 'must be a whole number of pods', this.pods, 'give a count such as 1');
    }
    if (this.field === 'maxUnavailable' && this.pods === 0) {
      throw invalidInput(scope, 'disruptionBudget.maxUnavailable', '0 blocks every node drain and cluster upgrade until someone deletes the budget', 0,
        'allow at least 1, or use DisruptionBudget.off()');
    }
    if (this.field === 'minAvailable' && this.pods >= replicas) {
      throw invalidInput(scope, 'disruptionBudget.minAvailable', `is not below the replicas (${replicas}), which blocks every node drain`, this.pods,
        `set it at most ${replicas - 1}, or use DisruptionBudget.maxUnavailable(1)`);
    }
    return { [this.field]: this.pods };
  }
}

/**
 * Availability options of replicated workloads (HardenedDeployment, HardenedStatefulSet).
 */
export interface ReplicatedWorkloadOptions {
  /**
   * The workload's PodDisruptionBudget.
   *
   * @default - `DisruptionBudget.maxUnavailable(1)` when the workload has more than one
   * replica, none otherwise. A budget is what makes replicas survive node drains one at a
   * time; with one replica any budget either allows the only pod to go or blocks drains.
   */
  readonly disruptionBudget?: DisruptionBudget;

  /**
   * How the workload's pods are spread over the cluster.
   *
   * @default - `TopologySpread.acrossNodes()` (hostname, max skew 1, ScheduleAnyway) when the
   * workload has more than one replica, none otherwise. A soft constraint: it never leaves a
   * pod Pending, but keeps replicas off a single node where it can.
   */
  readonly topologySpread?: TopologySpread;
}

/**
 * Creates the PodDisruptionBudget of a replicated workload and returns its topology spread
 * constraint (added to the pod spec by the hardening core).
 * @internal
 */
export function applyReplicaResilience(
  pod: kplus.AbstractPod,
  options: ReplicatedWorkloadOptions,
  replicas: number,
  namespace: string | undefined,
  labels: { [key: string]: string },
): kplus.k8s.TopologySpreadConstraint | undefined {
  const replicated = replicas > 1;
  const budget = options.disruptionBudget ?? (replicated ? DisruptionBudget.maxUnavailable(1) : DisruptionBudget.off());
  const spec = budget._toSpec(pod, replicas);
  if (spec) {
    new ApiObject(pod, 'DisruptionBudget', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: pod.name, namespace },
      spec: { ...spec, selector: { matchLabels: { ...labels } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    });
  }
  const spread = options.topologySpread ?? (replicated ? TopologySpread.acrossNodes() : TopologySpread.off());
  return spread._toKube(pod, labels);
}
