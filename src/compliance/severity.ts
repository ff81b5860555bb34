/**
 * How serious a finding is. Findings at or above the chosen threshold (error by default) fail
 * synthesis and make the command exit 1.
 */
export enum Severity {
  /** A control is not met: fails by default. */
  ERROR = 'error',
  /** Likely a problem, worth a look or an acknowledgement; fails only with `failOn: WARNING`. */
  WARNING = 'warning',
  /** For the record; never fails. */
  INFO = 'info',
}

const RANK: Record<Severity, number> = { [Severity.ERROR]: 3, [Severity.WARNING]: 2, [Severity.INFO]: 1 };

/** Whether `severity` is at or above `threshold`. @internal */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

/** The more serious of two severities. @internal */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The less serious of two severities. @internal */
export function minSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] <= RANK[b] ? a : b;
}

/** Parses "error" | "warning" | "info" (any case), or undefined. @internal */
export function parseSeverity(text: string): Severity | undefined {
  const lower = text.toLowerCase();
  return (Object.values(Severity) as string[]).includes(lower) ? lower as Severity : undefined;
}
