import { bindingOf, name, RBAC_URI } from './rbac-helpers';
import { NOT_APPLICABLE, outcome, Rule } from '../../rule';

/** Nothing in an application's manifests binds the `cluster-admin` ClusterRole. */
export const ClusterAdminBinding: Rule = {
  id: 'ClusterAdminBinding',
  title: 'no RoleBinding or ClusterRoleBinding refers to cluster-admin',
  fix: 'bind a Role that grants only what the subject needs; keep cluster administration out of application manifests',
  helpUri: `${RBAC_URI}#least-privilege`,
  check: (object) => {
    const binding = bindingOf(object);
    if (!binding) return NOT_APPLICABLE;
    if (name(binding.roleRef?.kind) === 'ClusterRole' && name(binding.roleRef?.name) === 'cluster-admin') {
      return outcome([{ path: 'roleRef.name', message: `${object.kind} "${object.name}" grants cluster-admin` }]);
    }
    return outcome([]);
  },
};
