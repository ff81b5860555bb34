import { readPolicy, widePaths } from '../../../network/paths';
import { ackAnnotation } from '../../../standards/annotations';
import { apiGroupOf } from '../../../standards/kinds';
import { DIRECTIONS } from '../../../standards/network-policy';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/**
 * No NetworkPolicy opens, by itself, (almost) every address, every pod of every namespace, or
 * (almost) every port to a peer, without a reason. "Open" is what the policy allows, computed
 * from its fields: address blocks added up with their exceptions (`0.0.0.0/1` with
 * `128.0.0.0/1`, or `0.0.0.0/0` except one address, is every address), a rule without peers,
 * namespace selectors that together select every namespace, missing ports, and port ranges that
 * leave fewer than 1024 ports closed (`1-65534`, `1024-65535`). The reason is an
 * acknowledgement on the policy: `Peer.anywhere(reason)` and `PolicyPort.anyPort(reason)`
 * write it.
 */
export const WideNetworkPolicy: Rule = {
  id: 'WideNetworkPolicy',
  title: 'no NetworkPolicy opens (almost) every address, every pod or every port without a reason',
  fix: `allow only the peers and ports the traffic needs; if everything really is needed, record why (Peer.anywhere("<reason>"), PolicyPort.anyPort("<reason>"), or the annotation ${ackAnnotation('WideNetworkPolicy')})`,
  helpUri: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource',
  kinds: ['NetworkPolicy'],
  check: (object) => {
    if (object.kind !== 'NetworkPolicy' || apiGroupOf(object.apiVersion) !== 'networking.k8s.io') return NOT_APPLICABLE;
    const paths = readPolicy(object.json);
    const findings: RuleFinding[] = [];
    for (const d of DIRECTIONS) {
      for (const wide of widePaths(d, paths.rules)) {
        findings.push({
          path: wide.rules[0].path,
          message: `${object.kind} ${object.name} opens ${d.toLowerCase()} ${d === 'Ingress' ? 'from' : 'to'} ${wide.detail} (${wide.rules.map(r => r.path).join(', ')})`,
        });
      }
    }
    return outcome(findings);
  },
};
