import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPod, PSS_URI } from '../pod-helpers';

/**
 * Containers must run as non-root: `runAsNonRoot: true` on the pod (covering every container that
 * does not override it) or on each container; `false` is refused at either level.
 */
export const RunAsNonRoot: Rule = {
  id: 'RunAsNonRoot',
  title: 'runAsNonRoot is true for every container (pod level or container level), never false',
  fix: 'set securityContext.runAsNonRoot: true on the pod (and remove runAsNonRoot: false from containers)',
  helpUri: `${PSS_URI}#restricted`,
  check: (object) => checkPod(object, (pod, findings) => {
    const podValue = pod.securityContext?.runAsNonRoot;
    if (podValue === false) {
      findings.push({ path: `${pod.path}.securityContext.runAsNonRoot`, message: 'the pod sets runAsNonRoot: false' });
    }
    for (const c of pod.containers) {
      const value = c.securityContext?.runAsNonRoot;
      if (value === false) {
        findings.push({ path: `${c.path}.securityContext.runAsNonRoot`, message: `${describeContainer(c)} sets runAsNonRoot: false` });
      } else if (value !== true && podValue !== true) {
        findings.push({ path: `${c.path}.securityContext.runAsNonRoot`, message: `neither the pod nor ${describeContainer(c)} sets runAsNonRoot: true` });
      }
    }
  }),
};
