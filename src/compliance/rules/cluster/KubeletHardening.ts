import { CONFIG_KINDS, configurationOf, DOCS } from './flags';
import { KUBELET_API_VERSION } from '../../../standards/control-plane';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/**
 * The kubelet's node hardening: `protectKernelDefaults: true` (it does not change kernel
 * settings), `seccompDefault: true` (the runtime's default seccomp profile for every container
 * that sets none), idle `exec`/`port-forward` streams time out (`streamingConnectionIdleTimeout`
 * not 0), and `makeIPTablesUtilChains` not turned off.
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
    if (config.makeIPTablesUtilChains === false) {
      findings.push({ path: 'makeIPTablesUtilChains', message: 'the kubelet does not keep its iptables chains in place' });
    }
    return outcome(findings);
  },
};
