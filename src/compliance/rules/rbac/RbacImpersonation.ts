import { coveringResource, coversGroup, matchingVerbs, RBAC_KINDS, RBAC_URI, rulesToCheck, through } from './rbac-helpers';
import { IMPERSONATE_VERB, IMPERSONATION_TARGETS } from '../../../standards/rbac';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/**
 * Nobody acts as someone else: no `impersonate` on users, groups, ServiceAccounts, uids or user
 * extras. Impersonating a ServiceAccount is as good as holding its token, and the built-in `edit`
 * and `admin` impersonate every ServiceAccount of their namespace.
 */
export const RbacImpersonation: Rule = {
  id: 'RbacImpersonation',
  title: `no Role grants ${IMPERSONATE_VERB}`,
  fix: `remove ${IMPERSONATE_VERB}; bind the subject the roles it needs instead`,
  helpUri: `${RBAC_URI}#impersonate-verb`,
  kinds: RBAC_KINDS,
  check: (object, context) => {
    const rules = rulesToCheck(object, context);
    if (!rules) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const rule of rules) {
      const verbs = matchingVerbs(rule, [IMPERSONATE_VERB]);
      if (verbs.length === 0) continue;
      const targets = IMPERSONATION_TARGETS
        .filter(t => coversGroup(rule, t.apiGroup))
        .flatMap(t => t.resources.filter(r => coveringResource(rule, r) !== undefined || rule.resources.some(x => x.startsWith(`${r}/`))));
      if (targets.length === 0) continue;
      findings.push({
        path: rule.from ? rule.path : `${rule.path}.verbs`,
        message: `${object.kind} "${object.name}" lets its subjects impersonate ${targets.join(', ')}${verbs.includes('*') ? ' ("*")' : ''}${through(rule)}`,
      });
    }
    return outcome(findings);
  },
};
