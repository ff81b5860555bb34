// The Pod Security Admission label vocabulary.
// https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces

/** Prefix of every Pod Security Admission namespace label. @internal */
export const PSA_LABEL_PREFIX = 'pod-security.kubernetes.io/';

/** The three modes, in the order Pod Security Admission documents them. @internal */
export const PSA_MODES = ['enforce', 'audit', 'warn'] as const;

/** @internal */
export type PsaMode = typeof PSA_MODES[number];

/** The three levels, weakest first. @internal */
export const PSA_LEVELS = ['privileged', 'baseline', 'restricted'] as const;

/** @internal */
export type PsaLevel = typeof PSA_LEVELS[number];

/** `pod-security.kubernetes.io/enforce`. @internal */
export function psaLevelLabel(mode: PsaMode): string {
  return `${PSA_LABEL_PREFIX}${mode}`;
}

/** `pod-security.kubernetes.io/enforce-version`. @internal */
export function psaVersionLabel(mode: PsaMode): string {
  return `${PSA_LABEL_PREFIX}${mode}-version`;
}

/** Whether a text is one of the three levels. @internal */
export function isPsaLevel(text: string | undefined): text is PsaLevel {
  return text !== undefined && (PSA_LEVELS as readonly string[]).includes(text);
}

/** How strict a level is: 0 privileged, 1 baseline, 2 restricted; -1 for anything else. @internal */
export function psaLevelRank(level: string | undefined): number {
  return PSA_LEVELS.indexOf(level as PsaLevel);
}

/** The Pod Security Admission plugin of the API server (on by default; must not be disabled). @internal */
export const POD_SECURITY_PLUGIN = 'PodSecurity';

/** The API of the plugin's cluster-wide configuration (defaults and exemptions). @internal */
export const PSA_CONFIG_API_VERSION = 'pod-security.admission.config.k8s.io/v1';
