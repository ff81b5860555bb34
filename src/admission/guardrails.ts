import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { str, strList } from './cel';
import { CONTAINERS, POD_KINDS, POD_VARIABLES } from './pod-cel';
import { KindGroup, rulePolicies, RulePolicy } from './rule-policies';
import { CompliancePack } from '../compliance/packs';
import { RULES } from '../compliance/rules';
import { Severity } from '../compliance/severity';
import { invalidInput } from '../errors';
import {
  ADMISSION_API_VERSION, CHECKED_OPERATIONS, DENY_ACTION, DERIVED_WRITER_GROUPS, DERIVED_WRITERS,
} from '../standards/admission';
import {
  ackAnnotation, CONTROLS_ANNOTATION, exceptionAnnotation, EXEMPTION_ANNOTATION_PREFIX, MIN_REASON_LENGTH, RULE_ANNOTATION,
} from '../standards/annotations';
import { WORD_SEPARATORS } from '../standards/credentials';
import { DEFAULT_REGISTRY, DEFAULT_REGISTRY_ALIASES, isRegistryHost, normalizeRegistry } from '../standards/images';
import { EPHEMERAL_CONTAINERS_SUBRESOURCE, KIND_RESOURCES } from '../standards/kinds';
import { NAMESPACE_NAME_LABEL } from '../standards/names';
import { registerDuplicateObjectCheck } from '../unique-objects';
import { validateDnsLabel, validateObjectName, validateReason } from '../validation';

/**
 * What the API server does with a request that fails a policy (`validationActions` of its
 * binding). The API server accepts these combinations only: Deny and Warn together would say the
 * same thing twice.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/#validation-actions
 */
export class ValidationActions {
  /** Refuse the request. */
  public static readonly DENY = new ValidationActions(['Deny']);
  /** Refuse the request and record the failure in the audit log. */
  public static readonly DENY_AND_AUDIT = new ValidationActions(['Deny', 'Audit']);
  /** Admit the request with a warning to the client. */
  public static readonly WARN = new ValidationActions(['Warn']);
  /** Admit the request with a warning to the client, and record it in the audit log: the migration step before Deny. */
  public static readonly WARN_AND_AUDIT = new ValidationActions(['Warn', 'Audit']);
  /** Admit the request and record the failure in the audit log only. */
  public static readonly AUDIT = new ValidationActions(['Audit']);

  private constructor(
    /** The `validationActions` of the binding. */
    public readonly actions: string[],
  ) {}
}

/**
 * A namespace the policies do not apply to, and why.
 */
export interface NamespaceExemption {
  /** The namespace, e.g. `kube-system`. */
  readonly namespaceName: string;
  /** Why its objects are exempt, in at least 10 characters; recorded on every binding. */
  readonly reason: string;
}

/**
 * The validation actions of one rule, overriding the default.
 */
export interface RuleValidationActions {
  /** The rule, e.g. `CredentialsInConfig`. */
  readonly ruleId: string;
  /** What the API server does when the rule fails. */
  readonly actions: ValidationActions;
}

/**
 * Props for `AdmissionGuardrails`.
 */
export interface AdmissionGuardrailsProps {
  /**
   * The rules to enforce, each one that can be checked on a single object at admission
   * (`AdmissionGuardrails.expressibleRuleIds()`).
   * @default - every expressible rule
   */
  readonly ruleIds?: string[];

  /**
   * What the API server does with a request that fails a rule, for every rule not listed in
   * `ruleValidationActions`. During a migration, `ValidationActions.WARN_AND_AUDIT` admits
   * everything and shows what Deny would refuse (kubectl warnings, the audit log).
   * @default - `DENY` for the rules the NSA/CISA pack rates errors, `WARN_AND_AUDIT` for those it rates warnings (a warning does not fail a synth either)
   */
  readonly validationActions?: ValidationActions;

  /**
   * Validation actions of single rules, over `validationActions`: move rule by rule from Warn to Deny.
   * @default - none
   */
  readonly ruleValidationActions?: RuleValidationActions[];

  /**
   * Namespaces the bindings do not apply to, each with its reason (recorded in the bindings'
   * annotations). Cluster-scoped objects (ClusterRoles, PersistentVolumes) are checked whatever
   * the exemptions; a Namespace object is exempt when it is itself an exempt namespace.
   * @default - none: every namespace
   */
  readonly exemptions?: NamespaceExemption[];

