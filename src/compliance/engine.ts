import { asObject, asStringMap } from './json';
import { describeObject, KubeObject } from './objects';
import { ComplianceControl, CompliancePack } from './packs';
import { ComplianceFinding, ComplianceResult, RuleSummary } from './results';
import { RuleContext } from './rule';
import { RULES } from './rules';
import { atLeast, maxSeverity, Severity } from './severity';

/**
 * Annotation prefix of an acknowledgement written into an object: the key
 * `acknowledged.cdk8s-hardening.io/<RuleId>` holds the reason. Objects carrying one are accepted
 * for that rule, by the command line as well as at synth.
 * @internal
 */
export const ACK_ANNOTATION_PREFIX = 'acknowledged.cdk8s-hardening.io/';

/** Rule id of the finding for an acknowledgement that matches nothing. @internal */
export const UNUSED_ACK_RULE = 'AcknowledgementUnused';
/** Rule id of the finding for an acknowledgement that is not acceptable (reason too short). @internal */
export const INVALID_ACK_RULE = 'AcknowledgementInvalid';

/** The minimum length of an acknowledgement's reason. @internal */
export const MIN_REASON_LENGTH = 10;

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
  /** Acknowledgements declared outside the objects (on constructs). */
  readonly acknowledgementsOf?: (object: KubeObject) => readonly AckSource[];
}

/** A rule as selected by the packs of a check. @internal */
export interface SelectedRule {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly controls: ComplianceControl[];
  readonly packs: string[];
}

/** Merges the packs' view of each rule: highest severity, union of controls, packs listed. @internal */
export function selectRules(packs: readonly CompliancePack[]): SelectedRule[] {
  const byId = new Map<string, { ruleId: string; severity: Severity; controls: ComplianceControl[]; packs: string[] }>();
  for (const pack of packs) {
    for (const entry of pack.rules) {
      let sel = byId.get(entry.ruleId);
      if (!sel) {
        sel = { ruleId: entry.ruleId, severity: entry.severity, controls: [], packs: [] };
        byId.set(entry.ruleId, sel);
      }
      sel.severity = maxSeverity(sel.severity, entry.severity);
      for (const c of entry.controls) {
        if (!sel.controls.some(x => x.id === c.id)) sel.controls.push(c);
      }
      if (!sel.packs.includes(pack.name)) sel.packs.push(pack.name);
    }
  }
  return [...byId.values()];
}

/** Builds the index cross-object rules query. @internal */
export function buildContext(objects: readonly KubeObject[]): RuleContext {
  const byKindNs = new Map<string, KubeObject[]>();
  const byName = new Map<string, KubeObject>();
  for (const o of objects) {
    const key = `${o.kind}\u0000${o.namespace ?? ''}`;
    let list = byKindNs.get(key);
    if (!list) byKindNs.set(key, list = []);
    list.push(o);
    byName.set(`${key}\u0000${o.name}`, o);
  }
  return {
    objects,
    objectsOf: (kind, namespace) => byKindNs.get(`${kind}\u0000${namespace ?? ''}`) ?? [],
    find: (kind, namespace, name) => byName.get(`${kind}\u0000${namespace ?? ''}\u0000${name}`),
  };
}

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
  if (ack.reportOn) return findingBase(ack.reportOn);
  return { resourceKind: '', resourceApiVersion: '', resourceName: '', constructPath: ack.constructPath };
}

function findingBase(object: KubeObject) {
  return {
    resourceKind: object.kind,
    resourceApiVersion: object.apiVersion,
    resourceName: object.name,
    resourceNamespace: object.namespace,
    constructPath: object.origin.constructPath,
    file: object.origin.file,
    line: object.origin.line,
  };
}

/**
 * Checks a set of objects against the rules of the packs. Rules that need the whole set
 * (network policies, service accounts) see every object given here.
 * @internal
 */
export function runCheck(objects: readonly KubeObject[], options: EngineOptions): ComplianceResult {
  const selected = selectRules(options.packs);
  const context = buildContext(objects);
  const findings: ComplianceFinding[] = [];
  const acknowledged: ComplianceFinding[] = [];
  const allAcks = new Set<AckSource>();

  const acksPerObject = objects.map(o => {
    const acks = [...annotationAcks(o), ...(options.acknowledgementsOf?.(o) ?? [])];
    for (const a of acks) allAcks.add(a);
    return acks;
  });

  // each object's description, made once rather than once per rule it satisfies
  const described: (string | undefined)[] = new Array(objects.length);
  const summaries: RuleSummary[] = [];
  for (const sel of selected) {
    const rule = RULES.get(sel.ruleId);
    if (!rule) throw new Error(`pack refers to unknown rule ${sel.ruleId}`);
    const controls = sel.controls.map(c => c.id);
    const compliant: string[] = [];
    let nonCompliant = 0;
    let ackCount = 0;
    for (let i = 0; i < objects.length; i++) {
      const object = objects[i];
      const result = rule.check(object, context);
      if (result.status === 'not-applicable') continue;
      if (result.status === 'compliant') {
        compliant.push(described[i] ??= describeObject(object));
        continue;
      }
      const matching = acksPerObject[i].filter(a => a.ruleId === rule.id && a.reason.length >= MIN_REASON_LENGTH);
      // the same acceptance may be both declared on a construct and already written into the object
      for (const a of matching) a.used = true;
      const ack = matching[0];
      let open = false;
      for (const f of result.findings) {
        const finding: ComplianceFinding = {
          ruleId: rule.id,
          ruleTitle: rule.title,
          severity: sel.severity,
          controls,
          packs: sel.packs,
          message: f.message,
          fix: f.fix ?? rule.fix,
          fieldPath: f.path,
          helpUri: rule.helpUri,
          ...findingBase(object),
          acknowledgement: ack?.reason,
        };
        if (ack) {
          acknowledged.push(finding);
        } else {
          open = true;
          findings.push(finding);
        }
      }
      if (open) nonCompliant++; else ackCount++;
    }
    summaries.push({
      ruleId: rule.id,
      ruleTitle: rule.title,
      severity: sel.severity,
      controls,
      packs: sel.packs,
      compliantObjects: compliant,
      nonCompliantCount: nonCompliant,
      acknowledgedCount: ackCount,
    });
  }

  for (const ack of allAcks) {
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
      const known = RULES.has(ack.ruleId);
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
