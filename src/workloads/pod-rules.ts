import { IConstruct } from 'constructs';
import { asArray, asObject, asString, dig, JsonObject } from '../compliance/json';
import { invalidInput } from '../errors';
import { commandLineCredentials, credentialProblem } from '../standards/credentials';
import { cronScheduleProblem } from '../standards/cron';
import { absolutePathProblem, descendingPathProblem, READ_ONLY_VOLUME_TYPES, systemPathProblem } from '../standards/filesystem';
import { APPARMOR_CONTAINER_ANNOTATION_PREFIX, APPARMOR_CONFINED_TYPES, appArmorAnnotationAllowed, DROP_ALL_CAPABILITIES, latestSafeSysctls, latestVariant, PSS_CHECKS, RESTRICTED_ADDABLE_CAPABILITIES, RESTRICTED_VOLUME_TYPES, SECCOMP_CONFINED_TYPES, SECCOMP_CONTAINER_ANNOTATION_PREFIX, SECCOMP_POD_ANNOTATION, seccompAnnotationAllowed } from '../standards/pss';
import { parseQuantity } from '../standards/quantity';
import { validateImage } from '../validation';

// The rules of a hardened pod, in one place: their problem and fix texts are used by the
// construct-time checks of the core and by the final check of the synthesized manifest, so a
// value refused in props and the same value found at synthesis read the same.

/** The workload kinds the core hardens. @internal */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob';

/** Kinds whose pods run to completion (restartPolicy Never or OnFailure). @internal */
export const RUN_TO_COMPLETION: readonly WorkloadKind[] = ['Job', 'CronJob'];

/** The problem and the fix of one rule. @internal */
export interface PodRule {
  readonly problem: string;
  readonly fix: string;
}

