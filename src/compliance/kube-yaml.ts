// The js-yaml schema that resolves scalars as Kubernetes does. kubectl and the API machinery read
// YAML with sigs.k8s.io/yaml, a fork of go-yaml v2 (YAML 1.1 scalar rules), and convert the result
// to JSON. A YAML 1.2 reader gets some of those scalars wrong in ways that matter to a security
// check (`privileged: yes` is `true`, `runAsUser: 0b0` is `0`), so this schema reproduces
// go-yaml v2's `resolve()` and sigs.k8s.io/yaml's JSON conversion:
//
// - Plain scalars: `y Y yes Yes YES on On ON true True TRUE` are true, `n N no No NO off Off OFF
//   false False FALSE` false, `~ null Null NULL` and the empty scalar null. Quoted scalars are
//   strings.
// - Integers: underscores removed, then Go `strconv.ParseInt(s, 0, 64)` (sign, `0x`, `0o`, `0b`,
//   leading-zero octal), then `ParseUint(s, 0, 64)`; then the float pattern
//   `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` (so `08` is 8, and a leading-zero octal
//   beyond 64 bits reads as a decimal float); then `0b`/`-0b` with a signed binary remainder.
//   Scalars starting with `.` go to Go `ParseFloat` as written. A float out of range stays a string.
// - `.inf .Inf .INF +.inf -.inf .nan .NaN .NAN` are floats, which JSON cannot hold: a document
//   that keeps one as a value is refused (as kubectl refuses it); as a map key it is `.inf`. A
//   negative zero reads as 0, as kubectl sends it.
// - Timestamps stay strings (go-yaml keeps the text when decoding into interface{}); base-60
//   numbers (`1:20`) are strings.
// - Explicit tags: `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!timestamp` re-resolve the
//   text and refuse a mismatch (`!!int 1.5`); `!!float` accepts integers up to int64; `!!binary`
//   decodes base64 (standard alphabet, padding required, line breaks ignored) into a string,
//   each invalid UTF-8 byte becoming U+FFFD; `!!merge <<` is a merge key; any other tag (and the
//   empty tag `!`) leaves scalars as strings and collections as they are.
// - Map keys become JSON strings as sigs.k8s.io/yaml writes them: integers in decimal, floats with
//   Go `FormatFloat(f, 'g', -1, 32)` (`1e+06`, `3.1415927`, `.inf`), booleans as `true`/`false`.
//   A null key or an unsigned key beyond int64 is refused. Keys of different Go types that write
//   the same string (`1` and `"1"`) make kubectl's result depend on Go's random map order, so
//   such a mapping is refused.
//
// Integers beyond 2^53 come out as the nearest double, as `JSON.parse` of kubectl's output does.

import { Schema, Type } from 'js-yaml';

let specials = 0;

/** How many floats and big integers were resolved since the last call (they need converting). @internal */
export function takeSpecials(): number {
  const n = specials;
  specials = 0;
  return n;
}

/** A float, kept apart from integers because map keys write the two differently. @internal */
export class GoFloat {
  constructor(public readonly value: number) {
    specials++;
  }

  public get [Symbol.toStringTag](): string {
    return 'GoFloat';
  }

  /** As a map key (js-yaml calls it). */
  public toString(): string {
    return formatFloatKey(this.value);
  }
}

/** An integer beyond 2^53: exact for map keys; `unsigned` beyond int64 (a Go uint64). @internal */
export class GoBigInt {
  constructor(public readonly value: bigint, public readonly unsigned: boolean) {
    specials++;
  }

  public get [Symbol.toStringTag](): string {
    return 'GoBigInt';
  }

  /** As a map key (js-yaml calls it): sigs.k8s.io/yaml refuses a uint64 key. */
  public toString(): string {
    if (this.unsigned) throw new KubeYamlError(`unsupported map key of type: uint64, key: ${this.value}`);
    return this.value.toString();
  }
}

/** The merge key `<<` (plain or tagged `!!merge`). @internal */
export const MERGE_KEY: unique symbol = Symbol('<<');

/** What a scalar resolves to. @internal */
export type GoScalar = string | number | boolean | null | GoFloat | GoBigInt | typeof MERGE_KEY;

/** A scalar, tag or structure that Kubernetes refuses; `line` is 0-based in the parsed text. @internal */
export class KubeYamlError extends Error {
  constructor(message: string, public readonly line?: number) {
    super(message);
  }
}

