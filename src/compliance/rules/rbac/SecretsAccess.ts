import { coversCoreResource, matchingVerbs, RBAC_KINDS, RBAC_URI, rulesToCheck, through } from './rbac-helpers';
import { SECRET_READ_VERBS } from '../../../standards/rbac';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/**
 * Secrets are read only where declared: a rule that reads `secrets` (`get`, `list`, `watch`, and
 * `patch`, whose response is the whole merged Secret) must name them in `resourceNames` and may
 * not `list` (or `*`), since list and watch of a collection return every Secret of the namespace. Checked on Roles and ClusterRoles (with what their `aggregationRule`
 * pulls in), and on bindings to the built-in `admin` and `edit`, which read every Secret.
 */
export const SecretsAccess: Rule = {
  id: 'SecretsAccess',
  title: 'Secrets are read only by name (resourceNames, no list or "*")',
  fix: 'name the Secrets in resourceNames and grant only "get" (and "watch") on them',
  helpUri: `${RBAC_URI}#listing-secrets`,
  kinds: RBAC_KINDS,
  check: (object, context) => {
    const rules = rulesToCheck(object, context);
    if (!rules) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const rule of rules) {
      if (!coversCoreResource(rule, 'secrets')) continue;
      const reads = matchingVerbs(rule, SECRET_READ_VERBS);
      if (reads.length === 0) continue;
      const via = through(rule);
      if (rule.resourceNames.length === 0) {
        findings.push({ path: rule.from ? rule.path : `${rule.path}.resourceNames`, message: `${object.kind} "${object.name}" reads every Secret (${reads.join(', ')}) without naming them${via}` });
      } else if (reads.includes('list') || reads.includes('*')) {
        findings.push({ path: rule.from ? rule.path : `${rule.path}.verbs`, message: `${object.kind} "${object.name}" can ${reads.includes('*') ? 'do anything with' : 'list'} Secrets; resourceNames do not restrict a list${via}` });
      }
    }
    return outcome(findings);
  },
};