/** @internal */
export const POD_RULES = {
  hostNetwork: {
    problem: 'sharing the node\'s network namespace is refused (PSS baseline "Host Namespaces"; Kubescape C-0041)',
    fix: 'remove hostNetwork and expose the workload through a Service',
  },
  hostProcessNamespaces: {
    problem: 'sharing the node\'s process or IPC namespace is refused (PSS baseline "Host Namespaces"; Kubescape C-0038)',
    fix: 'remove hostPID and hostIPC',
  },
  hostProcess: {
    problem: 'Windows HostProcess containers are refused (PSS baseline "HostProcess")',
    fix: 'remove windowsOptions.hostProcess',
  },
  privileged: {
    problem: 'privileged containers are refused (PSS baseline "Privileged Containers"; Kubescape C-0057)',
    fix: 'remove privileged; add only the capability you need (NET_BIND_SERVICE)',
  },
  escalation: {
    problem: 'privilege escalation is refused (PSS restricted "Privilege Escalation"; Kubescape C-0016)',
    fix: 'remove allowPrivilegeEscalation; setuid binaries are not needed at run time',
  },
  nonRoot: {
    problem: 'running as root is refused (NSA/CISA "Non-root containers"; PSS restricted "Running as Non-root user"; Kubescape C-0013)',
    fix: 'remove the setting; build the image to run as a non-root user and set runAsUser to it',
  },
  rootId: {
    problem: 'id 0 is root, which NSA/CISA "Non-root containers" and the Pod Security Standards (restricted, "Running as Non-root user") forbid',
    fix: 'use the non-root id your image runs as (65532 for distroless "nonroot" images), or leave it unset for the documented default',
  },
  readOnlyRoot: {
    problem: 'a writable root filesystem is refused (NSA/CISA "Immutable container file systems"; Kubescape C-0017)',
    fix: 'keep it read-only and list the paths the app writes to in writablePaths (each gets an emptyDir)',
  },
  addCapability: {
    problem: `only ${RESTRICTED_ADDABLE_CAPABILITIES.join(', ')} may be added back after dropping ${DROP_ALL_CAPABILITIES} (PSS restricted "Capabilities"; Kubescape C-0046)`,
    fix: `remove the capability; listen on a port above 1023 or add ${RESTRICTED_ADDABLE_CAPABILITIES.join(', ')} only`,
  },
  dropAll: {
    problem: `every capability is dropped (${DROP_ALL_CAPABILITIES}) (PSS restricted "Capabilities"; Kubescape C-0046)`,
    fix: `keep capabilities.drop: [${DROP_ALL_CAPABILITIES}]`,
  },
  hostPort: {
    problem: 'host ports are refused (PSS baseline "HostPorts"; Kubescape C-0044)',
    fix: 'remove hostPort and expose the port through a Service',
  },
  hostPath: {
    problem: 'hostPath volumes expose the node\'s filesystem (PSS baseline "HostPath Volumes"; NSA/CISA "Pod security")',
    fix: 'use a PersistentVolumeClaim for durable data, or an emptyDir for scratch space',
  },
  volumeType: {
    problem: `only ${RESTRICTED_VOLUME_TYPES.join(', ')} volumes are allowed (PSS restricted "Volume Types")`,
    fix: 'use a PersistentVolumeClaim for durable data, or an emptyDir for scratch space',
  },
  seccomp: {
    problem: `seccomp must stay on: ${SECCOMP_CONFINED_TYPES.join(' or ')} (PSS restricted "Seccomp"; Kubescape C-0055)`,
    fix: 'leave seccompProfile to the core (RuntimeDefault), or set seccompLocalhostProfile',
  },
  appArmor: {
    problem: `AppArmor must stay on: ${APPARMOR_CONFINED_TYPES.join(' or ')} (PSS baseline "AppArmor")`,
    fix: 'remove the AppArmor override; the runtime default profile applies',
  },
  seLinux: {
    problem: 'only the container SELinux types may be set, and no SELinux user or role (PSS baseline "SELinux")',
    fix: 'remove seLinuxOptions, or set only a type the baseline allows',
  },
  procMount: {
    problem: 'only the Default /proc mount is allowed (PSS baseline "/proc Mount Type")',
    fix: 'remove procMount',
  },
  sysctls: {
    problem: 'only the sysctls of the Pod Security Standards baseline "Sysctls" list are allowed',
    fix: `use one of ${latestSafeSysctls().join(', ')}, or set node-level sysctls outside the pod`,
  },
  hostProbe: {
    problem: 'a probe or lifecycle handler aimed at another host is refused (PSS baseline "Host Probes / Lifecycle Hooks")',
    fix: 'remove host: probes and hooks reach the container itself',
  },
  credential: {
    problem: 'credentials belong in a Secret, not in a literal environment variable (NSA/CISA "Secrets"; Kubescape C-0012)',
    fix: 'reference a Secret: EnvValue.fromSecretValue({ secret, key }) for each variable, or mount the Secret as a volume (Volume.fromSecret); importing a whole Secret into the environment (envFrom) is itself reported by the check (CredentialsInConfig, Kubescape C-0012)',
  },
  commandLineCredential: {
    problem: 'credentials belong in a Secret, not on a command line, which every process of the node can read in /proc (NSA/CISA "Secrets"; Kubescape C-0012)',
    fix: 'pass a variable the container reads from a Secret ("--db-password=$(DB_PASSWORD)" with env DB_PASSWORD from EnvValue.fromSecretValue), or a file ("--db-password-file=/var/run/secrets/db/password")',
  },
  bidirectional: {
    problem: 'Bidirectional mount propagation shares mounts with the node and needs a privileged container',
    fix: 'use MountPropagation.NONE (the default) or HOST_TO_CONTAINER',
  },
  resources: {
    problem: 'CPU and memory requests and limits are all required and above zero (Kubescape C-0270, C-0271; NSA/CISA "Resource policies"); a limit of 0 means no limit to the kubelet',
    fix: 'set all four, e.g. { cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } }',
  },
  requestAboveLimit: {
    problem: 'the request is larger than the limit',
    fix: 'make the request at most the limit',
  },
  projectedToken: {
    problem: 'a projected serviceAccountToken is the service account token, mounted: it needs the same recorded reason as automountServiceAccountToken (NSA/CISA "Service account tokens"; Kubescape C-0034)',
    fix: 'set automountServiceAccountToken: true together with automountServiceAccountTokenReason, or remove the projected token',
  },
  tokenMount: {
    problem: 'the service account token is mounted without a recorded reason (NSA/CISA "Service account tokens"; Kubescape C-0034)',
    fix: 'set automountServiceAccountToken: true together with automountServiceAccountTokenReason',
  },
  serviceAccount: {
    problem: 'every hardened workload has its own ServiceAccount bound to an empty Role (NSA/CISA v1.1 "Service account tokens")',
    fix: 'grant the workload\'s own account what it needs with SeparatedRbac workloadGrants',
  },
} satisfies { [name: string]: PodRule };

