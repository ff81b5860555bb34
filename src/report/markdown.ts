import { countBySeverity, inputLocation, locationLabel, objectLabel } from './summary';
import { CompliancePack } from '../compliance/packs';
import { ComplianceFinding, ComplianceResult, RuleSummary } from '../compliance/results';

const MAX_LISTED = 50;

function esc(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function listObjects(objects: readonly string[]): string[] {
  const shown = objects.slice(0, MAX_LISTED).map(o => `    - ${esc(o)}`);
  if (objects.length > MAX_LISTED) shown.push(`    - … and ${objects.length - MAX_LISTED} more`);
  return shown;
}

function findingLine(f: ComplianceFinding): string {
  const where = locationLabel(f);
  const version = f.pssVersion ? ` (Pod Security Standards ${f.pssVersion})` : '';
  return `    - ${esc(objectLabel(f))}${where ? ` (${esc(where)})` : ''}: \`${esc(f.fieldPath)}\`: ${esc(f.message)}${version}`;
}

/** The network paths of the checked objects, already rendered (NetworkReachability). @internal */
export interface NetworkSection {
  /** A Markdown table of the paths. */
  readonly table: string;
  /** A Mermaid flowchart of the paths. */
  readonly mermaid: string;
}

/**
 * The auditor's report: for each pack and control, the rules checking it, the objects that
 * satisfy it, the open findings and the acknowledgements with their reasons; then, when given,
 * the network paths the policies allow, as a Mermaid picture (GitHub renders it) and a table.
 * @internal
 */
export function formatMarkdown(result: ComplianceResult, network?: NetworkSection): string {
  const counts = countBySeverity(result.findings);
  const lines: string[] = [
    '# Compliance report',
    '',
    `- Objects checked: ${result.objectCount}`,
    `- Packs: ${result.packs.join(', ')}`,
    `- Open findings: ${counts.error} error, ${counts.warning} warning, ${counts.info} info`,
    `- Acknowledged findings: ${result.acknowledged.length}`,
    ...(result.inputErrors?.length ? [`- Unusable inputs: ${result.inputErrors.length} (listed below; nothing in them was checked)`] : []),
    '',
  ];
  if (result.inputErrors?.length) {
    lines.push('## Unusable input', '');
    for (const e of result.inputErrors) lines.push(`- \`${esc(inputLocation(e))}\`: ${esc(e.problem)}`);
    lines.push('');
  }
  const summaries = new Map<string, RuleSummary>(result.rules.map(r => [r.ruleId, r]));
  for (const name of result.packs) {
    const pack = CompliancePack.fromName(name);
    if (!pack) continue;
    lines.push(`## ${pack.title}`, '');
    // control id -> rules, in pack order
    const controls = new Map<string, { title: string; rules: string[] }>();
    for (const entry of pack.rules) {
      for (const c of entry.controls) {
        let ctl = controls.get(c.id);
        if (!ctl) controls.set(c.id, ctl = { title: `${c.framework}: ${c.title}`, rules: [] });
        ctl.rules.push(entry.ruleId);
      }
    }
    lines.push('| Control | Rules | Satisfied by | Open findings | Acknowledged |', '| --- | --- | --- | --- | --- |');
    for (const [id, ctl] of controls) {
      const satisfied = ctl.rules.reduce((n, r) => n + (summaries.get(r)?.compliantCount ?? 0), 0);
      const open = result.findings.filter(f => ctl.rules.includes(f.ruleId)).length;
      const acked = result.acknowledged.filter(f => ctl.rules.includes(f.ruleId)).length;
      lines.push(`| ${esc(id)} | ${ctl.rules.map(r => `\`${r}\``).join(', ')} | ${satisfied} | ${open} | ${acked} |`);
    }
    lines.push('');
    for (const [id, ctl] of controls) {
      lines.push(`### ${esc(id)}`, '', `${esc(ctl.title)}`, '');
      for (const ruleId of ctl.rules) {
        const summary = summaries.get(ruleId);
        if (!summary) continue;
        lines.push(`- Rule \`${ruleId}\` (${summary.severity}): ${esc(summary.ruleTitle)}`);
        lines.push(`  - Satisfied by ${summary.compliantCount} object(s)${summary.compliantCount ? ':' : ''}`);
        lines.push(...listObjects(summary.compliantObjects));
        const open = result.findings.filter(f => f.ruleId === ruleId);
        lines.push(`  - Open findings: ${open.length}${open.length ? ':' : ''}`);
        lines.push(...open.map(findingLine));
        const acked = result.acknowledged.filter(f => f.ruleId === ruleId);
        lines.push(`  - Acknowledged: ${acked.length}${acked.length ? ':' : ''}`);
        lines.push(...acked.map(f => `${findingLine(f)} — reason: ${esc(f.acknowledgement ?? '')}`));
      }
      lines.push('');
    }
  }
  // findings of no control: acknowledgement problems, and a live cluster's drift and notices
  const uncontrolled = result.findings.filter(f => f.controls.length === 0);
  const other = uncontrolled.filter(f => f.ruleId.startsWith('Acknowledgement'));
  const cluster = uncontrolled.filter(f => !f.ruleId.startsWith('Acknowledgement'));
  if (cluster.length > 0) {
    lines.push('## Drift and objects not read', '');
    lines.push(...cluster.map(f => `- \`${f.ruleId}\` (${f.severity}) ${esc(objectLabel(f))}${locationLabel(f) ? ` (${esc(locationLabel(f)!)})` : ''}: ${esc(f.message)}`));
    lines.push('');
  }
  if (other.length > 0) {
    lines.push('## Acknowledgement problems', '');
    lines.push(...other.map(f => `- ${esc(objectLabel(f))}${locationLabel(f) ? ` (${esc(locationLabel(f)!)})` : ''}: ${esc(f.message)}`));
    lines.push('');
  }
  if (result.acknowledged.length > 0) {
    lines.push('## All acknowledgements', '', '| Object | Rule | Reason |', '| --- | --- | --- |');
    const seen = new Set<string>();
    for (const f of result.acknowledged) {
      const key = `${objectLabel(f)}\u0000${f.ruleId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      lines.push(`| ${esc(objectLabel(f))} | \`${f.ruleId}\` | ${esc(f.acknowledgement ?? '')} |`);
    }
    lines.push('');
  }
  if (network) {
    lines.push('## Network paths', '', 'What the NetworkPolicies of the checked objects allow (both sides of each connection).', '',
      '```mermaid', network.mermaid.trimEnd(), '```', '', network.table.trimEnd(), '');
  }
  return lines.join('\n');
}
