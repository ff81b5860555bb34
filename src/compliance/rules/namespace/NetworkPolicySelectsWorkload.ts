import { asObject, asStringMap } from '../../json';
import { describeObject, podSpecOf } from '../../objects';
import { NOT_APPLICABLE, outcome, Rule } from '../../rule';
import { policyTypes, selectorMatches } from '../selectors';

/**
 * Every workload's pods are selected by NetworkPolicies (same namespace value, including unset)
 * that govern both Ingress and Egress. PodTemplates are not workloads and are not applicable.
 */
export const NetworkPolicySelectsWorkload: Rule = {
  id: 'NetworkPolicySelectsWorkload',
  title: 'every workload is selected by NetworkPolicies covering Ingress and Egress',
  fix: 'add a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress]) to the workload\'s namespace, in the same set of manifests',
  helpUri: 'https://hub.armosec.io/docs/c-0030',
  check: (object, context) => {
    if (object.kind === 'PodTemplate') return NOT_APPLICABLE;
    const pod = podSpecOf(object);
    if (!pod) return NOT_APPLICABLE;
    const labels = asStringMap(pod.metadata?.labels);
    const covered = new Set<string>();
    for (const policy of context.objectsOf('NetworkPolicy', object.namespace)) {
      const spec = asObject(policy.json.spec);
      if (spec && selectorMatches(spec.podSelector, labels)) {
        for (const t of policyTypes(spec)) covered.add(t);
      }
    }
    const missing = ['Ingress', 'Egress'].filter(d => !covered.has(d));
    if (missing.length === 0) return outcome([]);
    const where = object.namespace ? `namespace "${object.namespace}"` : 'the apply\'s namespace (no metadata.namespace)';
    return outcome([{
      path: `${pod.metadataPath}.labels`,
      message: `the pods of ${describeObject(object)} are not selected by any NetworkPolicy in ${where} governing ${missing.join(' or ')}`,
    }]);
  },
};
