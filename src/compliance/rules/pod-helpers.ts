import { asObject, isObject, JsonObject } from '../json';
import { KubeObject, PodSpecRef, podSpecOf } from '../objects';
import { NOT_APPLICABLE, outcome, RuleFinding, RuleOutcome } from '../rule';

/** @internal */
export const PSS_URI = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';

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

/** @internal */
export function render(value: unknown): string {
  return isObject(value) || Array.isArray(value) ? JSON.stringify(value) : String(value);
}
