import { effectiveRulesOf, RBAC_KINDS, RBAC_URI, through } from './rbac-helpers';
import { WILDCARD } from '../../../standards/rbac';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

const FIELDS = ['apiGroups', 'resources', 'verbs', 'nonResourceURLs'] as const;

/**
 * Roles name their API groups, resources and verbs: no `*`, which also grants whatever is added
 * later. That includes `*\/exec` (every resource's subresource), `pods/*` (meant as every
 * subresource) and a ClusterRole whose `aggregationRule` pulls in a role with `*`
 * (`cluster-admin`).
 */
export const RbacWildcards: Rule = {
  id: 'RbacWildcards',
  title: 'Roles and ClusterRoles use no "*" in apiGroups, resources, verbs or nonResourceURLs, nor aggregate a role that does',
  fix: 'list the exact API groups, resources and verbs the subject needs',
  helpUri: `${RBAC_URI}#least-privilege`,
  kinds: RBAC_KINDS,
  check: (object, context) => {
    const rules = effectiveRulesOf(object, context);
    if (!rules) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const rule of rules) {
      if (rule.from) {
        // aggregated: one finding per rule pulled in, at the selector
        const fields = FIELDS.filter(f => rule[f].some(v => v.includes(WILDCARD)));
        if (fields.length > 0) {
          findings.push({ path: rule.path, message: `${object.kind} "${object.name}" grants "${WILDCARD}" in ${fields.join(', ')}${through(rule)}` });
        }
        continue;
      }
      for (const field of FIELDS) {
        rule[field].forEach((v, i) => {
          if (v.includes(WILDCARD)) {
            findings.push({ path: `${rule.path}.${field}[${i}]`, message: `${object.kind} "${object.name}" grants a wildcard in ${field} ("${v}")` });
          }
        });
      }
    }
    return outcome(findings);
  },
};
