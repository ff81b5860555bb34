import { PssCheck, PSS_CHECKS } from '../../../standards/pss';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPss, isSet, pssRule, render } from '../pod-helpers';

/** A rule keeping the default /proc masks, for the baseline or the restricted check. @internal */
export function procMountRule(id: string, pssCheck: PssCheck): Rule {
  return {
    id,
    title: 'securityContext.procMount is unset or Default on every container',
    fix: 'remove securityContext.procMount (or set it to Default)',
    ...pssRule(pssCheck),
    check: (object, context) => checkPss(object, context, pssCheck, (pod, _variant, findings) => {
      for (const c of pod.containers) {
        const value = c.securityContext?.procMount;
        if (isSet(value) && value !== 'Default') {
          findings.push({ path: `${c.path}.securityContext.procMount`, message: `${describeContainer(c)} sets procMount ${render(value)}` });
        }
      }
    }),
  };
}

/** The default /proc masks stay on (baseline; pods in a user namespace exempt from 1.35). */
export const ProcMount = procMountRule('ProcMount', PSS_CHECKS.procMount);
