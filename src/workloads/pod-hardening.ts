import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { invalidInput } from '../errors';
import { applyReplicaResilience, ReplicatedWorkloadOptions } from './disruption';
import { PodHardeningOptions } from './hardening-options';
import { validateRuntimeClassName } from '../control-plane/runtime-class';
import { WorkloadNetwork } from '../network/workload-network';
import { ackAnnotation, TOKEN_AUTOMOUNT_REASON_ANNOTATION } from '../standards/annotations';
import { isIanaServiceName } from '../standards/names';
import { latestSafeSysctls, RESTRICTED_ADDABLE_CAPABILITIES, RESTRICTED_VOLUME_TYPES } from '../standards/pss';
import { parseQuantity } from '../standards/quantity';
import { validateImage, validateNonRootId, validateDnsLabel, validateDnsSubdomain, validatePort, validateQuantity, validateReason } from '../validation';

/**
 * The user and group id hardened pods run as when none is given.
 *
 * 65532 is the `nonroot` user of distroless, Chainguard and Wolfi images, and above 10000 so
 * that it cannot collide with a user of the node (kube-score "container-security-context-user-group-id").
 */
export const DEFAULT_NON_ROOT_ID = 65532;

/**
 * The hardening core: one per hardened workload, whatever its kind. It validates what goes
 * into the pod at construct time, fills in the secure defaults that cdk8s-plus cannot express
 * (capabilities `drop: [ALL]`, seccomp, the workload's own ServiceAccount) and checks the
 * finished pod spec once more at synthesis, so that nothing added later escapes it.
 *
 * @internal
 */
export class PodHardening {
  /**
   * Checks the pod-level props of a workload before the workload exists, and returns the
   * props to hand to cdk8s-plus: secure pod security context, isolation on, and no
   * containers or volumes (those are added through the core once it exists).
   */
  public static podProps<T extends kplus.AbstractPodProps>(scope: IConstruct, id: string, props: T & PodHardeningOptions): T {
    const path = scope.node.path ? `${scope.node.path}/${id}` : id;
    const metadata = props.metadata;
    if (metadata?.name !== undefined) validateDnsSubdomain(path, 'metadata.name', metadata.name);
    if (metadata?.namespace !== undefined) validateDnsLabel(path, 'metadata.namespace', metadata.namespace);
    const sc = props.securityContext ?? {};
    if (sc.ensureNonRoot === false) {
      throw invalidInput(path, 'securityContext.ensureNonRoot', 'running as root is refused (NSA/CISA "Non-root containers"; PSS restricted "Running as Non-root user")', false,
        'remove the setting; build the image to run as a non-root user and set runAsUser to it');
    }
    const user = validateNonRootId(path, props.runAsUser !== undefined ? 'runAsUser' : 'securityContext.user', props.runAsUser ?? sc.user ?? DEFAULT_NON_ROOT_ID);
    const group = validateNonRootId(path, props.runAsGroup !== undefined ? 'runAsGroup' : 'securityContext.group', props.runAsGroup ?? sc.group ?? DEFAULT_NON_ROOT_ID);
    const fsGroup = validateNonRootId(path, props.fsGroup !== undefined ? 'fsGroup' : 'securityContext.fsGroup', props.fsGroup ?? sc.fsGroup ?? group);
    if (props.runAsUser !== undefined && sc.user !== undefined && props.runAsUser !== sc.user) {
      throw invalidInput(path, 'runAsUser', `contradicts securityContext.user (${sc.user})`, props.runAsUser, 'set the user id in one place only');
    }
    if (props.runAsGroup !== undefined && sc.group !== undefined && props.runAsGroup !== sc.group) {
      throw invalidInput(path, 'runAsGroup', `contradicts securityContext.group (${sc.group})`, props.runAsGroup, 'set the group id in one place only');
    }
    const safeSysctls = latestSafeSysctls();
    for (const sysctl of sc.sysctls ?? []) {
      if (!safeSysctls.includes(sysctl.name)) {
        throw invalidInput(path, 'securityContext.sysctls', 'only the sysctls of the Pod Security Standards baseline "Sysctls" list are allowed', sysctl.name,
          `use one of ${safeSysctls.join(', ')}, or set node-level sysctls outside the pod`);
      }
    }
    if (props.hostNetwork === true) {
      throw invalidInput(path, 'hostNetwork', 'sharing the node\'s network namespace is refused (PSS baseline "Host Namespaces"; Kubescape C-0041)', true,
        'remove hostNetwork and expose the workload through a Service');
    }
    if (props.serviceAccount !== undefined) {
      throw invalidInput(path, 'serviceAccount', 'every hardened workload has its own ServiceAccount bound to an empty Role (NSA/CISA v1.1 "Service account tokens")', props.serviceAccount.name,
        'remove serviceAccount; grant the workload\'s own account what it needs with SeparatedRbac workloadGrants, and use serviceAccountAnnotations for a cloud identity');
    }
    if (props.automountServiceAccountToken === true) {
      validateReason(path, 'automountServiceAccountTokenReason', props.automountServiceAccountTokenReason);
    } else if (props.automountServiceAccountTokenReason !== undefined) {
      throw invalidInput(path, 'automountServiceAccountTokenReason', 'a reason is given but the token is not mounted', props.automountServiceAccountTokenReason,
        'set automountServiceAccountToken: true as well, or remove the reason');
    }
    if (props.seccompLocalhostProfile !== undefined && (props.seccompLocalhostProfile.trim() === '' || props.seccompLocalhostProfile.startsWith('/'))) {
      throw invalidInput(path, 'seccompLocalhostProfile', 'must be a path relative to the kubelet\'s seccomp profile directory', props.seccompLocalhostProfile,
        'write it like "profiles/api.json"');
    }
    return {
      ...props,
      securityContext: { ...sc, ensureNonRoot: true, user, group, fsGroup },
      isolate: props.isolate ?? true,
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
      containers: [],
      initContainers: [],
      volumes: [],
    };
  }

