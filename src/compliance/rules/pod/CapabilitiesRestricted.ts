import { asArray } from '../../json';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPod, PSS_URI, render, sub } from '../pod-helpers';

/**
 * Every container drops ALL capabilities and adds back at most NET_BIND_SERVICE. Not applicable
 * to Windows pods.
 */
export const CapabilitiesRestricted: Rule = {
  id: 'CapabilitiesRestricted',
  title: 'capabilities.drop includes ALL and capabilities.add is at most NET_BIND_SERVICE',
  fix: 'set securityContext.capabilities: {drop: [ALL]} (add only NET_BIND_SERVICE, if the process binds a port below 1024)',
  helpUri: `${PSS_URI}#restricted`,
  check: (object) => checkPod(object, (pod, findings) => {
    if (pod.windows) return;
    for (const c of pod.containers) {
      const caps = sub(c.securityContext, 'capabilities');
      if (!asArray(caps?.drop).includes('ALL')) {
        findings.push({ path: `${c.path}.securityContext.capabilities.drop`, message: `${describeContainer(c)} does not drop ALL capabilities` });
      }
      asArray(caps?.add).forEach((cap, i) => {
        if (cap !== 'NET_BIND_SERVICE') {
          findings.push({ path: `${c.path}.securityContext.capabilities.add[${i}]`, message: `${describeContainer(c)} adds capability ${render(cap)}` });
        }
      });
    }
  }),
};
