import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ReplicatedWorkloadOptions } from './disruption';
import { GoverningService } from './hardened-objects';
import { PodHardeningOptions } from './hardening-options';
import { replaceField } from './inherited-members';
import { hardenInheritedMembers, PodHardening } from './pod-hardening';
import { invalidInput } from '../errors';
import { IHardenedWorkload } from '../hardened-workload';
import { AllowTrafficOptions, ExposeToPeersOptions } from '../network/options';
import { Peer } from '../network/peer';
import { HardenedWorkloadNetwork } from '../network/workload-network';
import { absolutePathProblem, systemPathProblem, withoutTrailingSlash } from '../standards/filesystem';
import { validateDnsLabel, validateDnsSubdomain } from '../validation';

/**
 * A PersistentVolumeClaim template of a StatefulSet: each pod gets its own claim, named
 * `<name>-<statefulset>-<ordinal>`, kept across rescheduling.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#volume-claim-templates
 */
export interface VolumeClaimTemplateOptions {
  /** The claim template's name (a DNS-1123 label), also the volume's name in the pod. */
  readonly name: string;

  /** Storage requested per pod. */
  readonly storage: Size;

  /** Where the volume is mounted in every (non-init) container of the pod. */
  readonly mountPath: string;

  /**
   * The StorageClass of the claims.
   *
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;

  /**
   * Access modes of the claims.
   *
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE] — one node mounts each pod's volume.
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];
}

/**
 * Props for `HardenedStatefulSet`: the props of cdk8s-plus-27's `StatefulSetProps`, plus
 * the hardening options shared by every hardened workload, the availability options of
 * replicated workloads and volume claim templates.
 *
 * The inherited props keep cdk8s-plus-27's documentation, but a hardened StatefulSet changes three:
 * `isolate` defaults to true (the pods are isolated by their own deny-all NetworkPolicy;
 * false needs `isolationOffReason`); `serviceAccount` is refused (the workload gets its own
 * ServiceAccount, bound to an empty Role: grant it more with `SeparatedRbac` `workloadGrants`);
 * `restartPolicy` accepts only `Always`, the default.
 */
export interface HardenedStatefulSetProps extends kplus.StatefulSetProps, PodHardeningOptions, ReplicatedWorkloadOptions {
  /**
   * Per-pod persistent volumes (`spec.volumeClaimTemplates`), mounted into every container.
   *
   * @default - none
   */
  readonly volumeClaimTemplates?: VolumeClaimTemplateOptions[];
}

/**
 * A StatefulSet whose pods meet the Pod Security Standards `restricted` profile and the
 * NSA/CISA Kubernetes Hardening Guide v1.1 by default: the same hardening as
 * `HardenedDeployment` (shared pod-hardening core), plus per-pod persistent volumes through
 * `volumeClaimTemplates`.
 *
 * Without a `service`, a headless governing Service is created next to the StatefulSet
 * (`<id>-headless`) with the containers' ports; it opens no network path by itself. A given
 * `service` may not be a NodePort or LoadBalancer.
 */
export class HardenedStatefulSet extends kplus.StatefulSet implements IHardenedWorkload {
  public readonly workloadServiceAccount: kplus.ServiceAccount;
  public readonly workloadRole: kplus.Role;
  public readonly serviceAccountName: string;
  public readonly workloadNamespace?: string;
  /** The network allow-lists of the workload's pods, on top of their deny-all isolation. */
  public readonly network: HardenedWorkloadNetwork;
  /** The volume claim templates, as given. */
  public readonly volumeClaimTemplates: VolumeClaimTemplateOptions[];

  private readonly hardening: PodHardening;
  private readonly ownsService: boolean;

