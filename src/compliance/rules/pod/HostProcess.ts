import { PSS_CHECKS } from '../../../standards/pss';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPss, pssRule, sub } from '../pod-helpers';

/**
 * Windows HostProcess containers have privileged access to the node: `windowsOptions.hostProcess`
 * must be unset or false, at pod level and on every container.
 */
export const HostProcess: Rule = {
  id: 'HostProcess',
  title: 'windowsOptions.hostProcess is unset or false on the pod and every container',
  fix: 'remove windowsOptions.hostProcess (or set it to false)',
  ...pssRule(PSS_CHECKS.windowsHostProcess),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.windowsHostProcess, (pod, _variant, findings) => {
    if (sub(pod.securityContext, 'windowsOptions')?.hostProcess === true) {
      findings.push({ path: `${pod.path}.securityContext.windowsOptions.hostProcess`, message: 'the pod runs as a Windows HostProcess pod (hostProcess: true)' });
    }
    for (const c of pod.containers) {
      if (sub(c.securityContext, 'windowsOptions')?.hostProcess === true) {
        findings.push({ path: `${c.path}.securityContext.windowsOptions.hostProcess`, message: `${describeContainer(c)} sets hostProcess: true` });
      }
    }
  }),
};
