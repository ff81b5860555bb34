import { asString } from '../../json';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPod, isSet, PSS_URI, render, sub } from '../pod-helpers';

const ALLOWED = new Set(['RuntimeDefault', 'Localhost']);

/**
 * A seccomp profile must be set explicitly: `seccompProfile.type` RuntimeDefault or Localhost on
 * the pod (covering containers that do not override it) or on every container. Any other value,
 * at either level, is refused. Not applicable to Windows pods.
 */
export const SeccompRestricted: Rule = {
  id: 'SeccompRestricted',
  title: 'seccompProfile.type is RuntimeDefault or Localhost for every container',
  fix: 'set securityContext.seccompProfile: {type: RuntimeDefault} on the pod',
  helpUri: `${PSS_URI}#restricted`,
  check: (object) => checkPod(object, (pod, findings) => {
    if (pod.windows) return;
    const podType = sub(pod.securityContext, 'seccompProfile')?.type;
    const podValid = ALLOWED.has(asString(podType) ?? '');
    if (isSet(podType) && !podValid) {
      findings.push({ path: `${pod.path}.securityContext.seccompProfile.type`, message: `the pod's seccomp profile type is ${render(podType)}` });
    }
    for (const c of pod.containers) {
      const type = sub(c.securityContext, 'seccompProfile')?.type;
      if (isSet(type)) {
        if (!ALLOWED.has(asString(type) ?? '')) {
          findings.push({ path: `${c.path}.securityContext.seccompProfile.type`, message: `${describeContainer(c)} sets seccomp profile type ${render(type)}` });
        }
      } else if (!podValid) {
        findings.push({ path: `${c.path}.securityContext.seccompProfile`, message: `neither the pod nor ${describeContainer(c)} sets a seccomp profile` });
      }
    }
  }),
};
