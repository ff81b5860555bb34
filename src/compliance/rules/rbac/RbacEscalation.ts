import { coveringResource, coversGroup, matchingVerbs, RBAC_KINDS, RBAC_URI, rulesToCheck, through } from './rbac-helpers';
import { BIND_VERB, ESCALATE_VERB, RBAC_GROUP, ROLE_RESOURCES, WILDCARD } from '../../../standards/rbac';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/**
 * Nobody gets around RBAC's escalation check: no `bind` (bind a role one does not hold) or
 * `escalate` (write a role with permissions one does not hold) on `roles` or `clusterroles`.
 * Either makes its holder as strong as the strongest role of the cluster.
 */
export const RbacEscalation: Rule = {
  id: 'RbacEscalation',
  title: `no Role grants ${BIND_VERB} or ${ESCALATE_VERB} on ${ROLE_RESOURCES.join(' or ')}`,
  fix: `remove ${BIND_VERB} and ${ESCALATE_VERB}; whoever manages RBAC holds the permissions they grant, or belongs to the cluster administrators`,
  helpUri: `${RBAC_URI}#escalate-verb`,
  kinds: RBAC_KINDS,
  check: (object, context) => {
    const rules = rulesToCheck(object, context);
    if (!rules) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const rule of rules) {
      if (!coversGroup(rule, RBAC_GROUP)) continue;
      const verbs = matchingVerbs(rule, [BIND_VERB, ESCALATE_VERB]);
      const resources = ROLE_RESOURCES.filter(r => coveringResource(rule, r) !== undefined);
      if (verbs.length === 0 || resources.length === 0) continue;
      // what the verbs allow, in words; a wildcard among them is shown as written
      const allowed = [BIND_VERB, ESCALATE_VERB].filter(v => verbs.includes(v) || verbs.includes(WILDCARD));
      const written = verbs.includes(WILDCARD) ? ` (verbs ${verbs.map(v => JSON.stringify(v)).join(', ')})` : '';
      findings.push({
        path: rule.from ? rule.path : `${rule.path}.verbs`,
        message: `${object.kind} "${object.name}" lets its subjects ${allowed.join(' and ')} ${resources.join(' and ')}${written}${through(rule)}`,
      });
    }
    return outcome(findings);
  },
};
