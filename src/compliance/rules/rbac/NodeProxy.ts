import { coveringResource, coversGroup, RBAC_KINDS, RBAC_URI, rulesToCheck, through } from './rbac-helpers';
import { NODE_PROXY } from '../../../standards/rbac';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/**
 * Nobody reaches the kubelet through `nodes/proxy`: it serves every endpoint of the kubelet's API,
 * running commands in any container of the node included, and every HTTP method maps to a verb,
 * so any verb on it is a way in (`get` as well, over WebSocket).
 */
export const NodeProxy: Rule = {
  id: 'NodeProxy',
  title: `no Role grants any verb on ${NODE_PROXY}`,
  fix: 'remove nodes/proxy; grant the node subresources the agent reads instead (nodes/metrics, nodes/stats; from Kubernetes 1.36 also nodes/pods, nodes/healthz, nodes/configz)',
  helpUri: `${RBAC_URI}#access-to-proxy-subresource-of-nodes`,
  kinds: RBAC_KINDS,
  check: (object, context) => {
    const rules = rulesToCheck(object, context);
    if (!rules) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const rule of rules) {
      const entry = coveringResource(rule, NODE_PROXY);
      if (!coversGroup(rule, '') || entry === undefined || rule.verbs.length === 0) continue;
      findings.push({
        path: rule.from ? rule.path : `${rule.path}.resources`,
        message: `${object.kind} "${object.name}" lets its subjects reach the kubelet through ${NODE_PROXY}${entry === NODE_PROXY ? '' : ` ("${entry}")`} (${rule.verbs.join(', ')})${through(rule)}`,
      });
    }
    return outcome(findings);
  },
};
