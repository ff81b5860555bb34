import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPod, PSS_URI, render } from '../pod-helpers';

/**
 * Every container must set `allowPrivilegeEscalation: false` explicitly (the kernel default lets
 * setuid binaries gain privileges). Not applicable to Windows pods (`spec.os.name: windows`).
 */
export const PrivilegeEscalation: Rule = {
  id: 'PrivilegeEscalation',
  title: 'securityContext.allowPrivilegeEscalation is false, explicitly, on every container',
  fix: 'set securityContext.allowPrivilegeEscalation: false on the container',
  helpUri: `${PSS_URI}#restricted`,
  check: (object) => checkPod(object, (pod, findings) => {
    if (pod.windows) return;
    for (const c of pod.containers) {
      const value = c.securityContext?.allowPrivilegeEscalation;
      if (value !== false) {
        findings.push({
          path: `${c.path}.securityContext.allowPrivilegeEscalation`,
          message: value === undefined ? `${describeContainer(c)} does not set allowPrivilegeEscalation (the default allows escalation)` : `${describeContainer(c)} sets allowPrivilegeEscalation: ${render(value)}`,
        });
      }
    }
  }),
};
