import { groupByObject, inputLocation, locationLabel, objectLabel, summaryLine } from './summary';
import { ComplianceFinding, ComplianceResult } from '../compliance/results';
import { atLeast, Severity } from '../compliance/severity';

const LABEL: Record<string, string> = { error: 'ERROR', warning: 'WARN ', info: 'INFO ' };

/** ANSI SGR colours of the labels: red errors, yellow warnings, cyan info, green acknowledgements. */
const COLOR: Record<string, string> = { error: '31;1', warning: '33', info: '36', ack: '32' };

/** How the text report is written. @internal */
export interface TextOptions {
  /** Colour the severity labels (a terminal that wants colours). */
  readonly colors?: boolean;
  /** Only the findings at or above `failOn`, and the summary line. */
  readonly quiet?: boolean;
  readonly failOn?: Severity;
}

/**
 * The readable report: findings grouped by object, then acknowledgements, then a summary line.
 * @internal
 */
export function formatText(result: ComplianceResult, options: TextOptions = {}): string {
  const paint = (color: string, text: string) => options.colors ? `\u001b[${color}m${text}\u001b[0m` : text;
  const lines: string[] = [];
  const all: ComplianceFinding[] = options.quiet
    ? result.findings.filter(f => atLeast(f.severity, options.failOn ?? Severity.ERROR))
    : [...result.findings, ...result.acknowledged];
  for (const group of groupByObject(all).values()) {
    const first = group[0];
    // the object is shown at its own first line (findings carry the line of their field)
    const fieldLines = group.map(f => f.line).filter((n): n is number => n !== undefined);
    const objectLine = first.objectLine ?? (fieldLines.length ? Math.min(...fieldLines) : undefined);
    const where = first.file ? `${first.file}${objectLine !== undefined ? `:${objectLine}` : ''}` : locationLabel(first);
    const construct = first.file && first.constructPath ? ` (${first.constructPath})` : '';
    lines.push(`${objectLabel(first)}${where ? `  ${where}` : ''}${construct}`);
    for (const f of group) {
      if (f.acknowledgement !== undefined) {
        lines.push(`  ${paint(COLOR.ack, 'ACK  ')}  ${f.ruleId}  ${f.fieldPath}${f.file && f.line ? `  (line ${f.line})` : ''}`);
        lines.push(`         ${f.message}`);
        lines.push(`         acknowledged: ${f.acknowledgement}`);
        continue;
      }
      lines.push(`  ${paint(COLOR[f.severity], LABEL[f.severity])}  ${f.ruleId}  ${f.fieldPath}${f.file && f.line ? `  (line ${f.line})` : ''}`);
      lines.push(`         ${f.message}`);
      if (f.controls.length > 0) lines.push(`         controls: ${f.controls.join('; ')}${f.pssVersion ? ` (Pod Security Standards ${f.pssVersion})` : ''}`);
      lines.push(`         fix: ${f.fix}`);
    }
    lines.push('');
  }
  for (const e of result.inputErrors ?? []) {
    lines.push(`${inputLocation(e)}`);
    lines.push(`  ${paint(COLOR.error, 'UNUSABLE')}  ${e.problem}`);
    lines.push('');
  }
  lines.push(summaryLine(result));
  return lines.join('\n') + '\n';
}
