import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPod, PSS_URI, sub } from '../pod-helpers';

/** Seccomp may not be explicitly disabled: no `seccompProfile.type: Unconfined` anywhere. */
export const SeccompBaseline: Rule = {
  id: 'SeccompBaseline',
  title: 'seccompProfile.type is never Unconfined',
  fix: 'set seccompProfile.type to RuntimeDefault (or Localhost with a profile)',
  helpUri: `${PSS_URI}#baseline`,
  check: (object) => checkPod(object, (pod, findings) => {
    if (sub(pod.securityContext, 'seccompProfile')?.type === 'Unconfined') {
      findings.push({ path: `${pod.path}.securityContext.seccompProfile.type`, message: 'the pod disables seccomp (Unconfined)' });
    }
    for (const c of pod.containers) {
      if (sub(c.securityContext, 'seccompProfile')?.type === 'Unconfined') {
        findings.push({ path: `${c.path}.securityContext.seccompProfile.type`, message: `${describeContainer(c)} disables seccomp (Unconfined)` });
      }
    }
  }),
};