/** What the final check expects of the manifest a hardened workload synthesized. @internal */
export interface SynthesisExpectations {
  readonly kind: WorkloadKind;
  readonly namespace?: string;
  readonly serviceAccountName: string;
  /** The pod address label (or any label) the pod template must carry, with its value. */
  readonly podLabels: { readonly [key: string]: string };
  readonly requireImageDigest: boolean;
  /** A reason for mounting the service account token was recorded. */
  readonly tokenMountReason: boolean;
}

const AFTER_CONSTRUCTION = 'found in the synthesized manifest, so it was changed after construction (on an object the workload returned, or by a JSON patch)';

function isHostProcess(sc: JsonObject | undefined): boolean {
  return asObject(sc?.windowsOptions)?.hostProcess === true;
}

/**
 * The final check: every rule of a hardened pod, on the manifest as it will be written (after
 * cdk8s-plus rendered it, objects it handed out were changed, and JSON patches were applied).
 * Returns one error message per problem.
 * @internal
 */
export function synthesizedWorkloadProblems(scope: IConstruct, manifest: unknown, expected: SynthesisExpectations): string[] {
  const problems: string[] = [];
  const add = (field: string, rule: PodRule, given: unknown, detail?: string) => {
    problems.push(invalidInput(scope, field, `${detail ? `${detail}: ` : ''}${rule.problem}; ${AFTER_CONSTRUCTION}`, given, rule.fix).message);
  };
  const other = (field: string, problem: string, given: unknown, fix: string) => {
    problems.push(invalidInput(scope, field, `${problem}; ${AFTER_CONSTRUCTION}`, given, fix).message);
  };

  const metadata = asObject(dig(manifest, 'metadata'));
  const namespace = asString(metadata?.namespace);
  if (namespace !== expected.namespace) {
    other('metadata.namespace', `is not the workload's namespace (${expected.namespace ?? 'none set'}), where its ServiceAccount and NetworkPolicies are`, namespace,
      'set the namespace in the workload\'s props (metadata.namespace)');
  }
  const spec = asObject(dig(manifest, 'spec'));
  if ((expected.kind === 'Deployment' || expected.kind === 'StatefulSet') && spec?.replicas !== undefined && !isReplicaCount(spec.replicas)) {
    other('spec.replicas', 'must be a whole number, 0 or more', spec.replicas, 'set replicas in props, e.g. replicas: 3');
  }
  if (expected.kind === 'CronJob') {
    const schedule = asString(spec?.schedule) ?? '';
    const why = cronScheduleProblem(schedule);
    if (why) other('spec.schedule', why, spec?.schedule, 'set schedule in props, e.g. Cron.schedule({ minute: "30", hour: "2" })');
  }
  const templatePath = expected.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template'] : ['spec', 'template'];
  const prefix = templatePath.join('.');
  const template = asObject(dig(manifest, ...templatePath));
  const pod = asObject(template?.spec);
  if (!template || !pod) {
    other(prefix, 'the pod template is missing', undefined, 'do not remove the pod template with a JSON patch');
    return problems;
  }
  const p = `${prefix}.spec`;

  // pod metadata
  const podMeta = asObject(template.metadata);
  const podNamespace = asString(podMeta?.namespace);
  if (podNamespace !== undefined && podNamespace !== expected.namespace) {
    other(`${prefix}.metadata.namespace`, `is not the workload's namespace (${expected.namespace ?? 'none set'})`, podNamespace, 'leave the pod template\'s namespace unset');
  }
  const labels = asObject(podMeta?.labels) ?? {};
  for (const [key, value] of Object.entries(expected.podLabels)) {
    if (labels[key] !== value) {
      other(`${prefix}.metadata.labels["${key}"]`, `the pod address label must stay "${value}": the workload's NetworkPolicies select its pods by it`, labels[key],
        'do not change the pod address label; add your own labels with other keys');
    }
  }
  for (const [key, value] of Object.entries(asObject(podMeta?.annotations) ?? {})) {
    const text = typeof value === 'string' ? value : '';
    if (key.startsWith(APPARMOR_CONTAINER_ANNOTATION_PREFIX) && !appArmorAnnotationAllowed(text)) add(`${prefix}.metadata.annotations["${key}"]`, POD_RULES.appArmor, value);
    if ((key === SECCOMP_POD_ANNOTATION || key.startsWith(SECCOMP_CONTAINER_ANNOTATION_PREFIX)) && !seccompAnnotationAllowed(text)) add(`${prefix}.metadata.annotations["${key}"]`, POD_RULES.seccomp, value);
  }

  // pod spec
  if (pod.hostNetwork === true) add(`${p}.hostNetwork`, POD_RULES.hostNetwork, true);
  if (pod.hostPID === true) add(`${p}.hostPID`, POD_RULES.hostProcessNamespaces, true);
  if (pod.hostIPC === true) add(`${p}.hostIPC`, POD_RULES.hostProcessNamespaces, true);
  const restart = asString(pod.restartPolicy);
  const runsToCompletion = RUN_TO_COMPLETION.includes(expected.kind);
  if (restart !== undefined && (runsToCompletion ? restart === 'Always' : restart !== 'Always')) {
    other(`${p}.restartPolicy`, runsToCompletion ? 'pods of a Job run to completion; the API server refuses Always' : `the API server accepts only Always for a ${expected.kind}`, restart,
      runsToCompletion ? 'use RestartPolicy.NEVER or RestartPolicy.ON_FAILURE' : 'leave restartPolicy unset (Always)');
  }
  if (asString(pod.serviceAccountName) !== expected.serviceAccountName) add(`${p}.serviceAccountName`, POD_RULES.serviceAccount, pod.serviceAccountName);
  if (pod.automountServiceAccountToken === true && !expected.tokenMountReason) add(`${p}.automountServiceAccountToken`, POD_RULES.tokenMount, true);
  const sc = asObject(pod.securityContext);
  if (sc?.runAsNonRoot !== true) add(`${p}.securityContext.runAsNonRoot`, POD_RULES.nonRoot, sc?.runAsNonRoot);
  for (const key of ['runAsUser', 'runAsGroup', 'fsGroup']) {
    if (sc?.[key] === 0) add(`${p}.securityContext.${key}`, POD_RULES.rootId, 0);
  }
  asArray(sc?.supplementalGroups).forEach((g, i) => { if (g === 0) add(`${p}.securityContext.supplementalGroups[${i}]`, POD_RULES.rootId, 0); });
  const seccomp = asObject(sc?.seccompProfile);
  if (!SECCOMP_CONFINED_TYPES.includes(asString(seccomp?.type) ?? '')) add(`${p}.securityContext.seccompProfile`, POD_RULES.seccomp, seccomp);
  const localhostProfile = asString(seccomp?.localhostProfile);
  const profileWhy = localhostProfile === undefined ? undefined : descendingPathProblem(localhostProfile);
  if (profileWhy) {
    other(`${p}.securityContext.seccompProfile.localhostProfile`, `must stay inside the kubelet's seccomp profile directory, but ${profileWhy}`, localhostProfile,
      'set seccompLocalhostProfile in props, e.g. "profiles/api.json"');
  }
  checkConfinement(`${p}.securityContext`, sc, add);
  const safeSysctls = latestSafeSysctls();
  asArray(sc?.sysctls).forEach((s, i) => {
    const name = asString(asObject(s)?.name) ?? '';
    if (!safeSysctls.includes(name)) add(`${p}.securityContext.sysctls[${i}]`, POD_RULES.sysctls, name);
  });
  if (isHostProcess(sc)) add(`${p}.securityContext.windowsOptions.hostProcess`, POD_RULES.hostProcess, true);

  // a mount of a volume that is not listed (a StatefulSet claim template) counts as writable
  const readOnlyVolumes = new Set<string>();
  asArray(pod.volumes).forEach((v, i) => {
    const volume = asObject(v) ?? {};
    const name = asString(volume.name) ?? '';
    const types = Object.keys(volume).filter(k => k !== 'name' && volume[k] !== undefined && volume[k] !== null);
    const forbidden = types.filter(t => !RESTRICTED_VOLUME_TYPES.includes(t));
    if (forbidden.length > 0) add(`${p}.volumes[${i}] (${name})`, forbidden.includes('hostPath') ? POD_RULES.hostPath : POD_RULES.volumeType, forbidden.join(', '));
    if (types.length > 0 && types.every(t => READ_ONLY_VOLUME_TYPES.includes(t))) readOnlyVolumes.add(name);
    if (!expected.tokenMountReason && projectsServiceAccountToken(volume)) add(`${p}.volumes[${i}] (${name})`, POD_RULES.projectedToken, 'projected.sources[].serviceAccountToken');
  });

  const names = new Set<string>();
  const ports = new Map<string, string>();
  const portNames = new Map<string, string>();
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    asArray(pod[list]).forEach((entry, i) => {
      const c = asObject(entry) ?? {};
      const at = `${p}.${list}[${i}]`;
      const name = asString(c.name) ?? '';
      if (names.has(name)) other(`${at}.name`, 'another container of this pod has the same name', name, 'give each container a unique name');
      names.add(name);
      const csc = asObject(c.securityContext);
      if (csc?.privileged === true) add(`${at}.securityContext.privileged`, POD_RULES.privileged, true);
      if (csc?.allowPrivilegeEscalation !== false) add(`${at}.securityContext.allowPrivilegeEscalation`, POD_RULES.escalation, csc?.allowPrivilegeEscalation);
      if (csc?.runAsNonRoot === false) add(`${at}.securityContext.runAsNonRoot`, POD_RULES.nonRoot, false);
      for (const key of ['runAsUser', 'runAsGroup']) {
        if (csc?.[key] === 0) add(`${at}.securityContext.${key}`, POD_RULES.rootId, 0);
      }
      if (csc?.readOnlyRootFilesystem !== true) add(`${at}.securityContext.readOnlyRootFilesystem`, POD_RULES.readOnlyRoot, csc?.readOnlyRootFilesystem);
      const caps = asObject(csc?.capabilities);
      if (!asArray(caps?.drop).includes(DROP_ALL_CAPABILITIES)) add(`${at}.securityContext.capabilities.drop`, POD_RULES.dropAll, caps?.drop);
      asArray(caps?.add).forEach((cap, j) => {
        if (typeof cap !== 'string' || !RESTRICTED_ADDABLE_CAPABILITIES.includes(cap)) add(`${at}.securityContext.capabilities.add[${j}]`, POD_RULES.addCapability, cap);
      });
      const procMount = asString(csc?.procMount);
      if (procMount !== undefined && procMount !== 'Default') add(`${at}.securityContext.procMount`, POD_RULES.procMount, procMount);
      const cseccomp = asString(asObject(csc?.seccompProfile)?.type);
      if (cseccomp !== undefined && !SECCOMP_CONFINED_TYPES.includes(cseccomp)) add(`${at}.securityContext.seccompProfile`, POD_RULES.seccomp, csc?.seccompProfile);
      checkConfinement(`${at}.securityContext`, csc, add);
      if (isHostProcess(csc)) add(`${at}.securityContext.windowsOptions.hostProcess`, POD_RULES.hostProcess, true);

      // the containers share the pod's network; an init container runs alone
      const portScope = list === 'initContainers' ? at : 'pod';
      asArray(c.ports).forEach((entryPort, j) => {
        const port = asObject(entryPort) ?? {};
        if (port.hostPort !== undefined && port.hostPort !== 0) add(`${at}.ports[${j}].hostPort`, POD_RULES.hostPort, port.hostPort);
        const number = `${String(port.containerPort)}/${asString(port.protocol) ?? 'TCP'}`;
        const seenBy = ports.get(`${portScope}|${number}`);
        if (seenBy !== undefined) other(`${at}.ports[${j}]`, `port ${number} is already declared by container "${seenBy}" of this pod`, port.containerPort, 'declare each port once per pod');
        ports.set(`${portScope}|${number}`, name);
        const portName = asString(port.name);
        if (portName !== undefined) {
          const namedBy = portNames.get(`${portScope}|${portName}`);
          if (namedBy !== undefined) other(`${at}.ports[${j}].name`, `port name "${portName}" is already used by container "${namedBy}" of this pod`, portName, 'give each port a unique name');
          portNames.set(`${portScope}|${portName}`, name);
        }
      });
      if (list !== 'ephemeralContainers') {
        const problem = resourcesProblem(asObject(c.resources));
        if (problem) add(`${at}.resources`, problem.rule, c.resources, problem.detail);
      }
      try {
        validateImage(scope, `${at}.image`, asString(c.image) ?? '', expected.requireImageDigest);
      } catch (e) {
        problems.push(`${(e as Error).message.replace(/\. Fix: /, `; ${AFTER_CONSTRUCTION}. Fix: `)}`);
      }
      asArray(c.env).forEach((e, j) => {
        const env = asObject(e) ?? {};
        const value = asString(env.value);
        const envName = asString(env.name) ?? '';
        const why = value === undefined ? undefined : credentialProblem(envName, value);
        if (why) add(`${at}.env[${j}] (${envName})`, POD_RULES.credential, redacted(value!), why);
      });
      for (const key of ['command', 'args']) {
        const words = asArray(c[key]);
        for (const found of commandLineCredentials(words)) add(`${at}.${key}[${found.index}]`, POD_RULES.commandLineCredential, redacted(String(words[found.index])), found.why);
      }
      asArray(c.volumeMounts).forEach((m, j) => {
        const mount = asObject(m) ?? {};
        const path = asString(mount.mountPath) ?? '';
        const writable = mount.readOnly !== true && !readOnlyVolumes.has(asString(mount.name) ?? '');
        const why = absolutePathProblem(path) ?? systemPathProblem(path, writable);
        if (why) other(`${at}.volumeMounts[${j}].mountPath`, why, path, 'mount the volume at a canonical absolute path of your application (e.g. "/var/cache/app")');
        if (mount.mountPropagation === 'Bidirectional') add(`${at}.volumeMounts[${j}].mountPropagation`, POD_RULES.bidirectional, 'Bidirectional');
        const subPath = asString(mount.subPath);
        const subWhy = subPath === undefined || subPath === '' ? undefined : descendingPathProblem(subPath);
        if (subWhy) other(`${at}.volumeMounts[${j}].subPath`, `${subWhy}; it must stay inside the volume`, subPath, 'write it like "config/app.yaml"');
      });
      for (const handler of handlersOf(c)) {
        if (handler.host !== undefined) add(`${at}.${handler.path}.host`, POD_RULES.hostProbe, handler.host);
      }
    });
  }
  return problems;
}

