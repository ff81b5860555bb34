// The RBAC authorizer's matching (rbac-helpers) in CEL, over one PolicyRule `r`, and what a
// binding to a built-in ClusterRole or an aggregation of one grants, computed by the engine's
// own rules from the built-in roles the standards list.
import { and, listOr, or, str, strList, strMap } from './cel';
import { buildContext } from '../compliance/engine';
import { JsonObject } from '../compliance/json';
import { toKubeObject } from '../compliance/objects';
import { Rule } from '../compliance/rule';
import { rulesOfResolved } from '../compliance/rules/rbac/rbac-helpers';
import { ADMISSION_MIN_MINOR } from '../standards/admission';
import { BUILT_IN_CLUSTER_ROLES, BuiltInClusterRole, RBAC_GROUP, WILDCARD } from '../standards/rbac';

/** The comprehension variable a PolicyRule is bound to. @internal */
export const R = 'r';

const apiGroups = listOr(R, 'apiGroups');
const resources = listOr(R, 'resources');
const verbs = listOr(R, 'verbs');

/** coversGroup: the rule applies to an API group. @internal */
export function coversGroup(group: string): string {
  return `${apiGroups}.exists(g, g == ${str(WILDCARD)} || g == ${str(group)})`;
}

/** coveringResource: some entry of `resources` covers a resource or subresource (`*`, itself, `*\/sub`, `parent/*`). @internal */
export function coversResource(resource: string): string {
  const [parent, sub] = resource.split('/', 2);
  const forms = [WILDCARD, resource, ...(sub !== undefined ? [`${WILDCARD}/${sub}`, `${parent}/${WILDCARD}`] : [])];
  return `${resources}.exists(x, x in ${strList(forms)})`;
}

/** matchingVerbs is not empty: some verb is `*` or one of `wanted`. @internal */
export function grantsVerb(wanted: readonly string[]): string {
  return `${verbs}.exists(v, v in ${strList([WILDCARD, ...wanted])})`;
}

/** The rule names at least one verb. @internal */
export const ANY_VERB = `size(${verbs}) > 0`;

/** Some entry of a list field contains `*`. @internal */
export function wildcardIn(name: string): string {
  return `${listOr(R, name)}.exists(x, x.contains(${str(WILDCARD)}))`;
}

/** Some entry of `resources` starts with a prefix. @internal */
export function resourceStartsWith(prefix: string): string {
  return `${resources}.exists(x, x.startsWith(${str(prefix)}))`;
}

/** A PolicyRule field as a list, for expressions that need more than the helpers above. @internal */
export function ruleField(name: 'apiGroups' | 'resources' | 'verbs' | 'resourceNames' | 'nonResourceURLs'): string {
  return listOr(R, name);
}

const API = `${RBAC_GROUP}/v1`;
const PROBE = 'cdk8s-hardening-probe';

/**
 * A rule's verdict on an object alone (not applicable counts as compliant), on the oldest cluster
 * the policies run on: a policy cannot know the cluster's version, so it holds what that one
 * authorizes (`get` still opens `pods/exec` there).
 */
function flags(rule: Rule, json: JsonObject): boolean {
  const object = toKubeObject(json);
  return rule.check(object, buildContext([object], undefined, ADMISSION_MIN_MINOR)).status === 'non-compliant';
}

/**
 * The built-in ClusterRoles a binding of `kind` may not refer to under `rule`: the rule's own
 * verdict on a binding to each, checked alone (a binding to a role among other objects is
 * judged on that role). `subject` is the binding's subject for the probe.
 * @internal
 */
export function flaggedBuiltInBindings(rule: Rule, kind: 'RoleBinding' | 'ClusterRoleBinding', subject = 'probe-user'): string[] {
  return BUILT_IN_CLUSTER_ROLES.filter(b => flags(rule, {
    apiVersion: API,
    kind,
    metadata: { name: PROBE, namespace: 'probe' },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: b.name },
    subjects: [{ apiGroup: RBAC_GROUP, kind: 'Group', name: subject }],
  })).map(b => b.name);
}

/**
 * The built-in ClusterRoles whose rules, once a ClusterRole aggregates them (with everything
 * they aggregate in turn), `rule` flags: the rule's own verdict on a ClusterRole holding those
 * rules.
 * @internal
 */
export function flaggedBuiltInAggregations(rule: Rule): BuiltInClusterRole[] {
  const empty = buildContext([]);
  return BUILT_IN_CLUSTER_ROLES.filter(b => {
    const granted = rulesOfResolved({ kind: 'ClusterRole', name: b.name, builtIn: b }, empty, '');
    return flags(rule, {
      apiVersion: API,
      kind: 'ClusterRole',
      metadata: { name: PROBE },
      rules: granted.map(r => ({
        apiGroups: [...r.apiGroups],
        resources: [...r.resources],
        verbs: [...r.verbs],
        ...(r.resourceNames.length > 0 ? { resourceNames: [...r.resourceNames] } : {}),
        ...(r.nonResourceURLs.length > 0 ? { nonResourceURLs: [...r.nonResourceURLs] } : {}),
      })),
    });
  });
}

/** A label selector `s` (matchLabels and matchExpressions, as selectorMatches reads them) selecting constant labels. @internal */
export function selects(s: string, labels: Readonly<Record<string, string>>): string {
  const L = strMap(labels);
  const key = '(has(e.key) ? e.key : \'\')';
  const values = '(has(e.values) ? e.values : [])';
  const op = '(has(e.operator) ? e.operator : \'\')';
  const inValues = `(${key} in ${L} && ${L}[${key}] in ${values})`;
  const expression = `${op} == 'In' ? ${inValues} : ${op} == 'NotIn' ? !${inValues} : ${op} == 'Exists' ? ${key} in ${L} : ${op} == 'DoesNotExist' ? !(${key} in ${L}) : false`;
  return and(
    `!has(${s}.matchLabels) || ${s}.matchLabels.all(k, k in ${L} && ${L}[k] == ${s}.matchLabels[k])`,
    `!has(${s}.matchExpressions) || ${s}.matchExpressions.all(e, ${expression})`,
  );
}

/**
 * A ClusterRole `object` aggregates one of `roles` (built in): a selector of its
 * `aggregationRule` selects it, and the object is not itself that role. For a policy that
 * matches ClusterRoles only (Roles have no `aggregationRule`).
 * @internal
 */
export function aggregatesOneOf(roles: readonly BuiltInClusterRole[]): string {
  if (roles.length === 0) return 'false';
  const one = roles.map(b => and(`object.metadata.name != ${str(b.name)}`, selects('s', b.labels)));
  return and(
    'has(object.aggregationRule)',
    'has(object.aggregationRule.clusterRoleSelectors)',
    `object.aggregationRule.clusterRoleSelectors.exists(s, ${or(...one)})`,
  );
}

/** A binding `object` refers to one of the ClusterRoles named, per binding kind. @internal */
export function bindsOneOf(byKind: Readonly<Record<'RoleBinding' | 'ClusterRoleBinding', readonly string[]>>): string {
  const refers = (names: readonly string[]) => (names.length === 0 ? 'false'
    : and("has(object.roleRef) && has(object.roleRef.kind) && has(object.roleRef.name) && object.roleRef.kind == 'ClusterRole'", `object.roleRef.name in ${strList(names)}`));
  const rb = byKind.RoleBinding;
  const crb = byKind.ClusterRoleBinding;
  if (rb.length === crb.length && rb.every((n, i) => n === crb[i])) return refers(rb);
  return `object.kind == 'RoleBinding' ? (${refers(rb)}) : (${refers(crb)})`;
}
