import { RBAC_KINDS, RBAC_URI, rulesToCheck, through } from './rbac-helpers';
import { podRunningGrants, POD_SPEC_WRITE_VERBS, WILDCARD } from '../../../standards/rbac';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

const SHOWN = 4;

/**
 * Pods are created by controllers, not by people or applications: whoever can create a pod in a
 * namespace, or write what creates pods (a Deployment, DaemonSet, StatefulSet, ReplicaSet, Job,
 * CronJob, ReplicationController, or an operator's kind with a pod template: Argo Rollouts,
 * Volcano jobs, ...), runs it with any ServiceAccount and mounts any Secret of that namespace.
 * `create`, `update` and `patch` all write the pod template (`podRunningGrants`). Checked on Roles
 * and ClusterRoles (with what their `aggregationRule` pulls in), and on bindings to the built-in
 * `admin` and `edit`, which write them all.
 */
export const PodCreate: Rule = {
  id: 'PodCreate',
  title: 'no Role lets its subjects write pods or the workloads that create them',
  fix: 'ship workloads through a deployment pipeline whose role acknowledges this rule with its reason; a controller that must create pods acknowledges it too',
  helpUri: `${RBAC_URI}#workload-creation`,
  kinds: RBAC_KINDS,
  check: (object, context) => {
    const rules = rulesToCheck(object, context);
    if (!rules) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const rule of rules) {
      const runs = podRunningGrants(rule);
      if (runs.length === 0) continue;
      const verbs = rule.verbs.filter(v => v === WILDCARD || POD_SPEC_WRITE_VERBS.includes(v));
      const shown = runs.length > SHOWN ? `${runs.slice(0, SHOWN).join(', ')} and ${runs.length - SHOWN} more` : runs.join(', ');
      findings.push({
        path: rule.from ? rule.path : `${rule.path}.verbs`,
        message: `${object.kind} "${object.name}" lets its subjects run pods of their choosing: ${verbs.join(', ')} on ${shown}${through(rule)}`,
      });
    }
    return outcome(findings);
  },
};
