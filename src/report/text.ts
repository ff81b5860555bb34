import { groupByObject, locationLabel, objectLabel, summaryLine } from './summary';
import { ComplianceFinding, ComplianceResult } from '../compliance/results';

const LABEL: Record<string, string> = { error: 'ERROR', warning: 'WARN ', info: 'INFO ' };

/**
 * The readable report: findings grouped by object, then acknowledgements, then a summary line.
 * @internal
 */
export function formatText(result: ComplianceResult): string {
  const lines: string[] = [];
  const all: ComplianceFinding[] = [...result.findings, ...result.acknowledged];
  for (const group of groupByObject(all).values()) {
    const first = group[0];
    const where = locationLabel(first);
    const construct = first.file && first.constructPath ? ` (${first.constructPath})` : '';
    lines.push(`${objectLabel(first)}${where ? `  ${where}` : ''}${construct}`);
    for (const f of group) {
      if (f.acknowledgement !== undefined) {
        lines.push(`  ACK    ${f.ruleId}  ${f.fieldPath}`);
        lines.push(`         ${f.message}`);
        lines.push(`         acknowledged: ${f.acknowledgement}`);
        continue;
      }
      lines.push(`  ${LABEL[f.severity]}  ${f.ruleId}  ${f.fieldPath}`);
      lines.push(`         ${f.message}`);
      if (f.controls.length > 0) lines.push(`         controls: ${f.controls.join('; ')}${f.pssVersion ? ` (Pod Security Standards ${f.pssVersion})` : ''}`);
      lines.push(`         fix: ${f.fix}`);
    }
    lines.push('');
  }
  lines.push(summaryLine(result));
  return lines.join('\n') + '\n';
}
