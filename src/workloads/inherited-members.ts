import { Construct, IConstruct } from 'constructs';
import { invalidInput } from '../errors';

/**
 * What a hardened workload does with a member it inherits from cdk8s-plus-27, cdk8s or
 * constructs:
 *
 * - `hardened`: goes through the pod-hardening core (an override, a hardened object in the
 *   field, or a value the core re-checks in the synthesized manifest), with the same checks and
 *   errors as the props;
 * - `refused`: throws, naming the hardened way;
 * - `safe`: cannot weaken the pod, its identity or its isolation.
 *
 * @internal
 */
export type MemberVerdict = 'hardened' | 'refused' | 'safe';

/** The objects whose inherited members are classified, one section each. @internal */
export type MemberSection =
  | 'Workload'
  | 'Container'
  | 'ContainerSecurityContext'
  | 'Env'
  | 'PodSecurityContext'
  | 'PodConnections'
  | 'WorkloadScheduling'
  | 'PodDns'
  | 'ApiObjectMetadataDefinition'
  | 'ResourcePermissions'
  | 'Service';

/** The classification of one inherited member. @internal */
export interface MemberRule {
  readonly verdict: MemberVerdict;
  /** One line: why the verdict holds. */
  readonly reason: string;
  /** For a refused member: the hardened way, named in the error. */
  readonly instead?: string;
  /** The section classifying the object this member holds or returns (each element, for a list). */
  readonly members?: MemberSection;
}

function hardened(reason: string, members?: MemberSection): MemberRule {
  return { verdict: 'hardened', reason, members };
}

function refused(reason: string, instead: string): MemberRule {
  return { verdict: 'refused', reason, instead };
}

function safe(reason: string, members?: MemberSection): MemberRule {
  return { verdict: 'safe', reason, members };
}

const FINAL_CHECK = 'the final check re-validates it in the synthesized manifest';
const RENDERS = 'renders the object at synthesis; the final check reads what it renders';
const PLACEMENT = 'scheduling placement only: the pod\'s security context, identity and isolation do not change';
const READ_ONLY = 'reads a value or returns a copy';
const EXPOSE_INSTEAD = 'use exposeToPeers({ port, peers }), which creates the Service and opens its port to exactly those peers';
const INGRESS_INSTEAD = 'expose the port with exposeToPeers({ port, peers: [Peer.inNamespace("<ingress controller namespace>")] }) and route an Ingress to the Service it returns';

/**
 * Every public member (methods, getters and fields, TypeScript-private ones included, `_`-prefixed
 * fields excluded) that a hardened workload and the objects it hands out inherit, with what each
 * does now. `test/workloads/inherited-members.test.ts` walks the prototype chains and fails on a
 * member missing here, so an upgrade of cdk8s-plus cannot add an unreviewed way in.
 *
 * @internal
 */
