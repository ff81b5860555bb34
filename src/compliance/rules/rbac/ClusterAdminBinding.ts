import { BINDING_KINDS, RBAC_URI, resolveRoleRef, rulesOfResolved, through } from './rbac-helpers';
import { adminEquivalence, CLUSTER_ADMIN_ROLE } from '../../../standards/rbac';
import { NOT_APPLICABLE, outcome, Rule } from '../../rule';

/**
 * Nothing in an application's manifests makes a subject an administrator: no binding refers to
 * the built-in `cluster-admin`, nor to a role that is one in all but name (`adminEquivalence`):
 * every read and write verb on every resource (of the core group or of every group), `*` or
 * written out, from one rule or several, its own or pulled in through an `aggregationRule`; or
 * `bind`, `escalate` or (cluster-wide) `impersonate` used so that they lead there. A binding to a
 * role that is neither among the objects nor built in is UnresolvedRoleRef's to report.
 */
export const ClusterAdminBinding: Rule = {
  id: 'ClusterAdminBinding',
  title: 'no RoleBinding or ClusterRoleBinding refers to cluster-admin or to a role that amounts to it',
  fix: 'bind a Role that grants only what the subject needs; keep cluster administration out of application manifests',
  helpUri: `${RBAC_URI}#least-privilege`,
  kinds: BINDING_KINDS,
  check: (object, context) => {
    const role = resolveRoleRef(object, context);
    if (!role) return object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding' ? outcome([]) : NOT_APPLICABLE;
    const where = object.kind !== 'RoleBinding' ? '' : object.namespace ? ` in namespace ${object.namespace}` : ' in its namespace';
    if (role.kind === 'ClusterRole' && role.name === CLUSTER_ADMIN_ROLE) {
      return outcome([{ path: 'roleRef.name', message: `${object.kind} "${object.name}" grants ${CLUSTER_ADMIN_ROLE}${where}` }]);
    }
    const rules = rulesOfResolved(role, context, 'roleRef.name');
    const why = adminEquivalence(rules, object.kind === 'ClusterRoleBinding');
    if (why === undefined) return outcome([]);
    // where the verdict comes from one rule pulled in from another role, say which
    const single = rules.find(r => r.from !== `${role.kind} "${role.name}"` && adminEquivalence([r], object.kind === 'ClusterRoleBinding') !== undefined);
    return outcome([{
      path: 'roleRef.name',
      message: `${object.kind} "${object.name}" grants ${role.kind} "${role.name}"${where}, which amounts to ${CLUSTER_ADMIN_ROLE}: ${why}${single ? through(single) : ''}`,
    }]);
  },
};