  constructor(scope: Construct, id: string, props: HardenedStatefulSetProps = {}) {
    const given = props.service;
    if (given !== undefined && (given.type === kplus.ServiceType.NODE_PORT || given.type === kplus.ServiceType.LOAD_BALANCER)) {
      throw invalidInput(`${scope.node.path}/${id}`, 'service', 'the governing Service of a hardened StatefulSet stays inside the cluster (headless); a NodePort or LoadBalancer would expose every pod outside it', given.type,
        'pass a headless ClusterIP Service (clusterIP: "None"), or none, and expose the StatefulSet with exposeToPeers({ port, peers })');
    }
    const service = props.service ?? new GoverningService(scope, `${id}-headless`, { metadata: { namespace: props.metadata?.namespace } });
    super(scope, id, { ...PodHardening.podProps(scope, id, props, 'StatefulSet'), service });
    // the governing Service stays the one given or created here: the StatefulSet's serviceName
    replaceField<kplus.StatefulSet, 'service'>(this, 'service', this.service);
    this.ownsService = props.service === undefined;
    this.workloadNamespace = PodHardening.namespaceOf(this, props);
    this.hardening = new PodHardening(this, props, this.workloadNamespace, 'StatefulSet');
    this.workloadServiceAccount = this.hardening.serviceAccount;
    this.workloadRole = this.hardening.role;
    this.network = this.hardening.network;
    this.serviceAccountName = this.workloadServiceAccount.name;
    this.volumeClaimTemplates = this.checkClaimTemplates(props);
    this.hardening.addInitialContents(props);
    if (this.ownsService && this.service.ports.length === 0) {
      throw invalidInput(this, 'containers', 'a StatefulSet needs a governing Service, and its headless Service needs at least one container port', [],
        'declare the port the app listens on (portNumber: 5432), or pass your own service');
    }
    this.hardening.enableReplicaResilience(props, props.replicas ?? 1);
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
    const container = this.hardening.addContainer(cont, c => super.attachContainer(c));
    if (this.ownsService) {
      for (const port of container.ports) {
        this.service.bind(port.number, { targetPort: port.number, protocol: port.protocol, name: port.name });
      }
    }
    return container;
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
    const spec = this.hardening.hardenPodSpec(super._toPodSpec());
    const volumeNames = (spec.volumes ?? []).map(v => v.name);
    for (const t of this.volumeClaimTemplates) {
      if (volumeNames.includes(t.name)) {
        throw invalidInput(this, `volumeClaimTemplates (${t.name})`, 'has the name of a volume of the pod', t.name, 'give the claim template a name no pod volume uses');
      }
    }
    return {
      ...spec,
      containers: spec.containers.map(c => {
        const mounts = c.volumeMounts ?? [];
        for (const t of this.volumeClaimTemplates) {
          const clash = mounts.find(m => m.mountPath === t.mountPath);
          if (clash) {
            throw invalidInput(this, `volumeClaimTemplates (${t.name}).mountPath`, `container "${c.name}" already mounts volume "${clash.name}" there`, t.mountPath, 'mount the claim at a path nothing else uses');
          }
        }
        return {
          ...c,
          volumeMounts: [...mounts, ...this.volumeClaimTemplates.map(t => ({ name: t.name, mountPath: t.mountPath }))],
        };
      }),
    };
  }

  /**
   * @internal
   */
  public _toKube(): kplus.k8s.StatefulSetSpec {
    const spec = super._toKube();
    if (this.volumeClaimTemplates.length === 0) return spec;
    return {
      ...spec,
      volumeClaimTemplates: this.volumeClaimTemplates.map(t => ({
        metadata: { name: t.name },
        spec: {
          accessModes: (t.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]).map(m => String(m)),
          storageClassName: t.storageClassName,
          resources: { requests: { storage: kplus.k8s.Quantity.fromString(toQuantity(t.storage)) } },
        },
      })),
    };
  }

  private checkClaimTemplates(props: HardenedStatefulSetProps): VolumeClaimTemplateOptions[] {
    const templates = props.volumeClaimTemplates ?? [];
    const names = new Set<string>();
    const paths = new Set<string>((props.writablePaths ?? []).map(withoutTrailingSlash));
    templates.forEach((t, i) => {
      const field = `volumeClaimTemplates[${i}]`;
      validateDnsLabel(this, `${field}.name`, t.name);
      if (names.has(t.name)) {
        throw invalidInput(this, `${field}.name`, 'another volume claim template has the same name', t.name, 'give each claim template a unique name');
      }
      names.add(t.name);
      const path = withoutTrailingSlash(t.mountPath);
      const why = absolutePathProblem(t.mountPath) ?? systemPathProblem(path, true);
      if (why) {
        throw invalidInput(this, `${field}.mountPath`, why, t.mountPath, 'write it like "/var/lib/postgresql/data"');
      }
      if (paths.has(path)) {
        throw invalidInput(this, `${field}.mountPath`, 'is already used by another claim template or a writable path', t.mountPath, 'mount each volume at its own path');
      }
      paths.add(path);
      const ki = t.storage.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
      if (!(ki > 0)) {
        throw invalidInput(this, `${field}.storage`, 'must be more than zero', `${ki}Ki`, 'request the space the data needs, e.g. Size.gibibytes(10)');
      }
      if (!Number.isInteger(ki)) {
        throw invalidInput(this, `${field}.storage`, 'must be a whole number of kibibytes', `${ki}Ki`, 'request the space the data needs, e.g. Size.gibibytes(10)');
      }
      if (t.storageClassName !== undefined) validateDnsSubdomain(this, `${field}.storageClassName`, t.storageClassName);
      const modes = t.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE];
      if (modes.length === 0 || new Set(modes).size !== modes.length) {
        throw invalidInput(this, `${field}.accessModes`, 'must list at least one access mode, each once', modes, 'leave it unset for ReadWriteOnce');
      }
    });
    return templates.map(t => ({ ...t, mountPath: withoutTrailingSlash(t.mountPath) }));
  }
}

/** A Size as the largest whole binary unit: "10Gi", "512Mi", "100Ki". */
function toQuantity(size: Size): string {
  const ki = size.toKibibytes();
  if (ki % (1024 * 1024) === 0) return `${ki / (1024 * 1024)}Gi`;
  if (ki % 1024 === 0) return `${ki / 1024}Mi`;
  return `${ki}Ki`;
}
hardenInheritedMembers(HardenedStatefulSet);
