import { PSS_CHECKS } from '../../../standards/pss';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPss, pssRule, render } from '../pod-helpers';

/**
 * Every container must set `allowPrivilegeEscalation: false` explicitly (the kernel default lets
 * setuid binaries gain privileges). From 1.8; Windows pods exempt from 1.25.
 */
export const PrivilegeEscalation: Rule = {
  id: 'PrivilegeEscalation',
  title: 'securityContext.allowPrivilegeEscalation is false, explicitly, on every container',
  fix: 'set securityContext.allowPrivilegeEscalation: false on the container',
  ...pssRule(PSS_CHECKS.allowPrivilegeEscalation),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.allowPrivilegeEscalation, (pod, _variant, findings) => {
    for (const c of pod.containers) {
      const value = c.securityContext?.allowPrivilegeEscalation;
      if (value !== false) {
        findings.push({
          path: `${c.path}.securityContext.allowPrivilegeEscalation`,
          message: value === undefined || value === null
            ? `${describeContainer(c)} does not set allowPrivilegeEscalation (the default allows escalation)`
            : `${describeContainer(c)} sets allowPrivilegeEscalation: ${render(value)}`,
        });
      }
    }
  }),
};
