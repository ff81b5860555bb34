import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalidInput } from '../errors';
import { validateReason } from '../validation';
import { AckSource, runCheck } from './engine';
import { isObject } from './json';
import { parseManifestText } from './loader';
import { describeObject, KubeObject, toKubeObject } from './objects';
import { CompliancePack } from './packs';
import { ComplianceFinding, ComplianceResult } from './results';
import { RULES } from './rules';
import { atLeast, Severity } from './severity';
import { ackAnnotation } from '../standards/annotations';

/**
 * Options of a compliance check.
 */
export interface ComplianceOptions {
  /**
   * Packs to check against.
   * @default - every pack: PSS baseline, PSS restricted and NSA/CISA
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

const INSTANCES = new WeakMap<IConstruct, Compliance>();

/** An object synthesized from the construct tree, with the ApiObject it came from. */
interface SynthesizedObject {
  readonly object: KubeObject;
  readonly apiObject: ApiObject;
}

/**
 * The compliance engine for a construct tree: turn it on for an app or chart, and acknowledge
 * findings on any construct (covering its children).
 *
 * ```ts
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
    let instance = INSTANCES.get(scope);
    if (!instance) {
      instance = new Compliance(scope);
      INSTANCES.set(scope, instance);
    }
    return instance;
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

  private readonly acks: Acknowledgement[] = [];
  private options?: ComplianceOptions;

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Accepts the findings of a rule on this construct and its children. The reason is written
   * into each accepted object's annotations (`acknowledged.cdk8s-hardening.io/<RuleId>`) at synth,
   * so an auditor reading the YAML sees it. An acknowledgement that matches nothing is reported.
   *
   * @param ruleId the rule, e.g. `HostNetwork`
   * @param reason why, in at least 10 characters
   */
  public acknowledge(ruleId: string, reason: string): void {
    if (!RULES.has(ruleId)) {
      throw invalidInput(this.scope, 'acknowledge.ruleId', 'not a rule of the compliance engine', ruleId,
        `use one of ${[...RULES.keys()].join(', ')}`);
    }
    const text = validateReason(this.scope, `acknowledge(${ruleId}).reason`, reason);
    this.acks.push({ ruleId, reason: text });
  }

  /**
   * The acknowledgements made on this construct.
   */
  public get acknowledgements(): Acknowledgement[] {
    return [...this.acks];
  }

  /**
   * Checks the objects under this construct when the app is synthesized: findings at or above
   * `failOn` fail `app.synth()`, each listed with its construct path, object, rule, controls,
   * what was found and the fix; warnings below it are printed. Calling it again replaces the options.
   */
  public enable(options: ComplianceOptions = {}): void {
    const first = this.options === undefined;
    this.options = options;
    if (!first) return;
    this.scope.node.addValidation({
      validate: () => {
        const opts = this.options ?? {};
        const { result, objects } = checkTree(this.scope, opts);
        writeAcknowledgements(result.acknowledged, objects);
        const threshold = opts.failOn ?? Severity.ERROR;
        const failing = result.findings.filter(f => atLeast(f.severity, threshold));
        const below = result.findings.filter(f => !atLeast(f.severity, threshold));
        for (const f of below) {
          process.stderr.write(`compliance ${f.severity}: ${Compliance.formatFinding(f)}\n`);
        }
        return failing.map(f => Compliance.formatFinding(f));
      },
    });
  }
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
  const sources = new Map<Compliance, AckSource[]>();
  const acksOf = (apiObject: ApiObject, first: KubeObject): AckSource[] => {
    const found: AckSource[] = [];
    for (const s of apiObject.node.scopes) {
      const handle = INSTANCES.get(s);
      if (!handle || handle.acknowledgements.length === 0) continue;
      let list = sources.get(handle);
      if (!list) {
        list = handle.acknowledgements.map(a => new AckSource(a.ruleId, a.reason, `acknowledged on ${s.node.path || '<root>'}`, first,
          'metadata.annotations', s.node.path));
        sources.set(handle, list);
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
    const handle = INSTANCES.get(s);
    if (!handle || sources.has(handle) || handle.acknowledgements.length === 0) continue;
    for (const a of handle.acknowledgements) {
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
  return { result, objects };
}

/** Writes accepted findings into the objects' annotations, for auditors reading the YAML. */
function writeAcknowledgements(acknowledged: readonly ComplianceFinding[], objects: readonly SynthesizedObject[]): void {
  const byPath = new Map(objects.map(o => [o.apiObject.node.path, o.apiObject]));
  for (const f of acknowledged) {
    const apiObject = f.constructPath ? byPath.get(f.constructPath) : undefined;
    if (apiObject && f.acknowledgement) {
      apiObject.metadata.addAnnotation(ackAnnotation(f.ruleId), f.acknowledgement);
    }
  }
}
