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
    // (the objects are counted, not listed)
    rules: result.rules.map(r => ({
      ruleId: r.ruleId,
      ruleTitle: r.ruleTitle,
      severity: r.severity,
      controls: r.controls,
      packs: r.packs,
      compliantObjects: r.compliantCount,
      nonCompliantCount: r.nonCompliantCount,
      acknowledgedCount: r.acknowledgedCount,
    })),
  }, null, 2) + '\n';
}
