import { PSS_CHECKS } from '../../../standards/pss';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPss, pssRule } from '../pod-helpers';

/**
 * Every container must run as non-root: `runAsNonRoot: true` on the pod or the container, never
 * false. Pods in a user namespace (`hostUsers: false`) are exempt from 1.35.
 */
export const RunAsNonRoot: Rule = {
  id: 'RunAsNonRoot',
  title: 'runAsNonRoot is true for every container (pod level or container level), never false',
  fix: 'set securityContext.runAsNonRoot: true on the pod (and remove runAsNonRoot: false from containers)',
  ...pssRule(PSS_CHECKS.runAsNonRoot),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.runAsNonRoot, (pod, _variant, findings) => {
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
