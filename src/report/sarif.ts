import * as path from 'path';
import { objectLabel } from './summary';
import { ComplianceFinding, ComplianceResult } from '../compliance/results';
import { Severity } from '../compliance/severity';

const LEVEL: Record<Severity, string> = { [Severity.ERROR]: 'error', [Severity.WARNING]: 'warning', [Severity.INFO]: 'note' };

/** A file path as a SARIF artifact URI: relative to the base when inside it, with forward slashes. */
function artifactUri(file: string, baseDir: string): string {
  const relative = path.relative(baseDir, path.resolve(file));
  const p = relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(file) : relative;
  return p.split(path.sep).join('/');
}

/**
 * The result as a SARIF 2.1.0 log, for code-scanning dashboards. Acknowledged findings are
 * results with an in-source suppression carrying the reason.
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 * @internal
 */
export function formatSarif(result: ComplianceResult, toolVersion: string, baseDir: string = process.cwd()): string {
  const all: ComplianceFinding[] = [...result.findings, ...result.acknowledged];
  const ruleIndex = new Map<string, number>();
  const rules: object[] = [];
  const ruleFor = (f: ComplianceFinding): number => {
    let index = ruleIndex.get(f.ruleId);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(f.ruleId, index);
      rules.push({
        id: f.ruleId,
        name: f.ruleId,
        shortDescription: { text: f.ruleTitle },
        fullDescription: { text: `${f.ruleTitle}.${f.controls.length ? ` Controls: ${f.controls.join('; ')}.` : ''}` },
        helpUri: f.helpUri,
        help: { text: f.fix },
        defaultConfiguration: { level: LEVEL[f.severity] },
        properties: { tags: ['security', 'kubernetes', ...f.controls] },
      });
    }
    return index;
  };
  const results = all.map(f => {
    const location: Record<string, unknown> = {
      logicalLocations: [{ fullyQualifiedName: f.constructPath ?? objectLabel(f), kind: 'resource' }],
    };
    if (f.file) {
      location.physicalLocation = {
        artifactLocation: { uri: artifactUri(f.file, baseDir) },
        region: { startLine: f.line ?? 1 },
      };
    }
    const r: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: ruleFor(f),
      level: LEVEL[f.severity],
      message: { text: `${objectLabel(f)}: ${f.fieldPath ? `${f.fieldPath}: ` : ''}${f.message}. Fix: ${f.fix}` },
      locations: [location],
      properties: { controls: f.controls, packs: f.packs, fieldPath: f.fieldPath, ...(f.pssVersion ? { pssVersion: f.pssVersion } : {}) },
    };
    if (f.acknowledgement !== undefined) {
      r.suppressions = [{ kind: 'inSource', status: 'accepted', justification: f.acknowledgement }];
    }
    return r;
  });
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-hardening',
          version: toolVersion,
          informationUri: 'https://github.com/cdk8s-hardening/cdk8s-hardening',
          rules,
        },
      },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  }, null, 2) + '\n';
}
