import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { IWorkloadIdentity } from '../../src/workloads/identity';

/** A synthesized Kubernetes object, read as data. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly rules?: ReadonlyArray<{
    readonly apiGroups: string[];
    readonly resources: string[];
    readonly verbs: string[];
    readonly resourceNames?: string[];
  }>;
  readonly roleRef?: { readonly apiGroup: string; readonly kind: string; readonly name: string };
  readonly subjects?: ReadonlyArray<{ readonly kind: string; readonly name: string; readonly namespace?: string; readonly apiGroup?: string }>;
}

/** A stand-in for a hardened workload: just the identity SeparatedRbac reads. */
export class FakeWorkload extends Construct implements IWorkloadIdentity {
  public readonly serviceAccountName: string;
  public readonly workloadNamespace?: string;

  constructor(scope: Construct, id: string, serviceAccountName: string, workloadNamespace?: string) {
    super(scope, id);
    this.serviceAccountName = serviceAccountName;
    this.workloadNamespace = workloadNamespace;
  }
}

export function synth(chart: Chart): Manifest[] {
  return Testing.synth(chart) as Manifest[];
}

export function find(manifests: Manifest[], kind: string, name: string, namespace?: string): Manifest {
  const found = manifests.filter(m => m.kind === kind && m.metadata.name === name && m.metadata.namespace === namespace);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} ${name} in ${namespace ?? '(cluster)'}, found ${found.length}`);
  }
  return found[0];
}

/** Does any rule of the role allow the verb on the resource in the API group? */
export function allows(role: Manifest, apiGroup: string, resource: string, verb: string): boolean {
  return (role.rules ?? []).some(r => r.apiGroups.includes(apiGroup) && r.resources.includes(resource) && r.verbs.includes(verb));
}