  /** The workload's own ServiceAccount, token automount off. */
  public readonly serviceAccount: kplus.ServiceAccount;
  /** The empty Role the ServiceAccount is bound to. */
  public readonly role: kplus.Role;
  /** The binding of the ServiceAccount to the empty Role. */
  public readonly roleBinding: kplus.RoleBinding;

  public readonly runAsUser: number;
  public readonly runAsGroup: number;
  public readonly requireImageDigest: boolean;
  private readonly writableVolumes: Array<{ path: string; volume: kplus.Volume }> = [];
  private readonly seccompProfile: { type: string; localhostProfile?: string };
  /** The workload's network allow-lists (NetworkPolicies on top of its isolation). */
  public readonly network: WorkloadNetwork;
  private topologySpread?: kplus.k8s.TopologySpreadConstraint;
  private readonly runtimeClassName?: string;

  constructor(private readonly pod: kplus.AbstractPod, options: PodHardeningOptions, private readonly namespace: string | undefined) {
    this.network = new WorkloadNetwork(pod, namespace);
    this.runAsUser = pod.securityContext.user ?? DEFAULT_NON_ROOT_ID;
    this.runAsGroup = pod.securityContext.group ?? DEFAULT_NON_ROOT_ID;
    this.requireImageDigest = options.requireImageDigest ?? false;
    this.seccompProfile = options.seccompLocalhostProfile
      ? { type: 'Localhost', localhostProfile: options.seccompLocalhostProfile }
      : { type: 'RuntimeDefault' };
    this.runtimeClassName = validateRuntimeClassName(pod, options.runtimeClassName, options.runtimeClassDefinedOutsideApp);

    this.serviceAccount = new kplus.ServiceAccount(pod, 'ServiceAccount', {
      metadata: { namespace, annotations: options.serviceAccountAnnotations },
      automountToken: false,
    });
    this.role = new kplus.Role(pod, 'Role', { metadata: { namespace } });
    this.roleBinding = new kplus.RoleBinding(pod, 'RoleBinding', { metadata: { namespace }, role: this.role });
    this.roleBinding.addSubjects(this.serviceAccount);

    if (options.automountServiceAccountTokenReason) {
      pod.metadata.addAnnotation(TOKEN_AUTOMOUNT_REASON_ANNOTATION, options.automountServiceAccountTokenReason.trim());
      // the reasoned exception is accepted by the compliance engine, in synth and on the YAML
      pod.metadata.addAnnotation(ackAnnotation('ServiceAccountToken'), `token mounted: ${options.automountServiceAccountTokenReason.trim()}`);
    }

    const sizeLimit = options.writablePathSizeLimit ?? Size.mebibytes(256);
    const seen = new Set<string>();
    (options.writablePaths ?? []).forEach((path, i) => {
      const field = `writablePaths[${i}]`;
      if (!path.startsWith('/') || path.includes('..') || path === '/') {
        throw invalidInput(pod, field, 'must be an absolute path below the root', path, 'write it like "/tmp" or "/var/cache/nginx"');
      }
      const normalized = path.replace(/\/+$/, '');
      if (seen.has(normalized)) {
        throw invalidInput(pod, field, 'is listed twice', path, 'list each writable path once');
      }
      seen.add(normalized);
      const volume = kplus.Volume.fromEmptyDir(pod, `Writable${i}`, `writable-${i}`, { sizeLimit });
      this.writableVolumes.push({ path: normalized, volume });
    });
  }

