// The Pod Security Standards, per Kubernetes version, as Pod Security Admission evaluates them.
//
// One entry per upstream check (kubernetes/pod-security-admission policy/check_*.go, same ids).
// Each check has variants, each applying from a minimum version until the next variant: at
// version 1.N the variant with the highest `since` <= N applies, and a check with no such
// variant does not exist yet at 1.N. Constructs and engine rules read their allowed values here.
// https://kubernetes.io/docs/concepts/security/pod-security-standards/

import { LATEST_KNOWN_MINOR } from './kubernetes-version';

/** The two Pod Security Standards profiles that restrict anything. @internal */
export type PssProfile = 'baseline' | 'restricted';

/** One version's behaviour of a check. @internal */
export interface PssVariant {
  /** The first Kubernetes minor version (1.N) this variant applies to. */
  readonly since: number;
  /** The values the check allows, for checks over a set of values. */
  readonly allowed?: readonly string[];
  /** Pods with `spec.os.name: windows` pass (from 1.25 for the Linux-only restricted checks). */
  readonly exemptWindows?: boolean;
  /** Pods with `spec.hostUsers: false` (in a user namespace) pass (from 1.35). */
  readonly exemptUserNamespaces?: boolean;
  /** The check reads the alpha seccomp annotations (before 1.19) instead of `seccompProfile`. */
  readonly seccompAnnotations?: boolean;
}

/** One check of the Pod Security Standards. @internal */
export interface PssCheck {
  /** The upstream check id, e.g. `sysctls`. */
  readonly id: string;
  readonly profile: PssProfile;
  /** The control's name in the Pod Security Standards page, e.g. `Host Namespaces`. */
  readonly control: string;
  /** The baseline check this restricted check replaces at the restricted level. */
  readonly overrides?: string;
  readonly variants: readonly PssVariant[];
}

/** The capabilities the baseline profile lets a container add: the container runtimes' default set. @internal */
export const BASELINE_ADDABLE_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/** The one capability the restricted profile lets a container add back after dropping ALL. @internal */
export const RESTRICTED_ADDABLE_CAPABILITIES: readonly string[] = ['NET_BIND_SERVICE'];

/** The capability name that drops every capability. @internal */
export const DROP_ALL_CAPABILITIES = 'ALL';

/** The volume sources the restricted profile allows (`image` volumes included, as upstream). @internal */
export const RESTRICTED_VOLUME_TYPES: readonly string[] = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
];

/** Seccomp profile types that keep seccomp on. @internal */
export const SECCOMP_CONFINED_TYPES: readonly string[] = ['RuntimeDefault', 'Localhost'];

/** AppArmor profile types that keep AppArmor on. @internal */
export const APPARMOR_CONFINED_TYPES: readonly string[] = ['RuntimeDefault', 'Localhost'];

