import { asArray, asObject } from '../../json';
import { KubeObject } from '../../objects';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';
import { policyTypes, selectorIsEmpty } from '../selectors';

/** The directions (Ingress, Egress) a NetworkPolicy denies for every pod of its namespace. */
function deniedDirections(policy: KubeObject): string[] {
  const spec = asObject(policy.json.spec);
  if (!spec || !selectorIsEmpty(spec.podSelector)) return [];
  const types = policyTypes(spec);
  const denied: string[] = [];
  if (types.has('Ingress') && asArray(spec.ingress).length === 0) denied.push('Ingress');
  if (types.has('Egress') && asArray(spec.egress).length === 0) denied.push('Egress');
  return denied;
}

/**
 * Every Namespace in the set has a default-deny NetworkPolicy (empty podSelector, no rules) for
 * both Ingress and Egress, in one policy or two. Policies are matched by `metadata.namespace`
 * equal to the Namespace's name.
 */
export const DefaultDenyNetworkPolicy: Rule = {
  id: 'DefaultDenyNetworkPolicy',
  title: 'every Namespace has a default-deny NetworkPolicy for Ingress and Egress',
  fix: 'add a NetworkPolicy in the namespace with podSelector: {}, policyTypes: [Ingress, Egress] and no rules, then allow what is needed explicitly',
  helpUri: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies',
  check: (object, context) => {
    if (object.kind !== 'Namespace') return NOT_APPLICABLE;
    const denied = new Set<string>();
    for (const policy of context.objectsOf('NetworkPolicy', object.name)) {
      for (const d of deniedDirections(policy)) denied.add(d);
    }
    const findings: RuleFinding[] = [];
    for (const direction of ['Ingress', 'Egress']) {
      if (!denied.has(direction)) {
        findings.push({ path: 'metadata.name', message: `namespace "${object.name}" has no default-deny NetworkPolicy for ${direction}` });
      }
    }
    return outcome(findings);
  },
};
