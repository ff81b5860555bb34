/* eslint-disable @typescript-eslint/no-explicit-any -- an object's JSON crosses to every jsii language as `any` (JSON) */
import { invalidInput } from '../errors';
import { JsonObject } from './json';
import { describeObject, KubeObject } from './objects';
import { outcome, NOT_APPLICABLE, COMPLIANT, Rule, RuleContext, RuleOutcome } from './rule';

/**
 * One thing a rule found wrong with an object.
 */
export interface RuleViolation {
  /** Where, as a path in the object: `metadata.labels`, `spec.template.spec.containers[0].image`. */
  readonly path: string;
  /** What is wrong, in a sentence naming what was found. */
  readonly message: string;
  /**
   * How to fix this violation.
   * @default - the rule's own fix
   */
  readonly fix?: string;
}

/**
 * What a rule says about one object: compliant, not applicable (the rule does not judge objects
 * of its kind), or non-compliant with what it found.
 */
export class RuleVerdict {
  /** The object meets the rule. */
  public static compliant(): RuleVerdict {
    return new RuleVerdict('compliant', []);
  }

  /** The rule does not judge this object (another kind, say). */
  public static notApplicable(): RuleVerdict {
    return new RuleVerdict('not-applicable', []);
  }

  /**
   * The object does not meet the rule: at least one violation.
   */
  public static nonCompliant(violations: RuleViolation[]): RuleVerdict {
    if (violations.length === 0) {
      throw invalidInput('RuleVerdict.nonCompliant', 'violations', 'a non-compliant verdict says what was found', violations,
        'give at least one RuleViolation, or return RuleVerdict.compliant()');
    }
    return new RuleVerdict('non-compliant', violations);
  }

  /** `compliant`, `not-applicable` or `non-compliant`. */
  public readonly status: string;
  /** What was found (empty unless non-compliant). */
  public readonly violations: RuleViolation[];

  private constructor(status: string, violations: RuleViolation[]) {
    this.status = status;
    this.violations = violations;
  }
}

/**
 * The objects checked together, for a rule that relates an object to others (the Namespace of a
 * workload, the policies of a namespace). An object without a namespace is in `default`.
 */
export class RuleObjects {
  /** @internal */
  public static _of(context: RuleContext): RuleObjects {
    let found = VIEWS.get(context);
    if (!found) VIEWS.set(context, found = new RuleObjects(context));
    return found;
  }

  private constructor(private readonly context: RuleContext) {}

  /** Every object checked, as JSON. */
  public all(): { [key: string]: any }[] {
    return this.context.objects.map(o => o.json);
  }

  /**
   * The objects of a kind in a namespace (`default` when not given), as JSON. Cluster-scoped
   * kinds: leave the namespace out.
   */
  public ofKind(kind: string, namespaceName?: string): { [key: string]: any }[] {
    return this.context.objectsOf(kind, namespaceName).map(o => o.json);
  }

  /** The object of a kind and name in a namespace (`default` when not given), or undefined. */
  public find(kind: string, name: string, namespaceName?: string): { [key: string]: any } | undefined {
    return this.context.find(kind, namespaceName, name)?.json;
  }
}

const VIEWS = new WeakMap<RuleContext, RuleObjects>();

/**
 * A rule a team writes: it judges one object (its synthesized JSON) at a time, and may look at
 * the other objects checked with it. Implemented in any jsii language; put it in a pack with
 * `CompliancePack.custom()`.
 */
export interface IComplianceRule {
  /** Stable id, as findings and acknowledgements name the rule: letters and digits, starting with a capital letter (`TeamLabel`). */
  readonly id: string;
  /** One line: what a compliant object looks like. */
  readonly title: string;
  /** How to fix a finding, when a violation gives no more specific fix. */
  readonly fix: string;
  /**
   * Documentation of the rule.
   * @default - none
   */
  readonly helpUri?: string;
  /** Judges one object: `manifest` is its JSON; `objects`, every object checked with it. */
  check(manifest: { [key: string]: any }, objects: RuleObjects): RuleVerdict;
}

/** What a rule id of a team's rule looks like. @internal */
export const CUSTOM_RULE_ID = /^[A-Z][A-Za-z0-9]{2,63}$/;

/** A team's rule as the engine runs it. @internal */
export function toEngineRule(rule: IComplianceRule, where: string): Rule {
  const id = rule.id;
  return {
    id,
    title: rule.title,
    fix: rule.fix,
    helpUri: rule.helpUri ?? '',
    check: (object: KubeObject, context: RuleContext): RuleOutcome => {
      let verdict: RuleVerdict;
      try {
        verdict = rule.check(object.json as JsonObject, RuleObjects._of(context));
      } catch (e) {
        throw new Error(`${where}: the rule ${id} failed on ${describeObject(object)}: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (!(verdict instanceof RuleVerdict)) {
        throw new Error(`${where}: the rule ${id} returned ${JSON.stringify(verdict)} for ${describeObject(object)}, not a RuleVerdict; return RuleVerdict.compliant(), notApplicable() or nonCompliant([...])`);
      }
      if (verdict.status === 'not-applicable') return NOT_APPLICABLE;
      if (verdict.status === 'compliant') return COMPLIANT;
      return outcome(verdict.violations.map(v => ({ path: v.path, message: v.message, fix: v.fix })));
    },
  };
}
