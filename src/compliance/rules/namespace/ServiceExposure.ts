import { ackAnnotation } from '../../../standards/annotations';
import { EXTERNAL_SERVICE_TYPES } from '../../../standards/network-policy';
import { asArray, asObject, asString } from '../../json';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/**
 * A Service exposes pods outside the cluster only with a reason: `spec.externalIPs` (any
 * Service that sets them can take the traffic of those addresses from every node, the
 * interception pattern of CVE-2020-8554), and the types NodePort and LoadBalancer. The reason is
 * an acknowledgement on the Service: `exposeToPeers({ serviceType, serviceTypeReason })` writes it.
 */
export const ServiceExposure: Rule = {
  id: 'ServiceExposure',
  title: 'no Service exposes pods outside the cluster (externalIPs, NodePort, LoadBalancer) without a reason',
  fix: `use a ClusterIP Service behind an Ingress or Gateway, and no externalIPs; if the exposure is needed, record why (serviceTypeReason, or the annotation ${ackAnnotation('ServiceExposure')})`,
  helpUri: 'https://github.com/kubernetes/kubernetes/issues/97076',
  kinds: ['Service'],
  check: (object) => {
    if (object.kind !== 'Service' || object.apiVersion !== 'v1') return NOT_APPLICABLE;
    const spec = asObject(object.json.spec);
    const findings: RuleFinding[] = [];
    const externalIPs = asArray(spec?.externalIPs);
    if (externalIPs.length > 0) {
      findings.push({ path: 'spec.externalIPs', message: `Service ${object.name} takes the traffic of external addresses ${externalIPs.join(', ')} on every node (spec.externalIPs, CVE-2020-8554)` });
    }
    const type = asString(spec?.type);
    if (type !== undefined && EXTERNAL_SERVICE_TYPES.includes(type)) {
      findings.push({ path: 'spec.type', message: `Service ${object.name} is a ${type}: its pods are reachable from outside the cluster` });
    }
    return outcome(findings);
  },
};
