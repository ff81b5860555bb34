import { PSS_URI } from '../../standards/controls';
import { PssCheck, PssVariant, pssVariantAt } from '../../standards/pss';
import { asObject, isObject, JsonObject } from '../json';
import { KubeObject, PodSpecRef, podSpecOf } from '../objects';
import { COMPLIANT, NOT_APPLICABLE, outcome, RuleContext, RuleFinding, RuleOutcome } from '../rule';

export { PSS_URI };

/**
 * Runs one Pod Security Standards check on an object's pod spec, at the version the context
 * gives for the object, as Pod Security Admission does: a check that does not exist yet at that
 * version is not applicable; Windows pods and pods in a user namespace pass the variants that
 * exempt them.
 * @internal
 */
export function checkPss(object: KubeObject, context: RuleContext, pssCheck: PssCheck,
  check: (pod: PodSpecRef, variant: PssVariant, findings: RuleFinding[]) => void): RuleOutcome {
  const pod = podSpecOf(object);
  if (!pod) return NOT_APPLICABLE;
  const variant = pssVariantAt(pssCheck, context.pssMinor(object));
  if (!variant) return NOT_APPLICABLE;
  if (variant.exemptWindows && pod.windows) return COMPLIANT;
  if (variant.exemptUserNamespaces && pod.spec.hostUsers === false) return COMPLIANT;
  const findings: RuleFinding[] = [];
  check(pod, variant, findings);
  return outcome(findings);
}

/** The pss-helpers' rule fields: the check and its documentation anchor. @internal */
export function pssRule(pssCheck: PssCheck): { pss: PssCheck; helpUri: string } {
  return { pss: pssCheck, helpUri: `${PSS_URI}#${pssCheck.profile}` };
}

/**
 * Runs a pod check on objects that carry a pod spec; every other object is not applicable.
 * @internal
 */
export function checkPod(object: KubeObject, check: (pod: PodSpecRef, findings: RuleFinding[]) => void): RuleOutcome {
  const pod = podSpecOf(object);
  if (!pod) return NOT_APPLICABLE;
  const findings: RuleFinding[] = [];
  check(pod, findings);
  return outcome(findings);
}

/** A nested object of a security context (`capabilities`, `seccompProfile`, ...). @internal */
export function sub(context: JsonObject | undefined, key: string): JsonObject | undefined {
  return context ? asObject(context[key]) : undefined;
}

/** Whether a key is present with a non-null value. @internal */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A value for a message: JSON for a collection (one nested too deeply for that: said so). @internal */
export function render(value: unknown): string {
  if (!isObject(value) && !Array.isArray(value)) return String(value);
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (e instanceof RangeError) return `${Array.isArray(value) ? 'a list' : 'a mapping'} nested too deeply to be shown`;
    throw e;
  }
}
