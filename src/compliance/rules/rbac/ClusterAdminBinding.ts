import { BINDING_KINDS, grantsEverything, RBAC_URI, resolveRoleRef, rulesOfResolved, through } from './rbac-helpers';
import { CLUSTER_ADMIN_ROLE } from '../../../standards/rbac';
import { NOT_APPLICABLE, outcome, Rule } from '../../rule';

/**
 * Nothing in an application's manifests makes a subject an administrator: no binding refers to
 * the built-in `cluster-admin`, nor to a role that grants every verb on every resource (of the
 * core group or of every group), written among the objects checked or pulled in through an
 * `aggregationRule`. A binding to a role that is neither among the objects nor built in cannot
 * be judged and passes.
 */
export const ClusterAdminBinding: Rule = {
  id: 'ClusterAdminBinding',
  title: 'no RoleBinding or ClusterRoleBinding refers to cluster-admin or to a role that grants every verb on every resource',
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
    const everything = rulesOfResolved(role, context, 'roleRef.name').find(grantsEverything);
    if (everything) {
      return outcome([{
        path: 'roleRef.name',
        message: `${object.kind} "${object.name}" grants every verb on every resource${where}${through(everything)}, as ${CLUSTER_ADMIN_ROLE} does`,
      }]);
    }
    return outcome([]);
  },
};
