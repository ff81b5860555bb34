import { readPolicy, widePaths } from '../../../network/paths';
import { ackAnnotation, MIN_REASON_LENGTH } from '../../../standards/annotations';
import { DIRECTIONS } from '../../../standards/network-policy';
import { asObject, asString, asStringMap, dig } from '../../json';
import { describeObject, namespaceOf, podSpecOf } from '../../objects';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';
import { PolicySpec, specsSelecting } from '../network-policies';

/** Whether a policy carries its reason for opening widely (an acknowledgement of WideNetworkPolicy). */
function reasoned(spec: PolicySpec): boolean {
  const reason = asString(asObject(dig(spec.policy.json, 'metadata', 'annotations'))?.[ackAnnotation('WideNetworkPolicy')]);
  return reason !== undefined && reason.trim().length >= MIN_REASON_LENGTH;
}

/**
 * Every workload's pods are isolated for Ingress and for Egress by the network policies of its
 * namespace (NetworkPolicy, CiliumNetworkPolicy) or cluster-wide ones
 * (CiliumClusterwideNetworkPolicy), and the policies selecting them do not, taken together,
 * open a direction to (almost) every address or every pod of every namespace, as computed from what they allow (`widePaths`): several narrow policies can add up to a
 * wide one. Policies that carry their reason (the WideNetworkPolicy acknowledgement) are not
 * reported, and where they already open every address on a port, the others add nothing there. Cilium policies are read by spelling only: a rule on the `all` entity without ports.
 * An object without namespace is in `default`. PodTemplates are not workloads.
 */
export const NetworkPolicySelectsWorkload: Rule = {
  id: 'NetworkPolicySelectsWorkload',
  title: 'every workload is selected by network policies covering Ingress and Egress, none allowing all traffic',
  fix: 'add a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress]) to the workload\'s namespace, in the same set of manifests, and allow only named peers and ports',
  helpUri: 'https://hub.armosec.io/docs/c-0030',
  check: (object, context) => {
    if (object.kind === 'PodTemplate') return NOT_APPLICABLE;
    const pod = podSpecOf(object);
    if (!pod) return NOT_APPLICABLE;
    const labels = asStringMap(pod.metadata?.labels);
    const specs = specsSelecting(context, labels, object.namespace);
    const path = `${pod.metadataPath}.labels`;
    const findings: RuleFinding[] = [];
    const missing = DIRECTIONS.filter(d => !specs.some(s => s.effects[d].governs));
    if (missing.length > 0) {
      const where = object.namespace ? `namespace "${object.namespace}"` : `namespace "${namespaceOf(undefined)}" (no metadata.namespace)`;
      findings.push({
        path,
        message: `the pods of ${describeObject(object)} are not selected by any network policy in ${where} governing ${missing.join(' or ')}`,
      });
    }
    for (const d of DIRECTIONS) {
      if (specs.some(s => s.effects[d].deniesEverything)) continue;
      const open = specs.find(s => s.kind.multiSpec && s.effects[d].openRule !== undefined);
      if (open) {
        findings.push({
          path,
          message: `the pods of ${describeObject(object)} accept all ${d === 'Ingress' ? 'incoming' : 'outgoing'} traffic: ${describeObject(open.policy)} ${open.effects[d].openRule} allows every peer on every port`,
          fix: `give ${open.effects[d].openRule} of ${describeObject(open.policy)} the peers and ports it is for, or remove it`,
        });
        continue;
      }
      const governing = specs.filter(s => !s.kind.multiSpec && s.effects[d].governs);
      const rules = governing.flatMap(s => readPolicy(s.policy.json).rules);
      const excused = new Set(governing.filter(reasoned).flatMap(s => readPolicy(s.policy.json).rules));
      // every port to one named peer is the policy's own matter (WideNetworkPolicy)
      for (const wide of widePaths(d, rules, excused).filter(w => w.what !== 'ports')) {
        const where = [...new Set(wide.rules.map(r => `${r.policy} ${r.path}`))].join(', ');
        findings.push({
          path,
          message: `the pods of ${describeObject(object)} accept ${d === 'Ingress' ? 'incoming traffic from' : 'outgoing traffic to'} ${wide.detail}, through ${where}`,
          fix: `narrow ${where} to the peers and ports the traffic needs, or record why with the WideNetworkPolicy acknowledgement on the policy`,
        });
      }
    }
    return outcome(findings);
  },
};