/** The pod-level and per-container seccomp annotations read before 1.19. @internal */
export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
/** @internal */
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
/** The per-container AppArmor annotation. @internal */
export const APPARMOR_CONTAINER_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** Whether an alpha seccomp annotation value keeps seccomp on. @internal */
export function seccompAnnotationAllowed(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

/** Whether an AppArmor annotation value keeps AppArmor on (empty means the default). @internal */
export function appArmorAnnotationAllowed(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

const SYSCTLS_1_0 = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [...SYSCTLS_1_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const SYSCTLS_1_37 = [...SYSCTLS_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

const SELINUX_TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const SELINUX_TYPES_1_31 = [...SELINUX_TYPES_1_0, 'container_engine_t'];

function check(id: string, profile: PssProfile, control: string, variants: PssVariant[], overrides?: string): PssCheck {
  return { id, profile, control, variants, overrides };
}

/** Every check of the Pod Security Standards, by upstream id. @internal */
export const PSS_CHECKS = {
  // baseline
  windowsHostProcess: check('windowsHostProcess', 'baseline', 'HostProcess', [{ since: 0 }]),
  hostNamespaces: check('hostNamespaces', 'baseline', 'Host Namespaces', [{ since: 0 }]),
  privileged: check('privileged', 'baseline', 'Privileged Containers', [{ since: 0 }]),
  capabilitiesBaseline: check('capabilities_baseline', 'baseline', 'Capabilities', [{ since: 0, allowed: BASELINE_ADDABLE_CAPABILITIES }]),
  hostPathVolumes: check('hostPathVolumes', 'baseline', 'HostPath Volumes', [{ since: 0 }]),
  hostPorts: check('hostPorts', 'baseline', 'Host Ports', [{ since: 0 }]),
  hostProbesAndHostLifecycle: check('hostProbesAndHostLifecycle', 'baseline', 'Host Probes / Lifecycle Hooks', [{ since: 34 }]),
  appArmorProfile: check('appArmorProfile', 'baseline', 'AppArmor', [{ since: 0, allowed: APPARMOR_CONFINED_TYPES }]),
  seLinuxOptions: check('seLinuxOptions', 'baseline', 'SELinux', [{ since: 0, allowed: SELINUX_TYPES_1_0 }, { since: 31, allowed: SELINUX_TYPES_1_31 }]),
  procMount: check('procMount', 'baseline', '/proc Mount Type', [{ since: 0 }, { since: 35, exemptUserNamespaces: true }]),
  seccompProfileBaseline: check('seccompProfile_baseline', 'baseline', 'Seccomp', [
    { since: 0, seccompAnnotations: true },
    { since: 19, allowed: SECCOMP_CONFINED_TYPES },
  ]),
  sysctls: check('sysctls', 'baseline', 'Sysctls', [
    { since: 0, allowed: SYSCTLS_1_0 },
    { since: 27, allowed: SYSCTLS_1_27 },
    { since: 29, allowed: SYSCTLS_1_29 },
    { since: 32, allowed: SYSCTLS_1_32 },
    { since: 37, allowed: SYSCTLS_1_37 },
  ]),
  // restricted
  restrictedVolumes: check('restrictedVolumes', 'restricted', 'Volume Types', [{ since: 0, allowed: RESTRICTED_VOLUME_TYPES }], 'hostPathVolumes'),
  allowPrivilegeEscalation: check('allowPrivilegeEscalation', 'restricted', 'Privilege Escalation', [{ since: 8 }, { since: 25, exemptWindows: true }]),
  runAsNonRoot: check('runAsNonRoot', 'restricted', 'Running as Non-root', [{ since: 0 }, { since: 35, exemptUserNamespaces: true }]),
  runAsUser: check('runAsUser', 'restricted', 'Running as Non-root user', [{ since: 23 }, { since: 35, exemptUserNamespaces: true }]),
  seccompProfileRestricted: check('seccompProfile_restricted', 'restricted', 'Seccomp', [
    { since: 19, allowed: SECCOMP_CONFINED_TYPES },
    { since: 25, allowed: SECCOMP_CONFINED_TYPES, exemptWindows: true },
  ], 'seccompProfile_baseline'),
  capabilitiesRestricted: check('capabilities_restricted', 'restricted', 'Capabilities', [
    { since: 22, allowed: RESTRICTED_ADDABLE_CAPABILITIES },
    { since: 25, allowed: RESTRICTED_ADDABLE_CAPABILITIES, exemptWindows: true },
  ], 'capabilities_baseline'),
  procMountRestricted: check('procMount_restricted', 'restricted', '/proc Mount Type', [{ since: 35 }], 'procMount'),
} as const;

/** The variant of a check that applies at Kubernetes 1.`minor`, or undefined when the check does not exist yet. @internal */
export function pssVariantAt(pssCheck: PssCheck, minor: number): PssVariant | undefined {
  let found: PssVariant | undefined;
  for (const v of pssCheck.variants) {
    if (v.since <= minor) found = v;
  }
  return found;
}

/** The variant that applies at the newest known version. @internal */
export function latestVariant(pssCheck: PssCheck): PssVariant {
  return pssVariantAt(pssCheck, LATEST_KNOWN_MINOR)!;
}

/** The sysctls the baseline profile allows at the newest known version. @internal */
export function latestSafeSysctls(): readonly string[] {
  return latestVariant(PSS_CHECKS.sysctls).allowed!;
}
