// The engine's rules that can be checked on one object at admission, each as CEL built from the
// same standards constants as the rule (and, for RBAC, from the rule's own verdicts on the
// built-in roles). The test/admission tests evaluate every expression on the rule tests'
// fixtures and require the engine's verdict on each.
import { and, has, listOr, lowerCased, not, or, str, stringOr, strList, toRe2, upperCasedIs } from './cel';
import {
  CelVariable, CONTAINERS, containerName, POD_KINDS, POD_SPEC, POD_VARIABLES, RESOURCED_CONTAINERS,
} from './pod-cel';
import {
  aggregatesOneOf, ANY_VERB, bindsOneOf, coversGroup, coversResource, flaggedBuiltInAggregations, flaggedBuiltInBindings,
  grantsVerb, R, resourceStartsWith, ruleField, wildcardIn,
} from './rbac-cel';
import { Rule } from '../compliance/rule';
import { RULE_SET as Rules } from '../compliance/rules';
import { ALL_CAPABILITIES, PRIVILEGED_EQUIVALENT_CAPABILITIES } from '../standards/capabilities';
import {
  BEARER_TOKEN_CHARACTERS, BEARER_WORD, PASSWORD_NAME_SOURCE, SENSITIVE_FLAG_WORDS, SENSITIVE_KEY_NAMES, SENSITIVE_VALUE_PATTERNS,
  VARIABLE_REFERENCE_SOURCE, WORD_SEPARATORS,
} from '../standards/credentials';
import {
  IMAGE_REFERENCE_SOURCE, MOVING_TAG_SUFFIX_SOURCE, MAX_IMAGE_REFERENCE_LENGTH, TAG_SUFFIX_SOURCE, VERIFIED_DIGEST_SUFFIX_SOURCE,
} from '../standards/images';
import { PSA_VERSION_SYNTAX } from '../standards/kubernetes-version';
import { EXTERNAL_SERVICE_TYPES } from '../standards/network-policy';
import { PSA_LEVELS, PSA_MODES, psaLevelLabel, psaLevelRank, psaVersionLabel } from '../standards/psa';
import {
  AUTHENTICATED_GROUP, BIND_VERB, BROAD_SUBJECTS, CLUSTER_ADMIN_ROLE, CONTAINER_ENTRY, ESCALATE_VERB, IMPERSONATE_VERB,
  IMPERSONATION_TARGETS, NAMESPACE_SERVICE_ACCOUNTS_PREFIX, NODE_PROXY, POD_RUNNING_RESOURCES, POD_SPEC_WRITE_VERBS, RBAC_GROUP,
  ROLE_RESOURCES, SECRET_READ_VERBS, SERVICE_ACCOUNTS_GROUP, WILDCARD,
} from '../standards/rbac';

/** One validation of a policy: a CEL expression that is true for a compliant object, and what to say otherwise. @internal */
export interface CelValidation {
  readonly expression: string;
  readonly message: string;
  /** Names what is wrong (containers, labels); the API server falls back to `message` if it fails. */
  readonly messageExpression?: string;
}

/**
 * The kinds one ValidatingAdmissionPolicy of a rule matches, with the CEL that judges them. The
 * API server type-checks every expression of a policy against every kind the policy matches, so
 * a rule whose check reads fields some of its kinds lack (a ServiceAccount's
 * `automountServiceAccountToken`, a ClusterRole's `aggregationRule`, a binding's `roleRef`) has
 * one group per set of kinds that share those fields, each with only the expressions valid for it.
 * @internal
 */
export interface KindGroup {
  /** Appended to the policy's name (`<rule>-<name>`); empty for a rule's only group. */
  readonly name: string;
  /** The kinds it is matched to (KIND_RESOURCES), plus the ephemeral-containers subresource for pod rules. */
  readonly kinds: readonly string[];
  readonly variables: readonly CelVariable[];
  readonly validations: readonly CelValidation[];
}

