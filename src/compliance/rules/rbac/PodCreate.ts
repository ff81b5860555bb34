import { coveringResource, coversGroup, matchingVerbs, RBAC_KINDS, RBAC_URI, rulesToCheck, through } from './rbac-helpers';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/**
 * Pods are created by controllers, not by people or applications: whoever can create a pod in a
 * namespace can run it with any ServiceAccount and mount any Secret of that namespace. Checked on
 * Roles and ClusterRoles (with what their `aggregationRule` pulls in), and on bindings to the
 * built-in `admin` and `edit`, which create pods.
 */
export const PodCreate: Rule = {
  id: 'PodCreate',
  title: 'no Role grants create on pods',
  fix: 'grant create on the controllers (Deployments, Jobs) instead; a controller that must create pods acknowledges this rule with its reason',
  helpUri: `${RBAC_URI}#workload-creation`,
  kinds: RBAC_KINDS,
  check: (object, context) => {
    const rules = rulesToCheck(object, context);
    if (!rules) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const rule of rules) {
      const entry = coveringResource(rule, 'pods');
      const verbs = matchingVerbs(rule, ['create']);
      if (!coversGroup(rule, '') || entry === undefined || verbs.length === 0) continue;
      findings.push({
        path: rule.from ? rule.path : `${rule.path}.verbs`,
        message: `${object.kind} "${object.name}" lets its subjects create pods${entry === 'pods' ? '' : ` ("${entry}")`}${through(rule)}`,
      });
    }
    return outcome(findings);
  },
};
