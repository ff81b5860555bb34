import { bindingOf, lookupNamespace, resolveRoleRef, rulesOfResolved } from './rbac-helpers';
import { MIN_REASON_LENGTH, REASON_ANNOTATION } from '../../../standards/annotations';
import { asObject, asString, dig } from '../../json';
import { describeObject, namespaceOf, podSpecOf } from '../../objects';
import { NOT_APPLICABLE, outcome, Rule, RuleContext, RuleFinding } from '../../rule';

const accountsCache = new WeakMap<object, ReadonlySet<string>>();

/** `namespace/name` of every ServiceAccount a pod among the objects runs as (`default` when it names none). */
function workloadAccounts(context: RuleContext): ReadonlySet<string> {
  let accounts = accountsCache.get(context.objects);
  if (!accounts) {
    const found = new Set<string>();
    for (const o of context.objects) {
      const pod = podSpecOf(o);
      if (!pod) continue;
      const name = asString(pod.spec.serviceAccountName) ?? asString(pod.spec.serviceAccount) ?? 'default';
      found.add(`${namespaceOf(o.namespace)}/${name}`);
    }
    accountsCache.set(context.objects, accounts = found);
  }
  return accounts;
}

/**
 * A workload's ServiceAccount gets a role only with a reason: a RoleBinding or ClusterRoleBinding
 * that names, among its subjects, the ServiceAccount a pod among the objects runs as, and binds
 * it to a role that grants something (not an empty Role among the objects), carries the reason in
 * `cdk8s-hardening.io/reason` (as SeparatedRbac's workload grants do) or is acknowledged. The
 * hardened workloads bind their account to an empty Role of their own: a binding added beside it
 * (a cdk8s-plus `addSubjects(workload)`), or rules added to that Role, widen what a stolen token
 * can do without anyone having said why.
 */
export const WorkloadAccountBinding: Rule = {
  id: 'WorkloadAccountBinding',
  title: 'a workload\'s ServiceAccount is bound to a role that grants something only with a recorded reason',
  fix: `grant the workload what it needs with SeparatedRbac workloadGrants, or record why on the binding in the annotation ${REASON_ANNOTATION}`,
  helpUri: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
  kinds: ['RoleBinding', 'ClusterRoleBinding'],
  check: (object, context) => {
    const binding = bindingOf(object);
    if (!binding) return NOT_APPLICABLE;
    const reason = asString(dig(object.json, 'metadata', 'annotations', REASON_ANNOTATION))?.trim() ?? '';
    if (reason.length >= MIN_REASON_LENGTH) return outcome([]);
    const accounts = workloadAccounts(context);
    const role = resolveRoleRef(object, context);
    // a role among the objects that grants nothing (a hardened workload's own Role) gives nothing
    if (role?.object && rulesOfResolved(role, context, 'roleRef.name').length === 0) return outcome([]);
    const findings: RuleFinding[] = [];
    binding.subjects.forEach((s, i) => {
      if (asString(s.kind) !== 'ServiceAccount') return;
      const namespace = asString(s.namespace) ?? (object.kind === 'RoleBinding' ? lookupNamespace(object) : undefined);
      const name = asString(s.name) ?? '';
      if (namespace === undefined || !accounts.has(`${namespace}/${name}`)) return;
      findings.push({
        path: `subjects[${i}]`,
        message: `${describeObject(object)} gives ServiceAccount ${namespace}/${name}, which a workload among the checked objects runs as, the ${asString(asObject(binding.roleRef)?.kind) ?? 'role'} "${asString(asObject(binding.roleRef)?.name) ?? ''}" without a recorded reason`,
      });
    });
    return outcome(findings);
  },
};
