import { DIRECTIONS } from '../../../standards/network-policy';
import { asStringMap } from '../../json';
import { describeObject, namespaceOf, podSpecOf } from '../../objects';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';
import { specsSelecting } from '../network-policies';

/**
 * Every workload's pods are isolated for Ingress and for Egress by the network policies of its
 * namespace (NetworkPolicy, CiliumNetworkPolicy) or cluster-wide ones
 * (CiliumClusterwideNetworkPolicy), and no policy selecting them opens a direction to every peer
 * (a NetworkPolicy rule `{}` without from/to and ports, a Cilium rule on the `all` entity without
 * ports). An object without namespace is in `default`. PodTemplates are not workloads.
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
      const open = specs.find(s => s.effects[d].openRule !== undefined);
      if (!open) continue;
      findings.push({
        path,
        message: `the pods of ${describeObject(object)} accept all ${d === 'Ingress' ? 'incoming' : 'outgoing'} traffic: ${describeObject(open.policy)} ${open.effects[d].openRule} allows every peer on every port`,
        fix: `give ${open.effects[d].openRule} of ${describeObject(open.policy)} the peers and ports it is for, or remove it`,
      });
    }
    return outcome(findings);
  },
};
