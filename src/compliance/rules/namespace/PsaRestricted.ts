import { PSA_MODES, PSA_PREFIX } from './PsaLabels';
import { asStringMap } from '../../json';
import { COMPLIANT, NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/**
 * Every Namespace's Pod Security Admission levels (enforce, audit, warn) are `restricted`.
 * Missing labels are `PsaLabels`' finding, not this rule's.
 */
export const PsaRestricted: Rule = {
  id: 'PsaRestricted',
  title: 'Namespace Pod Security Admission levels are "restricted"',
  fix: 'raise the namespace\'s pod-security.kubernetes.io/enforce, audit and warn labels to restricted once its pods comply',
  helpUri: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
  check: (object) => {
    if (object.kind !== 'Namespace') return NOT_APPLICABLE;
    const labels = asStringMap((object.json.metadata as Record<string, unknown> | undefined)?.labels);
    const findings: RuleFinding[] = [];
    for (const mode of PSA_MODES) {
      const key = `${PSA_PREFIX}${mode}`;
      const value = labels[key];
      if (value !== undefined && value !== 'restricted') {
        findings.push({ path: `metadata.labels["${key}"]`, message: `the namespace's ${mode} level is ${JSON.stringify(value)}, not "restricted"` });
      }
    }
    return findings.length === 0 ? COMPLIANT : outcome(findings);
  },
};
