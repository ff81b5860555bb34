import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalidInput } from '../errors';
import { validateReason } from '../validation';
import { AckSource, buildContext, runCheck } from './engine';
import { asObject, asStringMap, isObject } from './json';
import { parseManifestText } from './loader';
import { describeObject, KubeObject, toKubeObject } from './objects';
import { CompliancePack, customRule } from './packs';
import { ComplianceFinding, ComplianceResult } from './results';
import { Rule } from './rule';
import { RULES } from './rules';
import { atLeast, Severity } from './severity';
import { requireOneCopy } from '../single-copy';
import { ackAnnotation } from '../standards/annotations';
import { addSynthesisValidation } from '../synthesis';

/**
 * Options of a compliance check.
 */
export interface ComplianceOptions {
  /**
   * Packs to check against.
   * @default - every pack: PSS baseline, PSS restricted, NSA/CISA and control plane
   */
  readonly packs?: CompliancePack[];

  /**
   * Lowest severity that fails synthesis.
   * @default Severity.ERROR
   */
  readonly failOn?: Severity;
}

/**
 * An accepted finding: a rule id and the reason, for the auditor.
 */
export interface Acknowledgement {
  /** The rule whose findings are accepted, e.g. `HostNetwork`. */
  readonly ruleId: string;
  /** Why, in at least 10 characters. */
  readonly reason: string;
}

/** Construct metadata type of an acknowledgement made on a construct (data: `Acknowledgement`). */
const ACK_METADATA = 'cdk8s-hardening:acknowledgement';
/** Construct metadata type of an enabled check (data: `EnabledCheck`). */
const ENABLED_METADATA = 'cdk8s-hardening:compliance';
/** Rule id of the warning for an acknowledged object that does not record the acknowledgement. */
const NOT_RECORDED_RULE = 'AcknowledgementNotRecorded';

/** What `enable()` keeps on the construct it was called on. */
interface EnabledCheck {
  options: ComplianceOptions;
}

/** The acknowledgements made on one construct, read from its metadata. */
function acknowledgementsOn(scope: IConstruct): Acknowledgement[] {
  return scope.node.metadata.filter(m => m.type === ACK_METADATA).map(m => m.data as Acknowledgement);
}

/** An object synthesized from the construct tree, with the ApiObject it came from. */
interface SynthesizedObject {
  readonly object: KubeObject;
  readonly apiObject: ApiObject;
}

/**
 * The compliance engine for a construct tree: turn it on for an app or chart, and acknowledge
 * findings on any construct (covering its children).
 *
 * ```ts fixture=continued
 * Compliance.of(app).enable();                       // app.synth() fails on error-level findings
 * Compliance.of(legacyJob).acknowledge('HostNetwork', 'node exporter reads host metrics (OPS-42)');
 * const result = Compliance.check(chart);            // or inspect the findings yourself
 * ```
 */
export class Compliance {
  /**
   * The compliance handle of a construct (created on first use).
   */
  public static of(scope: IConstruct): Compliance {
    requireOneCopy(scope);
    return new Compliance(scope);
  }

  /**
   * Checks every ApiObject under `scope` (its synthesized JSON, so JSON patches and raw
   * ApiObjects are checked too), honouring the acknowledgements made on the constructs.
   */
  public static check(scope: IConstruct, options: ComplianceOptions = {}): ComplianceResult {
    return checkTree(scope, options).result;
  }

  /**
   * Checks manifests given as YAML (multi-document, `List` objects) or JSON text.
   *
   * @param manifests the text of one or more manifests
   * @param sourceName name reported as the findings' file
   */
  public static checkManifests(manifests: string, options: ComplianceOptions = {}, sourceName: string = '<manifests>'): ComplianceResult {
    const objects = parseManifestText(manifests, sourceName);
    return runCheck(objects, { packs: options.packs ?? CompliancePack.all() });
  }