  /**
   * Validates a container's props and fills in the secure defaults; returns the props to hand
   * to cdk8s-plus. `field` names the container in errors (`containers[1]`).
   */
  public containerProps(field: string, props: kplus.ContainerProps, defaultName: string): kplus.ContainerProps {
    const scope = this.pod;
    validateImage(scope, `${field}.image`, props.image, this.requireImageDigest);
    const name = validateDnsLabel(scope, `${field}.name`, props.name ?? defaultName);
    const taken = [...this.pod.containers, ...this.pod.initContainers].map(c => c.name);
    if (taken.includes(name)) {
      throw invalidInput(scope, `${field}.name`, 'another container of this pod has the same name', name, 'give each container a unique name');
    }
    const sc = props.securityContext ?? {};
    const refuse = (key: string, value: unknown, why: string, fix: string) => {
      throw invalidInput(scope, `${field}.securityContext.${key}`, why, value, fix);
    };
    if (sc.privileged === true) {
      refuse('privileged', true, 'privileged containers are refused (PSS baseline "Privileged Containers"; Kubescape C-0057)', 'remove privileged; add only the capability you need (NET_BIND_SERVICE)');
    }
    if (sc.allowPrivilegeEscalation === true) {
      refuse('allowPrivilegeEscalation', true, 'privilege escalation is refused (PSS restricted "Privilege Escalation"; Kubescape C-0016)', 'remove allowPrivilegeEscalation; setuid binaries are not needed at run time');
    }
    if (sc.ensureNonRoot === false) {
      refuse('ensureNonRoot', false, 'running as root is refused (PSS restricted "Running as Non-root user"; Kubescape C-0013)', 'remove the setting and run the image as a non-root user');
    }
    if (sc.readOnlyRootFilesystem === false) {
      refuse('readOnlyRootFilesystem', false, 'a writable root filesystem is refused (NSA/CISA "Immutable container file systems"; Kubescape C-0017)', 'keep it read-only and list the paths the app writes to in writablePaths (each gets an emptyDir)');
    }
    const user = validateNonRootId(scope, `${field}.securityContext.user`, sc.user ?? this.runAsUser);
    const group = validateNonRootId(scope, `${field}.securityContext.group`, sc.group ?? this.runAsGroup);
    for (const cap of sc.capabilities?.add ?? []) {
      if (!RESTRICTED_ADDABLE_CAPABILITIES.includes(capabilityName(String(cap)))) {
        refuse('capabilities.add', cap, 'only NET_BIND_SERVICE may be added back after dropping ALL (PSS restricted "Capabilities"; Kubescape C-0046)', 'remove the capability; listen on a port above 1023 or add NET_BIND_SERVICE only');
      }
    }
    const ports = [...(props.ports ?? [])];
    if (props.portNumber !== undefined) validatePort(scope, `${field}.portNumber`, props.portNumber);
    if (props.port !== undefined) validatePort(scope, `${field}.port`, props.port);
    ports.forEach((p, i) => {
      validatePort(scope, `${field}.ports[${i}].number`, p.number);
      if (p.hostPort !== undefined && p.hostPort !== 0) {
        throw invalidInput(scope, `${field}.ports[${i}].hostPort`, 'host ports are refused (PSS baseline "HostPorts"; Kubescape C-0044)', p.hostPort, 'remove hostPort and expose the port through a Service');
      }
      if (p.name !== undefined && !isIanaServiceName(p.name)) {
        throw invalidInput(scope, `${field}.ports[${i}].name`, 'must be an IANA service name (lowercase letters, digits and "-", at most 15 characters, at least one letter)', p.name, 'name it like "http" or "grpc-api"');
      }
    });
    this.checkResources(`${field}.resources`, props.resources);
    return {
      ...props,
      name,
      resources: props.resources ?? defaultResources(),
      securityContext: {
        ...sc,
        ensureNonRoot: true,
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        user,
        group,
      },
    };
  }

