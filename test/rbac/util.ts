import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { IWorkloadIdentity } from '../../src/hardened-workload';
import { SeparatedRbac, Subject } from '../../src/rbac';

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

/**
 * SeparatedRbac with every option in use: all personas, break-glass, a reasoned exec grant
 * and a workload grant for a leader-electing controller.
 */
export function everyOptionRbac(chart: Chart): SeparatedRbac {
  const controller = new FakeWorkload(chart, 'controller', 'payments-controller', 'payments');
  return new SeparatedRbac(chart, 'rbac', {
    clusterAdmins: [Subject.group('k8s-admins')],
    infrastructureManagers: [Subject.group('platform-ops')],
    auditors: [Subject.group('security-audit')],
    breakGlass: { subjects: [Subject.group('k8s-break-glass')], reason: 'control-plane recovery, see runbook RB-7' },
    tenants: [{
      name: 'payments',
      deployers: [Subject.serviceAccount('ci', 'payments-deployer')],
      developers: [Subject.group('payments-devs')],
      viewers: [Subject.group('payments-support')],
      developerExecReason: 'on-call debugging of the ledger (INC-42)',
    }],
    workloadGrants: [{
      workload: controller,
      reason: 'leader election between replicas',
      rules: [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'], resourceNames: ['payments-leader'] }],
    }],
  });
}
