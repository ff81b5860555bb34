import * as fs from 'fs';
import * as path from 'path';
import { formatJson } from './json';
import { formatMarkdown } from './markdown';
import { formatSarif } from './sarif';
import { formatText } from './text';
import { ComplianceResult } from '../compliance/results';

/**
 * Renders a compliance result: readable text, JSON, SARIF 2.1.0 or an auditor's Markdown report.
 */
export class ComplianceReport {
  /** Findings grouped by object, then a summary line. */
  public static text(result: ComplianceResult): string {
    return formatText(result);
  }

  /** JSON: summary counts, findings, acknowledgements and per-rule outcome. */
  public static json(result: ComplianceResult): string {
    return formatJson(result, toolVersion());
  }

  /**
   * SARIF 2.1.0, for code-scanning dashboards.
   * @param baseDir files are reported relative to this directory
   */
  public static sarif(result: ComplianceResult, baseDir?: string): string {
    return formatSarif(result, toolVersion(), baseDir);
  }

  /** Markdown for auditors: each control, the objects satisfying it, findings and acknowledgements with reasons. */
  public static markdown(result: ComplianceResult): string {
    return formatMarkdown(result);
  }

  private constructor() {}
}

/** The version of this package. @internal */
export function toolVersion(): string {
  for (const candidate of [path.join(__dirname, '..', '..', 'package.json'), path.join(__dirname, '..', 'package.json')]) {
    try {
      const pkg: unknown = JSON.parse(fs.readFileSync(candidate, 'utf-8'));
      if (typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0';
}
