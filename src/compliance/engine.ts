import * as path from 'path';
import { asObject, asStringMap } from './json';
import { describeObject, KubeObject, namespaceOf } from './objects';
import { ComplianceControl, CompliancePack } from './packs';
import { ComplianceFinding, ComplianceResult, RuleSummary } from './results';
import { Rule, RuleContext } from './rule';
import { RULES } from './rules';
import { atLeast, maxSeverity, minSeverity, Severity } from './severity';
import { ACK_ANNOTATION_PREFIX, MIN_REASON_LENGTH } from '../standards/annotations';
import { LATEST_KNOWN_MINOR, parsePsaVersion, versionName } from '../standards/kubernetes-version';
import { psaVersionLabel } from '../standards/psa';


/** Rule id of the finding for an acknowledgement that matches nothing. @internal */
export const UNUSED_ACK_RULE = 'AcknowledgementUnused';
/** Rule id of the finding for an acknowledgement that is not acceptable (reason too short). @internal */
export const INVALID_ACK_RULE = 'AcknowledgementInvalid';


/**
 * One acknowledgement, shared by every object it covers, so that one that matched nothing can be
 * reported once.
 * @internal
 */
export class AckSource {
  public used = false;
  constructor(
    public readonly ruleId: string,
    public readonly reason: string,
    /** Where it was declared, for messages: a construct path or an object's annotation. */
    public readonly where: string,
    /** The object to report an unused acknowledgement on. */
    public readonly reportOn: KubeObject | undefined,
    public readonly fieldPath: string,
    public readonly constructPath?: string,
  ) {}
}

/** @internal */
export interface EngineOptions {
  readonly packs: readonly CompliancePack[];
  /**
   * The Kubernetes minor version (1.N) at which the versioned packs evaluate the Pod Security
   * Standards, for objects whose Namespace (among the objects) pins no `enforce-version`.
   * Default: the newest known.
   */
  readonly pssMinor?: number;
  /**
   * The Kubernetes minor version (1.N) of the cluster the objects are for, which the RBAC rules
   * read (PodExec). Default: the newest known.
   */
  readonly kubernetesMinor?: number;
  /** Acknowledgements declared outside the objects (on constructs). */
  readonly acknowledgementsOf?: (object: KubeObject) => readonly AckSource[];
  /** Which inputs are applied together. Default: the files of each folder. */
  readonly applySets?: ApplySets;
}

/**
 * Which objects are applied together: the files of one folder (`kubectl apply -f FOLDER`), or
 * every input.
 * @internal
 */
export type ApplySets = 'folder' | 'all';

/** The apply set of an object: its file's folder (`folder`), or one for every object (`all`). */
function applySetOf(object: KubeObject, sets: ApplySets): string {
  const file = object.origin.file;
  return sets === 'all' || file === undefined ? '' : path.dirname(file);
}

/** How the selected packs use one rule: highest severity, union of controls, packs listed. @internal */
export interface RuleSelection {
  severity: Severity;
  readonly controls: ComplianceControl[];
  readonly packs: string[];
}

/**
 * A rule as selected by the packs of a check. A rule that implements a Pod Security Standards
 * check and is selected by a versioned pack is evaluated at the object's PSS version for those
 * packs (`versioned`), and at the newest version for the other packs (`latest`).
 * @internal
 */
export interface SelectedRule {
  readonly rule: Rule;
  versioned?: RuleSelection;
  latest?: RuleSelection;
}

function mergeInto(target: RuleSelection | undefined, severity: Severity,
  controls: readonly ComplianceControl[], packs: readonly string[]): RuleSelection {
  const sel = target ?? { severity, controls: [], packs: [] };
  sel.severity = maxSeverity(sel.severity, severity);
  for (const c of controls) {
    if (!sel.controls.some(x => x.id === c.id)) sel.controls.push(c);
  }
  for (const p of packs) {
    if (!sel.packs.includes(p)) sel.packs.push(p);
  }
  return sel;
}

