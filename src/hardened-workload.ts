import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';

// The interfaces a hardened workload implements, in a file of their own: workloads/ implements
// them, network/ (Peer.workload) and rbac/ (workloadGrants) take them, and none of those
// modules imports another for it.

/**
 * The identity of a hardened workload: its own ServiceAccount, bound to an empty Role.
 *
 * Every hardened workload implements this, so that access can be granted to exactly one
 * workload, explicitly (see `SeparatedRbac`'s `workloadGrants`), and never by widening the
 * empty Role the workload is born with.
 */
export interface IWorkloadIdentity extends IConstruct {
  /**
   * Name of the workload's own ServiceAccount (token automount off).
   */
  readonly serviceAccountName: string;

  /**
   * Namespace the workload, its ServiceAccount and its empty Role live in: its
   * `metadata.namespace`, else the namespace of its chart.
   *
   * @default - the namespace the manifests are applied to (none set in metadata or chart)
   */
  readonly workloadNamespace?: string;
}

/**
 * What every hardened workload exposes about its hardening: its identity, and what selects
 * its pods. Its network allow-lists are its `network` (`HardenedWorkloadNetwork`).
 */
export interface IHardenedWorkload extends IWorkloadIdentity {
  /** The workload's own ServiceAccount (token automount off). */
  readonly workloadServiceAccount: kplus.ServiceAccount;
  /** The empty Role bound to the workload's ServiceAccount. */
  readonly workloadRole: kplus.Role;
  /** The workload's name (`metadata.name`). */
  readonly name: string;
  /** Labels that select exactly this workload's pods (the cdk8s-plus pod address label). */
  readonly podSelectorLabels: { [key: string]: string };
}
