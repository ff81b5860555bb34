import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPod } from '../pod-helpers';

/**
 * Every container runs with a non-root primary group: `runAsGroup` set and non-zero (container
 * level overriding pod level), and the pod's `fsGroup`, when set, is not 0.
 */
export const RunAsGroup: Rule = {
  id: 'RunAsGroup',
  title: 'runAsGroup is set and non-zero for every container; fsGroup is not 0',
  fix: 'set securityContext.runAsGroup (and fsGroup) on the pod to a non-zero id, e.g. 65532',
  helpUri: 'https://hub.armosec.io/docs/c-0013',
  check: (object) => checkPod(object, (pod, findings) => {
    const podGroup = pod.securityContext?.runAsGroup;
    if (pod.securityContext?.fsGroup === 0) {
      findings.push({ path: `${pod.path}.securityContext.fsGroup`, message: 'the pod sets fsGroup: 0 (root group owns its volumes)' });
    }
    for (const c of pod.containers) {
      const own = c.securityContext?.runAsGroup;
      const effective = own ?? podGroup;
      const path = own !== undefined ? `${c.path}.securityContext.runAsGroup` : `${pod.path}.securityContext.runAsGroup`;
      if (effective === undefined || effective === null) {
        findings.push({ path: `${c.path}.securityContext.runAsGroup`, message: `neither the pod nor ${describeContainer(c)} sets runAsGroup (the image's group, often root, applies)` });
      } else if (effective === 0) {
        findings.push({ path, message: `${describeContainer(c)} runs with group 0 (root)` });
      }
    }
  }),
};
