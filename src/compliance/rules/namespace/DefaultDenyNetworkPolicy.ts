import { DIRECTIONS } from '../../../standards/network-policy';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';
import { specsSelectingNamespace } from '../network-policies';

/**
 * Every Namespace in the set has a default deny for both Ingress and Egress, in one policy or
 * several: a NetworkPolicy with an empty podSelector that governs the direction with no rules, a
 * CiliumNetworkPolicy with an empty endpointSelector, or a CiliumClusterwideNetworkPolicy that
 * selects every endpoint of the namespace, whose rules in the direction select no peer (`[{}]`)
 * or deny the `all` entity. Namespaced policies are matched by `metadata.namespace` equal to the
 * Namespace's name (`default` for a policy without namespace).
 */
export const DefaultDenyNetworkPolicy: Rule = {
  id: 'DefaultDenyNetworkPolicy',
  title: 'every Namespace has a default-deny network policy for Ingress and Egress',
  fix: 'add a NetworkPolicy in the namespace with podSelector: {}, policyTypes: [Ingress, Egress] and no rules, then allow what is needed explicitly',
  helpUri: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies',
  kinds: ['Namespace'],
  check: (object, context) => {
    if (object.kind !== 'Namespace') return NOT_APPLICABLE;
    const specs = specsSelectingNamespace(context, object.name);
    const findings: RuleFinding[] = [];
    for (const d of DIRECTIONS) {
      if (!specs.some(s => s.effects[d].allowsNothing || s.effects[d].deniesEverything)) {
        findings.push({ path: 'metadata.name', message: `namespace "${object.name}" has no default-deny network policy for ${d}` });
      }
    }
    return outcome(findings);
  },
};
