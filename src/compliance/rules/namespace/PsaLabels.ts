import { asStringMap } from '../../json';
import { COMPLIANT, NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

const PREFIX = 'pod-security.kubernetes.io/';
const MODES = ['enforce', 'audit', 'warn'];
const VERSION = /^(latest|v1\.(0|[1-9][0-9]*))$/;

/**
 * Every Namespace has Pod Security Admission labels for enforce, audit and warn, all at
 * `restricted`; a `-version` label, when present, is `latest` or `v1.NN`.
 */
export const PsaLabels: Rule = {
  id: 'PsaLabels',
  title: 'Namespace labels pod-security.kubernetes.io/enforce, audit and warn are "restricted"',
  fix: 'label the namespace pod-security.kubernetes.io/enforce=restricted, audit=restricted and warn=restricted',
  helpUri: 'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
  check: (object) => {
    if (object.kind !== 'Namespace') return NOT_APPLICABLE;
    const labels = asStringMap((object.json.metadata as Record<string, unknown> | undefined)?.labels);
    const findings: RuleFinding[] = [];
    for (const mode of MODES) {
      const key = `${PREFIX}${mode}`;
      const value = labels[key];
      if (value === undefined) {
        findings.push({ path: `metadata.labels["${key}"]`, message: `the namespace has no ${mode} level (label ${key} missing)` });
      } else if (value !== 'restricted') {
        findings.push({ path: `metadata.labels["${key}"]`, message: `the namespace's ${mode} level is ${JSON.stringify(value)}, not "restricted"` });
      }
      const version = labels[`${key}-version`];
      if (version !== undefined && !VERSION.test(version)) {
        findings.push({ path: `metadata.labels["${key}-version"]`, message: `the ${mode} version ${JSON.stringify(version)} is neither "latest" nor "v1.NN"` });
      }
    }
    return findings.length === 0 ? COMPLIANT : outcome(findings);
  },
};
