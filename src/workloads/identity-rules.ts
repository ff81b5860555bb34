import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { asArray, asObject, asString, dig, JsonObject } from '../compliance/json';
import { invalidInput } from '../errors';
import { ackAnnotation, MIN_REASON_LENGTH, REASON_ANNOTATION } from '../standards/annotations';
import { oncePerSynthesis } from '../synthesis';

// The final check of the objects around a hardened pod: what its ServiceAccount, its empty Role,
// their RoleBinding and its deny-all NetworkPolicy say in the synthesized output, and every
// binding of the app that names the workload's account. The pod spec's own rules are in
// pod-rules.ts.

/** The workload's own objects, as the final check reads them. @internal */
export interface OwnObjects {
  readonly serviceAccount: IConstruct;
  readonly serviceAccountName: string;
  readonly role: IConstruct;
  readonly roleName: string;
  readonly roleBinding: IConstruct;
  /** The deny-all NetworkPolicy, when the workload is isolated. */
  readonly denyAll?: IConstruct;
  readonly namespace?: string;
  readonly podLabels: { readonly [key: string]: string };
}

const GRANT_FIX = 'grant what the workload needs with SeparatedRbac workloadGrants (a Role of its own, with a reason)';
const AFTER = 'found in the synthesized output, so it was changed after construction';

/** The reason recorded on a binding of the workload's account: SeparatedRbac's, or an acknowledgement. */
export function bindingReason(json: unknown): string | undefined {
  const annotations = asObject(dig(json, 'metadata', 'annotations')) ?? {};
  for (const key of [REASON_ANNOTATION, ackAnnotation('WorkloadAccountBinding')]) {
    const reason = asString(annotations[key])?.trim();
    if (reason !== undefined && reason.length >= MIN_REASON_LENGTH) return reason;
  }
  return undefined;
}

/** Whether a subject of a binding is the ServiceAccount `name` of `namespace` (a subject without namespace is read as the binding's). */
export function namesAccount(subject: unknown, bindingNamespace: string | undefined, name: string, namespace: string | undefined): boolean {
  const s = asObject(subject);
  if (asString(s?.kind) !== 'ServiceAccount' || asString(s?.name) !== name) return false;
  const ns = asString(s?.namespace) ?? bindingNamespace;
  return ns === undefined || namespace === undefined || ns === namespace;
}

/** One of the workload's own objects, and the check of its synthesized JSON. @internal */
export interface OwnObjectCheck {
  /** "the workload's Role", for messages. */
  readonly what: string;
  readonly construct: IConstruct;
  readonly check: (json: unknown) => string[];
}

/**
 * The checks of the workload's own objects (ServiceAccount, Role, RoleBinding, deny-all
 * NetworkPolicy), each on its synthesized JSON.
 * @internal
 */
export function ownObjectChecks(scope: IConstruct, own: OwnObjects): OwnObjectCheck[] {
  const problem = (field: string, text: string, given: unknown, fix: string) => invalidInput(scope, field, `${text}; ${AFTER}`, given, fix).message;
  const checks: OwnObjectCheck[] = [
    {
      what: 'the workload\'s ServiceAccount',
      construct: own.serviceAccount,
      check: json => asObject(json)?.automountServiceAccountToken === false ? [] : [problem('ServiceAccount.automountServiceAccountToken',
        'the workload\'s ServiceAccount mounts no token by default (NSA/CISA "Service account tokens"; Kubescape C-0034); a pod that needs it says so with a reason',
        asObject(json)?.automountServiceAccountToken, 'set automountServiceAccountToken: true with automountServiceAccountTokenReason on the workload')],
    },
    {
      what: 'the workload\'s Role',
      construct: own.role,
      check: json => {
        const role = asObject(json);
        const rules = asArray(role?.rules);
        return rules.length === 0 && role?.aggregationRule === undefined ? [] : [problem('Role.rules',
          'the workload\'s own Role stays empty: access is granted explicitly, with a reason, never by widening it', role?.aggregationRule ?? rules, GRANT_FIX)];
      },
    },
    {
      what: 'the workload\'s RoleBinding',
      construct: own.roleBinding,
      check: json => {
        const found: string[] = [];
        const ref = asObject(dig(json, 'roleRef'));
        if (asString(ref?.kind) !== 'Role' || asString(ref?.name) !== own.roleName) {
          found.push(problem('RoleBinding.roleRef', 'the workload\'s RoleBinding binds its own empty Role', ref, GRANT_FIX));
        }
        const subjects = asArray(dig(json, 'subjects'));
        if (subjects.length !== 1 || !namesAccount(subjects[0], asString(dig(json, 'metadata', 'namespace')), own.serviceAccountName, own.namespace)) {
          found.push(problem('RoleBinding.subjects', 'the workload\'s RoleBinding binds its own ServiceAccount only', subjects, 'bind other subjects with roles of their own (SeparatedRbac)'));
        }
        return found;
      },
    },
  ];
  if (own.denyAll) {
    checks.push({
      what: 'the workload\'s NetworkPolicy',
      construct: own.denyAll,
      check: json => {
        const spec = asObject(dig(json, 'spec'));
        const selector = asObject(spec?.podSelector);
        const labels = asObject(selector?.matchLabels) ?? {};
        const types = asArray(spec?.policyTypes).map(String).sort();
        const selectsPods = Object.entries(own.podLabels).every(([k, v]) => labels[k] === v) && asArray(selector?.matchExpressions).length === 0
          && Object.keys(labels).length === Object.keys(own.podLabels).length;
        const allowsNothing = asArray(spec?.ingress).length === 0 && asArray(spec?.egress).length === 0;
        if (selectsPods && types.join(',') === 'Egress,Ingress' && allowsNothing && asString(dig(json, 'metadata', 'namespace')) === own.namespace) return [];
        return [problem('DefaultDenyAll.spec', 'the workload\'s deny-all NetworkPolicy selects its pods, both directions, and allows nothing (NSA/CISA "Network policies: default deny"); what it allows is added as policies of its own',
          spec, 'allow what the workload needs with network.allowIngressFrom / allowEgressTo, or build it with isolate: false and isolationOffReason')];
      },
    });
  }
  return checks;
}

