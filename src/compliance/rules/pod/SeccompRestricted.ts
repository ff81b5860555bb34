import { PSS_CHECKS } from '../../../standards/pss';
import { asString } from '../../json';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPss, pssRule, render, sub } from '../pod-helpers';

/**
 * Every container runs under a RuntimeDefault or Localhost seccomp profile, set on the pod or on
 * the container (from 1.19; Windows pods exempt from 1.25).
 */
export const SeccompRestricted: Rule = {
  id: 'SeccompRestricted',
  title: 'seccompProfile.type is RuntimeDefault or Localhost for every container',
  fix: 'set securityContext.seccompProfile: {type: RuntimeDefault} on the pod',
  ...pssRule(PSS_CHECKS.seccompProfileRestricted),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.seccompProfileRestricted, (pod, variant, findings) => {
    const allowed = variant.allowed ?? [];
    const podProfile = sub(pod.securityContext, 'seccompProfile');
    const podValid = podProfile !== undefined && allowed.includes(asString(podProfile.type) ?? '');
    if (podProfile && !podValid) {
      findings.push({ path: `${pod.path}.securityContext.seccompProfile.type`, message: `the pod's seccomp profile type is ${render(podProfile.type ?? '')}` });
    }
    for (const c of pod.containers) {
      const own = sub(c.securityContext, 'seccompProfile');
      if (own) {
        if (!allowed.includes(asString(own.type) ?? '')) {
          findings.push({ path: `${c.path}.securityContext.seccompProfile.type`, message: `${describeContainer(c)} sets seccomp profile type ${render(own.type ?? '')}` });
        }
      } else if (!podValid) {
        findings.push({ path: `${c.path}.securityContext.seccompProfile`, message: `neither the pod nor ${describeContainer(c)} sets a seccomp profile` });
      }
    }
  }),
};
