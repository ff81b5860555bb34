import { PSS_CHECKS } from '../../../standards/pss';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPss, pssRule } from '../pod-helpers';

/** No container runs as user 0 (from 1.23; pods in a user namespace exempt from 1.35). */
export const RunAsUser: Rule = {
  id: 'RunAsUser',
  title: 'runAsUser is never 0, on the pod or any container',
  fix: 'set runAsUser to the non-root id the image runs as (65532 for distroless "nonroot" images)',
  ...pssRule(PSS_CHECKS.runAsUser),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.runAsUser, (pod, _variant, findings) => {
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
