import { PSS_CHECKS } from '../../../standards/pss';
import { asObject, isObject } from '../../json';
import { ContainerRef, describeContainer } from '../../objects';
import { Rule, RuleFinding } from '../../rule';
import { checkPss, pssRule, render } from '../pod-helpers';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HOOKS = ['postStart', 'preStop'];
const ACTIONS = ['httpGet', 'tcpSocket'];

/** The handler's findings: an action of it that targets a host. */
function checkHandler(c: ContainerRef, where: string, handler: unknown, findings: RuleFinding[]): void {
  if (!isObject(handler)) return;
  for (const action of ACTIONS) {
    const host = asObject(handler[action])?.host;
    if (host !== undefined && host !== null && host !== '') {
      findings.push({ path: `${c.path}.${where}.${action}.host`, message: `${describeContainer(c)} ${where} targets host ${render(host)}` });
    }
  }
}

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
      for (const p of PROBES) checkHandler(c, p, c.json[p], findings);
      const lifecycle = asObject(c.json.lifecycle);
      if (lifecycle) for (const h of HOOKS) checkHandler(c, `lifecycle.${h}`, lifecycle[h], findings);
    }
  }),
};