/** Merges the packs' view of each rule. @internal */
export function selectRules(packs: readonly CompliancePack[]): SelectedRule[] {
  const byId = new Map<string, SelectedRule>();
  for (const pack of packs) {
    for (const entry of pack.rules) {
      const rule = pack._rule(entry.ruleId);
      if (!rule) throw new Error(`pack ${pack.name} refers to unknown rule ${entry.ruleId}`);
      let sel = byId.get(entry.ruleId);
      if (!sel) byId.set(entry.ruleId, sel = { rule });
      if (pack.versioned && rule.pss) sel.versioned = mergeInto(sel.versioned, entry.severity, entry.controls, [pack.name]);
      else sel.latest = mergeInto(sel.latest, entry.severity, entry.controls, [pack.name]);
    }
  }
  return [...byId.values()];
}

/**
 * Builds the index cross-object rules query. `pssMinor` is the version asked for; a Namespace
 * among the objects that pins a known `enforce-version` overrides it for its objects.
 * `kubernetesMinor` is the cluster's version.
 * @internal
 */
export function buildContext(objects: readonly KubeObject[], pssMinor: number = LATEST_KNOWN_MINOR,
  kubernetesMinor: number = LATEST_KNOWN_MINOR, applySets: ApplySets = 'folder'): RuleContext {
  const byKind = new Map<string, KubeObject[]>();
  const pinned = new Map<string, number>();
  for (const o of objects) {
    let all = byKind.get(o.kind);
    if (!all) byKind.set(o.kind, all = []);
    all.push(o);
    if (o.kind === 'Namespace' && o.apiVersion === 'v1') {
      const version = asStringMap(asObject(o.json.metadata)?.labels)[psaVersionLabel('enforce')];
      const minor = version === undefined ? undefined : parsePsaVersion(version);
      if (minor !== undefined) pinned.set(o.name, minor);
    }
  }
  // by namespace and by name, indexed for a kind when a rule first asks for it (rules ask for
  // a few kinds: a large repository's workloads are never indexed twice)
  const byNamespace = new Map<string, Map<string, KubeObject[]>>();
  const byName = new Map<string, Map<string, KubeObject>>();
  const namespacesOf = (kind: string) => {
    let index = byNamespace.get(kind);
    if (!index) {
      byNamespace.set(kind, index = new Map());
      for (const o of byKind.get(kind) ?? []) {
        const ns = namespaceOf(o.namespace);
        const list = index.get(ns);
        if (list) list.push(o); else index.set(ns, [o]);
      }
    }
    return index;
  };
  const namesOf = (kind: string) => {
    let index = byName.get(kind);
    if (!index) {
      byName.set(kind, index = new Map());
      for (const o of byKind.get(kind) ?? []) index.set(`${namespaceOf(o.namespace)}\u0000${o.name}`, o);
    }
    return index;
  };
  return {
    objects,
    objectsOf: (kind, namespace) => namespacesOf(kind).get(namespaceOf(namespace)) ?? [],
    ofKind: (kind) => byKind.get(kind) ?? [],
    find: (kind, namespace, name) => namesOf(kind).get(`${namespaceOf(namespace)}\u0000${name}`),
    pssMinor: (object) => (pinned.size === 0 ? pssMinor : pinned.get(namespaceOf(object.namespace)) ?? pssMinor),
    kubernetesMinor,
    applySet: (object) => applySetOf(object, applySets),
  };
}

/** The same index, evaluating the Pod Security Standards at the newest version for every object. */
function atLatest(context: RuleContext): RuleContext {
  return { ...context, pssMinor: () => LATEST_KNOWN_MINOR };
}

const NO_ACKS: readonly AckSource[] = [];

/** Acknowledgements written as annotations into an object. @internal */
export function annotationAcks(object: KubeObject): AckSource[] {
  const annotations = asStringMap(asObject(object.json.metadata)?.annotations);
  const acks: AckSource[] = [];
  for (const [key, reason] of Object.entries(annotations)) {
    if (!key.startsWith(ACK_ANNOTATION_PREFIX)) continue;
    const ruleId = key.slice(ACK_ANNOTATION_PREFIX.length);
    acks.push(new AckSource(ruleId, reason.trim(), `annotation ${key} of ${describeObject(object)}`, object, `metadata.annotations["${key}"]`));
  }
  return acks;
}

