import { CONFIG_KINDS, configurationOf, DOCS } from './flags';
import { ALWAYS_ALLOW, KUBELET_API_VERSION, KUBELET_WEBHOOK } from '../../../standards/control-plane';
import { dig } from '../../json';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/**
 * The kubelet asks the API server who may do what: bearer tokens checked by webhook
 * (`authentication.webhook.enabled` not false) and `authorization.mode` not AlwaysAllow (the
 * v1beta1 file's defaults are true and Webhook).
 */
export const KubeletAuthorization: Rule = {
  id: 'KubeletAuthorization',
  title: `KubeletConfiguration authorizes requests through the API server (${KUBELET_WEBHOOK})`,
  fix: `set authentication.webhook.enabled: true and authorization.mode: ${KUBELET_WEBHOOK}`,
  helpUri: DOCS.KUBELET_AUTH,
  kinds: [CONFIG_KINDS.KUBELET],
  check: (object) => {
    const config = configurationOf(object, [KUBELET_API_VERSION], CONFIG_KINDS.KUBELET);
    if (!config) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    if (dig(config, 'authentication', 'webhook', 'enabled') === false) {
      findings.push({ path: 'authentication.webhook.enabled', message: 'the kubelet does not check bearer tokens with the API server' });
    }
    if (dig(config, 'authorization', 'mode') === ALWAYS_ALLOW) {
      findings.push({ path: 'authorization.mode', message: `every authenticated request to the kubelet is allowed (${ALWAYS_ALLOW}), whatever RBAC says` });
    }
    return outcome(findings);
  },
};