  /**
   * Adds what the workload's props list (volumes, init containers, containers) through the
   * workload's own overridden `addVolume`/`addInitContainer`/`addContainer`, so they are checked.
   */
  public addInitialContents(props: kplus.AbstractPodProps): void {
    (props.volumes ?? []).forEach(v => this.pod.addVolume(v));
    (props.initContainers ?? []).forEach(c => this.pod.addInitContainer(c));
    (props.containers ?? []).forEach(c => this.pod.addContainer(c));
  }

  /**
   * Hardens a container and adds it with `add` (the cdk8s-plus method of the workload).
   */
  public addContainer(cont: kplus.ContainerProps, add: (props: kplus.ContainerProps) => kplus.Container): kplus.Container {
    const index = this.pod.containers.length;
    const props = this.containerProps(`containers[${index}]`, cont, index === 0 ? 'main' : `main-${index}`);
    return this.mountWritablePaths(add(props));
  }

  /**
   * Hardens an init container and adds it with `add` (the cdk8s-plus method of the workload).
   */
  public addInitContainer(cont: kplus.ContainerProps, add: (props: kplus.ContainerProps) => kplus.Container): kplus.Container {
    const index = this.pod.initContainers.length;
    const props = this.containerProps(`initContainers[${index}]`, cont, `init-${index}`);
    return this.mountWritablePaths(add(props));
  }

  /** Mounts the writable emptyDir volumes into a container that has just been added. */
  public mountWritablePaths(container: kplus.Container): kplus.Container {
    for (const { path, volume } of this.writableVolumes) {
      container.mount(path, volume);
    }
    return container;
  }

  /** Refuses a volume type the restricted profile does not allow, at construct time. */
  public checkVolume(field: string, volume: kplus.Volume): kplus.Volume {
    this.checkVolumeSpec(field, volume._toKube() as unknown as Record<string, unknown>);
    return volume;
  }

  /**
   * For replicated workloads (Deployment, StatefulSet): the PodDisruptionBudget and the
   * topology spread, on by default when `replicas` is above 1.
   */
  public enableReplicaResilience(options: ReplicatedWorkloadOptions, replicas: number): void {
    this.topologySpread = applyReplicaResilience(this.pod, options, replicas, this.namespace, this.network.podSelectorLabels);
  }

  /**
   * The final pass over the pod spec cdk8s-plus produced: what its high-level API cannot
   * express (`drop: [ALL]`, seccomp, our ServiceAccount) is set here, and anything that slipped
   * in after construction (a volume mounted later) is checked again.
   */
  public hardenPodSpec(spec: kplus.k8s.PodSpec): kplus.k8s.PodSpec {
    (spec.volumes ?? []).forEach((v, i) => this.checkVolumeSpec(`volumes[${i}] (${v.name})`, v as unknown as Record<string, unknown>));
    return {
      ...spec,
      serviceAccountName: this.serviceAccount.name,
      runtimeClassName: this.runtimeClassName ?? spec.runtimeClassName,
      automountServiceAccountToken: spec.automountServiceAccountToken ?? false,
      securityContext: {
        ...spec.securityContext,
        runAsNonRoot: true,
        seccompProfile: this.seccompProfile,
      },
      containers: spec.containers.map(c => hardenContainer(c)),
      initContainers: spec.initContainers?.map(c => hardenContainer(c)),
      topologySpreadConstraints: this.topologySpread
        ? [...(spec.topologySpreadConstraints ?? []), this.topologySpread]
        : spec.topologySpreadConstraints,
    };
  }