function ackBase(ack: AckSource) {
  if (ack.reportOn) return findingBase(ack.reportOn, ack.fieldPath);
  return { resourceKind: '', resourceApiVersion: '', resourceName: '', constructPath: ack.constructPath };
}

/**
 * The line of a field of an object read from a file: the field's own line, or, for a field the
 * object lacks (a missing `allowPrivilegeEscalation`), the line of its nearest parent that is
 * there; the object's first line when the file gives no field lines.
 * @internal
 */
export function fieldLine(object: KubeObject, fieldPath: string): number | undefined {
  const { lineOf, line } = object.origin;
  if (!lineOf) return line;
  // a map key written as ["key"] (annotations, labels) is the last part of its path
  const quoted = /^(.*)\["(.*)"\]$/.exec(fieldPath);
  let p = quoted ? `${quoted[1]}.${quoted[2]}` : fieldPath;
  while (p !== '') {
    const found = lineOf(p);
    if (found !== undefined) return found;
    if (quoted && p === `${quoted[1]}.${quoted[2]}`) {
      p = quoted[1];
      continue;
    }
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut > 0 ? p.slice(0, cut) : '';
  }
  return line;
}

function findingBase(object: KubeObject, fieldPath: string) {
  return {
    resourceKind: object.kind,
    resourceApiVersion: object.apiVersion,
    resourceName: object.name,
    resourceNamespace: object.namespace,
    constructPath: object.origin.constructPath,
    file: object.origin.file,
    line: fieldLine(object, fieldPath),
    objectLine: object.origin.file !== undefined ? object.origin.line : undefined,
  };
}

/** What one evaluation of a rule on an object came to, in increasing order of weight. */
const enum Evaluation { NOT_APPLICABLE, COMPLIANT, ACKNOWLEDGED, OPEN }

/** A selected rule as one check runs it: the packs' views and what it found. */
interface RulePlan {
  readonly rule: Rule;
  /** The rule's kinds, when it names them: objects of other kinds are not asked about. */
  readonly kinds?: ReadonlySet<string>;
  readonly versioned?: RuleSelection;
  readonly latest?: RuleSelection;
  /** Both views merged, for the rule's summary. */
  readonly all: RuleSelection;
  readonly findings: ComplianceFinding[];
  readonly acknowledged: ComplianceFinding[];
  /** 1 for each object (by index) that satisfies the rule. */
  readonly compliant: Uint8Array;
  compliantCount: number;
  nonCompliant: number;
  ackCount: number;
}

/** Runs a rule on an object under one view of the packs, keeping what it finds on the plan. */
function evaluate(plan: RulePlan, object: KubeObject, acks: readonly AckSource[], sel: RuleSelection,
  ctx: RuleContext, pssMinor: number | undefined): Evaluation {
  const rule = plan.rule;
  const result = rule.check(object, ctx);
  if (result.status === 'not-applicable') return Evaluation.NOT_APPLICABLE;
  if (result.status === 'compliant') return Evaluation.COMPLIANT;
  const matching = acks.filter(a => a.ruleId === rule.id && a.reason.length >= MIN_REASON_LENGTH);
  // the same acceptance may be both declared on a construct and already written into the object
  for (const a of matching) a.used = true;
  const ack = matching[0];
  for (const f of result.findings) {
    const finding: ComplianceFinding = {
      ruleId: rule.id,
      ruleTitle: rule.title,
      severity: f.severity === undefined ? sel.severity : minSeverity(sel.severity, f.severity),
      controls: sel.controls.map(c => c.id),
      packs: sel.packs,
      message: f.message,
      fix: f.fix ?? rule.fix,
      fieldPath: f.path,
      helpUri: rule.helpUri,
      ...findingBase(object, f.path),
      pssVersion: rule.pss && pssMinor !== undefined ? versionName(pssMinor) : undefined,
      acknowledgement: ack?.reason,
    };
    (ack ? plan.acknowledged : plan.findings).push(finding);
  }
  return ack ? Evaluation.ACKNOWLEDGED : Evaluation.OPEN;
}

