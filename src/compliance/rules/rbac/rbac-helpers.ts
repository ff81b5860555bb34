import {
  BuiltInClusterRole, builtInClusterRole, BUILT_IN_CLUSTER_ROLES, CLUSTER_ADMIN_ROLE, WILDCARD,
} from '../../../standards/rbac';
import { asArray, asObject, asString, asStringMap, JsonObject } from '../../json';
import { KubeObject } from '../../objects';
import { RuleContext } from '../../rule';
import { selectorMatches } from '../selectors';

/**
 * A PolicyRule, with the path a finding about it points at. A rule a ClusterRole gets through
 * its `aggregationRule`, or a binding through a built-in role, says where it comes from (`from`).
 * @internal
 */
export interface PolicyRuleRef {
  readonly path: string;
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
  /** e.g. `the built-in ClusterRole "edit"`; undefined for the object's own rules. */
  readonly from?: string;
}

const strings = (v: unknown): string[] => asArray(v).filter((x): x is string => typeof x === 'string');

/** The rules of a Role or ClusterRole as written in it; undefined for other kinds. @internal */
export function policyRulesOf(object: KubeObject): PolicyRuleRef[] | undefined {
  if (!isRole(object)) return undefined;
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

/** The kinds of bindings. @internal */
export const BINDING_KINDS: readonly string[] = ['RoleBinding', 'ClusterRoleBinding'];

/** The kinds that grant permissions: roles and bindings. @internal */
export const RBAC_KINDS: readonly string[] = ['Role', 'ClusterRole', ...BINDING_KINDS];

function isRole(object: KubeObject): boolean {
  return object.kind === 'Role' || object.kind === 'ClusterRole';
}

// ---------------------------------------------------------------------------------------------
// Matching, as the RBAC authorizer does

/** Whether a rule applies to an API group. @internal */
export function coversGroup(rule: PolicyRuleRef, group: string): boolean {
  return rule.apiGroups.includes(group) || rule.apiGroups.includes(WILDCARD);
}

/**
 * The entry of `rule.resources` that covers a resource (`pods`) or subresource (`pods/exec`), or
 * undefined: `*`, the name itself, `*\/exec` (every resource's `exec`, as Kubernetes reads it) and
 * `pods/*`, which Kubernetes reads literally (it grants nothing) but Kubescape as every
 * subresource of pods, and whoever wrote it meant so.
 * @internal
 */
export function coveringResource(rule: PolicyRuleRef, resource: string): string | undefined {
  const [parent, sub] = resource.split('/', 2);
  return rule.resources.find(r => r === WILDCARD || r === resource
    || (sub !== undefined && (r === `${WILDCARD}/${sub}` || r === `${parent}/${WILDCARD}`)));
}

/** The verbs of a rule among `wanted`, `*` included. @internal */
export function matchingVerbs(rule: PolicyRuleRef, wanted: readonly string[]): string[] {
  return rule.verbs.filter(v => v === WILDCARD || wanted.includes(v));
}

/** Whether a rule allows one of the verbs on a resource of a group. @internal */
export function grants(rule: PolicyRuleRef, group: string, resource: string, verbs: readonly string[]): boolean {
  return coversGroup(rule, group) && coveringResource(rule, resource) !== undefined && matchingVerbs(rule, verbs).length > 0;
}

/** Whether a rule applies to a resource of the core API group. @internal */
export function coversCoreResource(rule: PolicyRuleRef, resource: string): boolean {
  return coversGroup(rule, '') && coveringResource(rule, resource) !== undefined;
}

/** Kubescape's "administrative" rule (C-0035): every verb on every resource of the core group or of every group. @internal */
export function grantsEverything(rule: PolicyRuleRef): boolean {
  return rule.verbs.includes(WILDCARD) && rule.resources.includes(WILDCARD) && (rule.apiGroups.includes(WILDCARD) || rule.apiGroups.includes(''));
}

// ---------------------------------------------------------------------------------------------
// Bindings and the roles they refer to

/** RoleBinding / ClusterRoleBinding: its subjects and roleRef. @internal */
export function bindingOf(object: KubeObject): { subjects: JsonObject[]; roleRef?: JsonObject } | undefined {
  if (object.kind !== 'RoleBinding' && object.kind !== 'ClusterRoleBinding') return undefined;
  return {
    subjects: asArray(object.json.subjects).map(s => asObject(s) ?? {}),
    roleRef: asObject(object.json.roleRef),
  };
}

/** The role a binding refers to: among the objects checked, or a built-in ClusterRole. @internal */
export interface ResolvedRole {
  readonly kind: string;
  readonly name: string;
  readonly object?: KubeObject;
  /** Set when no object of that name is among those checked and Kubernetes defines it. */
  readonly builtIn?: BuiltInClusterRole;
}

/** The namespace an object is in for cross-object lookups: `default` when it names none, as Kubescape reads manifests. @internal */
export function lookupNamespace(object: KubeObject): string {
  return object.namespace ?? 'default';
}

const clusterRolesCache = new WeakMap<readonly KubeObject[], ReadonlyMap<string, KubeObject>>();

/** ClusterRoles among the objects by name (cluster-scoped: any `metadata.namespace` is ignored, as the API server does). */
function clusterRoles(context: RuleContext): ReadonlyMap<string, KubeObject> {
  let byName = clusterRolesCache.get(context.objects);
  if (!byName) {
    const map = new Map<string, KubeObject>();
    for (const o of context.objects) {
      if (o.kind === 'ClusterRole' && !map.has(o.name)) map.set(o.name, o);
    }
    clusterRolesCache.set(context.objects, byName = map);
  }
  return byName;
}

/**
 * Resolves a binding's roleRef as the API server does: a ClusterRole by name; a Role (RoleBinding
 * only) in the binding's namespace, where a missing `metadata.namespace` on either side means
 * `default`. Undefined when the roleRef is malformed; `{ kind, name }` alone when the role is
 * neither among the objects nor built in.
 * @internal
 */
export function resolveRoleRef(binding: KubeObject, context: RuleContext): ResolvedRole | undefined {
  const roleRef = bindingOf(binding)?.roleRef;
  const kind = asString(roleRef?.kind) ?? '';
  const roleName = asString(roleRef?.name) ?? '';
  if (roleName === '') return undefined;
  if (kind === 'ClusterRole') {
    const object = clusterRoles(context).get(roleName);
    return { kind, name: roleName, object, builtIn: object ? undefined : builtInClusterRole(roleName) };
  }
  if (kind === 'Role' && binding.kind === 'RoleBinding') {
    const namespace = lookupNamespace(binding);
    const object = context.find('Role', namespace, roleName) ?? (namespace === 'default' ? context.find('Role', undefined, roleName) : undefined);
    return { kind, name: roleName, object };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Aggregation: the rules a ClusterRole has once the cluster has aggregated it

function labelsOf(object: KubeObject): Record<string, string> {
  return asStringMap(asObject(object.json.metadata)?.labels);
}

function selectorsOf(object: KubeObject): readonly unknown[] {
  return object.kind === 'ClusterRole' ? asArray(asObject(object.json.aggregationRule)?.clusterRoleSelectors) : [];
}

function builtInRules(role: BuiltInClusterRole): PolicyRuleRef[] {
  return role.rules.map(r => ({
    path: '',
    apiGroups: r.apiGroups,
    resources: r.resources,
    verbs: r.verbs,
    resourceNames: [],
    nonResourceURLs: r.nonResourceURLs ?? [],
  }));
}

type Source = BuiltInClusterRole | KubeObject;

function isKubeObject(x: Source): x is KubeObject {
  return 'json' in x;
}

function describeSource(source: Source): string {
  return isKubeObject(source) ? `${source.kind} "${source.name}"` : `the built-in ClusterRole "${source.name}"`;
}

/** What a selector pulls in: built-in ClusterRoles not redefined among the objects, and ClusterRoles among them. */
function selected(selector: unknown, context: RuleContext): Source[] {
  const inSet = clusterRoles(context);
  const found: Source[] = BUILT_IN_CLUSTER_ROLES.filter(b => !inSet.has(b.name) && selectorMatches(selector, { ...b.labels }));
  for (const o of inSet.values()) {
    if (selectorMatches(selector, labelsOf(o))) found.push(o);
  }
  return found;
}

/**
 * The rules of a role once aggregated: its own, then those of the ClusterRoles its selectors
 * match, each saying where it comes from. `seen` stops cycles and counts each role once.
 */
function sourceRules(source: Source, context: RuleContext, seen: Set<string>): PolicyRuleRef[] {
  if (seen.has(source.name)) return [];
  seen.add(source.name);
  const label = describeSource(source);
  const own = isKubeObject(source) ? policyRulesOf(source) ?? [] : builtInRules(source);
  const rules: PolicyRuleRef[] = own.map(r => ({ ...r, from: label }));
  const selectors = isKubeObject(source) ? selectorsOf(source) : source.aggregates.map(matchLabels => ({ matchLabels }));
  for (const selector of selectors) {
    for (const s of selected(selector, context)) {
      for (const r of sourceRules(s, context, seen)) rules.push({ ...r, from: `${label}, which aggregates ${r.from}` });
    }
  }
  return rules;
}

/**
 * The rules a Role or ClusterRole has in a cluster: its own, and for a ClusterRole with an
 * `aggregationRule`, those of every ClusterRole its selectors match, built-in ones included
 * (reported at the selector). Undefined for other kinds.
 * @internal
 */
export function effectiveRulesOf(object: KubeObject, context: RuleContext): PolicyRuleRef[] | undefined {
  const own = policyRulesOf(object);
  if (!own) return undefined;
  const seen = new Set([object.name]);
  const rules = [...own];
  selectorsOf(object).forEach((selector, i) => {
    for (const s of selected(selector, context)) {
      for (const r of sourceRules(s, context, seen)) rules.push({ ...r, path: `aggregationRule.clusterRoleSelectors[${i}]` });
    }
  });
  return rules;
}

const builtInCache = new WeakMap<readonly KubeObject[], Map<string, PolicyRuleRef[]>>();

/** A built-in role's rules given these objects, computed once per check: many bindings refer to `edit` or `view`. */
function builtInRulesIn(role: BuiltInClusterRole, context: RuleContext): PolicyRuleRef[] {
  let byName = builtInCache.get(context.objects);
  if (!byName) builtInCache.set(context.objects, byName = new Map());
  let rules = byName.get(role.name);
  if (!rules) byName.set(role.name, rules = sourceRules(role, context, new Set()));
  return rules;
}

/** The rules a resolved role grants, every one reported at `path` (a binding's `roleRef.name`). @internal */
export function rulesOfResolved(role: ResolvedRole, context: RuleContext, path: string): PolicyRuleRef[] {
  const rules = role.object ? sourceRules(role.object, context, new Set()) : role.builtIn ? builtInRulesIn(role.builtIn, context) : [];
  return rules.map(r => ({ ...r, path }));
}

/**
 * What the role-level rules check on an object: a Role's or ClusterRole's effective rules; for a
 * binding to a built-in ClusterRole that is not among the objects, that role's rules, reported at
 * `roleRef.name`. A binding to `cluster-admin` is ClusterAdminBinding's to report, once; bindings
 * to roles among the objects are covered by the findings on those roles. Undefined: not applicable.
 * @internal
 */
export function rulesToCheck(object: KubeObject, context: RuleContext): PolicyRuleRef[] | undefined {
  const own = effectiveRulesOf(object, context);
  if (own) return own;
  if (!bindingOf(object)) return undefined;
  const role = resolveRoleRef(object, context);
  if (!role?.builtIn || role.builtIn.name === CLUSTER_ADMIN_ROLE) return undefined;
  return rulesOfResolved(role, context, 'roleRef.name');
}

/** ` through …` for a rule that is not the object's own, for messages. @internal */
export function through(rule: PolicyRuleRef): string {
  return rule.from ? ` through ${rule.from}` : '';
}

/** @internal */
export function name(value: unknown): string {
  return asString(value) ?? '';
}

/** @internal */
export const RBAC_URI = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/';