  /**
   * Registries every container image must come from (`registry.acme.example`, `ghcr.io`,
   * `docker.io` for Docker Hub, whose aliases `index.docker.io` and `registry-1.docker.io` it
   * covers): adds the `AllowedRegistries` policy, which no acknowledgement lifts.
   * @default - no registry policy
   */
  readonly allowedRegistries?: string[];

  /**
   * Why these guardrails are weaker than the default, in at least 10 characters: needed when a
   * rule the NSA/CISA pack rates an error does not deny (`validationActions`,
   * `ruleValidationActions` without `Deny`), or when `ruleIds` leaves expressible rules out. It is
   * recorded on every binding that does not deny as the acknowledgement of
   * AdmissionPolicyWeakened, which `check` reads, and on every binding as the exception of
   * `ruleIds` when rules are left out.
   * @default - none: every rule enforced, each error-rated rule denying (the warning-rated rules warn
   * and audit by default with the library's own recorded reason)
   */
  readonly weakeningReason?: string;

  /**
   * The prefix of every policy and binding name, before the rule in kebab case.
   * @default 'cdk8s-hardening-'
   */
  readonly namePrefix?: string;
}

/** The rule that flags a binding that does not deny, acknowledged on the binding with its reason. */
const WEAKENED_RULE = 'AdmissionPolicyWeakened';

/** The setting a subset of rules is an exception to, recorded on every binding. */
const RULE_IDS_SETTING = 'ruleIds';

/** The id of the policy `allowedRegistries` adds; it has no engine rule (the engine knows no allowed registries). */
const ALLOWED_REGISTRIES = 'AllowedRegistries';

/** The policies to emit for a rule, or the registry policy: one per kind group. */
interface PolicySource {
  readonly id: string;
  readonly groups: readonly KindGroup[];
  /** The rule's controls in the NSA/CISA pack. */
  readonly controls: readonly string[];
  readonly severity: Severity;
  /** Whether an acknowledgement on the object lifts it. */
  readonly acknowledgeable: boolean;
}

/** Why each rule without a policy cannot have one: the rules' own words, for errors and docs. */
const NOT_EXPRESSIBLE_BECAUSE: Readonly<Record<string, string>> = {
  DefaultDenyNetworkPolicy: 'it asks whether other objects (NetworkPolicies) exist for a Namespace; a policy sees one object',
  NetworkPolicySelectsWorkload: 'it matches a workload against the NetworkPolicies of its namespace; a policy sees one object',
  WideNetworkPolicy: 'it adds up the address ranges (with their exceptions), namespace selectors and port ranges of a policy\'s rules, an interval arithmetic CEL\'s cost limits do not fit',
  DuplicateObjects: 'it compares objects with each other; the API server keeps one object per name anyway',
  InvalidNames: 'the API server refuses invalid names itself, before admission',
  ImageProvenance: 'it matches images against the signature policies among the objects; the signature check itself is the policy-controller\'s (ImageSignaturePolicy)',
  PodSpecMissing: 'the API server refuses a pod-carrying object without its pod spec itself, before admission',
  UnresolvedRoleRef: 'it asks whether the role a binding refers to is among the other objects; in a cluster the role is there, or the binding grants nothing until it is',
  WorkloadAccountBinding: 'it relates a binding to the workloads among the objects that run as its ServiceAccount, and to the rules of the role it binds; a policy sees one object',
  ProjectedServiceAccountToken: 'at admission every pod that mounts its token carries the projected token volume the ServiceAccount admission plugin adds (kube-api-access-*), which ServiceAccountToken judges; the rule reads the manifests as written',
  AdmissionPolicyWeakened: 'it judges the admission policies and bindings themselves, relating a binding to the policy it binds; a policy judging policies would be lifted by the very weakening it should catch',
  ImageSignatureWeakened: 'it judges the signature policies of policy-controller and Kyverno themselves, which those controllers admit and apply; a policy sees one object, and a weakened policy is the verifier\'s own configuration',
  WritableSystemPaths: 'it resolves each mount path as the kernel does (".", "..", "//", any number of segments) before matching it against directory lists, which CEL\'s string functions cannot do',
};

const CONTROL_PLANE_BECAUSE = 'it checks the configuration files and static pod flags of the control plane and the kubelet, which are read from the nodes\' disks, not sent through admission';

const PSS_BECAUSE = 'it is a Pod Security Standards check, which Pod Security Admission enforces through the namespace labels (HardenedNamespace)';

