import { coveringResource, coversGroup, matchingVerbs, RBAC_KINDS, rulesToCheck, through } from './rbac-helpers';
import { containerEntry } from '../../../standards/rbac';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/**
 * Getting inside a running container is an operator's tool, not an application's grant: no
 * `create` on `pods/exec` or `pods/attach`, nor `get` before Kubernetes 1.35 (it opens them over
 * WebSocket until the API server checks `create` as well; the cluster's version is the check's
 * `kubernetesMinor`), no `update`
 * or `patch` on `pods/ephemeralcontainers` (`kubectl debug`), whether named or through `*`,
 * `*\/exec` or `pods/*`. Checked on Roles and ClusterRoles (with what their `aggregationRule`
 * pulls in), and on bindings to the built-in `admin` and `edit`, which grant all three.
 */
export const PodExec: Rule = {
  id: 'PodExec',
  title: 'no Role lets its subjects exec into, attach to or add ephemeral containers to running pods',
  fix: 'remove pods/exec, pods/attach and pods/ephemeralcontainers from the Role; debug through a break-glass role outside the application',
  helpUri: 'https://hub.armosec.io/docs/c-0002',
  kinds: RBAC_KINDS,
  check: (object, context) => {
    const rules = rulesToCheck(object, context);
    if (!rules) return NOT_APPLICABLE;
    // one finding per rule and subresource; rules pulled in from elsewhere share the path they are reported at
    const found = new Map<string, { path: string; resource: string; how: string; verbs: Set<string>; via: string }>();
    for (const rule of rules) {
      if (!coversGroup(rule, '')) continue;
      for (const { resource, verbs } of containerEntry(context.kubernetesMinor)) {
        const entry = coveringResource(rule, resource);
        const granted = matchingVerbs(rule, verbs);
        if (entry === undefined || granted.length === 0) continue;
        const path = rule.from ? rule.path : `${rule.path}.resources`;
        const key = `${rule.path}\u0000${resource}`;
        const f = found.get(key) ?? { path, resource, how: entry === resource ? '' : ` ("${entry}")`, verbs: new Set<string>(), via: through(rule) };
        granted.forEach(v => f.verbs.add(v));
        found.set(key, f);
      }
    }
    const findings: RuleFinding[] = [...found.values()].map(f => ({
      path: f.path,
      message: `${object.kind} "${object.name}" lets its subjects use ${f.resource}${f.how} (${[...f.verbs].join(', ')})${f.via}`,
    }));
    return outcome(findings);
  },
};
