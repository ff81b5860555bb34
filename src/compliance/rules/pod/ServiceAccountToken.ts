import { asString } from '../../json';
import { podSpecOf } from '../../objects';
import { COMPLIANT, NOT_APPLICABLE, outcome, Rule } from '../../rule';

/**
 * API credentials are mounted only where the API is needed. A pod is compliant when it sets
 * `automountServiceAccountToken: false`, or leaves it unset and its ServiceAccount (found in the
 * same set of objects, same namespace) sets it to false. A ServiceAccount is compliant when it
 * sets `automountServiceAccountToken: false`.
 */
export const ServiceAccountToken: Rule = {
  id: 'ServiceAccountToken',
  title: 'service account tokens are not mounted automatically',
  fix: 'set automountServiceAccountToken: false on the pod and on its ServiceAccount; a pod that calls the Kubernetes API (a controller) mounts the token itself (automountServiceAccountToken: true on the pod), its own ServiceAccount is granted only the permissions it uses (a Role with exactly those rules), and the finding is acknowledged with that reason',
  helpUri: 'https://hub.armosec.io/docs/c-0034',
  check: (object, context) => {
    if (object.kind === 'ServiceAccount') {
      return object.json.automountServiceAccountToken === false ? COMPLIANT : outcome([{
        path: 'automountServiceAccountToken',
        message: `ServiceAccount "${object.name}" lets pods mount its token by default (automountServiceAccountToken is ${object.json.automountServiceAccountToken === true ? 'true' : 'unset'})`,
      }]);
    }
    const pod = podSpecOf(object);
    if (!pod) return NOT_APPLICABLE;
    const own = pod.spec.automountServiceAccountToken;
    if (own === false) return COMPLIANT;
    const saName = asString(pod.spec.serviceAccountName) ?? asString(pod.spec.serviceAccount) ?? 'default';
    if (own === true) {
      return outcome([{ path: `${pod.path}.automountServiceAccountToken`, message: `the pod mounts the token of ServiceAccount "${saName}" (automountServiceAccountToken: true)` }]);
    }
    const account = context.find('ServiceAccount', object.namespace, saName);
    if (account && account.json.automountServiceAccountToken === false) return COMPLIANT;
    return outcome([{
      path: `${pod.path}.automountServiceAccountToken`,
      message: account
        ? `the pod does not set automountServiceAccountToken and ServiceAccount "${saName}" does not set it to false`
        : `the pod does not set automountServiceAccountToken and its ServiceAccount "${saName}" is not among the checked objects`,
    }]);
  },
};
