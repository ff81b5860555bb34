import { Construct } from 'constructs';
import { SeparatedRbac, Subject } from '../src/rbac';

/**
 * The example cluster's access model: administrators, infrastructure managers and auditors from
 * the identity provider's groups, and for each tenant namespace a CI group that deploys into it
 * and a developer group that reads it.
 *
 * @param scope where to add it (the example's cluster-wide chart)
 * @param tenants the tenant namespaces, e.g. ['storefront', 'payments']
 */
export function exampleRbac(scope: Construct, tenants: string[]): SeparatedRbac {
  return new SeparatedRbac(scope, 'rbac', {
    clusterAdmins: [Subject.group('k8s-admins')],
    infrastructureManagers: [Subject.group('platform-ops')],
    auditors: [Subject.group('security-audit')],
    tenants: tenants.map(name => ({
      name,
      deployers: [Subject.group(`${name}-ci`)],
      developers: [Subject.group(`${name}-devs`)],
    })),
  });
}
