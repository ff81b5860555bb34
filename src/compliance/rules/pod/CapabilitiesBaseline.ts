import { BASELINE_ADDABLE_CAPABILITIES, PSS_CHECKS } from '../../../standards/pss';
import { asArray } from '../../json';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPss, pssRule, render, sub } from '../pod-helpers';

/** Containers may add only capabilities of the runtime's default set. */
export const CapabilitiesBaseline: Rule = {
  id: 'CapabilitiesBaseline',
  title: 'capabilities.add holds only capabilities of the runtime default set',
  fix: `remove the capability from capabilities.add; allowed: ${BASELINE_ADDABLE_CAPABILITIES.join(', ')}`,
  ...pssRule(PSS_CHECKS.capabilitiesBaseline),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.capabilitiesBaseline, (pod, variant, findings) => {
    const allowed = variant.allowed ?? [];
    for (const c of pod.containers) {
      asArray(sub(c.securityContext, 'capabilities')?.add).forEach((cap, i) => {
        if (typeof cap !== 'string' || !allowed.includes(cap)) {
          findings.push({ path: `${c.path}.securityContext.capabilities.add[${i}]`, message: `${describeContainer(c)} adds capability ${render(cap)}` });
        }
      });
    }
  }),
};