/** A rule as admission policies: one per kind group. @internal */
export interface RulePolicy {
  readonly rule: Rule;
  readonly groups: readonly KindGroup[];
}

/** A rule checked by one policy, matching `kinds`. */
function single(rule: Rule, kinds: readonly string[], variables: readonly CelVariable[], validations: readonly CelValidation[]): RulePolicy {
  return { rule, groups: [{ name: '', kinds, variables, validations }] };
}

const RBAC_BINDINGS = ['RoleBinding', 'ClusterRoleBinding'];

function message(rule: Rule, what: string): string {
  return `${rule.id}: ${what}. Fix: ${rule.fix}`;
}

/** A validation that every container of `list` passes `ok` (over `c`), naming those that do not. */
function everyContainer(rule: Rule, list: CelVariable, ok: string, what: string): CelValidation {
  const v = `variables.${list.name}`;
  return {
    expression: `${v}.all(c, ${ok})`,
    message: message(rule, `every container ${what}`),
    messageExpression: `${str(`${rule.id}: every container ${what} (not: `)} + ${v}.filter(c, !(${ok})).map(c, ${containerName('c')}).join(', ') + ${str(`). Fix: ${rule.fix}`)}`,
  };
}

function podPolicy(rule: Rule, validations: CelValidation[]): RulePolicy {
  return single(rule, POD_KINDS, POD_VARIABLES, validations);
}

const securityContext = (base: string, name: string) => ({
  present: has(base, 'securityContext', name),
  value: `${base}.securityContext.${name}`,
});

// --- pods ------------------------------------------------------------------------------------

function readOnlyRootFilesystem(): RulePolicy {
  const rule = Rules.ReadOnlyRootFilesystem;
  const ro = securityContext('c', 'readOnlyRootFilesystem');
  return podPolicy(rule, [everyContainer(rule, CONTAINERS, `${ro.present} && ${ro.value} == true`, 'sets securityContext.readOnlyRootFilesystem: true')]);
}

function runAsGroup(): RulePolicy {
  const rule = Rules.RunAsGroup;
  const own = securityContext('c', 'runAsGroup');
  const pod = securityContext('variables.podSpec', 'runAsGroup');
  const fsGroup = securityContext('variables.podSpec', 'fsGroup');
  return podPolicy(rule, [
    { expression: not(`${fsGroup.present} && ${fsGroup.value} == 0`), message: message(rule, 'the pod sets fsGroup: 0 (root group owns its volumes)') },
    everyContainer(rule, CONTAINERS, `(${own.present}) ? ${own.value} != 0 : (${pod.present} && ${pod.value} != 0)`,
      'runs with a non-zero runAsGroup (its own, or the pod\'s)'),
  ]);
}

function limit(rule: Rule, resource: string): RulePolicy {
  const present = has('c', 'resources', 'limits', resource);
  return podPolicy(rule, [
    everyContainer(rule, RESOURCED_CONTAINERS, `${present} && quantity(c.resources.limits.${resource}).isGreaterThan(quantity('0'))`,
      `and init container has a ${resource} limit above zero`),
  ]);
}

const HAS_POD = `size(variables.${POD_SPEC.name}) > 0`;

function serviceAccountToken(): RulePolicy {
  const rule = Rules.ServiceAccountToken;
  const pod = `variables.${POD_SPEC.name}`;
  const what = message(rule, 'the pod (or ServiceAccount) sets automountServiceAccountToken: false itself (at admission the pod\'s ServiceAccount cannot be read)');
  const off = (o: string) => `${has(o, 'automountServiceAccountToken')} && ${o}.automountServiceAccountToken == false`;
  return {
    rule,
    groups: [
      { name: 'pods', kinds: POD_KINDS, variables: POD_VARIABLES, validations: [{ expression: `!(${HAS_POD}) || (${off(pod)})`, message: what }] },
      { name: 'service-accounts', kinds: ['ServiceAccount'], variables: [], validations: [{ expression: off('object'), message: what }] },
    ],
  };
}

