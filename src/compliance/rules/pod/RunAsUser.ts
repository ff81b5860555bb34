import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPod, PSS_URI } from '../pod-helpers';

/** `runAsUser: 0` (root) is refused on the pod and on every container. */
export const RunAsUser: Rule = {
  id: 'RunAsUser',
  title: 'runAsUser is never 0, on the pod or any container',
  fix: 'set runAsUser to the non-root id the image runs as (65532 for distroless "nonroot" images)',
  helpUri: `${PSS_URI}#restricted`,
  check: (object) => checkPod(object, (pod, findings) => {
    if (pod.securityContext?.runAsUser === 0) {
      findings.push({ path: `${pod.path}.securityContext.runAsUser`, message: 'the pod runs as root (runAsUser: 0)' });
    }
    for (const c of pod.containers) {
      if (c.securityContext?.runAsUser === 0) {
        findings.push({ path: `${c.path}.securityContext.runAsUser`, message: `${describeContainer(c)} runs as root (runAsUser: 0)` });
      }
    }
  }),
};
