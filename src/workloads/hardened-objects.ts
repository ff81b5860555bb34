import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { refuseInheritedMembers, replaceField } from './inherited-members';
import { asObject, asString, dig } from '../compliance/json';
import { invalidInput } from '../errors';

// The objects a hardened workload hands out in place of cdk8s-plus's own: subclasses whose
// members go through the pod-hardening core or are refused (see INHERITED_MEMBERS). They are
// the runtime classes of the workload's fields; their public types stay cdk8s-plus's.

/** The checks of the core that a hardened container calls back. @internal */
export interface ContainerChecks {
  /** A port added after construction: same rules as `ports` in props, and unique in the pod. */
  checkAddedPort(container: kplus.Container, field: string, port: kplus.ContainerPort): void;
  /** A volume mounted into a container: type, path, propagation. */
  checkMount(field: string, path: string, volume: kplus.Volume, options: kplus.MountOptions): void;
  /** An environment variable added after construction. */
  checkEnvVariable(field: string, name: string, value: kplus.EnvValue): void;
}

/**
 * A container of a hardened workload: `addPort`, `mount` and `env.addVariable` go through the
 * core's checks; everything else it has is data that the final check reads at synthesis.
 * @internal
 */
export class HardenedContainer extends kplus.Container {
  // set after super(): cdk8s-plus's constructor adds the props' ports, which the core checked already
  private readonly checks?: ContainerChecks;
  private readonly field: string = '';

  constructor(props: kplus.ContainerProps, checks: ContainerChecks, field: string) {
    super(props);
    this.checks = checks;
    this.field = field;
    replaceField<kplus.Container, 'env'>(this, 'env', new HardenedEnv(this.env, (name, value) => checks.checkEnvVariable(`${field}.env`, name, value)));
  }

  public addPort(port: kplus.ContainerPort): void {
    this.checks?.checkAddedPort(this, `${this.field}.addPort`, port);
    super.addPort(port);
  }

  public mount(path: string, storage: kplus.IStorage, options: kplus.MountOptions = {}): void {
    this.checks?.checkMount(`${this.field}.mount("${path}")`, path, storage.asVolume(), options);
    super.mount(path, storage, options);
  }
}

/** The environment of a hardened container: literal credentials are refused. @internal */
export class HardenedEnv extends kplus.Env {
  constructor(from: kplus.Env, private readonly check: (name: string, value: kplus.EnvValue) => void) {
    super(from.sources, from.variables);
  }

  public addVariable(name: string, value: kplus.EnvValue): void {
    this.check(name, value);
    super.addVariable(name, value);
  }
}

/**
 * The network connections of a hardened workload: `allowTo` and `allowFrom` are refused in favour
 * of `allowIngressFrom`/`allowEgressTo`, which need explicit ports and a reason for "anywhere".
 * @internal
 */
export class HardenedConnections extends kplus.PodConnections {
  constructor(public readonly workload: kplus.AbstractPod) {
    super(workload);
  }

  /** Idempotent: the workload is isolated from construction unless `isolate: false` was given. */
  public isolate(): void {
    if (this.workload.node.tryFindChild('DefaultDenyAll') === undefined) super.isolate();
  }
}
refuseInheritedMembers(HardenedConnections, 'PodConnections', self => ({ scope: self.workload, prefix: 'connections.' }));

/** RBAC helpers of a hardened workload: write access is granted through SeparatedRbac only. @internal */
export class HardenedPermissions extends kplus.ResourcePermissions {
  constructor(public readonly resource: kplus.Resource) {
    super(resource);
  }
}
refuseInheritedMembers(HardenedPermissions, 'ResourcePermissions', self => ({ scope: self.resource, prefix: 'permissions.' }));

/**
 * The headless governing Service of a hardened StatefulSet: it opens no network path, so it
 * refuses to be exposed through an Ingress, and fails synthesis if it stopped being headless.
 * @internal
 */
export class GoverningService extends kplus.Service {
  constructor(scope: Construct, id: string, props: kplus.ServiceProps) {
    super(scope, id, { ...props, clusterIP: 'None', type: kplus.ServiceType.CLUSTER_IP });
    this.node.addValidation({
      validate: () => {
        const spec = asObject(dig(ApiObject.of(this).toJson(), 'spec'));
        const type = asString(spec?.type) ?? 'ClusterIP';
        if (type !== 'ClusterIP' || spec?.clusterIP !== 'None') {
          throw invalidInput(this, 'spec.type', 'the governing Service of a hardened StatefulSet stays headless (ClusterIP, clusterIP None); a NodePort or LoadBalancer would expose every pod outside the cluster',
            { type, clusterIP: spec?.clusterIP }, 'expose the StatefulSet with exposeToPeers({ port, peers }) instead');
        }
        return [];
      },
    });
  }
}
refuseInheritedMembers(GoverningService, 'Service', self => ({ scope: self, prefix: '' }));