function sysAdminCapability(): RulePolicy {
  const rule = Rules.SysAdminCapability;
  const ws = `[${WORD_SEPARATORS.join('')}]*`;
  const names = [ALL_CAPABILITIES, ...PRIVILEGED_EQUIVALENT_CAPABILITIES].map(upperCasedIs).join('|');
  // normalizeCapability: trimmed, upper-cased, without a CAP_ prefix
  const privileged = `^${ws}(?:${upperCasedIs('CAP_')})?(?:${names})${ws}$`;
  const add = has('c', 'securityContext', 'capabilities', 'add');
  return podPolicy(rule, [everyContainer(rule, CONTAINERS, `!(${add}) || c.securityContext.capabilities.add.all(x, !x.matches(${str(privileged)}))`,
    `adds neither ${[...PRIVILEGED_EQUIVALENT_CAPABILITIES, ALL_CAPABILITIES].join(' nor ')} to its capabilities`)]);
}

/** The CEL of CredentialsInConfig over one container `c` (ConfigMaps are not expressible). */
function credentialsInContainer(): string {
  const caseless = (src: string) => toRe2(src, WORD_SEPARATORS, true);
  const allValues = SENSITIVE_VALUE_PATTERNS.map(p => `(?:${caseless(p.source)})`).join('|');
  const shapes = SENSITIVE_VALUE_PATTERNS.filter(p => p.shape).map(p => `(?:${caseless(p.source)})`).join('|');
  const nameParts = (name: string) => `${strList(SENSITIVE_KEY_NAMES)}.exists(k, ${lowerCased(name)}.contains(k))`;
  const env = and(
    has('c', 'env'),
    `c.env.exists(e, ${and(has('e', 'value'), "e.value != ''", "!e.value.startsWith('/')",
      or(nameParts(stringOr('e', 'name')), `${stringOr('e', 'name')}.matches(${str(caseless(PASSWORD_NAME_SOURCE))})`, `e.value.matches(${str(allValues)})`))})`,
  );
  const envFrom = `${has('c', 'envFrom')} && c.envFrom.exists(e, has(e.secretRef))`;
  // isSensitiveFlag: starts with "-", and its last word (split at - _ .) is a credential word
  const flag = (f: string) => and(`${f}.startsWith('-')`, `${lowerCased(f)}.matches(${str(`^-+(?:.*[-_.])?(?:${SENSITIVE_FLAG_WORDS.join('|')})$`)})`);
  const literal = (v: string) => and(`${v} != ''`, `!${v}.startsWith('-')`, `!${v}.startsWith('/')`, `!${v}.matches(${str(VARIABLE_REFERENCE_SOURCE)})`);
  const commandLine = (list: string) => {
    // the words of the list (commandLineWords of each entry, in order), with JavaScript's white space
    let joined = `c.${list}.join(' ')`;
    for (const sep of WORD_SEPARATORS.filter(s => s !== ' ')) joined = `${joined}.replace(${str(sep)}, ' ')`;
    const words = `${joined}.split(' ').filter(w, w != '')`;
    const eq = "t.indexOf('=')";
    const assigned = and(`${eq} > 0`, flag(`t.substring(0, ${eq})`), literal(`t.substring(${eq} + 1)`));
    // a credential flag without "=" followed by a literal word: "FL" among the words' classes
    const flagClass = `!(${eq} > 0) && (${flag('t')}) ? 'F' : (${literal('t')}) ? 'L' : 'O'`;
    // the word "bearer" followed by a token-shaped word: "BT"
    const bearerClass = `t.matches(${str(caseless(BEARER_WORD.source))}) ? 'B' : t.matches(${str(`^${BEARER_TOKEN_CHARACTERS}{8,}`)}) ? 'T' : 'O'`;
    return and(has('c', list), or(
      `${words}.exists(t, t.matches(${str(shapes)}) || (${assigned}))`,
      `${words}.map(t, ${flagClass}).join('').contains('FL')`,
      `${words}.map(t, ${bearerClass}).join('').contains('BT')`,
    ));
  };
  return or(env, envFrom, commandLine('command'), commandLine('args'));
}

