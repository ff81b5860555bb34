import { CUSTOM_RULE_ID, IComplianceRule, toEngineRule } from './custom-rules';
import { Rule } from './rule';
import { invalidInput } from '../errors';
import { RULE_SET as R, RULES } from './rules';
import { Severity } from './severity';
import { KUBESCAPE, KubescapeControl, NSA_GUIDE, NSA_SECTIONS } from '../standards/controls';
import { PssCheck, PssProfile } from '../standards/pss';

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
const KUBESCAPE_FRAMEWORK = 'Kubescape';
const API_FRAMEWORK = 'Kubernetes API validation';

function pss(check: PssCheck): ComplianceControl {
  return { id: `PSS ${check.profile}: ${check.control}`, framework: PSS, title: `${check.control} (${check.profile})` };
}
function nsa(section: string, title: string): ComplianceControl {
  return { id: `NSA/CISA: ${title}`, framework: NSA_GUIDE, title: `§"${section}": ${title}` };
}
function ks(control: KubescapeControl): ComplianceControl {
  return { id: control.id, framework: KUBESCAPE_FRAMEWORK, title: control.name };
}

function api(title: string): ComplianceControl {
  return { id: `Kubernetes API: ${title}`, framework: API_FRAMEWORK, title };
}

/**
 * The structural rules every pack has: a verdict on objects of which the API server keeps only
 * the last copy, or on a pod-carrying object without its pod spec, says nothing about what runs.
 */
const EVERY_PACK: Array<[Rule, Severity, ComplianceControl[]]> = [
  [R.DuplicateObjects, Severity.ERROR, [api('one object per group, kind, namespace and name')]],
  [R.PodSpecMissing, Severity.ERROR, [api('pod-carrying objects have their pod spec')]],
];

/**
 * Names the API server refuses: in the NSA/CISA pack, not in the PSS packs, which judge a pod as
 * Pod Security Admission does, whatever it is called (the upstream PSA fixtures are named
 * `capabilities_baseline0`).
 */
const NAMES: Array<[Rule, Severity, ComplianceControl[]]> = [
  [R.InvalidNames, Severity.ERROR, [api('names, labels and annotations the API server accepts')]],
];

function entries(table: Array<[Rule, Severity, ComplianceControl[]]>): PackRule[] {
  return table.map(([rule, severity, controls]) => ({ ruleId: rule.id, severity, controls }));
}

/** The PSS pack of a profile: every rule that implements one of its checks, in rule order, then DuplicateObjects and PodSpecMissing. */
function pssEntries(profiles: readonly PssProfile[]): PackRule[] {
  return [...RULES.values()]
    .filter((rule): rule is Rule & { pss: PssCheck } => rule.pss !== undefined)
    .sort((a, b) => profiles.indexOf(a.pss.profile) - profiles.indexOf(b.pss.profile))
    .filter(rule => profiles.includes(rule.pss.profile))
    .map((rule): PackRule => ({ ruleId: rule.id, severity: Severity.ERROR, controls: [pss(rule.pss)] }))
    .concat(entries(EVERY_PACK));
}

const { POD, NETWORK: NET, AUTH } = NSA_SECTIONS;
const K = KUBESCAPE;
const LEAST_PRIVILEGE = 'Role-based access control: least privilege';

