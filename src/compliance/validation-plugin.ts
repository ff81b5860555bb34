import * as fs from 'fs';
import { runCheck } from './engine';
import { parseManifestText } from './loader';
import { KubeObject } from './objects';
import { CompliancePack } from './packs';
import { ComplianceFinding } from './results';
import { parseSeverity, atLeast, Severity } from './severity';

/**
 * A resource named in a violation (the cdk8s CLI's `ValidationViolatingResource`).
 */
export interface PluginViolatingResource {
  /**
   * The object, for the CLI to map back to a construct path: its `metadata.name` when no other
   * object of the app has that name, `Kind/namespace/name` (`Kind/name` without a namespace)
   * otherwise. The CLI's construct metadata is keyed by name alone, and would map an object to
   * whichever object of that name the app synthesized last.
   */
  readonly resourceName: string;
  /** JSON paths of the offending fields. */
  readonly locations: string[];
  /** The manifest file. */
  readonly manifestPath: string;
}

/**
 * One violated rule (the cdk8s CLI's `ValidationViolation`).
 */
export interface PluginViolation {
  /** Rule id and controls. */
  readonly ruleName: string;
  /** What was found. */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The objects violating the rule. */
  readonly violatingResources: PluginViolatingResource[];
}

/**
 * The report a validation plugin fills (the part of the cdk8s CLI's `ValidationReport` used here).
 */
export interface IPluginValidationReport {
  /** Adds a violation. */
  addViolation(violation: PluginViolation): void;
  /** Ends the report with "success" or "failure". */
  submit(status: string, metadata?: { [key: string]: string }): void;
}

/**
 * What the cdk8s CLI gives a validation plugin (the part of its `ValidationContext` used here).
 */
export interface IPluginValidationContext {
  /** Paths of the synthesized manifests. */
  readonly manifests: string[];
  /** The report to fill. */
  readonly report: IPluginValidationReport;
}

/**
 * Properties of the validation plugin, as written under `properties:` in cdk8s.yaml.
 */
export interface CompliancePluginProps {
  /**
   * Pack names: `pss-baseline`, `pss-restricted`, `nsa-cisa`.
   * @default - every pack
   */
  readonly packs?: string[];

  /**
   * Lowest severity that fails the validation: `error`, `warning` or `info`.
   * @default "error"
   */
  readonly failOn?: string;
}

/**
 * The compliance engine as a cdk8s CLI validation plugin. In cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: cdk8s-hardening
 *     version: 1.2.3
 *     class: CompliancePlugin
 *     properties:
 *       packs: [pss-restricted, nsa-cisa]
 *       failOn: error
 * ```
 */
export class CompliancePlugin {
  /** The packs checked. */
  public readonly packs: CompliancePack[];
  /** Lowest severity that fails. */
  public readonly failOn: Severity;

  constructor(props: CompliancePluginProps = {}) {
    this.packs = (props.packs ?? CompliancePack.all().map(p => p.name)).map(name => {
      const pack = CompliancePack.fromName(name);
      if (!pack) throw new Error(`CompliancePlugin properties.packs: unknown pack ${JSON.stringify(name)}; use ${CompliancePack.all().map(p => p.name).join(', ')}`);
      return pack;
    });
    const failOn = parseSeverity(props.failOn ?? 'error');
    if (!failOn) throw new Error(`CompliancePlugin properties.failOn: must be error, warning or info; got ${JSON.stringify(props.failOn)}`);
    this.failOn = failOn;
  }

  /**
   * Checks the synthesized manifests together and reports one violation per rule.
   */
  public async validate(context: IPluginValidationContext): Promise<void> {
    const objects: KubeObject[] = [];
    for (const manifest of context.manifests) {
      objects.push(...parseManifestText(fs.readFileSync(manifest, 'utf-8'), manifest));
    }
    const result = runCheck(objects, { packs: this.packs });
    const namesInUse = new Map<string, number>();
    for (const o of objects) namesInUse.set(o.name, (namesInUse.get(o.name) ?? 0) + 1);
    const byRule = new Map<string, ComplianceFinding[]>();
    for (const f of result.findings) {
      let list = byRule.get(f.ruleId);
      if (!list) byRule.set(f.ruleId, list = []);
      list.push(f);
    }
    let failed = false;
    for (const [ruleId, findings] of byRule) {
      const first = findings[0];
      if (atLeast(first.severity, this.failOn)) failed = true;
      const resources = new Map<string, { resourceName: string; locations: string[]; manifestPath: string }>();
      for (const f of findings) {
        const key = `${f.file}\u0000${f.resourceKind}\u0000${f.resourceNamespace ?? ''}\u0000${f.resourceName}`;
        let r = resources.get(key);
        if (!r) resources.set(key, r = { resourceName: pluginResourceName(f, namesInUse), locations: [], manifestPath: f.file ?? '' });
        r.locations.push(`${f.fieldPath}: ${f.message}`);
      }
      context.report.addViolation({
        ruleName: `${ruleId} (${first.severity})${first.controls.length ? ` [${first.controls.join('; ')}]` : ''}`,
        recommendation: first.ruleTitle,
        fix: first.fix,
        violatingResources: [...resources.values()],
      });
    }
    context.report.submit(failed ? 'failure' : 'success', {
      packs: result.packs.join(', '),
      objects: String(result.objectCount),
      acknowledged: String(result.acknowledged.length),
    });
  }
}

/**
 * The name the cdk8s CLI maps to a construct path. Its construct metadata (`construct-metadata.json`,
 * written by `App({ recordConstructMetadata: true })`) maps each `metadata.name` to the path of
 * the last object of that name, whatever its kind: a Deployment's finding would be shown at the
 * PodDisruptionBudget of the same name. A name shared by several objects is therefore qualified
 * by kind and namespace, which the CLI finds no construct for, rather than a wrong one.
 */
function pluginResourceName(f: ComplianceFinding, namesInUse: ReadonlyMap<string, number>): string {
  if ((namesInUse.get(f.resourceName) ?? 0) <= 1) return f.resourceName;
  return [f.resourceKind, ...(f.resourceNamespace ? [f.resourceNamespace] : []), f.resourceName].join('/');
}