/**
 * ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1, GA in Kubernetes 1.30, no
 * controller to install) generated from the compliance engine's rules, so that what reaches the
 * API server by any path (`kubectl apply`, another team's chart) meets the rules the constructs
 * and the engine apply at synth.
 *
 * Policies and bindings for every rule that can be checked on a single object: the NSA/CISA rules
 * beyond Pod Security Admission (read-only root filesystem, limits, token automount, runAsGroup,
 * credentials in env and command lines, SYS_ADMIN, pinned images, PSA labels, hostPath
 * PersistentVolumes, RBAC wildcards, escalation verbs, broad subjects ...), matched to every
 * workload kind and to Roles, ClusterRoles and their bindings; one policy per rule, or one per
 * kind group when the rule's kinds differ in the fields it reads (`policies`). Each policy:
 *
 * - skips objects that carry the rule's acknowledgement (`acknowledged.cdk8s-hardening.io/<RuleId>`
 *   with a reason of at least 10 characters), as the engine does;
 * - skips the writes of the built-in controllers and the API server itself (pods from admitted
 *   templates, the default ServiceAccount, aggregated rules);
 * - denies by default, warns and audits when asked, per rule or for all during a migration.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
export class AdmissionGuardrails extends Construct {
  /**
   * The rules that can be checked on a single object at admission, in the order the policies are
   * emitted.
   */
  public static expressibleRuleIds(): string[] {
    return rulePolicies().map(p => p.rule.id);
  }

  /**
   * Why a rule of the engine has no admission policy, or undefined when it has one: it needs
   * other objects (namespace-level and cross-object rules), or Pod Security Admission enforces it.
   * @param ruleId a rule of the compliance engine
   */
  public static whyNotExpressible(ruleId: string): string | undefined {
    const rule = RULES.get(ruleId);
    if (!rule) return `${ruleId} is not a rule of the compliance engine`;
    if (rulePolicies().some(p => p.rule.id === ruleId)) return undefined;
    if (rule.pss) return PSS_BECAUSE;
    if (CompliancePack.CONTROL_PLANE.ruleIds.includes(ruleId)) return CONTROL_PLANE_BECAUSE;
    return NOT_EXPRESSIBLE_BECAUSE[ruleId] ?? 'it has no admission policy';
  }

  /** The rules enforced (and `AllowedRegistries` when registries are given), in order. */
  public readonly policyIds: string[];
  /**
   * The ValidatingAdmissionPolicies, in the order of `policyIds`, one per rule or per kind group of a rule.
   *
   * A rule that judges kinds with different fields has one policy per kind group (`<rule>-pods`
   * and `<rule>-service-accounts`, or `<rule>-roles`, `<rule>-cluster-roles` and
   * `<rule>-bindings`), so that the API server type-checks each expression against the kinds it
   * is written for. Each carries its rule in the `cdk8s-hardening.io/rule` annotation.
   */
  public readonly policies: ApiObject[];
  /** The ValidatingAdmissionPolicyBindings, one per policy, with the same name. */
  public readonly bindings: ApiObject[];
  /** The namespaces the bindings skip. */
  public readonly exemptNamespaces: string[];
  /** Why the guardrails are weaker than the default, when they are. */
  public readonly weakeningReason?: string;

  private readonly actionsById = new Map<string, ValidationActions>();

  constructor(scope: Construct, id: string, props: AdmissionGuardrailsProps = {}) {
    super(scope, id);
    registerDuplicateObjectCheck(this);
    const prefix = props.namePrefix ?? 'cdk8s-hardening-';
    const sources = this.selectSources(props);
    const exemptions = this.validateExemptions(props.exemptions ?? []);
    this.exemptNamespaces = exemptions.map(e => e.namespaceName);

    const overrides = new Map<string, ValidationActions>();
    (props.ruleValidationActions ?? []).forEach((o, i) => {
      if (!sources.some(s => s.id === o.ruleId)) {
        throw invalidInput(this, `ruleValidationActions[${i}].ruleId`, 'is not a rule these guardrails enforce', o.ruleId,
          `use one of ${sources.map(s => s.id).join(', ')}`);
      }
      if (overrides.has(o.ruleId)) {
        throw invalidInput(this, `ruleValidationActions[${i}].ruleId`, 'is listed twice', o.ruleId, 'give each rule its actions once');
      }
      overrides.set(o.ruleId, o.actions);
    });

    const reason = props.weakeningReason === undefined ? undefined : validateReason(this, 'weakeningReason', props.weakeningReason);
    const actionsOf = (source: PolicySource) => overrides.get(source.id) ?? props.validationActions
      ?? (source.severity === Severity.ERROR ? ValidationActions.DENY : ValidationActions.WARN_AND_AUDIT);
    const left = props.ruleIds === undefined ? [] : AdmissionGuardrails.expressibleRuleIds().filter(r => !props.ruleIds!.includes(r));
    const weakened = this.checkWeakening(sources, actionsOf, overrides, props, left, reason);
    this.weakeningReason = reason;

    this.policyIds = sources.map(s => s.id);
    this.policies = [];
    this.bindings = [];
    for (const source of sources) {
      const actions = actionsOf(source);
      this.actionsById.set(source.id, actions);
      const annotations: Record<string, string> = {};
      if (!actions.actions.includes(DENY_ACTION)) {
        annotations[ackAnnotation(WEAKENED_RULE)] = weakened.includes(source.id) ? reason! : warningReason(source.id);
      }
      if (left.length > 0) annotations[exceptionAnnotation(RULE_IDS_SETTING)] = `${reason!} (not enforced: ${left.join(', ')})`;
      // one policy and binding per kind group: `<rule>`, or `<rule>-<group>` when the rule has several
      for (const group of source.groups) {
        const suffix = group.name === '' ? '' : `-${group.name}`;
        const name = validateObjectName(this, `namePrefix (policy ${source.id}${suffix})`, 'ValidatingAdmissionPolicy', `${prefix}${kebab(source.id)}${suffix}`);
        const objectId = `${source.id}${pascal(group.name)}`;
        this.policies.push(new ApiObject(this, `${objectId}Policy`, policyObject(name, source, group)));
        this.bindings.push(new ApiObject(this, `${objectId}Binding`, bindingObject(name, actions, exemptions, annotations)));
      }
    }
  }

  /**
   * The validation actions of a policy's binding.
   * @param policyId a rule id of `policyIds`
   */
  public validationActionsOf(policyId: string): string[] {
    const actions = this.actionsById.get(policyId);
    if (!actions) {
      throw invalidInput(this, 'validationActionsOf.policyId', 'is not a policy of these guardrails', policyId, `use one of ${this.policyIds.join(', ')}`);
    }
    return [...actions.actions];
  }

  /**
   * The sources whose binding does not deny although their default would: they, and rules left
   * out, need the reason; a reason with nothing weakened is refused as an acknowledgement that
   * covers nothing.
   */
  private checkWeakening(sources: readonly PolicySource[], actionsOf: (s: PolicySource) => ValidationActions,
    overrides: ReadonlyMap<string, ValidationActions>, props: AdmissionGuardrailsProps, left: readonly string[],
    reason: string | undefined): string[] {
    const weakened = sources.filter(s => s.severity === Severity.ERROR && !actionsOf(s).actions.includes(DENY_ACTION)).map(s => s.id);
    if (reason !== undefined) {
      if (weakened.length === 0 && left.length === 0) {
        throw invalidInput(this, 'weakeningReason', 'gives a reason, but every rule is enforced and every error-rated rule denies', reason,
          'remove weakeningReason, or give it with the validation actions or rule subset it explains');
      }
      return weakened;
    }
    const fix = 'give weakeningReason (at least 10 characters: why, until when, the ticket), or keep ValidationActions.DENY for the rules the NSA/CISA pack rates errors';
    if (weakened.length > 0) {
      const overridden = weakened.find(id => overrides.has(id));
      const field = overridden !== undefined && (props.validationActions === undefined || props.validationActions.actions.includes(DENY_ACTION))
        ? `ruleValidationActions[${(props.ruleValidationActions ?? []).findIndex(o => o.ruleId === overridden)}].actions`
        : 'validationActions';
      throw invalidInput(this, field, `does not deny ${weakened.join(', ')}, which the NSA/CISA pack rates errors: failures are admitted, and that weakening needs a reason`,
        actionsOf(sources.find(s => s.id === weakened[0])!).actions, fix);
    }
    if (left.length > 0) {
      throw invalidInput(this, 'ruleIds', `leaves out ${left.join(', ')}: objects that break them are admitted, and that weakening needs a reason`, props.ruleIds,
        'give weakeningReason (at least 10 characters: why, until when, the ticket), or leave ruleIds unset for every expressible rule');
    }
    return [];
  }

  private selectSources(props: AdmissionGuardrailsProps): PolicySource[] {
    const all = rulePolicies();
    const ids = props.ruleIds ?? all.map(p => p.rule.id);
    const seen = new Set<string>();
    const selected: RulePolicy[] = ids.map((ruleId, i) => {
      const policy = all.find(p => p.rule.id === ruleId);
      if (!policy) {
        throw invalidInput(this, `ruleIds[${i}]`, `has no admission policy: ${AdmissionGuardrails.whyNotExpressible(ruleId)}`, ruleId,
          `use rules that can be checked on one object: ${all.map(p => p.rule.id).join(', ')}`);
      }
      if (seen.has(ruleId)) throw invalidInput(this, `ruleIds[${i}]`, 'is listed twice', ruleId, 'list each rule once');
      seen.add(ruleId);
      return policy;
    });
    if (selected.length === 0 && !props.allowedRegistries) {
      throw invalidInput(this, 'ruleIds', 'enforces nothing', ids, 'leave ruleIds unset for every expressible rule, or name some');
    }
    const sources: PolicySource[] = selected.map(p => {
      const entry = CompliancePack.NSA_CISA.rules.find(r => r.ruleId === p.rule.id);
      return {
        id: p.rule.id,
        groups: p.groups,
        controls: entry?.controls.map(c => c.id) ?? [],
        severity: entry?.severity ?? Severity.ERROR,
        acknowledgeable: true,
      };
    });
    if (props.allowedRegistries) sources.push(this.registrySource(props.allowedRegistries));
    return sources;
  }

  private registrySource(registries: string[]): PolicySource {
    if (registries.length === 0) {
      throw invalidInput(this, 'allowedRegistries', 'allows no registry, so no pod could start', registries, `name the registries you pull from, e.g. ["registry.acme.example", "${DEFAULT_REGISTRY}"]`);
    }
    const normalized = new Set<string>();
    registries.forEach((r, i) => {
      if (!isRegistryHost(r) || !(r.includes('.') || r.includes(':') || r === 'localhost')) {
        throw invalidInput(this, `allowedRegistries[${i}]`, 'is not a registry host as image references name one (a host with a "." or a port, or localhost)', r,
          `write the host only, e.g. "registry.acme.example" or "registry.acme.example:5000"; "${DEFAULT_REGISTRY}" for Docker Hub`);
      }
      normalized.add(normalizeRegistry(r));
    });
    // imageRegistry, in CEL: the first path component when it is a host, else Docker Hub
    const first = "c.image.split('/')[0]";
    const host = `(size(c.image.split('/')) > 1 && (${first}.contains('.') || ${first}.contains(':') || ${first} == 'localhost') ? ${first} : ${str(DEFAULT_REGISTRY)})`;
    const registry = `(${host} in ${strList(DEFAULT_REGISTRY_ALIASES)} ? ${str(DEFAULT_REGISTRY)} : ${host})`;
    const allowed = [...normalized];
    const ok = `has(c.image) && ${registry} in ${strList(allowed)}`;
    const fix = `pull from ${allowed.join(', ')}, or add the registry to allowedRegistries`;
    return {
      id: ALLOWED_REGISTRIES,
      groups: [{
        name: '',
        kinds: POD_KINDS,
        variables: POD_VARIABLES,
        validations: [{
          expression: `variables.${CONTAINERS.name}.all(c, ${ok})`,
          message: `${ALLOWED_REGISTRIES}: every image comes from ${allowed.join(', ')}. Fix: ${fix}`,
          messageExpression: `${str(`${ALLOWED_REGISTRIES}: every image comes from ${allowed.join(', ')} (not: `)} + variables.${CONTAINERS.name}.filter(c, !(${ok})).map(c, has(c.image) ? c.image : '?').join(', ') + ${str(`). Fix: ${fix}`)}`,
        }],
      }],
      controls: [],
      severity: Severity.ERROR,
      acknowledgeable: false,
    };
  }

  private validateExemptions(exemptions: NamespaceExemption[]): NamespaceExemption[] {
    const seen = new Set<string>();
    return exemptions.map((e, i) => {
      validateDnsLabel(this, `exemptions[${i}].namespaceName`, e.namespaceName);
      if (seen.has(e.namespaceName)) {
        throw invalidInput(this, `exemptions[${i}].namespaceName`, 'is listed twice', e.namespaceName, 'exempt each namespace once, with one reason');
      }
      seen.add(e.namespaceName);
      return { namespaceName: e.namespaceName, reason: validateReason(this, `exemptions[${i}].reason`, e.reason) };
    });
  }
}

