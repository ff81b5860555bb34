import { Severity } from './severity';

/**
 * A control of a standard that a rule helps satisfy.
 */
export interface ComplianceControl {
  /** Short, stable label used in findings: `C-0013`, `PSS restricted: Running as Non-root`, `NSA/CISA: Non-root containers`. */
  readonly id: string;
  /** The standard: "Pod Security Standards", "NSA/CISA Kubernetes Hardening Guide v1.1" or "Kubescape". */
  readonly framework: string;
  /** The control's name in its standard, with the section for NSA/CISA. */
  readonly title: string;
}

/**
 * A rule as a pack uses it: the controls it satisfies and how serious a finding is.
 */
export interface PackRule {
  /** The rule's id (its file name under `src/compliance/rules/`). */
  readonly ruleId: string;
  /** Severity of this rule's findings under this pack. */
  readonly severity: Severity;
  /** Controls of the pack's standard(s) the rule checks. */
  readonly controls: ComplianceControl[];
}

const PSS = 'Pod Security Standards';
const NSA = 'NSA/CISA Kubernetes Hardening Guide v1.1';
const KUBESCAPE = 'Kubescape';

function pss(level: 'baseline' | 'restricted', title: string): ComplianceControl {
  return { id: `PSS ${level}: ${title}`, framework: PSS, title: `${title} (${level})` };
}
function nsa(section: string, title: string): ComplianceControl {
  return { id: `NSA/CISA: ${title}`, framework: NSA, title: `§"${section}": ${title}` };
}
function ks(id: string, title: string): ComplianceControl {
  return { id, framework: KUBESCAPE, title };
}

const BASELINE: Array<[string, string]> = [
  ['HostProcess', 'HostProcess'],
  ['HostNetwork', 'Host Namespaces'],
  ['HostPidIpc', 'Host Namespaces'],
  ['PrivilegedContainer', 'Privileged Containers'],
  ['CapabilitiesBaseline', 'Capabilities'],
  ['HostPathVolumes', 'HostPath Volumes'],
  ['HostPorts', 'Host Ports'],
  ['HostProbes', 'Host Probes / Lifecycle Hooks'],
  ['AppArmorProfile', 'AppArmor'],
  ['SeLinuxOptions', 'SELinux'],
  ['ProcMount', '/proc Mount Type'],
  ['SeccompBaseline', 'Seccomp'],
  ['Sysctls', 'Sysctls'],
];

const RESTRICTED: Array<[string, string]> = [
  ['VolumeTypes', 'Volume Types'],
  ['PrivilegeEscalation', 'Privilege Escalation'],
  ['RunAsNonRoot', 'Running as Non-root'],
  ['RunAsUser', 'Running as Non-root user'],
  ['SeccompRestricted', 'Seccomp'],
  ['CapabilitiesRestricted', 'Capabilities'],
];

const POD = 'Kubernetes Pod security';
const NET = 'Network separation and hardening';
const AUTH = 'Authentication and authorization';