const BOOL_NULL: Record<string, boolean | null | GoFloat | typeof MERGE_KEY> = {
  'y': true,
  'Y': true,
  'yes': true,
  'Yes': true,
  'YES': true,
  'true': true,
  'True': true,
  'TRUE': true,
  'on': true,
  'On': true,
  'ON': true,
  'n': false,
  'N': false,
  'no': false,
  'No': false,
  'NO': false,
  'false': false,
  'False': false,
  'FALSE': false,
  'off': false,
  'Off': false,
  'OFF': false,
  '~': null,
  'null': null,
  'Null': null,
  'NULL': null,
  '.nan': new GoFloat(NaN),
  '.NaN': new GoFloat(NaN),
  '.NAN': new GoFloat(NaN),
  '.inf': new GoFloat(Infinity),
  '.Inf': new GoFloat(Infinity),
  '.INF': new GoFloat(Infinity),
  '+.inf': new GoFloat(Infinity),
  '+.Inf': new GoFloat(Infinity),
  '+.INF': new GoFloat(Infinity),
  '-.inf': new GoFloat(-Infinity),
  '-.Inf': new GoFloat(-Infinity),
  '-.INF': new GoFloat(-Infinity),
};

takeSpecials();

const HINT = new Uint8Array(128);
for (const ch of '+-0123456789.yYnNtTfFoO~') HINT[ch.charCodeAt(0)] = 1;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go integer literal syntax of `strconv.ParseInt(s, 0, 64)` (underscores already removed). */
const GO_INT = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
/** `-?(0|[1-9][0-9]{0,14})`: a decimal integer that a double holds exactly (the usual case, without a regular expression). */
function isSmallDecimal(s: string): boolean {
  const start = s.charCodeAt(0) === 0x2d ? 1 : 0;
  const digits = s.length - start;
  if (digits < 1 || digits > 15) return false;
  const first = s.charCodeAt(start);
  if (first === 0x30) return digits === 1;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** Go `ParseFloat` syntax for text starting with `.` (underscores checked apart). */
const GO_DOT_FLOAT = /^\.[0-9_]+(?:[eE][-+]?[0-9_]+)?$/;

function goIntValue(sign: string, digits: string): bigint {
  const body = /^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits.replace(/^0([XOB])/, (_, p: string) => `0${p.toLowerCase()}`);
  const magnitude = BigInt(body);
  return sign === '-' ? -magnitude : magnitude;
}

function intResult(value: bigint, unsigned: boolean): number | GoBigInt {
  return value >= -(2n ** 53n) && value <= 2n ** 53n ? Number(value) : new GoBigInt(value, unsigned);
}

/** Go `strconv.ParseInt(s, base, 64)` then `ParseUint`, for base 0 (prefixes) or 2; undefined when neither parses. */
function parseGoInt(s: string, base: 0 | 2): number | GoBigInt | undefined {
  if (base === 2) {
    const m = /^([-+]?)([01]+)$/.exec(s);
    if (!m) return undefined;
    const v = m[1] === '-' ? -BigInt(`0b${m[2]}`) : BigInt(`0b${m[2]}`);
    if (v >= INT64_MIN && v <= INT64_MAX) return intResult(v, false);
    return m[1] === '' && v <= UINT64_MAX ? intResult(v, true) : undefined;
  }
  const m = GO_INT.exec(s);
  if (!m) return undefined;
  const v = goIntValue(m[1], m[2]);
  if (v >= INT64_MIN && v <= INT64_MAX) return intResult(v, false);
  return m[1] === '' && v <= UINT64_MAX ? intResult(v, true) : undefined;
}

/** Go `strconv` underscoreOK: underscores only between digits. */
function underscoresOk(s: string): boolean {
  let saw = '^';
  for (const c of s) {
    if (c >= '0' && c <= '9') { saw = '0'; continue; }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

function floatResult(n: number): GoFloat | undefined {
  return Number.isFinite(n) ? new GoFloat(n) : undefined;
}

/**
 * go-yaml v2 `resolve("", text)` for a plain scalar: undefined when it stays a string.
 * @internal
 */
export function resolvePlain(text: string): GoScalar | undefined {
  const c = text.charCodeAt(0);
  if (c === 0x3c /* < */) return text === '<<' ? MERGE_KEY : undefined;
  // go-yaml's resolve table: only these first characters can make anything but a string
  if (c >= 128 || HINT[c] === 0) return undefined;
  const isDigit = c >= 0x30 && c <= 0x39;
  const isSign = c === 0x2b || c === 0x2d;
  if (Object.prototype.hasOwnProperty.call(BOOL_NULL, text)) {
    const v = BOOL_NULL[text];
    if (v instanceof GoFloat) specials++;
    return v;
  }
  if (c === 0x2e) {
    if (!GO_DOT_FLOAT.test(text) || (text.includes('_') && !underscoresOk(text))) return undefined;
    return floatResult(Number(text.replace(/_/g, '')));
  }
  if (!isDigit && !isSign) return undefined;
  const plain = text.indexOf('_') === -1 ? text : text.replace(/_/g, '');
  if (isSmallDecimal(plain)) return plain === '-0' ? 0 : Number(plain);
  const int = parseGoInt(plain, 0);
  if (int !== undefined) return int;
  if (YAML_FLOAT.test(plain)) {
    const f = floatResult(Number(plain));
    if (f) return f;
  }
  if (plain.startsWith('0b')) return parseGoInt(plain.slice(2), 2);
  if (plain.startsWith('-0b')) {
    const v = parseGoInt(`-${plain.slice(3)}`, 2);
    return v instanceof GoBigInt && v.unsigned ? undefined : v;
  }
  return undefined;
}

/** go-yaml's name for the type a scalar resolved to, for messages. */
function goTag(value: GoScalar | undefined): string {
  if (value === undefined || typeof value === 'string' || value === MERGE_KEY) return '!!str';
  if (value === null) return '!!null';
  if (typeof value === 'boolean') return '!!bool';
  if (value instanceof GoFloat) return '!!float';
  return '!!int';
}

/** go-yaml's `parseTimestamp`: the formats it accepts, with calendar validation. */
function isTimestamp(s: string): boolean {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ ])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(Z|[-+]\d{2}:\d{2})?)?$/.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (day > days) return false;
  if (m[4] === undefined) return true;
  // "2006-1-2 15:4:5.999999999" has no zone; the T forms require one
  const sep = s.charAt(m[1].length + m[2].length + m[3].length + 2);
  if (sep === ' ' ? m[7] !== undefined : m[7] === undefined) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  if (m[7] && m[7] !== 'Z') {
    const [h, mm] = m[7].slice(1).split(':').map(Number);
    if (h > 23 || mm > 59) return false;
  }
  return true;
}

