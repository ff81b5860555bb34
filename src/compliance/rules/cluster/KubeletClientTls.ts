import { CONFIG_KINDS, configurationOf, DOCS } from './flags';
import { KUBELET_API_VERSION } from '../../../standards/control-plane';
import { asString, dig } from '../../json';
import { NOT_APPLICABLE, outcome, Rule } from '../../rule';

/** The kubelet authenticates clients by certificate: `authentication.x509.clientCAFile` is set (Kubescape C-0070). */
export const KubeletClientTls: Rule = {
  id: 'KubeletClientTls',
  title: 'KubeletConfiguration authentication.x509.clientCAFile is set',
  fix: 'set authentication.x509.clientCAFile to the CA of the API server\'s kubelet client certificate (kubeadm: /etc/kubernetes/pki/ca.crt)',
  helpUri: DOCS.KUBELET_AUTH,
  kinds: [CONFIG_KINDS.KUBELET],
  check: (object) => {
    const config = configurationOf(object, [KUBELET_API_VERSION], CONFIG_KINDS.KUBELET);
    if (!config) return NOT_APPLICABLE;
    return outcome(asString(dig(config, 'authentication', 'x509', 'clientCAFile')) ? [] : [{
      path: 'authentication.x509.clientCAFile',
      message: 'the kubelet cannot verify the API server\'s client certificate: no client CA',
    }]);
  },
};
