import { ComplianceFinding, ComplianceResult, InputError } from '../compliance/results';
import { Severity } from '../compliance/severity';

/** Counts of open findings per severity. @internal */
export function countBySeverity(findings: readonly ComplianceFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { [Severity.ERROR]: 0, [Severity.WARNING]: 0, [Severity.INFO]: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** `Kind namespace/name`. @internal */
export function objectLabel(f: ComplianceFinding): string {
  if (!f.resourceKind) return 'acknowledgement';
  return `${f.resourceKind} ${f.resourceNamespace ? `${f.resourceNamespace}/` : ''}${f.resourceName || '<unnamed>'}`;
}

/** `file:line` of an input error. @internal */
export function inputLocation(e: InputError): string {
  return `${e.file}${e.line !== undefined ? `:${e.line}` : ''}`;
}

/** `file:line` or the construct path. @internal */
export function locationLabel(f: ComplianceFinding): string | undefined {
  if (f.file) return `${f.file}${f.line ? `:${f.line}` : ''}`;
  return f.constructPath;
}

/** One line summing up a result. @internal */
export function summaryLine(result: ComplianceResult): string {
  const c = countBySeverity(result.findings);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const unusable = result.inputErrors?.length ?? 0;
  return `${plural(result.objectCount, 'object')} checked against ${result.packs.join(', ')}: `
    + `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info; ${result.acknowledged.length} acknowledged`
    + (unusable > 0 ? `; ${plural(unusable, 'unusable input')}` : '');
}

/** Groups findings by object, keeping first-seen order. @internal */
export function groupByObject(findings: readonly ComplianceFinding[]): Map<string, ComplianceFinding[]> {
  const groups = new Map<string, ComplianceFinding[]>();
  for (const f of findings) {
    const key = `${f.file ?? f.constructPath ?? ''}\u0000${objectLabel(f)}`;
    let list = groups.get(key);
    if (!list) groups.set(key, list = []);
    list.push(f);
  }
  return groups;
}