export const INHERITED_MEMBERS: { readonly [S in MemberSection]: { readonly [member: string]: MemberRule } } = {
  Workload: {
    // constructs.Construct
    node: hardened('the construct tree node; the final check fails if the workload\'s ServiceAccount, Role, RoleBinding, deny-all policy or disruption budget was removed from it'),
    with: safe('applies mixins, which act through the members classified here; what they change in the pod reaches the final check'),
    toString: safe('the construct path'),
    // cdk8s-plus Resource
    permissions: hardened('a ResourcePermissions whose grantReadWrite is refused', 'ResourcePermissions'),
    metadata: safe('the workload\'s metadata; its namespace is re-checked at synthesis', 'ApiObjectMetadataDefinition'),
    name: safe(READ_ONLY),
    apiVersion: safe(READ_ONLY),
    apiGroup: safe(READ_ONLY),
    kind: safe(READ_ONLY),
    resourceName: safe(READ_ONLY),
    resourceType: safe('a constant naming the resource for RBAC rules'),
    asApiResource: safe('describes the object for RBAC rules that other constructs write'),
    asNonApiResource: safe('describes the object for RBAC rules that other constructs write'),
    apiObject: hardened(`the escape hatch (ApiObject.of(workload)); ${FINAL_CHECK}, after JSON patches`),
    // cdk8s-plus AbstractPod
    containers: safe('a copy of the list; every element was hardened when added', 'Container'),
    initContainers: hardened('the core\'s list of init containers, each added through addInitContainer', 'Container'),
    volumes: safe('a copy of the list; every volume was checked when added'),
    hostAliases: safe(READ_ONLY),
    addContainer: hardened('checked by the core (image, security context, ports, resources, mounts, env) and returned as a hardened container'),
    attachContainer: refused('a container built outside the workload skips every check (untagged image, host ports, user 0)',
      'add it with addContainer({ image, ... }), which checks and hardens it'),
    addInitContainer: hardened('checked by the core like addContainer; probes are refused as the API server refuses them'),
    addHostAlias: safe('an /etc/hosts entry; no privilege, identity or network path'),
    addVolume: hardened('only the volume types of the restricted profile; hostPath and the rest are refused'),
    toPodSelectorConfig: safe('describes the pods for selectors other constructs write (Services, NetworkPolicies); what those open is for them to say'),
    toNetworkPolicyPeerConfig: safe('describes the pods as a NetworkPolicy peer'),
    toPodSelector: safe('returns the workload itself as a pod selector'),
    toSubjectConfiguration: hardened('the workload\'s own ServiceAccount, with its namespace, so a RoleBinding can name the workload'),
    _toPodSpec: hardened('adds what cdk8s-plus cannot express (capabilities drop ALL, seccomp, topology spread); the final check reads the result'),
    restartPolicy: hardened(`checked per kind (Always for long-running kinds, Never or OnFailure for jobs); ${FINAL_CHECK}`),
    serviceAccount: hardened('the workload\'s own ServiceAccount (token automount off), bound to an empty Role'),
    securityContext: hardened(`non-root user, group and fsGroup, safe sysctls only; ${FINAL_CHECK}`, 'PodSecurityContext'),
    dns: safe('DNS resolution settings of the pod', 'PodDns'),
    dockerRegistryAuth: safe('the image pull Secret reference'),
    automountServiceAccountToken: hardened(`false unless automountServiceAccountTokenReason is given; ${FINAL_CHECK}`),
    isolate: safe('read once, in the constructor; isolation is on unless isolate: false was given'),
    hostNetwork: hardened(`refused in props; ${FINAL_CHECK}`),
    terminationGracePeriod: safe('how long pods get to stop'),
    // cdk8s-plus Workload
    connections: hardened('a PodConnections whose allowTo and allowFrom are refused in favour of allowIngressFrom and allowEgressTo', 'PodConnections'),
    scheduling: safe(PLACEMENT, 'WorkloadScheduling'),
    spread: safe(PLACEMENT),
    podMetadata: safe('the pod template\'s metadata; the pod address label and AppArmor and seccomp annotations are re-checked at synthesis', 'ApiObjectMetadataDefinition'),
    select: safe('adds label matchers to the workload\'s selector; the API server refuses a selector its pod template does not match'),
    matchLabels: safe(READ_ONLY),
    matchExpressions: safe(READ_ONLY),
    _toLabelSelector: safe(RENDERS),
    // cdk8s-plus Deployment
    replicas: hardened(`a whole number, 0 or more; ${FINAL_CHECK}`),
    minReady: safe('rollout timing'),
    progressDeadline: safe('rollout timing'),
    strategy: safe('rollout strategy'),
    hasAutoscaler: safe('set by a HorizontalPodAutoscaler; scaling changes the number of pods, not the pod'),
    markHasAutoscaler: safe('called by a HorizontalPodAutoscaler; scaling changes the number of pods, not the pod'),
    toScalingTarget: safe('describes the workload for a HorizontalPodAutoscaler'),
    exposeViaService: refused('the Service it creates is blocked by the deny-all policy without any allow, and may be a NodePort or LoadBalancer outside any quota', EXPOSE_INSTEAD),
    exposeViaIngress: refused('the Ingress backend is blocked by the deny-all policy; nothing opens the path from the ingress controller', INGRESS_INSTEAD),
    _toKube: safe(RENDERS),
    // cdk8s-plus StatefulSet
    service: hardened('the governing headless Service, whose exposeViaIngress is refused (your own Service if you passed one)', 'Service'),
    podManagementPolicy: safe('pod start-up ordering'),
    _createHeadlessService: safe('used by cdk8s-plus only without a service; a hardened StatefulSet always passes one'),
    // cdk8s-plus DaemonSet
    minReadySeconds: safe('rollout timing'),
    // cdk8s-plus Job
    activeDeadline: safe('how long a run may take'),
    backoffLimit: safe('how often a run is retried'),
    ttlAfterFinished: safe('when finished runs are deleted'),
    // cdk8s-plus CronJob
    schedule: hardened(`a cron expression the API server accepts, checked in props; ${FINAL_CHECK}`),
    timeZone: safe('the time zone of the schedule'),
    concurrencyPolicy: safe('whether runs may overlap'),
    startingDeadline: safe('how late a run may start'),
    suspend: safe('pauses the schedule'),
    successfulJobsRetained: safe('history length'),
    failedJobsRetained: safe('history length'),
    jobProperties: safe('the Job settings of every run (deadline, retries, retention)'),
    _toJobSpec: safe(RENDERS),
  },
  Container: {
    name: safe('the container\'s name, checked when added'),
    image: hardened(`a pinned reference (a version tag or a digest; a digest with requireImageDigest); ${FINAL_CHECK}`),
    portNumber: safe('the first declared port, as given; ports are checked when declared'),
    port: safe(READ_ONLY),
    ports: safe(READ_ONLY),
    command: safe(READ_ONLY),
    args: safe(READ_ONLY),
    workingDir: safe('the working directory'),
    imagePullPolicy: safe('when the node pulls the image'),
    resources: hardened(`CPU and memory requests and limits, all above zero, requests at most the limits; ${FINAL_CHECK}`),
    mounts: hardened(`every mount goes through mount(); one pushed onto the list directly is caught because ${FINAL_CHECK}`),
    securityContext: hardened(`non-root, not privileged, no escalation, read-only root filesystem; ${FINAL_CHECK}`, 'ContainerSecurityContext'),
    env: hardened('an Env whose addVariable refuses literal credentials', 'Env'),
    mount: hardened('only restricted volume types; canonical absolute paths, none in /proc, /sys or /dev, no writable volume over programs or /etc; no Bidirectional propagation'),
    addPort: hardened('a port number 1-65535 used once in the pod, an IANA name used once, no hostPort'),
    _toKube: safe(RENDERS),
  },
  ContainerSecurityContext: {
    ensureNonRoot: hardened(FINAL_CHECK),
    privileged: hardened(FINAL_CHECK),
    readOnlyRootFilesystem: hardened(FINAL_CHECK),
    user: hardened(FINAL_CHECK),
    group: hardened(FINAL_CHECK),
    allowPrivilegeEscalation: hardened(FINAL_CHECK),
    capabilities: hardened(`only NET_BIND_SERVICE may be added, ALL is dropped; ${FINAL_CHECK}`),
    _toKube: safe(RENDERS),
  },
  Env: {
    addVariable: hardened('refuses a literal value that looks like a credential; reference a Secret instead'),
    copyFrom: safe('adds a ConfigMap or Secret as a source; no literal value'),
    variables: safe(READ_ONLY),
    sources: safe(READ_ONLY),
    renderEnv: safe(RENDERS),
    _toKube: safe(RENDERS),
  },
  PodSecurityContext: {
    ensureNonRoot: hardened(FINAL_CHECK),
    user: hardened(FINAL_CHECK),
    group: hardened(FINAL_CHECK),
    fsGroup: hardened(FINAL_CHECK),
    fsGroupChangePolicy: safe('how volume ownership is changed for fsGroup'),
    sysctls: safe(READ_ONLY),
    _toKube: safe(RENDERS),
  },
  PodConnections: {
    instance: safe('the workload'),
    allowTo: refused('it opens egress on every port of the peer by default, and to an address block such as 0.0.0.0/0 without the reason Peer.anywhere asks for',
      'use allowEgressTo(peer, { ports }) with a Peer (Peer.workload, Peer.inNamespace, Peer.cidr or Peer.anywhere("<reason>"))'),
    allowFrom: refused('it opens ingress on every port of the pods by default, and from an address block such as 0.0.0.0/0 without the reason Peer.anywhere asks for',
      'use allowIngressFrom(peer, { ports }) with a Peer (Peer.workload, Peer.inNamespace, Peer.cidr or Peer.anywhere("<reason>"))'),
    allow: refused('the helper behind allowTo and allowFrom',
      'use allowIngressFrom(peer, { ports }) or allowEgressTo(peer, { ports })'),
    extractPorts: safe(READ_ONLY),
    isolate: hardened('idempotent: creates the deny-all policy only if the workload has none yet'),
  },
  WorkloadScheduling: {
    instance: safe('the workload'),
    spread: safe(PLACEMENT),
    assign: safe(PLACEMENT),
    tolerate: safe(PLACEMENT),
    attract: safe(PLACEMENT),
    colocate: safe(PLACEMENT),
    separate: safe(PLACEMENT),
    createPodAffinityTerm: safe(PLACEMENT),
    createNodeAffinityTerm: safe(PLACEMENT),
    validateWeight: safe(PLACEMENT),
    _toKube: safe(RENDERS),
  },
  PodDns: {
    hostname: safe('the pod\'s hostname'),
    subdomain: safe('the pod\'s DNS subdomain'),
    policy: safe('the DNS policy'),
    hostnameAsFQDN: safe('hostname format'),
    nameservers: safe(READ_ONLY),
    searches: safe(READ_ONLY),
    options: safe(READ_ONLY),
    addNameserver: safe('DNS resolution only'),
    addSearch: safe('DNS resolution only'),
    addOption: safe('DNS resolution only'),
    _toKube: safe(RENDERS),
  },
  ApiObjectMetadataDefinition: {
    name: safe('the object\'s name, fixed at construction'),
    namespace: hardened(`the workload's namespace, where its ServiceAccount and policies live; ${FINAL_CHECK}`),
    labels: safe('labels; the pod address label that policies select on is re-checked at synthesis'),
    annotations: safe('annotations; AppArmor and seccomp annotations on the pod template are re-checked at synthesis'),
    finalizers: safe('deletion ordering'),
    ownerReferences: safe('garbage collection'),
    apiObject: safe('the object the metadata belongs to'),
    addLabel: safe('labels are free, except the pod address label, which the final check verifies'),
    getLabel: safe(READ_ONLY),
    addAnnotation: safe('annotations are free, except AppArmor and seccomp annotations, which the final check verifies'),
    addFinalizers: safe('deletion ordering'),
    addOwnerReference: safe('garbage collection'),
    add: safe('extra metadata keys; name, namespace, labels and annotations always come from the fields above'),
    toJson: safe(RENDERS),
  },
  ResourcePermissions: {
    instance: safe('the workload'),
    grantRead: safe('read access to this one object'),
    grantReadWrite: refused('write access to a workload lets the subject run any pod as the workload\'s ServiceAccount, outside any review',
      'grant it through SeparatedRbac (the deployer persona), where every grant is reviewed and recorded'),
  },
  Service: {
    node: safe('the construct tree node'),
    with: safe('applies mixins to the Service'),
    toString: safe('the construct path'),
    permissions: safe('RBAC on the Service object'),
    metadata: safe('the Service\'s metadata'),
    name: safe(READ_ONLY),
    apiVersion: safe(READ_ONLY),
    apiGroup: safe(READ_ONLY),
    kind: safe(READ_ONLY),
    resourceName: safe(READ_ONLY),
    resourceType: safe('a constant naming the resource for RBAC rules'),
    asApiResource: safe('describes the object for RBAC rules'),
    asNonApiResource: safe('describes the object for RBAC rules'),
    apiObject: safe('the Service\'s escape hatch; the compliance engine checks what it synthesizes'),
    clusterIP: safe('None: the governing Service is headless'),
    type: hardened('ClusterIP; the governing Service fails synthesis if it became a NodePort or LoadBalancer'),
    externalName: safe('unset on the governing Service'),
    ports: safe(READ_ONLY),
    port: safe(READ_ONLY),
    bind: safe('adds a port to the Service; a Service opens no network path, NetworkPolicies do'),
    select: safe('adds a selector; a Service opens no network path'),
    selectLabel: safe('adds a selector label; a Service opens no network path'),
    exposeViaIngress: refused('the Ingress backend is blocked by the deny-all policy; nothing opens the path from the ingress controller', INGRESS_INSTEAD),
    _toKube: safe(RENDERS),
  },
};

