import { IConstruct } from 'constructs';

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
   * Namespace the workload, its ServiceAccount and its empty Role live in.
   *
   * @default - the namespace the manifests are applied to (none set in metadata)
   */
  readonly workloadNamespace?: string;
}
