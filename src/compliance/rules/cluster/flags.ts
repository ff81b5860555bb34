import {
  COMPONENTS, CONTROL_PLANE_NAMESPACE, ControlPlaneComponent, DEFAULT_CERTIFICATES_DIR, FLAGS, KUBEADM_API_VERSION, KUBEADM_EXTERNAL_ETCD_FIELDS,
  KUBEADM_SECTIONS, KUBEADM_V1BETA3, kubeadmDefaultFlags,
} from '../../../standards/control-plane';
import { asArray, asObject, asString, dig, isObject, JsonObject } from '../../json';
import { KubeObject } from '../../objects';
import { NOT_APPLICABLE, outcome, RuleContext, RuleFinding, RuleOutcome } from '../../rule';

/** One flag of a component: its value and where it is set. @internal */
export interface FlagValue {
  readonly value: string;
  /** JSON path of the command item or `extraArgs` entry; for a kubeadm default, the `extraArgs` that would override it. */
  readonly path: string;
  /** Set by kubeadm's defaults, not written in the configuration. */
  readonly defaulted: boolean;
}

/**
 * The flags a control-plane component runs with, read from a static pod manifest (its container's
 * `command` and `args`, as Kubescape reads them) or from a kubeadm ClusterConfiguration
 * (kubeadm's defaults overlaid with the section's `extraArgs`).
 * @internal
 */
export interface ComponentFlags {
  readonly component: ControlPlaneComponent;
  /** For messages: `the kube-apiserver static pod`, `the ClusterConfiguration's apiServer`. */
  readonly where: string;
  /** Where a missing flag is added. */
  readonly addPath: string;
  get(name: string): FlagValue | undefined;
}

const KUBEADM_VERSIONS = [KUBEADM_API_VERSION, KUBEADM_V1BETA3];

/** The kinds of the configuration files the rules read. @internal */
export const CONFIG_KINDS = {
  KUBELET: 'KubeletConfiguration',
  AUDIT_POLICY: 'Policy',
  ENCRYPTION: 'EncryptionConfiguration',
  POD_SECURITY: 'PodSecurityConfiguration',
  ADMISSION: 'AdmissionConfiguration',
  AUTHENTICATION: 'AuthenticationConfiguration',
} as const;

/** The kinds that carry a component's flags: its static Pod, a kubeadm ClusterConfiguration. @internal */
export const FLAG_KINDS: readonly string[] = ['Pod', 'ClusterConfiguration'];

/** Whether an object is a kubeadm ClusterConfiguration the engine reads. @internal */
export function isClusterConfiguration(object: KubeObject): boolean {
  return object.kind === 'ClusterConfiguration' && KUBEADM_VERSIONS.includes(object.apiVersion);
}

/** Reads `--name=value` items (a bare `--name` takes the next item as value, or means true). */
function parseCommand(items: ReadonlyArray<{ text: string; path: string }>, into: Map<string, FlagValue>): void {
  for (let i = 0; i < items.length; i++) {
    const { text, path } = items[i];
    if (!text.startsWith('--')) continue;
    const eq = text.indexOf('=');
    if (eq > 2) {
      into.set(text.slice(2, eq), { value: text.slice(eq + 1), path, defaulted: false });
    } else {
      const next = items[i + 1]?.text;
      const value = next !== undefined && !next.startsWith('-') ? next : 'true';
      if (value === next) i++;
      into.set(text.slice(2), { value, path, defaulted: false });
    }
  }
}

function staticPodFlags(object: KubeObject, component: ControlPlaneComponent): ComponentFlags | undefined {
  if (object.kind !== 'Pod' || object.apiVersion !== 'v1' || object.namespace !== CONTROL_PLANE_NAMESPACE) return undefined;
  const containers = asArray(dig(object.json, 'spec', 'containers'));
  for (let c = 0; c < containers.length; c++) {
    const container = asObject(containers[c]);
    const command = asArray(container?.command).map(x => asString(x) ?? '');
    const binary = (command[0] ?? '').split(/\s+/)[0].split('/').pop();
    if (binary !== component) continue;
    const base = `spec.containers[${c}]`;
    const items = [
      ...command.slice(1).map((text, j) => ({ text, path: `${base}.command[${j + 1}]` })),
      ...asArray(container?.args).map((x, j) => ({ text: asString(x) ?? '', path: `${base}.args[${j}]` })),
    ];
    const flags = new Map<string, FlagValue>();
    parseCommand(items, flags);
    const addPath = asArray(container?.args).length > 0 ? `${base}.args` : `${base}.command`;
    return { component, where: `the ${component} static pod`, addPath, get: name => flags.get(name) };
  }
  return undefined;
}

