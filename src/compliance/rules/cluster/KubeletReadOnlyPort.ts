import { CONFIG_KINDS, configurationOf, DOCS } from './flags';
import { KUBELET_API_VERSION } from '../../../standards/control-plane';
import { NOT_APPLICABLE, outcome, Rule } from '../../rule';

/** The kubelet serves no unauthenticated read-only port: `readOnlyPort` is unset or 0. */
export const KubeletReadOnlyPort: Rule = {
  id: 'KubeletReadOnlyPort',
  title: 'KubeletConfiguration readOnlyPort is unset or 0',
  fix: 'set readOnlyPort: 0 (metrics are served on the authenticated port 10250)',
  helpUri: DOCS.KUBELET,
  kinds: [CONFIG_KINDS.KUBELET],
  check: (object) => {
    const config = configurationOf(object, [KUBELET_API_VERSION], CONFIG_KINDS.KUBELET);
    if (!config) return NOT_APPLICABLE;
    const port = config.readOnlyPort;
    return outcome(port !== undefined && port !== 0 && port !== null ? [{
      path: 'readOnlyPort',
      message: `the kubelet serves pod and node details without authentication on port ${JSON.stringify(port)}`,
    }] : []);
  },
};