/** The NSA/CISA pack: each rule bound by import, with its guide section and Kubescape controls. */
const NSA_CISA: Array<[Rule, Severity, ComplianceControl[]]> = [
  [R.RunAsNonRoot, Severity.ERROR, [nsa(POD, 'Non-root containers'), ks(K.C0013)]],
  [R.RunAsUser, Severity.ERROR, [nsa(POD, 'Non-root containers'), ks(K.C0013)]],
  [R.RunAsGroup, Severity.ERROR, [nsa(POD, 'Non-root containers'), ks(K.C0013)]],
  [R.ReadOnlyRootFilesystem, Severity.ERROR, [nsa(POD, 'Immutable container file systems'), ks(K.C0017)]],
  [R.PrivilegeEscalation, Severity.ERROR, [nsa(POD, 'Pod security enforcement'), ks(K.C0016)]],
  [R.PrivilegedContainer, Severity.ERROR, [nsa(POD, 'Pod security enforcement'), ks(K.C0057)]],
  [R.SysAdminCapability, Severity.ERROR, [nsa(POD, 'Pod security enforcement'), ks(K.C0057)]],
  [R.HostPidIpc, Severity.ERROR, [nsa(POD, 'Pod security enforcement'), ks(K.C0038)]],
  [R.HostNetwork, Severity.ERROR, [nsa(POD, 'Pod security enforcement'), ks(K.C0041)]],
  [R.HostPorts, Severity.ERROR, [nsa(POD, 'Pod security enforcement'), ks(K.C0044)]],
  [R.HostPathVolumes, Severity.ERROR, [nsa(POD, 'Pod security enforcement'), ks(K.C0048)]],
  [R.CapabilitiesRestricted, Severity.ERROR, [nsa(POD, 'Pod security enforcement'), ks(K.C0046)]],
  [R.SeccompRestricted, Severity.ERROR, [nsa(POD, 'Hardening container environments (seccomp)'), ks(K.C0055)]],
  [R.ServiceAccountToken, Severity.ERROR, [nsa(POD, 'Protecting Pod service account tokens'), ks(K.C0034)]],
  [R.ProjectedServiceAccountToken, Severity.ERROR, [nsa(POD, 'Protecting Pod service account tokens: projected tokens too'), ks(K.C0034)]],
  [R.WritableSystemPaths, Severity.ERROR, [nsa(POD, 'Immutable container file systems: no writable volume over system directories')]],
  [R.CpuLimits, Severity.ERROR, [nsa(NET, 'Resource policies'), ks(K.C0270), ks(K.C0009)]],
  [R.MemoryLimits, Severity.ERROR, [nsa(NET, 'Resource policies'), ks(K.C0271), ks(K.C0009)]],
  [R.CredentialsInConfig, Severity.WARNING, [nsa(NET, 'Secrets'), ks(K.C0012)]],
  [R.PsaLabels, Severity.ERROR, [nsa(POD, 'Pod security enforcement (Pod Security Admission): baseline at least')]],
  [R.PsaRestricted, Severity.WARNING, [nsa(POD, 'Pod security enforcement (Pod Security Admission): restricted wherever possible')]],
  [R.DefaultDenyNetworkPolicy, Severity.ERROR, [nsa(NET, 'Network policies: default deny'), ks(K.C0054)]],
  [R.NetworkPolicySelectsWorkload, Severity.ERROR, [nsa(NET, 'Network policies'), ks(K.C0030), ks(K.C0260)]],
  [R.WideNetworkPolicy, Severity.ERROR, [nsa(NET, 'Network policies: explicit allows')]],
  [R.ServiceExposure, Severity.ERROR, [nsa(NET, 'Network separation: no exposure outside the cluster without need')]],
  [R.RbacWildcards, Severity.ERROR, [nsa(AUTH, LEAST_PRIVILEGE), ks(K.C0187)]],
  [R.ClusterAdminBinding, Severity.ERROR, [nsa(AUTH, LEAST_PRIVILEGE), ks(K.C0035), ks(K.C0187), ks(K.C0185)]],
  [R.AnonymousSubjects, Severity.ERROR, [nsa(AUTH, 'Anonymous access'), ks(K.C0262)]],
  [R.SecretsAccess, Severity.ERROR, [nsa(AUTH, LEAST_PRIVILEGE), ks(K.C0015), ks(K.C0186)]],
  [R.PodExec, Severity.ERROR, [nsa(AUTH, LEAST_PRIVILEGE), ks(K.C0002)]],
  [R.BroadSubjectPrivileges, Severity.ERROR, [nsa(AUTH, 'Anonymous access'), ks(K.C0265)]],
  [R.PodCreate, Severity.WARNING, [nsa(AUTH, LEAST_PRIVILEGE), ks(K.C0188)]],
  [R.NodeProxy, Severity.ERROR, [nsa(AUTH, LEAST_PRIVILEGE), ks(K.C0279)]],
  [R.RbacEscalation, Severity.ERROR, [nsa(AUTH, LEAST_PRIVILEGE), ks(K.C0191)]],
  [R.RbacImpersonation, Severity.ERROR, [nsa(AUTH, LEAST_PRIVILEGE), ks(K.C0191), ks(K.C0065)]],
  [R.UnresolvedRoleRef, Severity.WARNING, [nsa(AUTH, `${LEAST_PRIVILEGE}: every grant reviewed`)]],
  [R.WorkloadAccountBinding, Severity.ERROR, [nsa(AUTH, `${LEAST_PRIVILEGE}: workload accounts bound with a reason`)]],
];

