import { countBySeverity } from './summary';
import { ComplianceResult } from '../compliance/results';

/**
 * The result as JSON, for scripts: summary counts, open and acknowledged findings, per-rule outcome.
 * @internal
 */
export function formatJson(result: ComplianceResult, toolVersion: string): string {
  const counts = countBySeverity(result.findings);
  return JSON.stringify({
    tool: 'cdk8s-hardening',
    version: toolVersion,
    packs: result.packs,
    objectCount: result.objectCount,
    summary: { ...counts, acknowledged: result.acknowledged.length, unusableInputs: result.inputErrors?.length ?? 0 },
    inputErrors: result.inputErrors ?? [],
    findings: result.findings,
    acknowledged: result.acknowledged,
    rules: result.rules.map(r => ({ ...r, compliantObjects: r.compliantObjects.length })),
  }, null, 2) + '\n';
}
