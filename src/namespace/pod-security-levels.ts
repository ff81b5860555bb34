import { IConstruct } from 'constructs';
import { invalidInput } from '../errors';
import { LATEST_KNOWN_MINOR, LATEST_KNOWN_VERSION, PSA_VERSION_SYNTAX, versionName } from '../standards/kubernetes-version';
import { PSA_MODES, PsaMode, psaLevelRank } from '../standards/psa';

/**
 * A Pod Security Standards level, as used in Pod Security Admission namespace labels.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export class PodSecurityLevel {
  /** Heavily restricted: current pod hardening best practice. The default. */
  public static readonly RESTRICTED = new PodSecurityLevel('restricted', psaLevelRank('restricted'));
  /** Prevents known privilege escalations; the weakest level allowed without an exception. */
  public static readonly BASELINE = new PodSecurityLevel('baseline', psaLevelRank('baseline'));
  /** Unrestricted. Needs `privilegedReason`. */
  public static readonly PRIVILEGED = new PodSecurityLevel('privileged', psaLevelRank('privileged'));

  private constructor(
    /** The label value. */
    public readonly value: string,
    /** Strictness, higher is stricter. @internal */
    public readonly _strictness: number,
  ) {}
}

/**
 * The level and the version of the level's rules for each Pod Security Admission mode
 * (enforce, audit, warn), as a namespace's labels or the cluster-wide defaults set them.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export interface PodSecurityLevelsOptions {
  /**
   * Level enforced: pods that violate it are rejected.
   * @default PodSecurityLevel.RESTRICTED — NSA/CISA §"Pod security": restricted wherever possible.
   */
  readonly enforce?: PodSecurityLevel;

  /**
   * Version of the enforced level's rules, `latest` or `v1.NN` (as Pod Security Admission
   * writes it: lowercase `v`, no leading zeros), at most the newest version this library knows.
   * Pinned, so that a cluster upgrade that tightens the profile shows up in audit and warnings
   * before it rejects pods. An older pin enforces that version's checks, which can be fewer
   * (host probes are checked from v1.34, `runAsUser: 0` refused from v1.23).
   * @default - the newest version this library knows (`v1.37`), so the rules enforced are the ones this library checks
   */
  readonly enforceVersion?: string;

  /**
   * Level audited: violations are recorded in the audit log.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly audit?: PodSecurityLevel;

  /**
   * Version of the audited level's rules (same syntax as `enforceVersion`).
   * @default 'latest' — audit tracks the newest rules, ahead of enforcement.
   */
  readonly auditVersion?: string;

  /**
   * Level warned about: clients see a warning on violation.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly warn?: PodSecurityLevel;

  /**
   * Version of the warned level's rules (same syntax as `enforceVersion`).
   * @default 'latest' — users see tomorrow's rejections today.
   */
  readonly warnVersion?: string;
}

/** One mode's effective level and version. @internal */
export interface PodSecurityModeSetting {
  readonly mode: PsaMode;
  readonly level: PodSecurityLevel;
  readonly version: string;
}

const DEFAULT_VERSIONS: Record<PsaMode, string> = { enforce: LATEST_KNOWN_VERSION, audit: 'latest', warn: 'latest' };

/**
 * The level and version of each mode, in the order enforce, audit, warn, with the documented
 * defaults applied and every version validated (`validatePsaVersion`). `fieldPrefix` goes in
 * front of the field names in errors (`podSecurity.`).
 * @internal
 */
export function resolvePodSecurityLevels(scope: IConstruct, fieldPrefix: string, options: PodSecurityLevelsOptions): PodSecurityModeSetting[] {
  const versions: Record<PsaMode, string | undefined> = { enforce: options.enforceVersion, audit: options.auditVersion, warn: options.warnVersion };
  return PSA_MODES.map(mode => ({
    mode,
    level: options[mode] ?? PodSecurityLevel.RESTRICTED,
    version: validatePsaVersion(scope, `${fieldPrefix}${mode}Version`, versions[mode] ?? DEFAULT_VERSIONS[mode]),
  }));
}

/**
 * `latest` or `v1.NN` as Pod Security Admission parses it, up to the newest version this
 * library knows: a newer pin would enforce rules the library cannot check, and is more often
 * a typo ("v1.320") than a plan. Older pins are accepted (that is what pinning is for); they
 * enforce that version's checks.
 * @internal
 */
export function validatePsaVersion(scope: IConstruct, field: string, version: string): string {
  const m = PSA_VERSION_SYNTAX.exec(version);
  if (!m) {
    const near = /^[vV]1\.0*([0-9]+)$/.exec(version.trim());
    throw invalidInput(scope, field, 'must be "latest" or a Kubernetes minor version "v1.NN" (lowercase "v", no leading zeros), as Pod Security Admission reads it', version,
      near ? `write "${versionName(Number(near[1]))}"` : `write it like "${LATEST_KNOWN_VERSION}" or "latest"`);
  }
  if (m[2] !== undefined && Number(m[2]) > LATEST_KNOWN_MINOR) {
    throw invalidInput(scope, field, `is newer than the newest Kubernetes version whose Pod Security Standards this library knows (${LATEST_KNOWN_VERSION}), so what it enforces cannot be checked`, version,
      `pin ${LATEST_KNOWN_VERSION} or an older version, use "latest", or upgrade cdk8s-hardening`);
  }
  return version;
}
