import { PSS_CHECKS } from '../../../standards/pss';
import { Rule } from '../../rule';
import { checkPss, pssRule } from '../pod-helpers';

/** Sharing the node's network namespace exposes node-local services: `hostNetwork` must be unset or false. */
export const HostNetwork: Rule = {
  id: 'HostNetwork',
  title: 'spec.hostNetwork is unset or false',
  fix: 'remove hostNetwork (or set it to false) and expose the pod through a Service',
  ...pssRule(PSS_CHECKS.hostNamespaces),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.hostNamespaces, (pod, _variant, findings) => {
    if (pod.spec.hostNetwork === true) {
      findings.push({ path: `${pod.path}.hostNetwork`, message: 'the pod shares the node\'s network namespace (hostNetwork: true)' });
    }
  }),
};
