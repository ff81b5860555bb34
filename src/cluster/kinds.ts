// Which kinds a check of a live cluster lists: the kinds the selected packs' rules judge, taken
// from the rules themselves, so that a new rule's kinds are read without a change here.
import { selectRules } from '../compliance/engine';
import { CompliancePack } from '../compliance/packs';
import { POD_TEMPLATE_PATHS } from '../standards/kinds';

/**
 * The rules that name no kinds (`Rule.kinds`), and the kinds each reads. The pod rules read the
 * kinds that carry a pod; CredentialsInConfig also reads ConfigMaps, ServiceAccountToken the
 * ServiceAccounts. The structure rules check
 * what the API server itself refuses to store (names, duplicates, a workload without a pod
 * spec): a live object always passes them, so they ask for no kind of their own.
 * test/cluster/kinds.test.ts holds this table to every rule without kinds.
 * @internal
 */
export const KINDS_OF_KINDLESS_RULES: Readonly<Record<string, readonly string[]>> = {
  CredentialsInConfig: [...Object.keys(POD_TEMPLATE_PATHS), 'ConfigMap'],
  ServiceAccountToken: [...Object.keys(POD_TEMPLATE_PATHS), 'ServiceAccount'],
  NetworkPolicySelectsWorkload: ['NetworkPolicy'],
  InvalidNames: [],
  DuplicateObjects: [],
  PodSpecMissing: [],
};

/**
 * Kinds the rules look up beside the object they judge (a pod's ServiceAccount, a namespace's
 * labels, a binding's role): listed whenever a rule of the packs is.
 */
const LOOKED_UP_KINDS = ['Namespace', 'ServiceAccount', 'Role', 'ClusterRole'];

/**
 * The kinds (names) to list for a check with `packs`: every kind a selected rule names, the pod
 * kinds for the pod rules, and the kinds rules look up.
 * @internal
 */
export function kindsToRead(packs: readonly CompliancePack[]): string[] {
  const kinds = new Set<string>();
  for (const { rule } of selectRules(packs)) {
    if (rule.kinds) {
      for (const k of rule.kinds) kinds.add(k);
    } else if (Object.prototype.hasOwnProperty.call(KINDS_OF_KINDLESS_RULES, rule.id)) {
      for (const k of KINDS_OF_KINDLESS_RULES[rule.id]) kinds.add(k);
    } else {
      // a pod rule: judges every kind that carries a pod
      for (const k of Object.keys(POD_TEMPLATE_PATHS)) kinds.add(k);
    }
  }
  if (kinds.size > 0) for (const k of LOOKED_UP_KINDS) kinds.add(k);
  return [...kinds].sort();
}