/** The ApiObject of one of the workload's own constructs (a cdk8s-plus resource keeps it as "Resource"). @internal */
export function apiObjectOf(construct: IConstruct): ApiObject | undefined {
  const object = construct instanceof ApiObject ? construct : construct.node.tryFindChild('Resource');
  return object instanceof ApiObject ? object : undefined;
}

/**
 * Problems of the workload's own objects and of the app's bindings of its account, one error
 * message each.
 * @internal
 */
export function ownObjectsProblems(scope: IConstruct, own: OwnObjects): string[] {
  const problems: string[] = [];
  for (const { construct, check } of ownObjectChecks(scope, own)) {
    const object = apiObjectOf(construct);
    if (object) problems.push(...check(object.toJson()));
  }
  // (only the bindings with a subject of the account's name: the app's bindings are indexed by them once)
  for (const { other, json } of renderedBindings(scope).get(own.serviceAccountName) ?? []) {
    if (other === own.roleBinding || other.node.scope === own.roleBinding) continue;
    const namespace = asString(dig(json, 'metadata', 'namespace'));
    if (!asArray(json?.subjects).some(s => namesAccount(s, namespace, own.serviceAccountName, own.namespace))) continue;
    if (bindingReason(json) !== undefined) continue;
    const roleName = asString(dig(json, 'roleRef', 'name'));
    const bindingPath = other.node.scope?.node.tryFindChild('Resource') === other ? other.node.scope!.node.path : other.node.path;
    problems.push(invalidInput(scope, 'node', `the binding ${bindingPath} gives the workload's ServiceAccount the role ${JSON.stringify(roleName)} without a reason (NSA/CISA "Role-based access control: least privilege")`,
      asObject(json?.roleRef), `${GRANT_FIX}, or record why on the binding in the annotation ${REASON_ANNOTATION}`).message);
  }
  return problems;
}

/** The key of the app's rendered bindings, found once per synthesis for all its workloads. */
const BINDINGS = {};

/** A RoleBinding or ClusterRoleBinding of the app, rendered. */
interface RenderedBinding {
  readonly other: ApiObject;
  readonly json: JsonObject | undefined;
}

/**
 * The RoleBindings and ClusterRoleBindings of the app `scope` is in, rendered, by the name of
 * each ServiceAccount among their subjects (in the order of the app's tree): once per synthesis
 * (every workload reads those of its account; finding and rendering them for each, or reading
 * all of them for each, would cost N² for N workloads).
 */
function renderedBindings(scope: IConstruct): ReadonlyMap<string, readonly RenderedBinding[]> {
  return oncePerSynthesis(scope.node.root, BINDINGS, () => {
    const byAccount = new Map<string, RenderedBinding[]>();
    for (const c of scope.node.root.node.findAll()) {
      if (!(c instanceof ApiObject) || (c.kind !== 'RoleBinding' && c.kind !== 'ClusterRoleBinding')) continue;
      const binding = { other: c, json: asObject(c.toJson()) };
      const names = new Set(asArray(binding.json?.subjects).map(asObject)
        .filter(s => asString(s?.kind) === 'ServiceAccount').map(s => asString(s?.name)));
      for (const name of names) {
        if (name === undefined) continue;
        const list = byAccount.get(name);
        if (list) list.push(binding);
        else byAccount.set(name, [binding]);
      }
    }
    return byAccount;
  });
}