function credentialsInConfig(): RulePolicy {
  const rule = Rules.CredentialsInConfig;
  return podPolicy(rule, [everyContainer(rule, CONTAINERS, not(credentialsInContainer()),
    'keeps credentials out of env literals and command lines, and imports no Secret whole (envFrom.secretRef)')]);
}

function imagePinned(): RulePolicy {
  const rule = Rules.ImagePinned;
  const i = 'c.image';
  const pinned = and(
    `size(${i}) <= ${MAX_IMAGE_REFERENCE_LENGTH}`,
    `${i}.matches(${str(IMAGE_REFERENCE_SOURCE)})`,
    `${i}.contains('@') ? ${i}.matches(${str(VERIFIED_DIGEST_SUFFIX_SOURCE)}) : (${i}.matches(${str(TAG_SUFFIX_SOURCE)}) && !${i}.matches(${str(MOVING_TAG_SUFFIX_SOURCE)}))`,
  );
  return podPolicy(rule, [everyContainer(rule, CONTAINERS, `has(c.image) && ${pinned}`, 'runs an image pinned by a version tag (not latest, stable, edge or another moving tag), or by a sha256/sha512 digest')]);
}

// --- storage and namespaces --------------------------------------------------------------------

function persistentVolumeHostPath(): RulePolicy {
  const rule = Rules.PersistentVolumeHostPath;
  return single(rule, ['PersistentVolume'], [],
    [{ expression: not(has('object', 'spec', 'hostPath')), message: message(rule, 'the PersistentVolume is a node directory (hostPath)') }]);
}

const LABELS = 'object.metadata.labels';
const labelSet = (key: string) => `${has('object', 'metadata', 'labels')} && ${str(key)} in ${LABELS}`;

function psaLabels(): RulePolicy {
  const rule = Rules.PsaLabels;
  const atLeastBaseline = PSA_LEVELS.filter(l => psaLevelRank(l) >= psaLevelRank('baseline'));
  return single(rule, ['Namespace'], [],
    PSA_MODES.flatMap(mode => [
      {
        expression: `${labelSet(psaLevelLabel(mode))} && ${LABELS}[${str(psaLevelLabel(mode))}] in ${strList(atLeastBaseline)}`,
        message: message(rule, `the namespace's ${mode} level (${psaLevelLabel(mode)}) is ${atLeastBaseline.join(' or ')}`),
      },
      {
        expression: `!(${labelSet(psaVersionLabel(mode))}) || ${LABELS}[${str(psaVersionLabel(mode))}].matches(${str(PSA_VERSION_SYNTAX.source)})`,
        message: message(rule, `the namespace's ${mode} version (${psaVersionLabel(mode)}) is "latest" or "v1.NN"`),
      },
    ]));
}

function psaRestricted(): RulePolicy {
  const rule = Rules.PsaRestricted;
  return single(rule, ['Namespace'], [], PSA_MODES.map(mode => ({
    expression: `!(${labelSet(psaLevelLabel(mode))}) || ${LABELS}[${str(psaLevelLabel(mode))}] == 'restricted'`,
    message: message(rule, `the namespace's ${mode} level is restricted`),
  })));
}

// --- RBAC --------------------------------------------------------------------------------------

/**
 * A rule judged on every PolicyRule of a Role or ClusterRole (`grants` over `r`), on what an
 * aggregating ClusterRole pulls in from the built-in roles, and on bindings to built-in
 * ClusterRoles (`bindings`: whether the rule judges them). Three policies: Roles (their rules),
 * ClusterRoles (their rules and aggregation, a field Roles lack) and bindings (their roleRef),
 * the last only when the rule flags a binding to some built-in role.
 */
