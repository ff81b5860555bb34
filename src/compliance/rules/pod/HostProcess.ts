import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPod, PSS_URI, sub } from '../pod-helpers';

/**
 * Windows HostProcess containers have privileged access to the node: `windowsOptions.hostProcess`
 * must be unset or false, at pod level and on every container.
 */
export const HostProcess: Rule = {
  id: 'HostProcess',
  title: 'windowsOptions.hostProcess is unset or false on the pod and every container',
  fix: 'remove windowsOptions.hostProcess (or set it to false)',
  helpUri: `${PSS_URI}#baseline`,
  check: (object) => checkPod(object, (pod, findings) => {
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
