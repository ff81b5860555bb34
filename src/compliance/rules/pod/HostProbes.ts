import { PSS_CHECKS } from '../../../standards/pss';
import { asObject, isObject } from '../../json';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPss, pssRule, render } from '../pod-helpers';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HOOKS = ['postStart', 'preStop'];
const ACTIONS = ['httpGet', 'tcpSocket'];

/**
 * Probes and lifecycle hooks may not target another host (baseline, Kubernetes 1.34+): the kubelet
 * would make the request from the node, on the pod's behalf.
 */
export const HostProbes: Rule = {
  id: 'HostProbes',
  title: 'probes and lifecycle hooks leave httpGet.host / tcpSocket.host unset',
  fix: 'remove the host field: probes and hooks then target the pod itself',
  ...pssRule(PSS_CHECKS.hostProbesAndHostLifecycle),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.hostProbesAndHostLifecycle, (pod, _variant, findings) => {
    for (const c of pod.containers) {
      const handlers: Array<[string, unknown]> = [
        ...PROBES.map((p): [string, unknown] => [p, c.json[p]]),
        ...HOOKS.map((h): [string, unknown] => [`lifecycle.${h}`, asObject(c.json.lifecycle)?.[h]]),
      ];
      for (const [where, handler] of handlers) {
        if (!isObject(handler)) continue;
        for (const action of ACTIONS) {
          const host = asObject(handler[action])?.host;
          if (host !== undefined && host !== null && host !== '') {
            findings.push({ path: `${c.path}.${where}.${action}.host`, message: `${describeContainer(c)} ${where} targets host ${render(host)}` });
          }
        }
      }
    }
  }),
};