/** `cluster-roles` → `ClusterRoles`. */
function pascal(name: string): string {
  return name.split('-').map(w => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** `ReadOnlyRootFilesystem` → `read-only-root-filesystem`. */
function kebab(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase();
}

/** The resource rules of the kinds a policy matches, one per API group and version. */
function resourceRules(kinds: readonly string[]): Array<Record<string, unknown>> {
  const byGroup = new Map<string, { group: string; version: string; resources: string[] }>();
  for (const kind of kinds) {
    const r = KIND_RESOURCES[kind];
    const key = `${r.group}/${r.version}`;
    const entry = byGroup.get(key) ?? { group: r.group, version: r.version, resources: [] };
    entry.resources.push(r.resource);
    if (kind === 'Pod') entry.resources.push(EPHEMERAL_CONTAINERS_SUBRESOURCE);
    byGroup.set(key, entry);
  }
  return [...byGroup.values()].map(e => ({
    apiGroups: [e.group],
    apiVersions: [e.version],
    operations: [...CHECKED_OPERATIONS],
    resources: e.resources,
  }));
}

/**
 * An RE2 source for "at least `n` characters once the white space JavaScript's `trim()` removes
 * is removed from both ends" (n ≥ 2).
 */
function trimmedAtLeast(n: number): string {
  const ws = WORD_SEPARATORS.join('');
  return `^[${ws}]*[^${ws}](?s:.){${n - 2},}[^${ws}][${ws}]*$`;
}

/** The match conditions every policy has: not a derived write; for rules, not acknowledged on the object. */
function matchConditions(source: PolicySource): Array<Record<string, string>> {
  const conditions = [{
    name: 'not-a-built-in-controller',
    expression: `!(request.userInfo.username in ${strList(DERIVED_WRITERS.map(w => w.user))})`
      + ` && !(has(request.userInfo.groups) && request.userInfo.groups.exists(g, g in ${strList(DERIVED_WRITER_GROUPS)}))`,
  }];
  if (source.acknowledgeable) {
    const key = ackAnnotation(source.id);
    const annotations = 'object.metadata.annotations';
    conditions.push({
      name: 'not-acknowledged',
      expression: `!(has(object.metadata.annotations) && ${str(key)} in ${annotations} && ${annotations}[${str(key)}].matches(${str(trimmedAtLeast(MIN_REASON_LENGTH))}))`,
    });
  }
  return conditions;
}

/** A Kubernetes object as the ApiObject constructor takes it. */
interface ObjectBody {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
}

function policyObject(name: string, source: PolicySource, group: KindGroup): ObjectBody {
  return {
    apiVersion: ADMISSION_API_VERSION,
    kind: 'ValidatingAdmissionPolicy',
    metadata: {
      name,
      annotations: {
        [RULE_ANNOTATION]: source.id,
        ...(source.controls.length > 0 ? { [CONTROLS_ANNOTATION]: source.controls.join('; ') } : {}),
      },
    },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: { matchPolicy: 'Equivalent', resourceRules: resourceRules(group.kinds) },
      matchConditions: matchConditions(source),
      ...(group.variables.length > 0 ? { variables: group.variables.map(v => ({ name: v.name, expression: v.expression })) } : {}),
      validations: group.validations.map(v => ({
        expression: v.expression,
        message: v.message,
        ...(v.messageExpression ? { messageExpression: v.messageExpression } : {}),
        reason: 'Invalid',
      })),
    },
  };
}

/** The reason the library records for a rule the NSA/CISA pack rates a warning, whose binding warns and audits by default. */
function warningReason(ruleId: string): string {
  return `${ruleId} is a warning of the NSA/CISA pack: its binding warns and audits, as a warning does not fail a synth either`;
}

function bindingObject(name: string, actions: ValidationActions, exemptions: readonly NamespaceExemption[],
  weakening: Record<string, string>): ObjectBody {
  const annotations: Record<string, string> = { ...weakening };
  for (const e of exemptions) annotations[`${EXEMPTION_ANNOTATION_PREFIX}${e.namespaceName}`] = e.reason;
  return {
    apiVersion: ADMISSION_API_VERSION,
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    spec: {
      policyName: name,
      validationActions: [...actions.actions],
      ...(exemptions.length > 0 ? {
        matchResources: {
          namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: exemptions.map(e => e.namespaceName) }] },
        },
      } : {}),
    },
  };
}
