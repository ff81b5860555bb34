import { Severity } from './severity';

/**
 * One finding: an object that does not meet a rule, where, why and how to fix it.
 */
export interface ComplianceFinding {
  /** The rule's id, e.g. `RunAsNonRoot`. */
  readonly ruleId: string;
  /** What a compliant object looks like. */
  readonly ruleTitle: string;
  /** Severity (the highest any selected pack gives the rule). */
  readonly severity: Severity;
  /** Controls of the selected packs the rule checks (`C-0013`, `PSS restricted: Running as Non-root`, ...). */
  readonly controls: string[];
  /** Names of the selected packs that contain the rule. */
  readonly packs: string[];
  /** What was found. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /** JSON path of the offending field in the object, e.g. `spec.template.spec.containers[0].securityContext.privileged`. */
  readonly fieldPath: string;
  /** Documentation of the control. */
  readonly helpUri: string;
  /** The object's `kind`. */
  readonly resourceKind: string;
  /** The object's `apiVersion`. */
  readonly resourceApiVersion: string;
  /** The object's `metadata.name`. */
  readonly resourceName: string;
  /**
   * The object's `metadata.namespace`.
   * @default - none set: the namespace of the apply
   */
  readonly resourceNamespace?: string;
  /**
   * Path of the construct that synthesized the object.
   * @default - not known (object read from a file)
   */
  readonly constructPath?: string;
  /**
   * File the object was read from.
   * @default - not read from a file
   */
  readonly file?: string;
  /**
   * Line in `file` (1-based) of the offending field (`fieldPath`), or of its nearest parent when
   * the field is missing; the object's first line when the file gives no field lines.
   * @default - not known
   */
  readonly line?: number;
  /**
   * Line in `file` (1-based) where the object itself starts (its first content line), which the
   * text report shows the object at.
   * @default - not read from a file
   */
  readonly objectLine?: number;
  /**
   * The Pod Security Standards version the rule was evaluated at (`v1.37`), for the checks of the
   * Pod Security Standards packs: the version asked for, or the one the object's Namespace pins
   * in `pod-security.kubernetes.io/enforce-version`.
   * @default - not a versioned Pod Security Standards check
   */
  readonly pssVersion?: string;
  /**
   * The acknowledgement's reason, when the finding is acknowledged.
   * @default - not acknowledged
   */
  readonly acknowledgement?: string;
}

/**
 * An input the check could not read: which file, where, and why.
 */
export interface InputError {
  /** The file (`<stdin>` for standard input). */
  readonly file: string;
  /**
   * The line (1-based) of the unusable document or of the error.
   * @default - the whole file
   */
  readonly line?: number;
  /** Why it cannot be checked. */
  readonly problem: string;
}

/**
 * How one rule fared over all the objects checked: the objects that satisfy it, for auditors.
 */
export interface RuleSummary {
  /** The rule's id. */
  readonly ruleId: string;
  /** What a compliant object looks like. */
  readonly ruleTitle: string;
  /** Severity (highest over the selected packs). */
  readonly severity: Severity;
  /** Controls (ids) over the selected packs. */
  readonly controls: string[];
  /** Names of the selected packs that contain the rule. */
  readonly packs: string[];
  /** Objects that satisfy the rule, as `Kind namespace/name`. */
  readonly compliantObjects: string[];
  /** Number of objects that satisfy the rule (the length of `compliantObjects`). */
  readonly compliantCount: number;
  /** Number of objects with open findings. */
  readonly nonCompliantCount: number;
  /** Number of findings acknowledged. */
  readonly acknowledgedCount: number;
}

/**
 * The outcome of checking a set of objects.
 */
export interface ComplianceResult {
  /**
   * Inputs that could not be checked (unreadable, malformed, too large, not Kubernetes objects):
   * reported with the findings of every other input, and the command then exits 2.
   * @default - none
   */
  readonly inputErrors?: InputError[];
  /** Names of the packs checked. */
  readonly packs: string[];
  /** Number of objects checked. */
  readonly objectCount: number;
  /** Open findings (not acknowledged), including acknowledgements that matched nothing. */
  readonly findings: ComplianceFinding[];
  /** Findings accepted by an acknowledgement, with its reason. */
  readonly acknowledged: ComplianceFinding[];
  /** Per-rule outcome, in pack order. */
  readonly rules: RuleSummary[];
}
