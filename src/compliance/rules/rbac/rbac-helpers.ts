import { asArray, asObject, asString, JsonObject } from '../../json';
import { KubeObject } from '../../objects';

/** A PolicyRule of a Role or ClusterRole, with its path. @internal */
export interface PolicyRuleRef {
  readonly path: string;
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

const strings = (v: unknown): string[] => asArray(v).filter((x): x is string => typeof x === 'string');

/** The rules of a Role or ClusterRole; undefined for other kinds. @internal */
export function policyRulesOf(object: KubeObject): PolicyRuleRef[] | undefined {
  if (object.kind !== 'Role' && object.kind !== 'ClusterRole') return undefined;
  return asArray(object.json.rules).map((r, i) => {
    const rule: JsonObject = asObject(r) ?? {};
    return {
      path: `rules[${i}]`,
      apiGroups: strings(rule.apiGroups),
      resources: strings(rule.resources),
      verbs: strings(rule.verbs),
      resourceNames: strings(rule.resourceNames),
      nonResourceURLs: strings(rule.nonResourceURLs),
    };
  });
}

/** Whether a rule applies to a resource of the core API group. @internal */
export function coversCoreResource(rule: PolicyRuleRef, resource: string): boolean {
  const group = rule.apiGroups.includes('') || rule.apiGroups.includes('*');
  const parent = resource.split('/')[0];
  return group && (rule.resources.includes(resource) || rule.resources.includes('*') || rule.resources.includes(`${parent}/*`));
}

/** RoleBinding / ClusterRoleBinding: its subjects and roleRef. @internal */
export function bindingOf(object: KubeObject): { subjects: JsonObject[]; roleRef?: JsonObject } | undefined {
  if (object.kind !== 'RoleBinding' && object.kind !== 'ClusterRoleBinding') return undefined;
  return {
    subjects: asArray(object.json.subjects).map(s => asObject(s) ?? {}),
    roleRef: asObject(object.json.roleRef),
  };
}

/** @internal */
export function name(value: unknown): string {
  return asString(value) ?? '';
}

/** @internal */
export const RBAC_URI = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/';
