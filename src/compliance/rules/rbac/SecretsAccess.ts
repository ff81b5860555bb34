import { coversCoreResource, policyRulesOf, RBAC_URI } from './rbac-helpers';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

const READ_VERBS = ['get', 'list', 'watch', '*'];

/**
 * Secrets are read only where declared: a rule that reads `secrets` must name them in
 * `resourceNames` and may not `list` (or `*`), since list and watch of a collection return every
 * Secret of the namespace.
 */
export const SecretsAccess: Rule = {
  id: 'SecretsAccess',
  title: 'Secrets are read only by name (resourceNames, no list or "*")',
  fix: 'name the Secrets in resourceNames and grant only "get" (and "watch") on them',
  helpUri: `${RBAC_URI}#listing-secrets`,
  check: (object) => {
    const rules = policyRulesOf(object);
    if (!rules) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const rule of rules) {
      if (!coversCoreResource(rule, 'secrets')) continue;
      const reads = rule.verbs.filter(v => READ_VERBS.includes(v));
      if (reads.length === 0) continue;
      if (rule.resourceNames.length === 0) {
        findings.push({ path: `${rule.path}.resourceNames`, message: `${object.kind} "${object.name}" reads every Secret (${reads.join(', ')}) without naming them` });
      } else if (reads.includes('list') || reads.includes('*')) {
        findings.push({ path: `${rule.path}.verbs`, message: `${object.kind} "${object.name}" can ${reads.includes('*') ? 'do anything with' : 'list'} Secrets; resourceNames do not restrict a list` });
      }
    }
    return outcome(findings);
  },
};