function rolePolicy(rule: Rule, grants: string, what: string, bindings: boolean): RulePolicy {
  const rules = not(`${has('object', 'rules')} && object.rules.exists(${R}, ${grants})`);
  const aggregation = not(aggregatesOneOf(flaggedBuiltInAggregations(rule)));
  const bound = { RoleBinding: flaggedBuiltInBindings(rule, 'RoleBinding'), ClusterRoleBinding: flaggedBuiltInBindings(rule, 'ClusterRoleBinding') };
  // no built-in role the rule flags: a bindings policy would admit every binding, so there is none
  const judgesBindings = bindings && bound.RoleBinding.length + bound.ClusterRoleBinding.length > 0;
  const group = (name: string, kinds: readonly string[], expression: string): KindGroup => ({
    name, kinds, variables: [], validations: [{ expression, message: message(rule, what) }],
  });
  return {
    rule,
    groups: [
      group('roles', ['Role'], rules),
      group('cluster-roles', ['ClusterRole'], and(rules, aggregation)),
      ...(judgesBindings ? [group('bindings', RBAC_BINDINGS, not(bindsOneOf(bound)))] : []),
    ],
  };
}

function rbacWildcards(): RulePolicy {
  return rolePolicy(Rules.RbacWildcards, or(...(['apiGroups', 'resources', 'verbs', 'nonResourceURLs'] as const).map(wildcardIn)),
    `no "${WILDCARD}" in apiGroups, resources, verbs or nonResourceURLs, nor an aggregated role with one`, false);
}

function secretsAccess(): RulePolicy {
  const reads = grantsVerb(SECRET_READ_VERBS);
  const grants = and(coversGroup(''), coversResource('secrets'), reads,
    or(`size(${ruleField('resourceNames')}) == 0`, `${ruleField('verbs')}.exists(v, v in ${strList([WILDCARD, 'list'])})`));
  return rolePolicy(Rules.SecretsAccess, grants, 'Secrets are read by name only (resourceNames, without list or "*")', true);
}

function podExec(): RulePolicy {
  const grants = and(coversGroup(''), or(...CONTAINER_ENTRY.map(e => and(coversResource(e.resource), grantsVerb(e.verbs)))));
  return rolePolicy(Rules.PodExec, grants, 'no exec, attach or ephemeral containers into running pods', true);
}

function podCreate(): RulePolicy {
  // podRunningGrants: a write verb on a pod-running resource of its group, named or through "*"
  const groups = [...new Set(POD_RUNNING_RESOURCES.map(r => r.group))];
  const runs = or(...groups.map(g => and(coversGroup(g),
    or(...POD_RUNNING_RESOURCES.filter(r => r.group === g).map(r => coversResource(r.resource))))));
  return rolePolicy(Rules.PodCreate, and(grantsVerb(POD_SPEC_WRITE_VERBS), runs), 'no create, update or patch on pods or the workloads that create them', true);
}

function nodeProxy(): RulePolicy {
  return rolePolicy(Rules.NodeProxy, and(coversGroup(''), coversResource(NODE_PROXY), ANY_VERB), `no verb on ${NODE_PROXY}`, true);
}

function rbacEscalation(): RulePolicy {
  const grants = and(coversGroup(RBAC_GROUP), grantsVerb([BIND_VERB, ESCALATE_VERB]), or(...ROLE_RESOURCES.map(coversResource)));
  return rolePolicy(Rules.RbacEscalation, grants, `no ${BIND_VERB} or ${ESCALATE_VERB} on ${ROLE_RESOURCES.join(' or ')}`, true);
}

function rbacImpersonation(): RulePolicy {
  const targets = IMPERSONATION_TARGETS.map(t => and(coversGroup(t.apiGroup), or(...t.resources.map(res => or(coversResource(res), resourceStartsWith(`${res}/`))))));
  return rolePolicy(Rules.RbacImpersonation, and(grantsVerb([IMPERSONATE_VERB]), or(...targets)), `no ${IMPERSONATE_VERB}`, true);
}

