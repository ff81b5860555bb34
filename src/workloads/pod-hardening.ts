import { ApiObject, Chart, Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { applyReplicaResilience, ReplicatedWorkloadOptions } from './disruption';
import { ContainerChecks, HardenedConnections, HardenedContainer, HardenedPermissions } from './hardened-objects';
import { PodHardeningOptions } from './hardening-options';
import { apiObjectOf, OwnObjects, ownObjectChecks, ownObjectsProblems } from './identity-rules';
import { refuseInheritedMembers, replaceField } from './inherited-members';
import { isReplicaCount, POD_RULES, PodRule, redacted, RUN_TO_COMPLETION, SynthesisExpectations, synthesizedWorkloadProblems, WorkloadKind } from './pod-rules';
import { validateRuntimeClassName } from '../control-plane/runtime-class';
import { invalidInput } from '../errors';
import { HardenedWorkloadNetwork } from '../network/workload-network';
import { requireOneCopy } from '../single-copy';
import { ackAnnotation, TOKEN_AUTOMOUNT_REASON_ANNOTATION } from '../standards/annotations';
import { commandLineCredentials, credentialProblem } from '../standards/credentials';
import { absolutePathProblem, descendingPathProblem, READ_ONLY_VOLUME_TYPES, systemPathProblem, withoutTrailingSlash } from '../standards/filesystem';
import { isIanaServiceName } from '../standards/names';
import { latestSafeSysctls, RESTRICTED_ADDABLE_CAPABILITIES, RESTRICTED_VOLUME_TYPES } from '../standards/pss';
import { parseQuantity } from '../standards/quantity';
import { addSynthesisValidation, checkWhenWritten } from '../synthesis';
import { validateImage, validateNonRootId, validateDnsLabel, validateObjectName, validatePort, validateQuantity, validateReason } from '../validation';

/**
 * The user and group id hardened pods run as when none is given.
 *
 * 65532 is the `nonroot` user of distroless, Chainguard and Wolfi images, and above 10000 so
 * that it cannot collide with a user of the node (kube-score "container-security-context-user-group-id").
 */
export const DEFAULT_NON_ROOT_ID = 65532;

/** The fix for a writable path or a writable mount refused by the path rules. */
const WRITABLE_PATH_FIX = 'list the directory the application writes to, written canonically, e.g. "/tmp", "/var/run" or "/var/cache/nginx"';

/** Where the core is kept on the workload it hardens. */
const CORE = Symbol('cdk8s-hardening.pod-hardening');

/**
 * The hardening core: one per hardened workload, whatever its kind. It validates what goes
 * into the pod at construct time, hands out hardened objects in place of cdk8s-plus's own
 * (containers, connections, permissions; see `INHERITED_MEMBERS`), fills in what cdk8s-plus
 * cannot express (capabilities `drop: [ALL]`, seccomp) and checks the synthesized manifest once
 * more, so that nothing changed after construction reaches the output weaker.
 *
 * @internal
 */
export class PodHardening implements ContainerChecks {
  /**
   * The namespace a workload and the objects it creates land in: its own `metadata.namespace`,
   * else its chart's namespace (cdk8s writes the chart's namespace into every object that sets
   * none, so the workload's ServiceAccount, Role, RoleBinding and NetworkPolicies land there too).
   */
  public static namespaceOf(workload: IConstruct, props: { readonly metadata?: { readonly namespace?: string } }): string | undefined {
    return props.metadata?.namespace ?? Chart.of(workload).namespace;
  }

  /**
   * Checks the pod-level props of a workload before the workload exists, and returns the
   * props to hand to cdk8s-plus: secure pod security context, isolation on, and no
   * containers or volumes (those are added through the core once it exists). `kind` selects the
   * name rule (`NAME_RULES`: a StatefulSet name is a short DNS-1123 label, for instance).
   */
  public static podProps<T extends kplus.AbstractPodProps>(scope: IConstruct, id: string, props: T & PodHardeningOptions, kind: WorkloadKind): T {
    const path = scope.node.path ? `${scope.node.path}/${id}` : id;
    requireOneCopy(scope, path);
    const metadata = props.metadata;
    if (metadata?.name !== undefined) validateObjectName(path, 'metadata.name', kind, metadata.name);
    if (metadata?.namespace !== undefined) validateDnsLabel(path, 'metadata.namespace', metadata.namespace);
    const sc = props.securityContext ?? {};
    if (sc.ensureNonRoot === false) {
      throw invalidInput(path, 'securityContext.ensureNonRoot', POD_RULES.nonRoot.problem, false, POD_RULES.nonRoot.fix);
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
        throw invalidInput(path, 'securityContext.sysctls', POD_RULES.sysctls.problem, sysctl.name, POD_RULES.sysctls.fix);
      }
    }
    if (props.hostNetwork === true) {
      throw invalidInput(path, 'hostNetwork', POD_RULES.hostNetwork.problem, true, POD_RULES.hostNetwork.fix);
    }
    if (props.serviceAccount !== undefined) {
      throw invalidInput(path, 'serviceAccount', POD_RULES.serviceAccount.problem, props.serviceAccount.name,
        'remove serviceAccount; grant the workload\'s own account what it needs with SeparatedRbac workloadGrants, and use serviceAccountAnnotations for a cloud identity');
    }
    if (props.automountServiceAccountToken === true) {
      validateReason(path, 'automountServiceAccountTokenReason', props.automountServiceAccountTokenReason);
    } else if (props.automountServiceAccountTokenReason !== undefined) {
      throw invalidInput(path, 'automountServiceAccountTokenReason', 'a reason is given but the token is not mounted', props.automountServiceAccountTokenReason,
        'set automountServiceAccountToken: true as well, or remove the reason');
    }
    if (props.isolate === false) {
      validateReason(path, 'isolationOffReason', props.isolationOffReason);
    } else if (props.isolationOffReason !== undefined) {
      throw invalidInput(path, 'isolationOffReason', 'a reason is given but the pods are isolated', props.isolationOffReason,
        'set isolate: false as well, or remove the reason');
    }
    if (props.seccompLocalhostProfile !== undefined) {
      const why = descendingPathProblem(props.seccompLocalhostProfile);
      if (why) {
        throw invalidInput(path, 'seccompLocalhostProfile', `must be a path relative to the kubelet's seccomp profile directory that stays inside it, but ${why}`, props.seccompLocalhostProfile,
          'write it like "profiles/api.json"');
      }
    }
    if (props.restartPolicy !== undefined) {
      const runsToCompletion = RUN_TO_COMPLETION.includes(kind);
      if (runsToCompletion && props.restartPolicy === kplus.RestartPolicy.ALWAYS) {
        throw invalidInput(path, 'restartPolicy', `a ${kind}'s pods run to completion; the API server rejects Always`, props.restartPolicy,
          'use RestartPolicy.NEVER (the default) or RestartPolicy.ON_FAILURE');
      }
      if (!runsToCompletion && props.restartPolicy !== kplus.RestartPolicy.ALWAYS) {
        throw invalidInput(path, 'restartPolicy', `the API server accepts only Always for a ${kind}`, props.restartPolicy, 'remove restartPolicy (Always is the default)');
      }
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

  /** The core of a hardened workload, if `construct` is one. */
  public static of(construct: IConstruct): PodHardening | undefined {
    const core: unknown = Reflect.get(construct, CORE);
    return core instanceof PodHardening ? core : undefined;
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
  /** The workload's network allow-lists (NetworkPolicies on top of its isolation). */
  public readonly network: HardenedWorkloadNetwork;
  private readonly writableVolumes: Array<{ path: string; volume: kplus.Volume }> = [];
  private readonly seccompProfile: { type: string; localhostProfile?: string };
  private readonly initContainerList: kplus.Container[] = [];
  private readonly tokenMountReason: boolean;
  private readonly denyAll?: IConstruct;
  /** The pod address label as cdk8s-plus set it, which the workload's policies select on. */
  private readonly podLabels: { readonly [key: string]: string };
  private topologySpread?: kplus.k8s.TopologySpreadConstraint;
  private disruptionBudget?: ApiObject;
  private readonly runtimeClassName?: string;
  /** The final check has run (and passed): what is written is checked from then on. */
  private checkedInSynth = false;

  constructor(
    private readonly pod: kplus.Workload,
    options: PodHardeningOptions,
    private readonly namespace: string | undefined,
    private readonly kind: WorkloadKind,
  ) {
    Object.defineProperty(pod, CORE, { value: this });
    this.network = HardenedWorkloadNetwork._forWorkload(pod, namespace);
    this.podLabels = this.network.podSelectorLabels;
    this.runAsUser = pod.securityContext.user ?? DEFAULT_NON_ROOT_ID;
    this.runAsGroup = pod.securityContext.group ?? DEFAULT_NON_ROOT_ID;
    this.requireImageDigest = options.requireImageDigest ?? false;
    this.tokenMountReason = options.automountServiceAccountTokenReason !== undefined;
    this.denyAll = pod.node.tryFindChild('DefaultDenyAll');
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
    // cdk8s-plus reads these fields itself (the pod's serviceAccountName, RoleBinding subjects,
    // the connections and permissions helpers): each is the hardened one from here on. The
    // account is not created before super() and passed in: before super() its only possible
    // scope is the workload's parent, and a generated name hashes the construct path, so every
    // workload's ServiceAccount would be renamed (and emitted before the workload). cdk8s-plus
    // only stores props.serviceAccount in this field, so passing it in would gain nothing.
    replaceField<kplus.AbstractPod, 'serviceAccount'>(pod, 'serviceAccount', this.serviceAccount);
    replaceField<kplus.Workload, 'connections'>(pod, 'connections', new HardenedConnections(pod));
    replaceField<kplus.Resource, 'permissions'>(pod, 'permissions', new HardenedPermissions(pod));

    if (options.automountServiceAccountTokenReason) {
      pod.metadata.addAnnotation(TOKEN_AUTOMOUNT_REASON_ANNOTATION, options.automountServiceAccountTokenReason.trim());
      // the reasoned exception is accepted by the compliance engine, in synth and on the YAML
      pod.metadata.addAnnotation(ackAnnotation('ServiceAccountToken'), `token mounted: ${options.automountServiceAccountTokenReason.trim()}`);
    }

    if (options.isolationOffReason) this.network._isolationOff(options.isolationOffReason.trim());

    const sizeLimit = options.writablePathSizeLimit ?? Size.mebibytes(256);
    this.wholeMebibytes('writablePathSizeLimit', sizeLimit, 'an emptyDir limited to 0 evicts the pod on its first write', 'give each writable path room, e.g. Size.mebibytes(256)');
    const seen = new Set<string>();
    (options.writablePaths ?? []).forEach((path, i) => {
      const field = `writablePaths[${i}]`;
      const why = absolutePathProblem(path) ?? systemPathProblem(path, true);
      if (why) throw invalidInput(pod, field, why, path, WRITABLE_PATH_FIX);
      const normalized = withoutTrailingSlash(path);
      if (seen.has(normalized)) {
        throw invalidInput(pod, field, 'is listed twice', path, 'list each writable path once');
      }
      seen.add(normalized);
      const volume = kplus.Volume.fromEmptyDir(pod, `Writable${i}`, `writable-${i}`, { sizeLimit });
      this.writableVolumes.push({ path: normalized, volume });
    });

    addSynthesisValidation(pod, () => this.finalCheck());
    // what is written is checked again, once the final check has run: see checkWhenWritten
    const armed = () => this.checkedInSynth;
    const resource = pod.node.tryFindChild('Resource');
    if (resource instanceof ApiObject) {
      checkWhenWritten(pod, resource, `the workload's ${kind}`, armed, json => synthesizedWorkloadProblems(pod, json, this.expectations()));
    }
    for (const { what, construct, check } of ownObjectChecks(pod, this.ownObjects())) {
      const object = apiObjectOf(construct);
      if (object) checkWhenWritten(pod, object, what, armed, check);
    }
  }

  /** What the final check expects of the workload's manifest. */
  private expectations(): SynthesisExpectations {
    return {
      kind: this.kind,
      namespace: this.namespace,
      serviceAccountName: this.serviceAccount.name,
      podLabels: this.podLabels,
      requireImageDigest: this.requireImageDigest,
      tokenMountReason: this.tokenMountReason,
    };
  }

  /** The workload's own objects, as the final check reads them. */
  private ownObjects(): OwnObjects {
    return {
      serviceAccount: this.serviceAccount,
      serviceAccountName: this.serviceAccount.name,
      role: this.role,
      roleName: this.role.name,
      roleBinding: this.roleBinding,
      denyAll: this.denyAll,
      namespace: this.namespace,
      podLabels: this.podLabels,
    };
  }

  /** The init containers, each added through `addInitContainer`. */
  public get initContainers(): kplus.Container[] {
    return [...this.initContainerList];
  }

  /**
   * Validates a container's props and fills in the secure defaults; returns the props to hand
   * to cdk8s-plus.
   */
  public containerProps(field: string, props: kplus.ContainerProps, defaultName: string, init: boolean): kplus.ContainerProps {
    const scope = this.pod;
    validateImage(scope, `${field}.image`, props.image, this.requireImageDigest);
    const name = validateDnsLabel(scope, `${field}.name`, props.name ?? defaultName);
    const taken = [...this.pod.containers, ...this.initContainerList].map(c => c.name);
    if (taken.includes(name)) {
      throw invalidInput(scope, `${field}.name`, 'another container of this pod has the same name', name, 'give each container a unique name');
    }
    if (init) {
      for (const probe of ['readiness', 'liveness', 'startup'] as const) {
        if (props[probe] !== undefined) {
          throw invalidInput(scope, `${field}.${probe}`, 'init containers run to completion before the pod is ready; the API server refuses their probes', probe, 'remove the probe from the init container');
        }
      }
    }
    const sc = props.securityContext ?? {};
    const refuse = (key: string, value: unknown, rule: PodRule) => {
      throw invalidInput(scope, `${field}.securityContext.${key}`, rule.problem, value, rule.fix);
    };
    if (sc.privileged === true) refuse('privileged', true, POD_RULES.privileged);
    if (sc.allowPrivilegeEscalation === true) refuse('allowPrivilegeEscalation', true, POD_RULES.escalation);
    if (sc.ensureNonRoot === false) refuse('ensureNonRoot', false, POD_RULES.nonRoot);
    if (sc.readOnlyRootFilesystem === false) refuse('readOnlyRootFilesystem', false, POD_RULES.readOnlyRoot);
    const user = validateNonRootId(scope, `${field}.securityContext.user`, sc.user ?? this.runAsUser);
    const group = validateNonRootId(scope, `${field}.securityContext.group`, sc.group ?? this.runAsGroup);
    for (const cap of sc.capabilities?.add ?? []) {
      if (!RESTRICTED_ADDABLE_CAPABILITIES.includes(capabilityName(String(cap)))) refuse('capabilities.add', cap, POD_RULES.addCapability);
    }
    if (props.port !== undefined && props.portNumber !== undefined) {
      throw invalidInput(scope, `${field}.port`, 'is the deprecated spelling of portNumber, and both are set', { port: props.port, portNumber: props.portNumber }, 'keep portNumber only');
    }
    const declared: Array<{ field: string; numberField: string; port: kplus.ContainerPort }> = [];
    const first = props.portNumber ?? props.port;
    if (first !== undefined) {
      const numberField = props.portNumber !== undefined ? `${field}.portNumber` : `${field}.port`;
      declared.push({ field: numberField, numberField, port: { number: first } });
    }
    (props.ports ?? []).forEach((port, i) => declared.push({ field: `${field}.ports[${i}]`, numberField: `${field}.ports[${i}].number`, port }));
    const inContainer: kplus.ContainerPort[] = [];
    const others = init ? [] : this.pod.containers.flatMap(c => c.ports);
    for (const d of declared) {
      this.checkPort(d.field, d.numberField, d.port, inContainer, others);
      inContainer.push(d.port);
    }
    for (const [envName, value] of Object.entries(props.envVariables ?? {})) {
      this.checkEnvVariable(`${field}.envVariables`, envName, value);
    }
    for (const key of ['command', 'args'] as const) {
      const [found] = commandLineCredentials(props[key] ?? []);
      if (found) {
        throw invalidInput(scope, `${field}.${key}[${found.index}]`, `${found.why}: ${POD_RULES.commandLineCredential.problem}`, redacted(props[key]![found.index]), POD_RULES.commandLineCredential.fix);
      }
    }
    (props.volumeMounts ?? []).forEach((m, i) => this.checkMount(`${field}.volumeMounts[${i}]`, m.path, m.volume, m));
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
   * Hardens a container and attaches it with `attach` (cdk8s-plus's `attachContainer`).
   */
  public addContainer(cont: kplus.ContainerProps, attach: (container: kplus.Container) => void): kplus.Container {
    const index = this.pod.containers.length;
    const field = `containers[${index}]`;
    const container = new HardenedContainer(this.containerProps(field, cont, index === 0 ? 'main' : `main-${index}`, false), this, field);
    attach(container);
    return this.mountWritablePaths(container);
  }

  /** Hardens an init container and adds it to the core's list. */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    const index = this.initContainerList.length;
    const field = `initContainers[${index}]`;
    const container = new HardenedContainer(this.containerProps(field, cont, `init-${index}`, true), this, field);
    this.initContainerList.push(container);
    return this.mountWritablePaths(container);
  }

  /** Mounts the writable emptyDir volumes into a container that has just been added. */
  private mountWritablePaths(container: kplus.Container): kplus.Container {
    for (const { path, volume } of this.writableVolumes) {
      container.mount(path, volume);
    }
    return container;
  }

  /** Refuses a volume type the restricted profile does not allow, and a second volume of the same name. */
  public checkVolume(field: string, volume: kplus.Volume): kplus.Volume {
    const spec = volume._toKube() as unknown as Record<string, unknown>;
    const types = Object.keys(spec).filter(k => k !== 'name' && spec[k] !== undefined);
    const forbidden = types.filter(t => !RESTRICTED_VOLUME_TYPES.includes(t));
    if (forbidden.length > 0) {
      const rule = forbidden.includes('hostPath') ? POD_RULES.hostPath : POD_RULES.volumeType;
      throw invalidInput(this.pod, field, rule.problem, forbidden.join(', '), rule.fix);
    }
    return volume;
  }

  /** `addVolume`: the type check, and a name used once. */
  public checkAddedVolume(volume: kplus.Volume): kplus.Volume {
    const field = `volumes (${volume.name})`;
    if (this.pod.volumes.some(v => v.name === volume.name)) {
      throw invalidInput(this.pod, field, 'the pod already has a volume of this name', volume.name, 'give each volume a unique name');
    }
    return this.checkVolume(field, volume);
  }

  public checkAddedPort(container: kplus.Container, field: string, port: kplus.ContainerPort): void {
    const init = this.initContainerList.includes(container);
    const others = init ? [] : this.pod.containers.filter(c => c !== container).flatMap(c => c.ports);
    this.checkPort(field, `${field}.number`, port, container.ports, others);
  }

  public checkMount(field: string, path: string, volume: kplus.Volume, options: kplus.MountOptions): void {
    const spec = this.checkVolume(`${field}.volume (${volume.name})`, volume)._toKube() as unknown as Record<string, unknown>;
    const readOnlyType = Object.keys(spec).some(k => k !== 'name' && spec[k] !== undefined && READ_ONLY_VOLUME_TYPES.includes(k));
    const why = absolutePathProblem(path) ?? systemPathProblem(path, options.readOnly !== true && !readOnlyType);
    if (why) throw invalidInput(this.pod, `${field}.path`, why, path, WRITABLE_PATH_FIX);
    if (options.propagation === kplus.MountPropagation.BIDIRECTIONAL) {
      throw invalidInput(this.pod, `${field}.propagation`, POD_RULES.bidirectional.problem, options.propagation, POD_RULES.bidirectional.fix);
    }
    for (const key of ['subPath', 'subPathExpr'] as const) {
      const sub = options[key];
      const subWhy = sub === undefined || sub === '' ? undefined : descendingPathProblem(sub);
      if (subWhy) throw invalidInput(this.pod, `${field}.${key}`, `${subWhy}; it must stay inside the volume`, sub, 'write it like "config/app.yaml"');
    }
  }

  public checkEnvVariable(field: string, name: string, value: kplus.EnvValue): void {
    const literal = value.value;
    const why = literal === undefined ? undefined : credentialProblem(name, literal);
    if (why) throw invalidInput(this.pod, `${field}.${name}`, `${why}: ${POD_RULES.credential.problem}`, redacted(literal!), POD_RULES.credential.fix);
  }

  /**
   * For replicated workloads (Deployment, StatefulSet): the replica count, and the
   * PodDisruptionBudget and topology spread, on by default when `replicas` is above 1.
   */
  public enableReplicaResilience(options: ReplicatedWorkloadOptions, replicas: number): void {
    if (!isReplicaCount(replicas)) {
      throw invalidInput(this.pod, 'replicas', 'must be a whole number, 0 or more', replicas, 'set the number of pods, e.g. replicas: 3');
    }
    this.topologySpread = applyReplicaResilience(this.pod, options, replicas, this.namespace, this.network.podSelectorLabels);
    const budget = this.pod.node.tryFindChild('DisruptionBudget');
    this.disruptionBudget = budget instanceof ApiObject ? budget : undefined;
  }

  /**
   * The pass over the pod spec cdk8s-plus produced: what its high-level API cannot express
   * (`drop: [ALL]`, seccomp, the topology spread) is set here. Nothing is overwritten: a value
   * changed after construction stays as it is, and the final check refuses it.
   */
  public hardenPodSpec(spec: kplus.k8s.PodSpec): kplus.k8s.PodSpec {
    return {
      ...spec,
      runtimeClassName: this.runtimeClassName ?? spec.runtimeClassName,
      securityContext: { ...spec.securityContext, seccompProfile: this.seccompProfile },
      containers: spec.containers.map(c => completeContainer(c)),
      initContainers: spec.initContainers?.map(c => completeContainer(c)),
      topologySpreadConstraints: this.topologySpread
        ? [...(spec.topologySpreadConstraints ?? []), this.topologySpread]
        : spec.topologySpreadConstraints,
    };
  }

  /**
   * The final check, at synthesis (with or without `Compliance`): the manifest as it will be
   * written, JSON patches included, against every rule of a hardened pod, and the workload's own
   * objects still in the tree.
   */
  private finalCheck(): string[] {
    const problems: string[] = [];
    const own: Array<[string, IConstruct | undefined]> = [
      ['ServiceAccount', this.serviceAccount],
      ['Role', this.role],
      ['RoleBinding', this.roleBinding],
      ['deny-all NetworkPolicy', this.denyAll],
      ['PodDisruptionBudget', this.disruptionBudget],
    ];
    for (const [what, construct] of own) {
      if (construct === undefined) continue;
      const { id, scope } = construct.node;
      if (scope?.node.tryFindChild(id) !== construct) {
        problems.push(invalidInput(this.pod, 'node', `the workload's ${what} was removed from the construct tree`, what,
          'keep the children of a hardened workload; to change what it may do, use SeparatedRbac workloadGrants and allowIngressFrom/allowEgressTo').message);
      }
    }
    const resource = this.pod.node.tryFindChild('Resource');
    if (!(resource instanceof ApiObject)) {
      problems.push(invalidInput(this.pod, 'node', `the workload's ${this.kind} object was removed from the construct tree`, 'Resource', 'keep the child "Resource"').message);
    } else {
      problems.push(...synthesizedWorkloadProblems(this.pod, resource.toJson(), this.expectations()));
    }
    problems.push(...ownObjectsProblems(this.pod, this.ownObjects()));
    if (problems.length > 0) throw new Error(problems.join('\n'));
    this.checkedInSynth = true;
    return [];
  }

  private checkPort(field: string, numberField: string, port: kplus.ContainerPort,
    inContainer: readonly kplus.ContainerPort[], inPod: readonly kplus.ContainerPort[]): void {
    const scope = this.pod;
    validatePort(scope, numberField, port.number);
    if (port.hostPort !== undefined && port.hostPort !== 0) {
      throw invalidInput(scope, `${field}.hostPort`, POD_RULES.hostPort.problem, port.hostPort, POD_RULES.hostPort.fix);
    }
    if (port.name !== undefined && !isIanaServiceName(port.name)) {
      throw invalidInput(scope, `${field}.name`, 'must be an IANA service name (lowercase letters, digits and "-", at most 15 characters, at least one letter)', port.name, 'name it like "http" or "grpc-api"');
    }
    const protocol = port.protocol ?? kplus.Protocol.TCP;
    const same = (p: kplus.ContainerPort) => p.number === port.number && (p.protocol ?? kplus.Protocol.TCP) === protocol;
    if (inContainer.some(same) || inPod.some(same)) {
      throw invalidInput(scope, numberField, `port ${port.number}/${protocol} is already declared ${inContainer.some(same) ? 'by this container' : 'by another container of this pod, which shares its network'}`,
        port.number, 'declare each port once per pod');
    }
    if (port.name !== undefined && [...inContainer, ...inPod].some(p => p.name === port.name)) {
      throw invalidInput(scope, `${field}.name`, 'another port of this pod has the same name, so a Service or NetworkPolicy naming it would be ambiguous', port.name, 'give each port a unique name');
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
        describeResources(resources), POD_RULES.resources.fix);
    }
    const cpuRequest = this.positiveCpu(`${field}.cpu.request`, cpu!.request!, REQUEST_ZERO);
    const cpuLimit = this.positiveCpu(`${field}.cpu.limit`, cpu!.limit!, LIMIT_ZERO);
    if (cpuRequest.value > cpuLimit.value) {
      throw invalidInput(scope, `${field}.cpu`, POD_RULES.requestAboveLimit.problem, { request: cpuRequest.text, limit: cpuLimit.text }, POD_RULES.requestAboveLimit.fix);
    }
    const memRequest = this.wholeMebibytes(`${field}.memory.request`, memory!.request!, REQUEST_ZERO, 'request the memory the container needs, e.g. Size.mebibytes(128)');
    const memLimit = this.wholeMebibytes(`${field}.memory.limit`, memory!.limit!, LIMIT_ZERO, 'limit memory, e.g. Size.mebibytes(256)');
    if (memRequest > memLimit) {
      throw invalidInput(scope, `${field}.memory`, POD_RULES.requestAboveLimit.problem, { request: `${memRequest}Mi`, limit: `${memLimit}Mi` }, POD_RULES.requestAboveLimit.fix);
    }
  }

  private positiveCpu(field: string, cpu: kplus.Cpu, zeroProblem: string): { text: string; value: number } {
    const text = validateQuantity(this.pod, field, cpu.amount);
    const value = parseQuantity(text)!;
    if (!(value > 0)) throw invalidInput(this.pod, field, zeroProblem, text, 'use a CPU amount above zero, e.g. Cpu.millis(100)');
    return { text, value };
  }

  /** A Size as whole mebibytes above zero (cdk8s-plus writes memory and emptyDir limits in Mi). */
  private wholeMebibytes(field: string, size: Size, zeroProblem: string, fix: string): number {
    const mi = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!Number.isFinite(mi) || !Number.isInteger(mi)) {
      throw invalidInput(this.pod, field, 'must be a whole number of mebibytes (cdk8s-plus writes it in Mi)', `${size.toKibibytes({ rounding: SizeRoundingBehavior.NONE })}Ki`, fix);
    }
    if (mi <= 0) throw invalidInput(this.pod, field, zeroProblem, `${mi}Mi`, fix);
    return mi;
  }
}

const LIMIT_ZERO = 'a limit of 0 means no limit to the kubelet (Kubescape C-0270, C-0271; NSA/CISA "Resource policies")';
const REQUEST_ZERO = 'a request of 0 reserves nothing, so the scheduler may place the pod where there is no room for it';

/**
 * Installs on a hardened workload class what the core changes about the members it inherits:
 * the refused members of `INHERITED_MEMBERS.Workload`, and the core's `initContainers` and
 * `toSubjectConfiguration`. On the prototype, so that calls from every jsii language reach them.
 * @internal
 */
export function hardenInheritedMembers(cls: { readonly prototype: kplus.AbstractPod; readonly name: string }): void {
  refuseInheritedMembers(cls, 'Workload', self => ({ scope: self, prefix: '' }));
  for (const member of ['initContainers', 'toSubjectConfiguration']) {
    if (Object.prototype.hasOwnProperty.call(cls.prototype, member)) throw new Error(`${cls.name}.${member} is installed by the pod-hardening core`);
  }
  Object.defineProperty(cls.prototype, 'initContainers', {
    configurable: true,
    enumerable: false,
    get(this: kplus.AbstractPod): kplus.Container[] {
      return PodHardening.of(this)?.initContainers ?? [];
    },
  });
  Object.defineProperty(cls.prototype, 'toSubjectConfiguration', {
    configurable: true,
    enumerable: false,
    writable: false,
    value: function toSubjectConfiguration(this: kplus.AbstractPod): kplus.SubjectConfiguration {
      const core = PodHardening.of(this);
      if (!core) throw new Error(`[${this.node.path}] the workload is not constructed yet`);
      return core.serviceAccount.toSubjectConfiguration();
    },
  });
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
  const mi = (s: Size | undefined) => s === undefined ? undefined : `${s.toMebibytes({ rounding: SizeRoundingBehavior.NONE })}Mi`;
  return {
    cpu: { request: resources.cpu?.request?.amount, limit: resources.cpu?.limit?.amount },
    memory: { request: mi(resources.memory?.request), limit: mi(resources.memory?.limit) },
  };
}

function capabilityName(cap: string): string {
  return cap.toUpperCase().replace(/^CAP_/, '');
}

/** Adds `drop: [ALL]` and spells added capabilities as the Pod Security Standards compare them. */
function completeContainer(container: kplus.k8s.Container): kplus.k8s.Container {
  const sc = container.securityContext ?? {};
  // cdk8s-plus spells capabilities "CAP_X"; the Pod Security Standards compare the bare "X".
  const add = [...new Set((sc.capabilities?.add ?? []).map(capabilityName))];
  return {
    ...container,
    securityContext: {
      ...sc,
      capabilities: add.length > 0 ? { add, drop: ['ALL'] } : { drop: ['ALL'] },
    },
  };
}