// --- control plane and nodes -------------------------------------------------------------
// Static pod manifests of kube-system (as kubeadm writes them), kubeadm ClusterConfigurations,
// KubeletConfigurations, audit policies, encryption and admission configurations. A separate
// pack: the control-plane static pods are privileged and on the host network by nature, which
// the pod rules of the other packs report.
const { AUDIT } = NSA_SECTIONS;
const CONTROL_PLANE: Array<[Rule, Severity, ComplianceControl[]]> = [
  [R.ApiServerInsecurePort, Severity.ERROR, [nsa(NET, 'Control plane hardening: no unauthenticated API port'), ks(K.C0005)]],
  [R.ApiServerAnonymousAuth, Severity.ERROR, [nsa(AUTH, 'Anonymous access: API server')]],
  [R.ApiServerAuthorizationMode, Severity.ERROR, [nsa(AUTH, 'Role-based access control: Node and RBAC authorizers')]],
  [R.ApiServerAdmissionPlugins, Severity.ERROR, [nsa(AUTH, 'Node authorization: NodeRestriction'), nsa(POD, 'Pod security enforcement (Pod Security Admission)')]],
  [R.ApiServerEncryptionConfig, Severity.ERROR, [nsa(NET, 'Secrets: encrypted at rest'), ks(K.C0066)]],
  [R.ApiServerAuditLog, Severity.ERROR, [nsa(AUDIT, 'Kubernetes native audit logging'), ks(K.C0067)]],
  [R.ApiServerServiceAccountLookup, Severity.ERROR, [nsa(AUTH, 'Service account tokens: revoked with their account')]],
  [R.ControlPlaneProfiling, Severity.WARNING, [nsa(NET, 'Control plane hardening: profiling off')]],
  [R.ControlPlaneBindAddress, Severity.ERROR, [nsa(NET, 'Control plane hardening: components on loopback')]],
  [R.ControlPlaneTls, Severity.WARNING, [nsa(NET, 'Control plane hardening: TLS')]],
  [R.EtcdTls, Severity.ERROR, [nsa(NET, 'Control plane hardening: etcd mutual TLS, separate CA')]],
  [R.KubeletAnonymousAuth, Severity.ERROR, [nsa(AUTH, 'Anonymous access: kubelet'), ks(K.C0069)]],
  [R.KubeletClientTls, Severity.ERROR, [nsa(AUTH, 'Kubelet authentication: client certificates'), ks(K.C0070)]],
  [R.KubeletAuthorization, Severity.ERROR, [nsa(AUTH, 'Kubelet authorization: Webhook')]],
  [R.KubeletReadOnlyPort, Severity.ERROR, [nsa(AUTH, 'Kubelet authentication: no read-only port')]],
  [R.KubeletTls, Severity.WARNING, [nsa(NET, 'Worker node hardening: kubelet TLS and certificate rotation')]],
  [R.KubeletHardening, Severity.WARNING, [nsa(POD, 'Hardening container environments: seccomp by default, kernel defaults protected')]],
  [R.AuditPolicyLogs, Severity.ERROR, [nsa(AUDIT, 'Kubernetes native audit logging: requests are logged')]],
  [R.AuditPolicySecrets, Severity.ERROR, [nsa(AUDIT, 'Kubernetes native audit logging: Secrets at Metadata only')]],
  [R.EncryptionProviders, Severity.ERROR, [nsa(NET, 'Secrets: encrypted at rest'), ks(K.C0066)]],
  [R.PodSecurityAdmissionDefaults, Severity.ERROR, [nsa(POD, 'Pod security enforcement (Pod Security Admission): cluster-wide defaults')]],
];

