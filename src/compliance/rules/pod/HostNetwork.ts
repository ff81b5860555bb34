import { Rule } from '../../rule';
import { checkPod, PSS_URI } from '../pod-helpers';

/** Sharing the node's network namespace exposes node-local services: `hostNetwork` must be unset or false. */
export const HostNetwork: Rule = {
  id: 'HostNetwork',
  title: 'spec.hostNetwork is unset or false',
  fix: 'remove hostNetwork (or set it to false) and expose the pod through a Service',
  helpUri: `${PSS_URI}#baseline`,
  check: (object) => checkPod(object, (pod, findings) => {
    if (pod.spec.hostNetwork === true) {
      findings.push({ path: `${pod.path}.hostNetwork`, message: 'the pod shares the node\'s network namespace (hostNetwork: true)' });
    }
  }),
};