/** Go `base64.StdEncoding.DecodeString` (CR and LF ignored), as a string the way Go's JSON writes it. */
function decodeBinary(text: string): string {
  const s = text.replace(/[\r\n]/g, '');
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) {
    throw new KubeYamlError('!!binary value contains invalid base64 data');
  }
  return goUtf8(Buffer.from(s, 'base64'));
}

/** Bytes as a string, each invalid UTF-8 byte becoming U+FFFD (Go's JSON encoder). */
function goUtf8(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let cp = need === 0 ? b : need === 1 ? b % 0x20 : need === 2 ? b % 0x10 : b % 0x08;
    let ok = need >= 0 && i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) {
      const cb = bytes[i + k];
      const lo = k === 1 && b === 0xe0 ? 0xa0 : k === 1 && b === 0xf0 ? 0x90 : 0x80;
      const hi = k === 1 && b === 0xed ? 0x9f : k === 1 && b === 0xf4 ? 0x8f : 0xbf;
      if (cb < lo || cb > hi) ok = false;
      else cp = cp * 64 + (cb - 0x80);
    }
    if (ok) {
      out += String.fromCodePoint(cp);
      i += need + 1;
    } else {
      out += '\ufffd';
      i += 1;
    }
  }
  return out;
}

/** A node js-yaml hands to a tag's type as it is (the reader's node of a tag on the line before). @internal */
export interface TextHolder {
  readonly scalarText: string | undefined;
}

/** The text of a tagged scalar (js-yaml passes null for an empty node). */
function textOf(data: unknown): string {
  if (typeof data === 'string') return data;
  if (typeof data === 'object' && data !== null && 'scalarText' in data) return (data as TextHolder).scalarText ?? '';
  return '';
}

function mismatch(value: GoScalar | undefined, text: string, tag: string): KubeYamlError {
  return new KubeYamlError(`cannot decode ${goTag(value)} \`${text}\` as a ${tag}`);
}

/** go-yaml `resolve(tag, text)` for the tags it resolves. */
function resolveTagged(tag: string, text: string): GoScalar {
  const value = text === '' ? null : resolvePlain(text);
  const kind = goTag(value);
  if (tag === '!!timestamp') {
    if (isTimestamp(text)) return text;
    if (kind === '!!str') throw mismatch(value, text, tag);
  }
  if (kind === tag) return value === undefined ? text : value;
  // go-yaml converts int and int64 to float, not uint64
  if (tag === '!!float' && kind === '!!int' && !(value instanceof GoBigInt && value.unsigned)) {
    return new GoFloat(value instanceof GoBigInt ? Number(value.value) : Number(value));
  }
  throw mismatch(value, text, tag);
}