const TRUSTED_IMAGES = 'Trusted container images';

/**
 * Images and storage: what the cluster's admission enforces (AdmissionGuardrails,
 * ImageSignaturePolicy), checked on the manifests as well.
 */
const IMAGES_AND_STORAGE: Array<[Rule, Severity, ComplianceControl[]]> = [
  [R.ImagePinned, Severity.ERROR, [nsa(POD, `${TRUSTED_IMAGES}: pinned by tag or digest`)]],
  [R.PersistentVolumeHostPath, Severity.ERROR, [nsa(POD, 'Pod security enforcement: no node filesystem through PersistentVolumes')]],
  [R.ImageProvenance, Severity.WARNING, [nsa(POD, `${TRUSTED_IMAGES}: signatures verified at admission`)]],
  [R.AdmissionPolicyWeakened, Severity.ERROR, [nsa(POD, 'Pod security enforcement: admission policies fail closed and deny')]],
  [R.ImageSignatureWeakened, Severity.ERROR, [nsa(POD, `${TRUSTED_IMAGES}: signatures enforced, by digest, for named signers`)]],
];

/**
 * A team's rule in a team's pack: how serious its findings are, and the controls it checks.
 */
export interface CustomPackRule {
  /** The rule. */
  readonly rule: IComplianceRule;
  /** Severity of the rule's findings in this pack. */
  readonly severity: Severity;
  /**
   * Controls of the team's standard that the rule checks.
   * @default - the rule's id and title, as a control of the pack
   */
  readonly controls?: ComplianceControl[];
}

/**
 * Props of a team's pack.
 */
export interface CustomPackProps {
  /** Short name, as reports list the pack: lowercase letters, digits and dashes (`acme-platform`); not a built-in pack's. */
  readonly name: string;
  /** Human-readable title. */
  readonly title: string;
  /**
   * The team's rules.
   * @default - none
   */
  readonly rules?: CustomPackRule[];
  /**
   * Built-in packs whose rules the pack includes too, with their severities and controls.
   * @default - none
   */
  readonly include?: CompliancePack[];
}

const PACK_NAME = /^[a-z][a-z0-9-]{1,62}$/;

/** The packs made with `CompliancePack.custom()`, by name, for the reports that name packs. */
const CUSTOM_PACKS = new Map<string, CompliancePack>();

/** The rule of this id of a pack made with `CompliancePack.custom()`, if any (for `acknowledge()`). @internal */
export function customRule(id: string): Rule | undefined {
  for (const pack of CUSTOM_PACKS.values()) {
    const rule = pack._rule(id);
    if (rule && !RULES.has(id)) return rule;
  }
  return undefined;
}

/**
 * A pack maps rules to the controls of a standard, with a severity per rule (cdk-nag's layout:
 * rules know nothing of standards).
 */
export class CompliancePack {
  /**
   * Pod Security Standards, baseline profile (current release, including "Host Probes /
   * Lifecycle Hooks" from 1.34), over containers, init containers and ephemeral containers;
   * then DuplicateObjects and PodSpecMissing, which every pack has.
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
   */
  public static readonly PSS_BASELINE = new CompliancePack('pss-baseline', 'Pod Security Standards: baseline', pssEntries(['baseline']), true);

