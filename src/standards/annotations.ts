// The labels and annotations this library writes, all under its own `cdk8s-hardening.io/`
// prefix. The engine reads the same keys, so they are defined once, here.

/** Prefix of every label and annotation key of this library. @internal */
export const OWN_PREFIX = 'cdk8s-hardening.io/';

/**
 * Prefix of an acknowledgement annotation: `acknowledged.cdk8s-hardening.io/<RuleId>` holds the
 * reason a finding of that rule is accepted on the object.
 * @internal
 */
export const ACK_ANNOTATION_PREFIX = `acknowledged.${OWN_PREFIX}`;

/** The acknowledgement annotation key of a rule. @internal */
export function ackAnnotation(ruleId: string): string {
  return `${ACK_ANNOTATION_PREFIX}${ruleId}`;
}

/** The reason a pod mounts its ServiceAccount token. @internal */
export const TOKEN_AUTOMOUNT_REASON_ANNOTATION = `${OWN_PREFIX}automount-token-reason`;
/** The reason a workload's pods are not isolated by a policy of their own (`isolate: false`). @internal */
export const ISOLATION_OFF_REASON_ANNOTATION = `${OWN_PREFIX}isolation-off-reason`;
/** The reason a NetworkPolicy allows everywhere or every port. @internal */
export const ALLOW_REASON_ANNOTATION = `${OWN_PREFIX}allow-reason`;
/** The reason of a privilege: a namespace's privileged Pod Security Admission level, or a workload grant that writes pods or their controllers. @internal */
export const PRIVILEGED_REASON_ANNOTATION = `${OWN_PREFIX}privileged-reason`;
/** The persona an RBAC object serves (label). @internal */
export const PERSONA_LABEL = `${OWN_PREFIX}persona`;
/** The reason of an RBAC grant. @internal */
export const REASON_ANNOTATION = `${OWN_PREFIX}reason`;
/** Marks a break-glass binding (label and annotation). @internal */
export const BREAK_GLASS_KEY = `${OWN_PREFIX}break-glass`;

/**
 * Prefix of the annotations that record, on a configuration file object, why a setting is weaker
 * than its secure default: `exception.cdk8s-hardening.io/<setting>` holds the reason.
 * @internal
 */
export const EXCEPTION_ANNOTATION_PREFIX = `exception.${OWN_PREFIX}`;

/** The exception annotation key of a setting. @internal */
export function exceptionAnnotation(setting: string): string {
  return `${EXCEPTION_ANNOTATION_PREFIX}${setting}`;
}

/** The rule an admission policy enforces (annotation of the policy). @internal */
export const RULE_ANNOTATION = `${OWN_PREFIX}rule`;
/** The controls of the rule an admission policy enforces, `; `-separated (annotation of the policy). @internal */
export const CONTROLS_ANNOTATION = `${OWN_PREFIX}controls`;
/**
 * Prefix of the annotation that records why a namespace is exempt from an admission policy:
 * `exempt.cdk8s-hardening.io/<namespace>` holds the reason (annotation of the binding).
 * @internal
 */
export const EXEMPTION_ANNOTATION_PREFIX = `exempt.${OWN_PREFIX}`;

/** The minimum length of a written reason (acknowledgements and escape hatches alike). @internal */
export const MIN_REASON_LENGTH = 10;
