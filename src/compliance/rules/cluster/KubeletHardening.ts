import { CONFIG_KINDS, configurationOf, DOCS } from './flags';
import { KUBELET_API_VERSION } from '../../../standards/control-plane';
import { asArray } from '../../json';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/**
 * The kubelet's node hardening: `protectKernelDefaults: true` (it does not change kernel
 * settings), `seccompDefault: true` (the runtime's default seccomp profile for every container
 * that sets none), idle `exec`/`port-forward` streams time out (`streamingConnectionIdleTimeout`
 * not 0), `makeIPTablesUtilChains` not turned off, and no `allowedUnsafeSysctls` (sysctls outside the
 * Pod Security Standards' safe list, `*` patterns above all: each is a reasoned exception, an
 * acknowledgement).
 */
export const KubeletHardening: Rule = {
  id: 'KubeletHardening',
  title: 'KubeletConfiguration protects kernel defaults, applies the default seccomp profile and times out idle streams',
  fix: 'set protectKernelDefaults: true, seccompDefault: true and streamingConnectionIdleTimeout: 5m',
  helpUri: DOCS.KUBELET,
  kinds: [CONFIG_KINDS.KUBELET],
  check: (object) => {
    const config = configurationOf(object, [KUBELET_API_VERSION], CONFIG_KINDS.KUBELET);
    if (!config) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    if (config.protectKernelDefaults !== true) {
      findings.push({ path: 'protectKernelDefaults', message: 'the kubelet changes kernel settings it disagrees with instead of refusing to start' });
    }
    if (config.seccompDefault !== true) {
      findings.push({ path: 'seccompDefault', message: 'containers without a seccomp profile run unconfined' });
    }
    const idle = config.streamingConnectionIdleTimeout;
    if (idle === 0 || (typeof idle === 'string' && /^[0.]+$/.test(idle.replace(/ns|us|µs|ms|s|m|h/g, '')))) {
      findings.push({ path: 'streamingConnectionIdleTimeout', message: `idle exec, attach and port-forward streams never time out (${JSON.stringify(idle)})` });
    }
    asArray(config.allowedUnsafeSysctls).forEach((s, i) => {
      const name = String(s);
      findings.push({
        path: `allowedUnsafeSysctls[${i}]`,
        message: name.includes('*')
          ? `pods may set every unsafe sysctl matching ${JSON.stringify(name)}, kernel settings outside the Pod Security Standards' safe list that can reach beyond the pod`
          : `pods may set the unsafe sysctl ${JSON.stringify(name)}, outside the Pod Security Standards' safe list`,
        fix: 'remove it, and set node-level kernel settings on the node; a node pool that truly needs it acknowledges KubeletHardening with the reason',
      });
    });
    if (config.makeIPTablesUtilChains === false) {
      findings.push({ path: 'makeIPTablesUtilChains', message: 'the kubelet does not keep its iptables chains in place' });
    }
    return outcome(findings);
  },
};
