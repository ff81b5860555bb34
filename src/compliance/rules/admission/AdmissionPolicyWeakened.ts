import {
  ADMISSION_GROUP, DENY_ACTION, FAIL_OPEN_POLICY, isConstantFalse, VALIDATING_ADMISSION_POLICY_BINDING_KIND, VALIDATING_ADMISSION_POLICY_KIND,
} from '../../../standards/admission';
import { RULE_ANNOTATION } from '../../../standards/annotations';
import { apiGroupOf } from '../../../standards/kinds';
import { asArray, asObject, asString, asStringMap } from '../../json';
import { KubeObject } from '../../objects';
import { NOT_APPLICABLE, outcome, Rule, RuleContext, RuleFinding } from '../../rule';

function policyFindings(object: KubeObject): RuleFinding[] {
  const spec = asObject(object.json.spec);
  const findings: RuleFinding[] = [];
  if (asString(spec?.failurePolicy) === FAIL_OPEN_POLICY) {
    findings.push({
      path: 'spec.failurePolicy',
      message: `the policy fails open (failurePolicy: ${FAIL_OPEN_POLICY}): a request it cannot evaluate is admitted unchecked`,
      fix: 'set failurePolicy: Fail (the default)',
    });
  }
  asArray(spec?.matchConditions).forEach((c, i) => {
    const expression = asString(asObject(c)?.expression);
    if (expression !== undefined && isConstantFalse(expression)) {
      findings.push({
        path: `spec.matchConditions[${i}].expression`,
        message: `match condition ${JSON.stringify(asString(asObject(c)?.name) ?? i)} is the constant ${JSON.stringify(expression)}, so the policy applies to no request`,
        fix: 'remove the match condition, or write the condition the requests to skip really meet',
      });
    }
  });
  return findings;
}

function bindingFindings(object: KubeObject, context: RuleContext): RuleFinding[] | undefined {
  const spec = asObject(object.json.spec);
  const policyName = asString(spec?.policyName);
  if (policyName === undefined) return undefined;
  const policy = context.find(VALIDATING_ADMISSION_POLICY_KIND, undefined, policyName);
  const ruleId = policy ? asStringMap(asObject(policy.json.metadata)?.annotations)[RULE_ANNOTATION] : undefined;
  if (ruleId === undefined) return undefined;
  const actions = asArray(spec?.validationActions).filter((a): a is string => typeof a === 'string');
  if (actions.includes(DENY_ACTION)) return [];
  return [{
    path: 'spec.validationActions',
    message: `the binding of ${policyName}, the admission policy of ${ruleId}, does not deny (validationActions: ${JSON.stringify(actions)}): what the rule refuses is admitted`,
    fix: `add ${DENY_ACTION} to validationActions, or acknowledge the rule on the binding with the reason (AdmissionGuardrails weakeningReason)`,
  }];
}

/**
 * Admission policies that still hold: a ValidatingAdmissionPolicy fails closed (no
 * `failurePolicy: Ignore`) and has no match condition that is the constant false (which makes it
 * apply to nothing); the binding of a policy this library generated (its rule annotation) denies.
 * A binding of a policy not among the objects, or of a policy of another origin, is not judged.
 */
export const AdmissionPolicyWeakened: Rule = {
  id: 'AdmissionPolicyWeakened',
  title: 'admission policies fail closed, apply to requests, and the library\'s policies deny',
  fix: 'restore failurePolicy: Fail, remove constant-false match conditions, bind the policy with Deny; or acknowledge the weakening with its reason',
  helpUri: 'https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/#failure-policy',
  kinds: [VALIDATING_ADMISSION_POLICY_KIND, VALIDATING_ADMISSION_POLICY_BINDING_KIND],
  check: (object, context) => {
    if (apiGroupOf(object.apiVersion) !== ADMISSION_GROUP) return NOT_APPLICABLE;
    if (object.kind === VALIDATING_ADMISSION_POLICY_KIND) return outcome(policyFindings(object));
    if (object.kind === VALIDATING_ADMISSION_POLICY_BINDING_KIND) {
      const findings = bindingFindings(object, context);
      return findings === undefined ? NOT_APPLICABLE : outcome(findings);
    }
    return NOT_APPLICABLE;
  },
};