/** Whether a volume projects the pod's ServiceAccount token (a `projected` source `serviceAccountToken`). @internal */
export function projectsServiceAccountToken(volume: JsonObject): boolean {
  return asArray(dig(volume, 'projected', 'sources')).some(s => asObject(s)?.serviceAccountToken !== undefined);
}

function checkConfinement(path: string, sc: JsonObject | undefined, add: (field: string, rule: PodRule, given: unknown) => void): void {
  const appArmor = asString(asObject(sc?.appArmorProfile)?.type);
  if (appArmor !== undefined && !APPARMOR_CONFINED_TYPES.includes(appArmor)) add(`${path}.appArmorProfile`, POD_RULES.appArmor, sc?.appArmorProfile);
  const seLinux = asObject(sc?.seLinuxOptions);
  if (seLinux) {
    const allowed = latestVariant(PSS_CHECKS.seLinuxOptions).allowed ?? [];
    const type = asString(seLinux.type) ?? '';
    if (!allowed.includes(type) || seLinux.user !== undefined || seLinux.role !== undefined) add(`${path}.seLinuxOptions`, POD_RULES.seLinux, seLinux);
  }
}

function handlersOf(c: JsonObject): Array<{ path: string; host: unknown }> {
  const found: Array<{ path: string; host: unknown }> = [];
  const visit = (path: string, handler: unknown) => {
    for (const kind of ['httpGet', 'tcpSocket']) {
      const h = asObject(dig(handler, kind));
      if (h && h.host !== undefined) found.push({ path: `${path}.${kind}`, host: h.host });
    }
  };
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) visit(probe, c[probe]);
  for (const hook of ['postStart', 'preStop']) visit(`lifecycle.${hook}`, dig(c.lifecycle, hook));
  return found;
}

/** `true` for a whole number of replicas from 0 to 2147483647. @internal */
export function isReplicaCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2147483647;
}

/** A literal value described without revealing it. @internal */
export function redacted(value: string): string {
  return `<literal, ${value.length} characters>`;
}

function quantityOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? parseQuantity(value) : undefined;
}

function resourcesProblem(resources: JsonObject | undefined): { rule: PodRule; detail?: string } | undefined {
  const missing: string[] = [];
  const values: { [key: string]: number } = {};
  for (const kind of ['requests', 'limits']) {
    for (const resource of ['cpu', 'memory']) {
      const q = quantityOf(dig(resources, kind, resource));
      if (q === undefined || !(q > 0)) missing.push(`${kind}.${resource}`);
      else values[`${kind}.${resource}`] = q;
    }
  }
  if (missing.length > 0) return { rule: POD_RULES.resources, detail: `missing or not above zero: ${missing.join(', ')}` };
  for (const resource of ['cpu', 'memory']) {
    if (values[`requests.${resource}`] > values[`limits.${resource}`]) return { rule: POD_RULES.requestAboveLimit, detail: resource };
  }
  return undefined;
}
