import * as path from 'path';
import { pathToFileURL } from 'url';
import { objectLabel } from './summary';
import { ComplianceFinding, ComplianceResult } from '../compliance/results';
import { Severity } from '../compliance/severity';

const LEVEL: Record<Severity, string> = { [Severity.ERROR]: 'error', [Severity.WARNING]: 'warning', [Severity.INFO]: 'note' };

/** The base the relative artifact URIs resolve against (SARIF §3.14.14). */
const SRCROOT = '%SRCROOT%';

/**
 * `security-severity` of each level, for code-scanning dashboards that rank by it (GitHub reads
 * `properties["security-severity"]` on rules: 9.0+ critical, 7.0+ high, 4.0+ medium, else low).
 */
const SECURITY_SEVERITY: Record<Severity, string> = { [Severity.ERROR]: '7.5', [Severity.WARNING]: '5.0', [Severity.INFO]: '2.0' };

/**
 * A file as a SARIF artifact location: a relative URI reference against `%SRCROOT%` (the base
 * directory) when inside it, otherwise an absolute `file:` URI; never a reference starting with
 * a slash (SARIF1004), every segment percent-encoded.
 */
function artifactLocation(file: string, baseDir: string): { uri: string; uriBaseId?: string } {
  const absolute = path.resolve(baseDir, file);
  const relative = path.relative(baseDir, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
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
        shortDescription: { text: f.ruleTitle },
        fullDescription: { text: `${f.ruleTitle}.${f.controls.length ? ` Controls: ${f.controls.join('; ')}.` : ''}` },
        // (a team's rule may have no documentation)
        helpUri: f.helpUri || undefined,
        help: { text: f.fix },
        defaultConfiguration: { level: LEVEL[f.severity] },
        properties: { 'tags': ['security', 'kubernetes', ...f.controls], 'security-severity': SECURITY_SEVERITY[f.severity] },
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
        artifactLocation: artifactLocation(f.file, baseDir),
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
      originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(path.resolve(baseDir) + path.sep).href } },
      columnKind: 'utf16CodeUnits',
      // inputs that could not be checked are the tool's own problems, not results (SARIF §3.20.21)
      invocations: [{
        executionSuccessful: (result.inputErrors ?? []).length === 0,
        toolExecutionNotifications: (result.inputErrors ?? []).map(e => ({
          level: 'error',
          message: { text: `${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.problem}` },
          locations: [{
            physicalLocation: {
              artifactLocation: artifactLocation(e.file, baseDir),
              ...(e.line !== undefined ? { region: { startLine: e.line } } : {}),
            },
          }],
          descriptor: { id: 'UnusableInput' },
        })),
      }],
      results,
    }],
  }, null, 2) + '\n';
}
