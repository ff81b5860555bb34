import { DROP_ALL_CAPABILITIES, PSS_CHECKS, RESTRICTED_ADDABLE_CAPABILITIES } from '../../../standards/pss';
import { asArray } from '../../json';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPss, pssRule, render, sub } from '../pod-helpers';

/**
 * Every container drops ALL capabilities and adds back at most NET_BIND_SERVICE (from 1.22;
 * Windows pods exempt from 1.25).
 */
export const CapabilitiesRestricted: Rule = {
  id: 'CapabilitiesRestricted',
  title: `capabilities.drop includes ${DROP_ALL_CAPABILITIES} and capabilities.add is at most ${RESTRICTED_ADDABLE_CAPABILITIES.join(', ')}`,
  fix: `set securityContext.capabilities: {drop: [${DROP_ALL_CAPABILITIES}]} (add only ${RESTRICTED_ADDABLE_CAPABILITIES.join(', ')}, if the process binds a port below 1024)`,
  ...pssRule(PSS_CHECKS.capabilitiesRestricted),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.capabilitiesRestricted, (pod, variant, findings) => {
    const allowed = variant.allowed ?? [];
    for (const c of pod.containers) {
      const caps = sub(c.securityContext, 'capabilities');
      if (!asArray(caps?.drop).includes(DROP_ALL_CAPABILITIES)) {
        findings.push({ path: `${c.path}.securityContext.capabilities.drop`, message: `${describeContainer(c)} does not drop ${DROP_ALL_CAPABILITIES} capabilities` });
      }
      asArray(caps?.add).forEach((cap, i) => {
        if (typeof cap !== 'string' || !allowed.includes(cap)) {
          findings.push({ path: `${c.path}.securityContext.capabilities.add[${i}]`, message: `${describeContainer(c)} adds capability ${render(cap)}` });
        }
      });
    }
  }),
};
