import { PSS_CHECKS } from '../../../standards/pss';
import { asArray, isObject } from '../../json';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPss, pssRule } from '../pod-helpers';

/** A hostPort binds a port on the node, bypassing network policy and limiting scheduling. */
export const HostPorts: Rule = {
  id: 'HostPorts',
  title: 'ports[*].hostPort is unset or 0 on every container',
  fix: 'remove hostPort and expose the port through a Service',
  ...pssRule(PSS_CHECKS.hostPorts),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.hostPorts, (pod, _variant, findings) => {
    for (const c of pod.containers) {
      asArray(c.json.ports).forEach((p, i) => {
        if (isObject(p) && p.hostPort !== undefined && p.hostPort !== null && p.hostPort !== 0) {
          findings.push({ path: `${c.path}.ports[${i}].hostPort`, message: `${describeContainer(c)} binds node port ${String(p.hostPort)}` });
        }
      });
    }
  }),
};
