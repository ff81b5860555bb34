import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPod, PSS_URI } from '../pod-helpers';

/** A privileged container disables most isolation: `securityContext.privileged` must be unset or false. */
export const PrivilegedContainer: Rule = {
  id: 'PrivilegedContainer',
  title: 'securityContext.privileged is unset or false on every container',
  fix: 'set securityContext.privileged to false; grant the single capability needed instead, if any',
  helpUri: `${PSS_URI}#baseline`,
  check: (object) => checkPod(object, (pod, findings) => {
    for (const c of pod.containers) {
      if (c.securityContext?.privileged === true) {
        findings.push({ path: `${c.path}.securityContext.privileged`, message: `${describeContainer(c)} is privileged` });
      }
    }
  }),
};