function kubeadmFlags(object: KubeObject, component: ControlPlaneComponent): ComponentFlags | undefined {
  if (!isClusterConfiguration(object)) return undefined;
  const external = asObject(dig(object.json, 'etcd', 'external'));
  if (component === COMPONENTS.ETCD && external) return undefined;
  const section = KUBEADM_SECTIONS[component];
  const certificatesDir = asString(object.json.certificatesDir) || DEFAULT_CERTIFICATES_DIR;
  const addPath = `${section}.extraArgs`;
  const flags = new Map<string, FlagValue>();
  for (const [name, value] of Object.entries(kubeadmDefaultFlags(component, certificatesDir, !external))) {
    flags.set(name, { value, path: addPath, defaulted: true });
  }
  if (component === COMPONENTS.API_SERVER && external) {
    for (const [flag, field] of Object.entries(KUBEADM_EXTERNAL_ETCD_FIELDS)) {
      const value = asString(external[field]);
      if (value) flags.set(flag, { value, path: `etcd.external.${field}`, defaulted: false });
    }
    const endpoints = asArray(external.endpoints).map(e => asString(e) ?? '');
    if (endpoints.length > 0) flags.set(FLAGS.ETCD_SERVERS, { value: endpoints.join(','), path: 'etcd.external.endpoints', defaulted: false });
  }
  const args: unknown = dig(object.json, ...section.split('.'), 'extraArgs');
  if (Array.isArray(args)) {
    asArray(args).forEach((entry, i) => {
      const name = asString(asObject(entry)?.name);
      if (name) flags.set(name, { value: String(asObject(entry)?.value ?? ''), path: `${addPath}[${i}]`, defaulted: false });
    });
  } else if (isObject(args)) {
    for (const [name, value] of Object.entries(args)) flags.set(name, { value: String(value), path: `${addPath}["${name}"]`, defaulted: false });
  }
  return { component, where: `the ClusterConfiguration's ${section}`, addPath, get: name => flags.get(name) };
}

/** The flags of a component, when the object is its static pod or a ClusterConfiguration. @internal */
export function componentFlags(object: KubeObject, component: ControlPlaneComponent): ComponentFlags | undefined {
  return staticPodFlags(object, component) ?? kubeadmFlags(object, component);
}

/** The flags of the API server among the objects checked with `object` (for cross-component checks). @internal */
export function apiServerFlagsNear(object: KubeObject, context: RuleContext): ComponentFlags | undefined {
  if (isClusterConfiguration(object)) return componentFlags(object, COMPONENTS.API_SERVER);
  for (const o of context.objectsOf('Pod', CONTROL_PLANE_NAMESPACE)) {
    const flags = staticPodFlags(o, COMPONENTS.API_SERVER);
    if (flags) return flags;
  }
  return undefined;
}

/**
 * Runs a check on the flags of each listed component the object configures; not applicable when
 * it configures none of them.
 * @internal
 */
export function checkFlags(object: KubeObject, components: readonly ControlPlaneComponent[],
  check: (flags: ComponentFlags, findings: RuleFinding[]) => void): RuleOutcome {
  const findings: RuleFinding[] = [];
  let applicable = false;
  for (const component of components) {
    const flags = componentFlags(object, component);
    if (!flags) continue;
    applicable = true;
    check(flags, findings);
  }
  return applicable ? outcome(findings) : NOT_APPLICABLE;
}

/** A finding for a flag that is not set. @internal */
export function missingFlag(flags: ComponentFlags, name: string, why: string, value: string): RuleFinding {
  return { path: flags.addPath, message: `${flags.where} does not set --${name}: ${why}`, fix: `add --${name}=${value}` };
}

/** `--name=value` as set, noting a kubeadm default. @internal */
export function describeFlag(name: string, flag: FlagValue): string {
  return `--${name}=${flag.value}${flag.defaulted ? ' (kubeadm\'s default)' : ''}`;
}

/** The comma-separated values of a flag. @internal */
export function flagList(flag: FlagValue | undefined): string[] {
  return (flag?.value ?? '').split(',').map(s => s.trim()).filter(s => s !== '');
}

/** A configuration file object of a kind, or undefined. @internal */
export function configurationOf(object: KubeObject, apiVersions: readonly string[], kind: string): JsonObject | undefined {
  return object.kind === kind && apiVersions.includes(object.apiVersion) ? object.json : undefined;
}

/** The documentation pages rules link to. @internal */
export const DOCS = {
  APISERVER: 'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/',
  CONTROLLER_MANAGER: 'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/',
  ETCD: 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#securing-etcd-clusters',
  KUBELET: 'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/',
  KUBELET_AUTH: 'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/',
  AUDIT: 'https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/',
  ENCRYPTION: 'https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/',
  PSA: 'https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-admission-controller/',
  AUTHN: 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests',
} as const;