/**
 * Checks a set of objects against the rules of the packs. Rules that need the whole set
 * (network policies, service accounts) see every object given here.
 * @internal
 */
export function runCheck(objects: readonly KubeObject[], options: EngineOptions): ComplianceResult {
  const selected = selectRules(options.packs);
  const context = buildContext(objects, options.pssMinor, options.kubernetesMinor, options.applySets);
  const latestContext = atLatest(context);
  const findings: ComplianceFinding[] = [];
  const acknowledged: ComplianceFinding[] = [];
  const allAcks = new Set<AckSource>();

  const acksPerObject = objects.map(o => {
    const fromAnnotations = annotationAcks(o);
    const declared = options.acknowledgementsOf?.(o);
    // (most objects have none: they share one empty list)
    if (fromAnnotations.length === 0 && (!declared || declared.length === 0)) return NO_ACKS;
    const acks = declared ? [...fromAnnotations, ...declared] : fromAnnotations;
    for (const a of acks) allAcks.add(a);
    return acks;
  });

  // each object's description, made when a summary's list is first read, once for all rules
  const described: (string | undefined)[] = new Array(objects.length);
  const compliantList = (compliant: Uint8Array): string[] => {
    const list: string[] = [];
    for (let i = 0; i < compliant.length; i++) if (compliant[i] === 1) list.push(described[i] ??= describeObject(objects[i]));
    return list;
  };
  // Objects outer, rules inner: an object's JSON is read by every rule while it is in cache,
  // rather than the whole set once per rule. Findings are kept per rule and joined in rule
  // order, so the report does not depend on the loop's order.
  const plans = selected.map(({ rule, versioned, latest }): RulePlan => {
    const all = mergeInto(versioned && { severity: versioned.severity, controls: [...versioned.controls], packs: [...versioned.packs] },
      latest?.severity ?? versioned!.severity, latest?.controls ?? [], latest?.packs ?? []);
    return {
      rule,
      kinds: rule.kinds && new Set(rule.kinds),
      versioned,
      latest,
      all,
      findings: [],
      acknowledged: [],
      compliant: new Uint8Array(objects.length),
      compliantCount: 0,
      nonCompliant: 0,
      ackCount: 0,
    };
  });
  const anyVersioned = plans.some(p => p.versioned !== undefined);
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i];
    const minor = anyVersioned ? context.pssMinor(object) : LATEST_KNOWN_MINOR;
    for (let r = 0; r < plans.length; r++) {
      const plan = plans[r];
      if (plan.kinds !== undefined && !plan.kinds.has(object.kind)) continue;
      const { versioned, latest } = plan;
      // one evaluation when both views agree on the version (the usual case), two otherwise
      let outcome: Evaluation;
      if (!versioned) {
        outcome = evaluate(plan, object, acksPerObject[i], latest!, latestContext, undefined);
      } else if (minor === LATEST_KNOWN_MINOR) {
        outcome = evaluate(plan, object, acksPerObject[i], latest ? plan.all : versioned, context, LATEST_KNOWN_MINOR);
      } else {
        outcome = evaluate(plan, object, acksPerObject[i], versioned, context, minor);
        if (latest) outcome = Math.max(outcome, evaluate(plan, object, acksPerObject[i], latest, latestContext, undefined));
      }
      if (outcome === Evaluation.NOT_APPLICABLE) continue;
      if (outcome === Evaluation.OPEN) {
        plan.nonCompliant++;
      } else if (outcome === Evaluation.ACKNOWLEDGED) {
        plan.ackCount++;
      } else {
        plan.compliant[i] = 1;
        plan.compliantCount++;
      }
    }
  }
  const summaries: RuleSummary[] = [];
  for (const plan of plans) {
    for (const f of plan.findings) findings.push(f);
    for (const f of plan.acknowledged) acknowledged.push(f);
    const summary = {
      ruleId: plan.rule.id,
      ruleTitle: plan.rule.title,
      severity: plan.all.severity,
      controls: plan.all.controls.map(c => c.id),
      packs: plan.all.packs,
      compliantCount: plan.compliantCount,
      nonCompliantCount: plan.nonCompliant,
      acknowledgedCount: plan.ackCount,
    } as Omit<RuleSummary, 'compliantObjects'> as RuleSummary;
    // the list of a rule every object of a large repository satisfies is as long as the
    // repository: it is made when read (a report that only counts never makes it)
    const compliant = plan.compliant;
    Object.defineProperty(summary, 'compliantObjects', {
      enumerable: true,
      configurable: true,
      get: () => {
        const list = compliantList(compliant);
        Object.defineProperty(summary, 'compliantObjects', { value: list, enumerable: true, writable: false, configurable: false });
        return list;
      },
    });
    summaries.push(summary);
  }

  // an acknowledgement written into the annotations of every object under a construct is one
  // acknowledgement: it is used when any of those objects has the finding it accepts
  const annotationKey = (a: AckSource) => `${a.ruleId}\u0000${a.reason}`;
  // (and one that mirrors an acknowledgement made on a construct is reported as that one)
  const usedAnnotations = new Set([...allAcks].filter(a => a.used && a.constructPath === undefined).map(annotationKey));
  const onConstructs = new Set([...allAcks].filter(a => a.constructPath !== undefined).map(annotationKey));
  for (const ack of allAcks) {
    if (ack.constructPath === undefined && !ack.used && (usedAnnotations.has(annotationKey(ack)) || onConstructs.has(annotationKey(ack)))) continue;
    if (ack.reason.length < MIN_REASON_LENGTH) {
      findings.push({
        ruleId: INVALID_ACK_RULE,
        ruleTitle: `an acknowledgement gives a reason of at least ${MIN_REASON_LENGTH} characters`,
        severity: Severity.ERROR,
        controls: [],
        packs: [],
        message: `the acknowledgement of ${ack.ruleId} (${ack.where}) gives the reason ${JSON.stringify(ack.reason)}, shorter than ${MIN_REASON_LENGTH} characters`,
        fix: 'say why the finding is accepted, for the auditor who will read it, e.g. "legacy batch job needs baseline until Q3 migration (TICKET-123)"',
        fieldPath: ack.fieldPath,
        helpUri: 'https://github.com/cdk8s-hardening/cdk8s-hardening/blob/main/docs/compliance.md#acknowledgements',
        ...ackBase(ack),
      });
    } else if (!ack.used) {
      const known = RULES.has(ack.ruleId) || selected.some(s => s.rule.id === ack.ruleId);
      findings.push({
        ruleId: UNUSED_ACK_RULE,
        ruleTitle: 'every acknowledgement matches a finding',
        severity: Severity.WARNING,
        controls: [],
        packs: [],
        message: known
          ? `the acknowledgement of ${ack.ruleId} (${ack.where}) matches no finding of the packs checked`
          : `the acknowledgement of ${ack.ruleId} (${ack.where}) names no known rule`,
        fix: 'remove the acknowledgement (the finding it accepted is gone) or correct its rule id',
        fieldPath: ack.fieldPath,
        helpUri: 'https://github.com/cdk8s-hardening/cdk8s-hardening/blob/main/docs/compliance.md#acknowledgements',
        ...ackBase(ack),
      });
    }
  }

  return {
    packs: options.packs.map(p => p.name),
    objectCount: objects.length,
    findings,
    acknowledged,
    rules: summaries,
  };
}

/** Whether any finding is at or above the threshold. @internal */
export function failsAt(result: ComplianceResult, threshold: Severity): boolean {
  return result.findings.some(f => atLeast(f.severity, threshold));
}
