import { psaModes } from './PsaLabels';
import { psaLevelLabel } from '../../../standards/psa';
import { COMPLIANT, NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/**
 * Every Namespace's Pod Security Admission levels (enforce, audit, warn) are `restricted`.
 * Missing labels are `PsaLabels`' finding, not this rule's.
 */
export const PsaRestricted: Rule = {
  id: 'PsaRestricted',
  title: 'Namespace Pod Security Admission levels are "restricted"',
  fix: `raise the namespace's ${psaLevelLabel('enforce')}, audit and warn labels to restricted once its pods comply`,
  helpUri: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
  kinds: ['Namespace'],
  check: (object) => {
    if (object.kind !== 'Namespace') return NOT_APPLICABLE;
    const findings: RuleFinding[] = psaModes(object)
      .filter(m => m.level !== undefined && m.level !== 'restricted')
      .map(m => ({ path: m.path, message: `the namespace's ${m.mode} level is ${JSON.stringify(m.level)}, not "restricted"` }));
    return findings.length === 0 ? COMPLIANT : outcome(findings);
  },
};
