import { IConstruct } from 'constructs';

/**
 * Builds the error every construct in this library throws for input it refuses.
 *
 * The message names the construct path, the field, the value received and the fix, in that
 * order, so that a user reading a failed synth knows where to look and what to write instead:
 *
 * `[chart/web] containers[0].image: a tag is required; got "nginx". Fix: pin a version ("nginx:1.27.3") or a digest.`
 *
 * @internal
 */
export function invalidInput(scope: IConstruct | string, field: string, problem: string, given: unknown, fix: string): Error {
  const path = typeof scope === 'string' ? scope : (scope.node.path || '<root>');
  return new Error(`[${path}] ${field}: ${problem}; got ${describeValue(given)}. Fix: ${fix}`);
}

/**
 * A short, unambiguous rendering of a value for an error message.
 * @internal
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  // JSON has no Infinity or NaN: it would print them as null
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  try {
    const json = JSON.stringify(value);
    if (json === undefined) return String(value);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return String(value);
  }
}