  private checkVolumeSpec(field: string, volume: Record<string, unknown>): void {
    const types = Object.keys(volume).filter(k => k !== 'name' && volume[k] !== undefined);
    const forbidden = types.filter(t => !RESTRICTED_VOLUME_TYPES.includes(t));
    if (forbidden.length > 0) {
      const why = forbidden.includes('hostPath')
        ? 'hostPath volumes expose the node\'s filesystem (PSS baseline "HostPath Volumes"; NSA/CISA "Pod security")'
        : `only ${RESTRICTED_VOLUME_TYPES.slice(0, -1).join(', ')} and ${RESTRICTED_VOLUME_TYPES[RESTRICTED_VOLUME_TYPES.length - 1]} volumes are allowed (PSS restricted "Volume Types")`;
      throw invalidInput(this.pod, field, why, forbidden.join(', '), 'use a PersistentVolumeClaim for durable data, or an emptyDir for scratch space');
    }
  }

  private checkResources(field: string, resources: kplus.ContainerResources | undefined): void {
    if (resources === undefined) return; // defaultResources() applies
    const scope = this.pod;
    const cpu = resources.cpu;
    const memory = resources.memory;
    const missing: string[] = [];
    if (!cpu?.request) missing.push('cpu.request');
    if (!cpu?.limit) missing.push('cpu.limit');
    if (!memory?.request) missing.push('memory.request');
    if (!memory?.limit) missing.push('memory.limit');
    if (missing.length > 0) {
      throw invalidInput(scope, field, `CPU and memory requests and limits are all required (Kubescape C-0270, C-0271; NSA/CISA "Resource policies"); missing ${missing.join(', ')}`,
        describeResources(resources), 'set all four, e.g. { cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } }');
    }
    const cpuRequest = validateQuantity(scope, `${field}.cpu.request`, cpu!.request!.amount);
    const cpuLimit = validateQuantity(scope, `${field}.cpu.limit`, cpu!.limit!.amount);
    if (parseQuantity(cpuRequest)! > parseQuantity(cpuLimit)!) {
      throw invalidInput(scope, `${field}.cpu`, 'the request is larger than the limit', { request: cpuRequest, limit: cpuLimit }, 'make the request at most the limit');
    }
    const memRequest = memory!.request!.toMebibytes();
    const memLimit = memory!.limit!.toMebibytes();
    if (memRequest > memLimit) {
      throw invalidInput(scope, `${field}.memory`, 'the request is larger than the limit', { request: `${memRequest}Mi`, limit: `${memLimit}Mi` }, 'make the request at most the limit');
    }
  }
}

/**
 * Requests and limits of a container that sets none: the same as `HardenedNamespace`'s
 * LimitRange defaults (CPU 100m / 500m, memory 128Mi / 512Mi), so that a namespace's default
 * quota (limits 8 CPU, 16Gi) holds 16 such pods. cdk8s-plus-27's own defaults (CPU 1000m /
 * 1500m, memory 512Mi / 2048Mi) would fit only 5.
 */
function defaultResources(): kplus.ContainerResources {
  return {
    cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
    memory: { request: Size.mebibytes(128), limit: Size.mebibytes(512) },
  };
}

function describeResources(resources: kplus.ContainerResources): Record<string, unknown> {
  return {
    cpu: { request: resources.cpu?.request?.amount, limit: resources.cpu?.limit?.amount },
    memory: { request: resources.memory?.request ? `${resources.memory.request.toMebibytes()}Mi` : undefined, limit: resources.memory?.limit ? `${resources.memory.limit.toMebibytes()}Mi` : undefined },
  };
}

function capabilityName(cap: string): string {
  return cap.toUpperCase().replace(/^CAP_/, '');
}

function hardenContainer(container: kplus.k8s.Container): kplus.k8s.Container {
  const sc = container.securityContext ?? {};
  // cdk8s-plus spells capabilities "CAP_X"; the Pod Security Standards compare the bare "X".
  const add = [...new Set((sc.capabilities?.add ?? []).map(capabilityName))].filter(c => RESTRICTED_ADDABLE_CAPABILITIES.includes(c));
  return {
    ...container,
    securityContext: {
      ...sc,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: add.length > 0 ? { add, drop: ['ALL'] } : { drop: ['ALL'] },
    },
  };
}
