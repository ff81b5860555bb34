import { asStringMap } from '../../json';
import { COMPLIANT, NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/** @internal */
export const PSA_PREFIX = 'pod-security.kubernetes.io/';
/** @internal */
export const PSA_MODES = ['enforce', 'audit', 'warn'];
const VERSION = /^(latest|v1\.(0|[1-9][0-9]*))$/;
const AT_LEAST_BASELINE = ['baseline', 'restricted'];

/**
 * Every Namespace has Pod Security Admission labels for enforce, audit and warn, each at
 * `baseline` or `restricted` (NSA/CISA v1.1: "restricted wherever possible, baseline at least");
 * a `-version` label, when present, is `latest` or `v1.NN`. `PsaRestricted` asks for more.
 */
export const PsaLabels: Rule = {
  id: 'PsaLabels',
  title: 'Namespace labels pod-security.kubernetes.io/enforce, audit and warn are present, at baseline or restricted',
  fix: 'label the namespace pod-security.kubernetes.io/enforce=restricted, audit=restricted and warn=restricted (baseline at least)',
  helpUri: 'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
  check: (object) => {
    if (object.kind !== 'Namespace') return NOT_APPLICABLE;
    const labels = asStringMap((object.json.metadata as Record<string, unknown> | undefined)?.labels);
    const findings: RuleFinding[] = [];
    for (const mode of PSA_MODES) {
      const key = `${PSA_PREFIX}${mode}`;
      const value = labels[key];
      if (value === undefined) {
        findings.push({ path: `metadata.labels["${key}"]`, message: `the namespace has no ${mode} level (label ${key} missing)` });
      } else if (!AT_LEAST_BASELINE.includes(value)) {
        findings.push({ path: `metadata.labels["${key}"]`, message: `the namespace's ${mode} level is ${JSON.stringify(value)}, weaker than "baseline"` });
      }
      const version = labels[`${key}-version`];
      if (version !== undefined && !VERSION.test(version)) {
        findings.push({ path: `metadata.labels["${key}-version"]`, message: `the ${mode} version ${JSON.stringify(version)} is neither "latest" nor "v1.NN"` });
      }
    }
    return findings.length === 0 ? COMPLIANT : outcome(findings);
  },
};
