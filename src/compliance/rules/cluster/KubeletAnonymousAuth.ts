import { CONFIG_KINDS, configurationOf, DOCS } from './flags';
import { KUBELET_API_VERSION } from '../../../standards/control-plane';
import { dig } from '../../json';
import { NOT_APPLICABLE, outcome, Rule } from '../../rule';

/**
 * The kubelet refuses anonymous requests: `authentication.anonymous.enabled` is not true
 * (Kubescape C-0069; the v1beta1 file's default is false).
 */
export const KubeletAnonymousAuth: Rule = {
  id: 'KubeletAnonymousAuth',
  title: 'KubeletConfiguration authentication.anonymous.enabled is not true',
  fix: 'set authentication.anonymous.enabled: false',
  helpUri: DOCS.KUBELET_AUTH,
  kinds: [CONFIG_KINDS.KUBELET],
  check: (object) => {
    const config = configurationOf(object, [KUBELET_API_VERSION], CONFIG_KINDS.KUBELET);
    if (!config) return NOT_APPLICABLE;
    return outcome(dig(config, 'authentication', 'anonymous', 'enabled') === true
      ? [{ path: 'authentication.anonymous.enabled', message: 'the kubelet answers anonymous requests on its API (port 10250): anyone who reaches the node may read pods, logs, or exec' }]
      : []);
  },
};