const NSA_CISA: Array<[string, Severity, ComplianceControl[]]> = [
  ['RunAsNonRoot', Severity.ERROR, [nsa(POD, 'Non-root containers'), ks('C-0013', 'Non-root containers')]],
  ['RunAsUser', Severity.ERROR, [nsa(POD, 'Non-root containers'), ks('C-0013', 'Non-root containers')]],
  ['RunAsGroup', Severity.ERROR, [nsa(POD, 'Non-root containers'), ks('C-0013', 'Non-root containers')]],
  ['ReadOnlyRootFilesystem', Severity.ERROR, [nsa(POD, 'Immutable container file systems'), ks('C-0017', 'Immutable container filesystem')]],
  ['PrivilegeEscalation', Severity.ERROR, [nsa(POD, 'Pod security enforcement'), ks('C-0016', 'Allow privilege escalation')]],
  ['PrivilegedContainer', Severity.ERROR, [nsa(POD, 'Pod security enforcement'), ks('C-0057', 'Privileged container')]],
  ['HostPidIpc', Severity.ERROR, [nsa(POD, 'Pod security enforcement'), ks('C-0038', 'Host PID/IPC privileges')]],
  ['HostNetwork', Severity.ERROR, [nsa(POD, 'Pod security enforcement'), ks('C-0041', 'HostNetwork access')]],
  ['HostPorts', Severity.ERROR, [nsa(POD, 'Pod security enforcement'), ks('C-0044', 'Container hostPort')]],
  ['HostPathVolumes', Severity.ERROR, [nsa(POD, 'Pod security enforcement'), ks('C-0048', 'HostPath mount')]],
  ['CapabilitiesRestricted', Severity.ERROR, [nsa(POD, 'Pod security enforcement'), ks('C-0046', 'Insecure capabilities')]],
  ['SeccompRestricted', Severity.ERROR, [nsa(POD, 'Hardening container environments (seccomp)'), ks('C-0055', 'Linux hardening')]],
  ['ServiceAccountToken', Severity.ERROR, [nsa(POD, 'Protecting Pod service account tokens'), ks('C-0034', 'Automatic mapping of service account')]],
  ['CpuLimits', Severity.ERROR, [nsa(NET, 'Resource policies'), ks('C-0270', 'Ensure CPU limits are set')]],
  ['MemoryLimits', Severity.ERROR, [nsa(NET, 'Resource policies'), ks('C-0271', 'Ensure memory limits are set')]],
  ['CredentialsInConfig', Severity.WARNING, [nsa(NET, 'Secrets'), ks('C-0012', 'Applications credentials in configuration files')]],
  ['PsaLabels', Severity.ERROR, [nsa(POD, 'Pod security enforcement (Pod Security Admission): baseline at least')]],
  ['PsaRestricted', Severity.WARNING, [nsa(POD, 'Pod security enforcement (Pod Security Admission): restricted wherever possible')]],
  ['DefaultDenyNetworkPolicy', Severity.ERROR, [nsa(NET, 'Network policies: default deny'), ks('C-0054', 'Cluster internal networking')]],
  ['NetworkPolicySelectsWorkload', Severity.ERROR, [nsa(NET, 'Network policies'), ks('C-0030', 'Ingress and Egress blocked')]],
  ['RbacWildcards', Severity.ERROR, [nsa(AUTH, 'Role-based access control: least privilege'), ks('C-0187', 'Minimize wildcard use in Roles and ClusterRoles')]],
  ['ClusterAdminBinding', Severity.ERROR, [nsa(AUTH, 'Role-based access control: least privilege'), ks('C-0035', 'Administrative Roles')]],
  ['AnonymousSubjects', Severity.ERROR, [nsa(AUTH, 'Anonymous access'), ks('C-0262', 'Anonymous access enabled')]],
  ['SecretsAccess', Severity.ERROR, [nsa(AUTH, 'Role-based access control: least privilege'), ks('C-0015', 'List Kubernetes secrets')]],
  ['PodExec', Severity.ERROR, [nsa(AUTH, 'Role-based access control: least privilege'), ks('C-0002', 'Exec into container')]],
];

/**
 * A pack maps rules to the controls of a standard, with a severity per rule (cdk-nag's layout:
 * rules know nothing of standards).
 */
export class CompliancePack {
  /**
   * Pod Security Standards, baseline profile (current release, including "Host Probes /
   * Lifecycle Hooks" from 1.34), over containers, init containers and ephemeral containers.
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
   */
  public static readonly PSS_BASELINE = new CompliancePack('pss-baseline', 'Pod Security Standards: baseline',
    BASELINE.map(([id, title]) => ({ ruleId: id, severity: Severity.ERROR, controls: [pss('baseline', title)] })));

  /**
   * Pod Security Standards, restricted profile: every baseline control plus the restricted ones.
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
   */
  public static readonly PSS_RESTRICTED = new CompliancePack('pss-restricted', 'Pod Security Standards: restricted', [
    ...BASELINE.map(([id, title]) => ({ ruleId: id, severity: Severity.ERROR, controls: [pss('baseline', title)] })),
    ...RESTRICTED.map(([id, title]) => ({ ruleId: id, severity: Severity.ERROR, controls: [pss('restricted', title)] })),
  ]);

  /**
   * NSA/CISA Kubernetes Hardening Guide v1.1 controls that manifests can satisfy, each with its
   * Kubescape control id: pod hardening, namespace isolation (PSA labels, default-deny network
   * policies) and RBAC.
   * @see https://hub.armosec.io/docs/nsa
   */
  public static readonly NSA_CISA = new CompliancePack('nsa-cisa', 'NSA/CISA Kubernetes Hardening Guide v1.1',
    NSA_CISA.map(([id, severity, controls]) => ({ ruleId: id, severity, controls })));

  /**
   * Every pack, in the order reports list them.
   */
  public static all(): CompliancePack[] {
    return [CompliancePack.PSS_BASELINE, CompliancePack.PSS_RESTRICTED, CompliancePack.NSA_CISA];
  }

  /**
   * A pack by its name (`pss-baseline`, `pss-restricted`, `nsa-cisa`), or undefined.
   */
  public static fromName(name: string): CompliancePack | undefined {
    return CompliancePack.all().find(p => p.name === name.toLowerCase());
  }

  /** Short name, as given to `--pack`. */
  public readonly name: string;
  /** Human-readable title. */
  public readonly title: string;
  /** The rules of the pack, in pack order. */
  public readonly rules: PackRule[];

  private constructor(name: string, title: string, rules: PackRule[]) {
    this.name = name;
    this.title = title;
    this.rules = rules;
  }

  /** The ids of the pack's rules, in pack order. */
  public get ruleIds(): string[] {
    return this.rules.map(r => r.ruleId);
  }
}
