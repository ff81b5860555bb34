import { PSS_CHECKS } from '../../../standards/pss';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPss, pssRule } from '../pod-helpers';

/** A privileged container has every capability and every device of the node. */
export const PrivilegedContainer: Rule = {
  id: 'PrivilegedContainer',
  title: 'securityContext.privileged is unset or false on every container',
  fix: 'set securityContext.privileged to false; grant the single capability needed instead, if any',
  ...pssRule(PSS_CHECKS.privileged),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.privileged, (pod, _variant, findings) => {
    for (const c of pod.containers) {
      if (c.securityContext?.privileged === true) {
        findings.push({ path: `${c.path}.securityContext.privileged`, message: `${describeContainer(c)} is privileged` });
      }
    }
  }),
};