  /**
   * Pod Security Standards, restricted profile: every baseline control plus the restricted ones,
   * then DuplicateObjects and PodSpecMissing, which every pack has.
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
   */
  public static readonly PSS_RESTRICTED = new CompliancePack('pss-restricted', 'Pod Security Standards: restricted', pssEntries(['baseline', 'restricted']), true);

  /**
   * NSA/CISA Kubernetes Hardening Guide v1.1 controls that manifests can satisfy, each with its
   * Kubescape control id: pod hardening, namespace isolation (PSA labels, default-deny network
   * policies) and RBAC, then the structural rules (DuplicateObjects, PodSpecMissing, InvalidNames), then images
   * and storage (ImagePinned, PersistentVolumeHostPath, ImageProvenance), then the admission policies
   * themselves (AdmissionPolicyWeakened, ImageSignatureWeakened).
   * @see https://hub.armosec.io/docs/nsa
   */
  public static readonly NSA_CISA = new CompliancePack('nsa-cisa', NSA_GUIDE,
    entries([...NSA_CISA, ...EVERY_PACK, ...NAMES, ...IMAGES_AND_STORAGE]), false);

  /**
   * NSA/CISA Kubernetes Hardening Guide v1.1 controls of the control plane and the nodes, with
   * their Kubescape control ids: the kube-apiserver, kube-controller-manager, kube-scheduler
   * and etcd static pods in kube-system (their `command` flags, as Kubescape reads them) and
   * kubeadm ClusterConfigurations, KubeletConfigurations, audit policies, encryption
   * configurations and Pod Security Admission defaults. Check the static pod folder of a
   * control-plane node (`/etc/kubernetes/manifests`) with this pack alone: those pods are
   * privileged and on the host network by nature, which the pod rules of the other packs report.
   * @see https://hub.armosec.io/docs/nsa
   */
  public static readonly CONTROL_PLANE = new CompliancePack('control-plane', `${NSA_GUIDE}: control plane and nodes`,
    [...entries(CONTROL_PLANE), ...entries(EVERY_PACK)], false);

  /**
   * Every pack, in the order reports list them.
   */
  public static all(): CompliancePack[] {
    return [CompliancePack.PSS_BASELINE, CompliancePack.PSS_RESTRICTED, CompliancePack.NSA_CISA, CompliancePack.CONTROL_PLANE];
  }

  /**
   * A pack by its name (`pss-baseline`, `pss-restricted`, `nsa-cisa`, `control-plane`, or a pack
   * made with `custom()`), or undefined.
   */
  public static fromName(name: string): CompliancePack | undefined {
    return CompliancePack.all().find(p => p.name === name.toLowerCase()) ?? CUSTOM_PACKS.get(name.toLowerCase());
  }