  /**
   * Formats a finding on one line: rule, severity, object, construct path or file, controls,
   * what was found and how to fix it.
   */
  public static formatFinding(finding: ComplianceFinding): string {
    const where = finding.constructPath ?? (finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ''}` : undefined);
    const object = finding.resourceKind ? describeObject({ kind: finding.resourceKind, name: finding.resourceName, namespace: finding.resourceNamespace }) : 'acknowledgement';
    const controls = finding.controls.length > 0 ? ` [${finding.controls.join('; ')}]` : '';
    return `${finding.ruleId} (${finding.severity}) ${object}${where ? ` at ${where}` : ''}${controls}: ${finding.fieldPath}: ${finding.message}. Fix: ${finding.fix}`;
  }

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Accepts the findings of a rule on this construct and its children. It is kept in the
   * construct's metadata (the check at synth reads it up the scopes), and the reason is written
   * at once into the annotations (`acknowledged.cdk8s-hardening.io/<RuleId>`) of the objects under
   * the construct that the rule applies to, so the YAML records it for auditors and for
   * `cdk8s-hardening check`. Acknowledge after creating the objects it covers: an object created
   * later is accepted at synth but does not record it, which the check at synth reports. An
   * acknowledgement that matches nothing is reported.
   *
   * @param ruleId the rule, e.g. `HostNetwork`
   * @param reason why, in at least 10 characters
   */
  public acknowledge(ruleId: string, reason: string): void {
    const rule = RULES.get(ruleId) ?? customRule(ruleId);
    if (!rule) {
      throw invalidInput(this.scope, 'acknowledge.ruleId', 'not a rule of the compliance engine, nor of a pack made with CompliancePack.custom()', ruleId,
        `use one of ${[...RULES.keys()].join(', ')}, or the id of one of your own rules (create its pack first)`);
    }
    const text = validateReason(this.scope, `acknowledge(${ruleId}).reason`, reason);
    const ack: Acknowledgement = { ruleId, reason: text };
    this.scope.node.addMetadata(ACK_METADATA, ack);
    for (const c of this.scope.node.findAll()) {
      if (ApiObject.isApiObject(c) && appliesTo(rule, c)) c.metadata.addAnnotation(ackAnnotation(ruleId), text);
    }
  }

  /**
   * The acknowledgements made on this construct.
   */
  public get acknowledgements(): Acknowledgement[] {
    return acknowledgementsOn(this.scope);
  }

  /**
   * Checks the objects under this construct when the app is synthesized: findings at or above
   * `failOn` fail `app.synth()`, each listed with its construct path, object, rule, controls,
   * what was found and the fix; warnings below it are printed. Calling it again replaces the options.
   */
  public enable(options: ComplianceOptions = {}): void {
    const existing = this.scope.node.metadata.find(m => m.type === ENABLED_METADATA);
    if (existing) {
      (existing.data as EnabledCheck).options = options;
      return;
    }
    const state: EnabledCheck = { options };
    this.scope.node.addMetadata(ENABLED_METADATA, state);
    // cdk8s validates the whole app once, then again for every chart it writes: check once
    addSynthesisValidation(this.scope, () => {
      const opts = state.options;
      const { result } = checkTree(this.scope, opts);
      const threshold = opts.failOn ?? Severity.ERROR;
      for (const f of result.findings.filter(x => !atLeast(x.severity, threshold))) {
        process.stderr.write(`compliance ${f.severity}: ${Compliance.formatFinding(f)}\n`);
      }
      return result.findings.filter(f => atLeast(f.severity, threshold)).map(f => Compliance.formatFinding(f));
    });
  }
}

/** Whether a rule applies to an object as it is now (a rule that cannot tell yet is assumed to). */
function appliesTo(rule: Rule, apiObject: ApiObject): boolean {
  let json: unknown;
  try {
    json = apiObject.toJson();
  } catch {
    return true;
  }
  if (!isObject(json)) return false;
  const object = toKubeObject(json);
  return rule.check(object, buildContext([object])).status !== 'not-applicable';
}

function checkTree(scope: IConstruct, options: ComplianceOptions): { result: ComplianceResult; objects: SynthesizedObject[] } {
  const objects: SynthesizedObject[] = [];
  for (const c of scope.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const json: unknown = c.toJson();
    if (!isObject(json)) continue;
    objects.push({ object: toKubeObject(json, { constructPath: c.node.path }), apiObject: c });
  }
  // one AckSource per acknowledgement, shared by every object under its construct
  const sources = new Map<IConstruct, AckSource[]>();
  const acksOf = (apiObject: ApiObject, first: KubeObject): AckSource[] => {
    const found: AckSource[] = [];
    for (const s of apiObject.node.scopes) {
      let list = sources.get(s);
      if (!list) {
        list = acknowledgementsOn(s).map(a => new AckSource(a.ruleId, a.reason, `acknowledged on ${s.node.path || '<root>'}`, first,
          'metadata.annotations', s.node.path));
        sources.set(s, list);
      }
      found.push(...list);
    }
    return found;
  };
  const byJson = new Map(objects.map(o => [o.object, o.apiObject]));
  const result = runCheck(objects.map(o => o.object), {
    packs: options.packs ?? CompliancePack.all(),
    acknowledgementsOf: (o) => acksOf(byJson.get(o)!, o),
  });
  // acknowledgements on constructs without objects are reported against the construct itself
  for (const s of scope.node.findAll()) {
    if (sources.has(s)) continue;
    for (const a of acknowledgementsOn(s)) {
      result.findings.push({
        ruleId: 'AcknowledgementUnused',
        ruleTitle: 'every acknowledgement matches a finding',
        severity: Severity.WARNING,
        controls: [],
        packs: [],
        message: `the acknowledgement of ${a.ruleId} on ${s.node.path || '<root>'} covers no Kubernetes object`,
        fix: 'move the acknowledgement to the construct whose objects have the finding, or remove it',
        fieldPath: '',
        helpUri: 'https://github.com/cdk8s-hardening/cdk8s-hardening/blob/main/docs/compliance.md#acknowledgements',
        resourceKind: '',
        resourceApiVersion: '',
        resourceName: '',
        constructPath: s.node.path,
      });
    }
  }
  result.findings.push(...unrecordedAcknowledgements(result.acknowledged, objects));
  return { result, objects };
}

/**
 * Accepted findings on objects that do not record the acknowledgement in their annotations (the
 * object was created after `acknowledge()`): the YAML would not show it, and `cdk8s-hardening
 * check` would report the finding.
 */
function unrecordedAcknowledgements(acknowledged: readonly ComplianceFinding[], objects: readonly SynthesizedObject[]): ComplianceFinding[] {
  const byPath = new Map(objects.map(o => [o.apiObject.node.path, o.object]));
  const seen = new Set<string>();
  const out: ComplianceFinding[] = [];
  for (const f of acknowledged) {
    const object = f.constructPath ? byPath.get(f.constructPath) : undefined;
    const key = ackAnnotation(f.ruleId);
    if (!object || asStringMap(asObject(object.json.metadata)?.annotations)[key] !== undefined || seen.has(`${f.constructPath}\u0000${key}`)) continue;
    seen.add(`${f.constructPath}\u0000${key}`);
    out.push({
      ...f,
      ruleId: NOT_RECORDED_RULE,
      ruleTitle: 'every acknowledged object records the acknowledgement in its annotations',
      severity: Severity.WARNING,
      controls: [],
      packs: [],
      message: `the finding of ${f.ruleId} is acknowledged ("${f.acknowledgement}"), but the object was created after the acknowledgement and its annotations do not record it`,
      fix: `call Compliance.of(...).acknowledge('${f.ruleId}', ...) after creating the object, or on the construct that creates it`,
      fieldPath: `metadata.annotations["${key}"]`,
      acknowledgement: undefined,
    });
  }
  return out;
}