const subjects = listOr('object', 'subjects');

function bindingPolicy(rule: Rule, expression: string, what: string): RulePolicy {
  return single(rule, RBAC_BINDINGS, [], [{ expression, message: message(rule, what) }]);
}

function clusterAdminBinding(): RulePolicy {
  const rule = Rules.ClusterAdminBinding;
  const bound = bindsOneOf({ RoleBinding: flaggedBuiltInBindings(rule, 'RoleBinding'), ClusterRoleBinding: flaggedBuiltInBindings(rule, 'ClusterRoleBinding') });
  return bindingPolicy(rule, not(bound), `the binding refers to none of the built-in roles that grant everything (${CLUSTER_ADMIN_ROLE})`);
}

function anonymousSubjects(): RulePolicy {
  const rule = Rules.AnonymousSubjects;
  return bindingPolicy(rule, not(`${subjects}.exists(s, has(s.name) && s.name in ${strList(BROAD_SUBJECTS)})`),
    `no subject is ${BROAD_SUBJECTS.join(', ')}`);
}

function broadSubjectPrivileges(): RulePolicy {
  const rule = Rules.BroadSubjectPrivileges;
  // standsForMany: the broad subjects, every ServiceAccount, every ServiceAccount of a namespace
  const many = `has(s.name) && (s.name in ${strList([...BROAD_SUBJECTS, SERVICE_ACCOUNTS_GROUP])} || s.name.startsWith(${str(NAMESPACE_SERVICE_ACCOUNTS_PREFIX)}))`;
  const bound = bindsOneOf({
    RoleBinding: flaggedBuiltInBindings(rule, 'RoleBinding', AUTHENTICATED_GROUP),
    ClusterRoleBinding: flaggedBuiltInBindings(rule, 'ClusterRoleBinding', AUTHENTICATED_GROUP),
  });
  return bindingPolicy(rule, not(and(`${subjects}.exists(s, ${many})`, bound)),
    'no group that stands for many callers is bound to a built-in role that reaches pods, workloads, nodes or Secrets');
}

// --- services --------------------------------------------------------------------------------

function serviceExposure(): RulePolicy {
  const rule = Rules.ServiceExposure;
  return single(rule, ['Service'], [], [
    { expression: not(`${has('object', 'spec', 'externalIPs')} && size(object.spec.externalIPs) > 0`), message: message(rule, 'the Service sets no spec.externalIPs (CVE-2020-8554)') },
    { expression: not(`${has('object', 'spec', 'type')} && object.spec.type in ${strList(EXTERNAL_SERVICE_TYPES)}`), message: message(rule, `the Service is not a ${EXTERNAL_SERVICE_TYPES.join(' or ')}`) },
  ]);
}

let table: readonly RulePolicy[] | undefined;

/** Every rule that can be checked on one object at admission, as a policy. @internal */
export function rulePolicies(): readonly RulePolicy[] {
  table ??= [
    readOnlyRootFilesystem(), runAsGroup(), limit(Rules.CpuLimits, 'cpu'), limit(Rules.MemoryLimits, 'memory'), serviceAccountToken(),
    credentialsInConfig(), sysAdminCapability(), imagePinned(),
    psaLabels(), psaRestricted(), persistentVolumeHostPath(),
    rbacWildcards(), clusterAdminBinding(), anonymousSubjects(), secretsAccess(), podExec(), broadSubjectPrivileges(), podCreate(),
    nodeProxy(), rbacEscalation(), rbacImpersonation(), serviceExposure(),
  ];
  return table;
}

/** The policy of a rule, when it has one. @internal */
export function rulePolicy(ruleId: string): RulePolicy | undefined {
  return rulePolicies().find(p => p.rule.id === ruleId);
}