  /**
   * A team's pack: its own rules (`IComplianceRule`), and the rules of built-in packs it
   * includes. Use it in synth (`Compliance.of(app).enable({ packs: [pack] })`) or with
   * `Compliance.check`. Acknowledgements name its rules by id, as they do built-in rules.
   *
   * ```ts
   * class TeamLabel implements hardening.IComplianceRule {
   *   public readonly id = 'TeamLabel';
   *   public readonly title = 'every object has a team label';
   *   public readonly fix = 'add metadata.labels.team';
   *   public check(manifest: { [key: string]: any }, _objects: hardening.RuleObjects): hardening.RuleVerdict {
   *     const labels = manifest.metadata.labels;
   *     if (labels && labels.team) {
   *       return hardening.RuleVerdict.compliant();
   *     }
   *     return hardening.RuleVerdict.nonCompliant([{ path: 'metadata.labels', message: 'no team label' }]);
   *   }
   * }
   *
   * const acme = hardening.CompliancePack.custom({
   *   name: 'acme-platform',
   *   title: 'ACME platform rules',
   *   rules: [{ rule: new TeamLabel(), severity: hardening.Severity.ERROR }],
   *   include: [hardening.CompliancePack.PSS_RESTRICTED],
   * });
   * hardening.Compliance.of(app).enable({ packs: [acme] });
   * ```
   */
  public static custom(props: CustomPackProps): CompliancePack {
    const where = `CompliancePack.custom(${JSON.stringify(props.name)})`;
    if (!PACK_NAME.test(props.name)) {
      throw invalidInput(where, 'name', 'a pack name is 2 to 63 lowercase letters, digits and dashes, starting with a letter', props.name, 'name it like "acme-platform"');
    }
    if (CompliancePack.all().some(p => p.name === props.name)) {
      throw invalidInput(where, 'name', 'is the name of a built-in pack', props.name, 'choose a name of your own, and include the built-in pack with include: [...]');
    }
    if (CUSTOM_PACKS.has(props.name)) {
      throw invalidInput(where, 'name', 'another pack made with CompliancePack.custom() has this name (reports name packs by it)', props.name, 'create each pack once, and share it');
    }
    const packEntries: PackRule[] = [];
    const own = new Map<string, Rule>();
    for (const pack of props.include ?? []) {
      for (const entry of pack.rules) {
        if (!packEntries.some(e => e.ruleId === entry.ruleId)) packEntries.push(entry);
        const rule = pack._rule(entry.ruleId);
        if (rule && !RULES.has(entry.ruleId)) own.set(entry.ruleId, rule);
      }
    }
    (props.rules ?? []).forEach(({ rule, severity, controls }, i) => {
      const field = `rules[${i}].rule.id`;
      if (typeof rule.id !== 'string' || !CUSTOM_RULE_ID.test(rule.id)) {
        throw invalidInput(where, field, 'a rule id is 3 to 64 letters and digits, starting with a capital letter', rule.id, 'name it like "TeamLabel"');
      }
      if (RULES.has(rule.id) || rule.id.startsWith('Acknowledgement')) {
        throw invalidInput(where, field, 'is the id of a built-in rule', rule.id, 'give the rule an id of its own, e.g. with your team\'s prefix');
      }
      if (own.has(rule.id)) throw invalidInput(where, field, 'two rules of the pack have this id', rule.id, 'give each rule its own id');
      if (rule.helpUri !== undefined && !/^https?:\/\/[^\s]+$/.test(rule.helpUri)) {
        throw invalidInput(where, `rules[${i}].rule.helpUri`, 'is not an absolute http(s) URL (SARIF viewers link to it)', rule.helpUri, 'give the address of the rule\'s documentation, e.g. "https://wiki.acme.example/rules/team-label"');
      }
      own.set(rule.id, toEngineRule(rule, where));
      packEntries.push({ ruleId: rule.id, severity, controls: controls ?? [{ id: rule.id, framework: props.title, title: rule.title }] });
    });
    const pack = new CompliancePack(props.name, props.title, packEntries, false, own);
    CUSTOM_PACKS.set(props.name, pack);
    return pack;
  }

  /** Short name, as given to `--pack`. */
  public readonly name: string;
  /** Human-readable title. */
  public readonly title: string;
  /** The rules of the pack, in pack order. */
  public readonly rules: PackRule[];
  /**
   * Whether the pack's rules are evaluated at a Pod Security Standards version (the PSS packs:
   * the version asked for, or the one a Namespace pins), rather than always at the newest.
   */
  public readonly versioned: boolean;

  private readonly ownRules: Map<string, Rule>;

  private constructor(name: string, title: string, rules: PackRule[], versioned: boolean, ownRules = new Map<string, Rule>()) {
    this.name = name;
    this.title = title;
    this.rules = rules;
    this.versioned = versioned;
    this.ownRules = ownRules;
  }

  /**
   * The rule of an id the pack uses: built-in, or a team's rule of the pack.
   * @internal
   */
  public _rule(ruleId: string): Rule | undefined {
    return RULES.get(ruleId) ?? this.ownRules.get(ruleId);
  }

  /** The ids of the pack's rules, in pack order. */
  public get ruleIds(): string[] {
    return this.rules.map(r => r.ruleId);
  }
}
