import { BINDING_KINDS, lookupNamespace, resolveRoleRef } from './rbac-helpers';
import { isBuiltInRole } from '../../../standards/rbac';
import { NOT_APPLICABLE, outcome, Rule } from '../../rule';
import { Severity } from '../../severity';

/**
 * Every binding refers to a role the check can read: one among the objects checked, or one
 * Kubernetes creates itself (the bootstrap policy's ClusterRoles, the controllers'
 * `system:controller:*` roles, the Roles of kube-system and kube-public). A binding to any other
 * role grants what nobody judged: the other RBAC rules pass it for want of its rules. Reported so
 * that a reader sees what was not judged: at most info for a RoleBinding (one namespace), the
 * pack's severity for a ClusterRoleBinding (the whole cluster).
 */
export const UnresolvedRoleRef: Rule = {
  id: 'UnresolvedRoleRef',
  title: 'every binding refers to a role among the objects checked or built into Kubernetes',
  fix: 'check the binding together with the role it refers to (apply them from one set of manifests), or check the role where it is defined',
  helpUri: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding',
  kinds: BINDING_KINDS,
  check: (object, context) => {
    if (!BINDING_KINDS.includes(object.kind)) return NOT_APPLICABLE;
    const role = resolveRoleRef(object, context);
    if (!role || role.object || isBuiltInRole(role.kind, role.name, lookupNamespace(object))) return outcome([]);
    const clusterWide = object.kind === 'ClusterRoleBinding';
    const where = role.kind === 'Role' ? ` in namespace ${lookupNamespace(object)}` : '';
    return outcome([{
      path: 'roleRef.name',
      message: `${object.kind} "${object.name}" refers to ${role.kind} "${role.name}"${where}, which is neither among the objects checked nor built into Kubernetes: what it grants${clusterWide ? ' cluster-wide' : ''} was not judged`,
      severity: clusterWide ? undefined : Severity.INFO,
    }]);
  },
};
