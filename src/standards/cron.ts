// The CronJob schedule syntax the API server accepts: the standard five-field cron expression of
// robfig/cron v3 (`cron.ParseStandard`, which kube-apiserver validates `spec.schedule` with) and
// the macros Kubernetes documents. A time zone belongs in `spec.timeZone`, never in the schedule.
// https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax

/** The macros a schedule may be instead of five fields. @internal */
export const CRON_MACROS: readonly string[] = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** One field of a cron expression. @internal */
export interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Three-letter names, lowercase, for the values from `min`. */
  readonly names?: readonly string[];
  /** `?` is accepted as `*` (day of month and day of week). */
  readonly question?: boolean;
}

/**
 * The five fields in order. Day of week is 0-6 with 0 Sunday: robfig/cron v3 refuses 7, so the
 * API server does too ("end of range (7) above maximum (6)").
 * @internal
 */
export const CRON_FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], question: true },
];

/** Days in each month (1-12), February counted with its leap day. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

interface ParsedField {
  readonly values: ReadonlySet<number>;
  readonly any: boolean;
}

function parseValue(text: string, field: CronField): number | string {
  if (/^[0-9]+$/.test(text)) {
    const n = Number(text);
    if (n < field.min || n > field.max) return `${n} is outside ${field.min}-${field.max}`;
    return n;
  }
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (index >= 0) return field.min + index;
  return field.names
    ? `"${text}" is neither a number ${field.min}-${field.max} nor one of ${field.names.map(n => n.toUpperCase()).join(', ')}`
    : `"${text}" is not a number ${field.min}-${field.max}`;
}

/** The values a field matches, or the problem with it. */
function parseField(text: string, field: CronField): ParsedField | string {
  const values = new Set<number>();
  let any = false;
  for (const part of text.split(',')) {
    if (part === '') return 'has an empty list entry';
    const pieces = part.split('/');
    if (pieces.length > 2) return `"${part}" has more than one "/"`;
    const [range, stepText] = pieces;
    let step = 1;
    if (stepText !== undefined) {
      if (!/^[0-9]+$/.test(stepText) || Number(stepText) < 1) return `"${part}": the step must be a whole number, 1 or more`;
      step = Number(stepText);
    }
    let low: number;
    let high: number;
    if (range === '*' || (range === '?' && field.question)) {
      low = field.min;
      high = field.max;
      if (stepText === undefined) any = true;
    } else {
      const bounds = range.split('-');
      if (bounds.length > 2 || bounds.some(b => b === '')) return `"${part}" is not a value, a range "a-b", "*" or a step "*/n"`;
      const first = parseValue(bounds[0], field);
      if (typeof first === 'string') return first;
      low = first;
      high = field.max;
      if (bounds.length === 2) {
        const last = parseValue(bounds[1], field);
        if (typeof last === 'string') return last;
        if (last < low) return `the range "${range}" ends before it starts`;
        high = last;
      } else if (stepText === undefined) {
        high = low;
      }
    }
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return { values, any };
}

/**
 * Why `schedule` is not a CronJob schedule the API server accepts, or would never fire; undefined
 * when it is a valid schedule.
 * @internal
 */
export function cronScheduleProblem(schedule: string): string | undefined {
  const text = schedule.trim();
  if (text === '') return 'is empty';
  if (/^(CRON_)?TZ=/.test(text)) return 'sets a time zone in the schedule, which the API server refuses';
  if (text.startsWith('@')) {
    if (CRON_MACROS.includes(text)) return undefined;
    return `"${text}" is not one of the macros ${CRON_MACROS.join(', ')}`;
  }
  const parts = text.split(/\s+/);
  if (parts.length !== CRON_FIELDS.length) {
    return `has ${parts.length} field${parts.length === 1 ? '' : 's'}; a schedule has five: ${CRON_FIELDS.map(f => f.name).join(', ')}`;
  }
  const parsed: ParsedField[] = [];
  for (let i = 0; i < CRON_FIELDS.length; i++) {
    const result = parseField(parts[i], CRON_FIELDS[i]);
    if (typeof result === 'string') return `${CRON_FIELDS[i].name} "${parts[i]}": ${result}`;
    parsed.push(result);
  }
  const [, , days, months, weekdays] = parsed;
  // with a weekday restriction cron fires on either match, so only day-of-month alone can be impossible
  if (weekdays.any && !days.any) {
    const possible = [...months.values].some(m => [...days.values].some(d => d <= DAYS_IN_MONTH[m - 1]));
    if (!possible) return `never fires: day of month "${parts[2]}" does not occur in month "${parts[3]}"`;
  }
  return undefined;
}