/** The tag js-yaml gives plain scalars that resolved to something other than a string. @internal */
export const PLAIN_TAG = 'tag:yaml.org,2002:kube-plain';
let resolved: GoScalar | undefined;
let resolvedText = '';

/** The text of the plain scalar resolved last (for a tag written on the line before it). @internal */
export function lastResolvedText(): string {
  return resolvedText;
}

/** The one implicit type: every plain scalar goes through go-yaml's resolution. */
const plainType = new Type(PLAIN_TAG, {
  kind: 'scalar',
  resolve: (data: unknown) => {
    if (typeof data !== 'string') return false;
    resolved = resolvePlain(data);
    resolvedText = data;
    return resolved !== undefined;
  },
  construct: () => resolved,
});

function tagged(name: string, construct: (text: string) => GoScalar): Type {
  return new Type(`tag:yaml.org,2002:${name}`, { kind: 'scalar', resolve: () => true, construct: (data: unknown) => construct(textOf(data)) });
}

/** Catch-alls for other tags: go-yaml keeps scalars as text and collections as they are. */
const anyScalar = new Type('', { kind: 'scalar', multi: true, construct: (data: unknown) => textOf(data) });
const anySequence = new Type('', { kind: 'sequence', multi: true, construct: (data: unknown) => data });
const anyMapping = new Type('', { kind: 'mapping', multi: true, construct: (data: unknown) => data });

/**
 * The schema: go-yaml v2 scalar resolution for plain scalars, its tags, nothing else (merge keys,
 * duplicate keys and map keys are handled when the document is converted to JSON).
 * @internal
 */
export const KUBE_SCHEMA = new Schema({
  implicit: [plainType],
  explicit: [
    tagged('str', text => text),
    tagged('int', text => resolveTagged('!!int', text)),
    tagged('float', text => resolveTagged('!!float', text)),
    tagged('bool', text => resolveTagged('!!bool', text)),
    tagged('null', text => resolveTagged('!!null', text)),
    tagged('timestamp', text => resolveTagged('!!timestamp', text)),
    tagged('binary', decodeBinary),
    tagged('merge', text => text === '<<' ? MERGE_KEY : text),
    anyScalar, anySequence, anyMapping,
  ],
});

/** Shortest digits that read back as the float32 `x > 0`, closest first (Go's shortest formatting). */
function float32Digits(x: number): { digits: string; exponent: number } {
  for (let p = 1; p <= 9; p++) {
    const [mantissa, e] = x.toExponential(p - 1).split('e');
    const base = BigInt(mantissa.replace('.', ''));
    let best: { digits: string; error: number } | undefined;
    // the correctly rounded p digits, or a neighbour where the float32 interval is lopsided
    for (const delta of [0n, -1n, 1n]) {
      const digits = (base + delta).toString();
      if (digits.length !== p) continue;
      const value = Number(`${digits[0]}.${digits.slice(1)}e${e}`);
      if (Math.fround(value) !== x) continue;
      const error = Math.abs(value - x);
      if (!best || error < best.error) best = { digits, error };
    }
    if (best) return { digits: best.digits, exponent: Number(e) };
  }
  const [mantissa, e] = x.toExponential(8).split('e');
  return { digits: mantissa.replace('.', ''), exponent: Number(e) };
}

/** Go `strconv.FormatFloat(f, 'g', -1, 32)` as sigs.k8s.io/yaml writes float map keys. @internal */
export function formatFloatKey(f: number): string {
  const x = Math.fround(f);
  if (Number.isNaN(x)) return '.nan';
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const sign = x < 0 ? '-' : '';
  const { digits, exponent } = float32Digits(Math.abs(x));
  const d = digits.replace(/0+$/, '') || '0';
  if (exponent < -4 || exponent >= 6) {
    const e = Math.abs(exponent);
    return `${sign}${d[0]}${d.length > 1 ? `.${d.slice(1)}` : ''}e${exponent < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${d}`;
  return d.length <= exponent + 1 ? `${sign}${d}${'0'.repeat(exponent + 1 - d.length)}` : `${sign}${d.slice(0, exponent + 1)}.${d.slice(exponent + 1)}`;
}
