import { policyRulesOf, RBAC_URI } from './rbac-helpers';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/** Roles name their API groups, resources and verbs: no `*`, which also grants whatever is added later. */
export const RbacWildcards: Rule = {
  id: 'RbacWildcards',
  title: 'Roles and ClusterRoles use no "*" in apiGroups, resources, verbs or nonResourceURLs',
  fix: 'list the exact API groups, resources and verbs the subject needs',
  helpUri: `${RBAC_URI}#least-privilege`,
  check: (object) => {
    const rules = policyRulesOf(object);
    if (!rules) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const rule of rules) {
      for (const field of ['apiGroups', 'resources', 'verbs', 'nonResourceURLs'] as const) {
        rule[field].forEach((v, i) => {
          if (v === '*' || (field === 'nonResourceURLs' && v.endsWith('*'))) {
            findings.push({ path: `${rule.path}.${field}[${i}]`, message: `${object.kind} "${object.name}" grants a wildcard in ${field}` });
          }
        });
      }
    }
    return outcome(findings);
  },
};