/** Where a refused member was called: the construct to name in the error and a field prefix. @internal */
export interface MemberLocation {
  readonly scope: IConstruct;
  readonly prefix: string;
}

/** An argument for the error message: constructs by path, other class instances by class name. */
function describeArgument(arg: unknown, depth = 0): unknown {
  if (arg === null || typeof arg !== 'object') return typeof arg === 'function' ? 'function' : arg;
  if (Construct.isConstruct(arg)) return arg.node.path;
  if (depth > 2) return '...';
  if (Array.isArray(arg)) return arg.map(a => describeArgument(a, depth + 1));
  const proto: unknown = Object.getPrototypeOf(arg);
  if (proto !== Object.prototype && proto !== null) return arg.constructor.name;
  return Object.fromEntries(Object.entries(arg).map(([k, v]) => [k, describeArgument(v, depth + 1)]));
}

/**
 * Installs every member a section refuses on `cls`'s prototype (where `cls` inherits it): a
 * function throwing the error that names the hardened way. On the prototype, so that calls from
 * every jsii language reach it.
 * @internal
 */
export function refuseInheritedMembers<T extends object>(cls: { readonly prototype: T; readonly name: string }, section: MemberSection,
  locate: (self: T) => MemberLocation): void {
  for (const [member, rule] of Object.entries(INHERITED_MEMBERS[section])) {
    if (rule.verdict !== 'refused' || !(member in cls.prototype)) continue;
    if (Object.prototype.hasOwnProperty.call(cls.prototype, member)) {
      throw new Error(`${cls.name}.${member} is defined by the class and classified as refused in INHERITED_MEMBERS.${section}`);
    }
    Object.defineProperty(cls.prototype, member, {
      configurable: true,
      enumerable: false,
      writable: false,
      value: function refusedMember(this: T, ...args: unknown[]): never {
        const at = locate(this);
        throw invalidInput(at.scope, `${at.prefix}${member}`, `is refused on a hardened workload: ${rule.reason}`, args.map(describeArgument), rule.instead ?? '');
      },
    });
  }
}

/**
 * Replaces an inherited readonly field with the hardened object, and keeps it from being
 * reassigned.
 * @internal
 */
export function replaceField<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): void {
  Object.defineProperty(target, key, { value, writable: false, enumerable: true, configurable: false });
}
