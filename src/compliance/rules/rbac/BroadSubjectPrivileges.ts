import { BINDING_KINDS, bindingOf, coveringResource, name, PolicyRuleRef, RBAC_URI, resolveRoleRef, rulesOfResolved, through } from './rbac-helpers';
import { CLUSTER_TAKEOVER_RESOURCES, standsForMany } from '../../../standards/rbac';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

function takeover(rules: readonly PolicyRuleRef[]): { rule: PolicyRuleRef; resource: string } | undefined {
  for (const rule of rules) {
    if (rule.verbs.length === 0) continue;
    const resource = CLUSTER_TAKEOVER_RESOURCES.find(r => coveringResource(rule, r) !== undefined);
    if (resource !== undefined) return { rule, resource };
  }
  return undefined;
}

/**
 * No group that stands for many callers (`system:authenticated`, `system:unauthenticated`,
 * `system:anonymous`, `system:serviceaccounts`, `system:serviceaccounts:<namespace>`) is bound to
 * a role that reaches pods, workloads, nodes or Secrets with any verb: the built-in `cluster-admin`,
 * `admin`, `edit` and `view`, or such a role among the objects (with what its `aggregationRule`
 * pulls in). A role that is neither among the objects nor built in cannot be judged and passes.
 */
export const BroadSubjectPrivileges: Rule = {
  id: 'BroadSubjectPrivileges',
  title: 'no binding gives every authenticated user or every ServiceAccount access to pods, workloads, nodes or Secrets',
  fix: 'bind the role to the ServiceAccounts, users or groups that need it, by name',
  helpUri: `${RBAC_URI}#hardening`,
  kinds: BINDING_KINDS,
  check: (object, context) => {
    const binding = bindingOf(object);
    if (!binding) return NOT_APPLICABLE;
    const broad = binding.subjects.map((s, i) => [name(s.name), i] as const).filter(([n]) => standsForMany(n));
    if (broad.length === 0) return outcome([]);
    const role = resolveRoleRef(object, context);
    const found = role && takeover(rulesOfResolved(role, context, 'roleRef.name'));
    if (!role || !found) return outcome([]);
    const findings: RuleFinding[] = broad.map(([subject, i]) => ({
      path: `subjects[${i}].name`,
      message: `${object.kind} "${object.name}" gives ${subject} ${role.kind} "${role.name}", which reaches ${found.resource}${through(found.rule)}`,
    }));
    return outcome(findings);
  },
};
