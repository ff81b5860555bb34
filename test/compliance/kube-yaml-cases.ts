// A seeded generator of manifest files for the differential test against kubectl
// (kube-yaml-kubectl.test.ts). Every document has a unique metadata.name (`<file>-d<n>`): a Pod
// carrying the generated YAML in its spec, so kubectl accepts the shape and only the reading of
// the YAML is under test, or one of the benchmark's manifests with edits after its name.

import { dump } from 'js-yaml';
import { namespaceObjects } from '../../bench/compliance';

/** Every field path of a JSON value, in the engine's notation (`a.b[0].c`). */
export function fieldPaths(v: unknown, prefix = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => [`${prefix}[${i}]`, ...fieldPaths(x, `${prefix}[${i}]`)]);
  if (typeof v === 'object' && v !== null) {
    return Object.entries(v).flatMap(([k, x]) => {
      const p = prefix === '' ? k : `${prefix}.${k}`;
      return [p, ...fieldPaths(x, p)];
    });
  }
  return [];
}

/** Deterministic PRNG (Park-Miller). */
export function prng(seed: number): () => number {
  let x = (Math.abs(Math.floor(seed)) % 2147483646) + 1;
  return () => {
    x = (x * 48271) % 2147483647;
    return (x - 1) / 2147483646;
  };
}

export interface GeneratedFile {
  readonly name: string;
  /** What the file exercises (for messages). */
  readonly family: string;
  readonly text: string;
}

export type Rand = () => number;

export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
export const chance = (r: Rand, p: number) => r() < p;
const int = (r: Rand, n: number) => Math.floor(r() * n);

/** Every YAML 1.1 / go-yaml spelling that resolves to something other than a string, and near misses. */
export const SPELLINGS: readonly string[] = [
  // booleans
  'y', 'Y', 'yes', 'Yes', 'YES', 'yEs', 'n', 'N', 'no', 'No', 'NO', 'nO', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'oN', 'off', 'Off', 'OFF', 'oFF',
  // null
  '~', 'null', 'Null', 'NULL', 'nULL', '',
  // integers
  '0', '-0', '+0', '1', '-1', '+1', '007', '08', '09', '0_8', '017', '-017', '0o17', '0O17', '0o8', '0x1F', '0X1f', '-0x1F', '+0x1F', '0xg',
  '0b0', '0b1', '0b101', '-0b101', '+0b101', '0b+1', '0b-1', '-0b-1', '-0b+1', '0B1', '0b2', '0_0', '1_000', '1__0', '_1', '1_', '0x_1F', '0_x1F',
  '9007199254740991', '9007199254740993', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809',
  '18446744073709551615', '18446744073709551616', '0xFFFFFFFFFFFFFFFF', '0x10000000000000000', '0x7FFFFFFFFFFFFFFF', '0x8000000000000000',
  '0o1777777777777777777777', '0o2000000000000000000000', '01777777777777777777777', '02000000000000000000000',
  '0b1111111111111111111111111111111111111111111111111111111111111111', '0b10000000000000000000000000000000000000000000000000000000000000000',
  '123456789012345678901234567890',
  // floats
  '1.5', '-1.5', '+1.5', '1.', '.5', '-.5', '+.5', '1e3', '1E3', '1e+3', '1e-3', '1.5e+3', '-1.5E-3', '1_0.5', '._5', '.5_0', '.5__0', '1.5_',
  '1e999', '-1e999', '1e-999', '.5e999', '4.9e-324', '2e-324', '1e21', '1e20', '0.1', '3.141592653589793', '-0.0', '0.0', '-0.0e0', '1e', '1e+', '.e5', '.',
  '.inf', '-.inf', '+.inf', '.Inf', '.INF', '-.Inf', '.iNf', '.nan', '.NaN', '.NAN', '.nAn', 'inf', 'nan', 'Infinity', 'NaN',
  // timestamps and base 60
  '2001-12-14', '2001-12-14T21:59:43.10-05:00', '2001-12-14t21:59:43.10Z', '2001-12-14 21:59:43.10', '2001-12-14 21:59:43.10 -5', '2001-1-1',
  '2001-13-14', '1999-02-29', '2000-02-29', '190:20:30', '1:20', '-1:20',
  // other
  '<<', '=', '+', '-x', '0x', '0b', '0o', '+-1', '--1', '1-2', '1.2.3', 'v1', 'Pod', 'privileged', 'k8s.io/x', 'a b', 'café',
];

const TAGS = ['!!str', '!!int', '!!float', '!!bool', '!!null', '!!timestamp', '!!binary', '!foo', '!!map', '!', '!<tag:yaml.org,2002:int>', '!<!bar>'];

/** A random numeric-looking plain scalar. */
function numberish(r: Rand): string {
  let s = pick(r, ['', '', '', '-', '+']);
  const prefix = pick(r, ['', '', '', '0x', '0o', '0b', '0', '0X', '0B']);
  s += prefix;
  const digits = prefix.startsWith('0x') || prefix.startsWith('0X') ? '0123456789abcdefABCDEF' : prefix.startsWith('0b') || prefix.startsWith('0B') ? '01' : prefix === '0o' || prefix === '0' ? '01234567' : '0123456789';
  const n = 1 + int(r, chance(r, 0.1) ? 25 : 6);
  for (let i = 0; i < n; i++) {
    s += chance(r, 0.05) ? '_' : digits[int(r, digits.length)];
    if (chance(r, 0.02)) s += pick(r, ['8', '9', 'e', '.']);
  }
  if (prefix === '' && chance(r, 0.3)) {
    s += '.';
    for (let i = int(r, 4); i > 0; i--) s += String(int(r, 10));
  }
  if (prefix === '' && chance(r, 0.2)) s += `${pick(r, ['e', 'E'])}${pick(r, ['', '+', '-'])}${int(r, 400)}`;
  return s;
}

function quoteDouble(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function quoteSingle(s: string): string {
  return `'${s.replace(/'/g, '\'\'')}'`;
}

/** Plain scalars that cannot be written plain (indicators) are quoted instead. */
function plainSafe(s: string): boolean {
  return s !== '' && !/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/: |:$| #|^\s|\s$/.test(s) && !s.includes('\n');
}

/** A scalar written in a random style. */
function scalar(r: Rand, flow = false): string {
  const text = chance(r, 0.6) ? pick(r, SPELLINGS) : numberish(r);
  const style = r();
  if (style < 0.6 && plainSafe(text) && !(flow && /[,[\]{}]/.test(text))) return text;
  if (style < 0.7) return quoteSingle(text);
  if (style < 0.85) return quoteDouble(text);
  const tag = pick(r, TAGS);
  if (tag === '!!binary') return `${tag} ${pick(r, ['aGVsbG8=', 'aGVsbG8', '/w==', '4oI=', '', 'cHJpdmlsZWdlZA=='])}`;
  return `${tag} ${plainSafe(text) && chance(r, 0.6) ? text : quoteDouble(text)}`;
}

/** Keys that are not strings, each with the JSON key kubectl writes: at most one per JSON key in a mapping. */
const NON_STRING_KEYS: readonly [string, string][] = [
  ['1', '1'], ['0x10', '16'], ['010', '8'], ['-5', '-5'], ['0b11', '3'], ['1_000', '1000'], ['9007199254740993', '9007199254740993'],
  ['9223372036854775807', '9223372036854775807'], ['1.5', '1.5'], ['0.1', '0.1'], ['1e6', '1e+06'], ['1e5', '100000'], ['123456789.0', '1.2345679e+08'],
  ['3.141592653589793', '3.1415927'], ['1e-5', '1e-05'], ['0.0001', '0.0001'], ['-0.0', '-0'], ['.inf', '.inf'], ['-.inf', '-.inf'], ['1e21', '1e+21'],
  ['08', '8.0'], ['y', 'true'], ['off', 'false'], ['2001-12-14', '2001-12-14'], ['!!binary aGVsbG8=', 'hello'], ['"quoted"', 'quoted'], ['1e39', '.inf32'],
  ['16777217.0', '1.6777216e+07'], ['0.3', '0.3'], ['100000.0', '100000.0'], ['1234567.0', '1.234567e+06'],
];

function nonStringKeys(r: Rand, indent: string, flow: boolean): string {
  const used = new Set<string>();
  const pairs: string[] = [];
  for (let i = 0; i < 1 + int(r, 6); i++) {
    const [spelling, key] = pick(r, NON_STRING_KEYS);
    // "8" (int 010) and "8.0" (float 08) write the same JSON key: keep one number per value
    const sameValue = key.replace(/\.0$/, '').replace('.inf32', '.inf');
    if (used.has(sameValue)) continue;
    used.add(sameValue);
    pairs.push(`${spelling}: ${scalar(r, flow)}`);
  }
  return flow ? `{${pairs.join(', ')}}` : pairs.map(p => `\n${indent}${p}`).join('');
}

// ---------------------------------------------------------------------------------------------
// documents

const H = (name: string, labels = true) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${labels ? '  labels: {gen: "1"}\n' : ''}`;

function pod(name: string, spec: string): string {
  return `${H(name)}spec:${spec.startsWith('\n') || spec === '' ? '' : ' '}${spec}\n`;
}

/** A block mapping of random scalars (with the odd flow collection and sequence). */
function scalarsSpec(r: Rand): string {
  let out = '';
  for (let i = 0; i < 2 + int(r, 8); i++) {
    const k = `v${i}`;
    const choice = r();
    if (choice < 0.6) out += `\n  ${k}: ${scalar(r)}`;
    else if (choice < 0.75) out += `\n  ${k}: [${Array.from({ length: 1 + int(r, 4) }, () => scalar(r, true)).join(', ')}]`;
    else if (choice < 0.85) out += `\n  ${k}:${Array.from({ length: 1 + int(r, 3) }, () => `\n  ${chance(r, 0.5) ? '  ' : ''}- ${scalar(r)}`).join('')}`;
    else if (choice < 0.95) out += `\n  ${k}: {${Array.from({ length: 1 + int(r, 3) }, (_, j) => `k${j}: ${scalar(r, true)}`).join(', ')}}`;
    else out += `\n  ${k}:${nonStringKeys(r, '    ', false)}`;
  }
  return out;
}

/** Keys in every form: duplicates, booleans, numbers, quoted, merge-looking. */
function keysSpec(r: Rand): string {
  const entries: string[] = [];
  const keys = ['privileged', 'hostPID', 'y', 'on', 'no', 'n', 'true', '1', '"<<"', '!!str <<', '"a"', 'a', '\'a\'', '? a', 'a b', '~', 'null', '[1]', '{a: 1}', '""', '!!null ""'];
  for (let i = 0; i < 2 + int(r, 5); i++) {
    const key = pick(r, keys);
    entries.push(key.startsWith('? ') ? `${key}\n  : ${scalar(r)}` : `${key}: ${scalar(r)}`);
  }
  if (chance(r, 0.5)) entries.push(entries[int(r, entries.length)]);
  if (chance(r, 0.3)) return ` {${entries.filter(e => !e.includes('\n')).join(', ')}}`;
  return entries.map(e => `\n  ${e}`).join('');
}

/** Anchors, aliases and merge keys in every form, with explicit keys before and after. */
function mergeSpec(r: Rand): string {
  const flow = chance(r, 0.4);
  const anchors = ['b', 'c', 'd'];
  let out = '';
  out += flow ? '\n  base: &b {privileged: true, p: 1, q: 1}' : '\n  base: &b\n    privileged: true\n    p: 1\n    q: 1';
  out += '\n  other: &c {privileged: false, q: 2, r: 2}';
  out += chance(r, 0.5) ? '\n  nested: &d {<<: *b, r: 3, s: 3}' : '\n  nested: &d\n    <<: [*c, *b]\n    s: 4';
  if (chance(r, 0.3)) out += `\n  scalar: &s ${scalar(r)}\n  alias: *s`;
  if (chance(r, 0.2)) out += '\n  list: &l [1, 2]';
  for (let m = 0; m < 1 + int(r, 4); m++) {
    const entries: string[] = [];
    for (let i = 0; i < 1 + int(r, 5); i++) {
      const c = r();
      if (c < 0.35) entries.push(`${pick(r, ['privileged', 'p', 'q', 'r', 's'])}: ${pick(r, ['true', 'false', 'yes', 'no', '0', '1', scalar(r, true)])}`);
      else if (c < 0.55) entries.push(`<<: *${pick(r, anchors)}`);
      else if (c < 0.7) entries.push(`<<: [${Array.from({ length: 1 + int(r, 3) }, () => `*${pick(r, anchors)}`).join(', ')}]`);
      else if (c < 0.8) entries.push(`<<: {privileged: ${pick(r, ['true', 'on', 'y', 'false'])}, p: 9}`);
      else if (c < 0.85) entries.push('<<: [{privileged: true}, {p: 8, privileged: false}]');
      else if (c < 0.88) entries.push(`<<: ${pick(r, ['*s', '*l', '~', '1', '[1]', '[*l]', '[]', '{}', '[*b, 1]'])}`);
      else if (c < 0.9) entries.push(`!!merge <<: *${pick(r, anchors)}`);
      else if (c < 0.93) entries.push(`"<<": *${pick(r, anchors)}`);
      else entries.push(`<<: *${pick(r, ['b', 'c', 'd', 'zz'])}`);
    }
    out += flow || chance(r, 0.3) ? `\n  m${m}: {${entries.join(', ')}}` : `\n  m${m}:${entries.map(e => `\n    ${e}`).join('')}`;
  }
  return out;
}

/** Block scalars with every header, blank lines, more-indented lines and trailing blanks. */
function blockScalarSpec(r: Rand): string {
  let out = '';
  for (let i = 0; i < 1 + int(r, 3); i++) {
    const header = pick(r, ['|', '>', '|-', '|+', '>-', '>+', '|2', '>2', '|1-', '|+2', '|0', '|-+', '| # c', '>\t# c']);
    const lines: string[] = [];
    for (let j = 0; j < 1 + int(r, 5); j++) {
      const c = r();
      lines.push(c < 0.15 ? '' : c < 0.25 ? '      more indented' : c < 0.3 ? '   ' : c < 0.35 ? '    # not a comment' : c < 0.4 ? '    ---' : `    line ${j} ${scalar(r)}`);
    }
    if (chance(r, 0.3)) lines.push('', '');
    out += `\n  s${i}: ${header}\n${lines.join('\n')}`;
  }
  return `${out}\n  after: ${scalar(r)}`;
}

const BREAKS = ['\u0085', '\u2028', '\u2029', '\ufeff', '\u00a0'];

/** Unicode line breaks, BOMs and no-break spaces in comments, scalars and between tokens. */
function unicodeSpec(r: Rand): string {
  const br = pick(r, BREAKS);
  const c = r();
  if (c < 0.35) return `\n  safe: true # comment${br}  privileged: true${chance(r, 0.5) ? '\n  other: 1' : ''}`;
  if (c < 0.45) return `\n  # comment${br}privileged: ${scalar(r)}\n  x: 1`;
  if (c < 0.55) return `\n  a: "x${pick(r, ['', ' ', '  '])}${br}${pick(r, ['', ' ', '   '])}y"`;
  if (c < 0.6) return `\n  a: 'x ${br}  y'`;
  if (c < 0.7) return `\n  a: x${br}${pick(r, ['    ', '', '  '])}y\n  b: 1`;
  if (c < 0.8) return `\n  a: |\n    x${br}${pick(r, ['    ', '', '  '])}y\n  b: 1`;
  if (c < 0.85) return `\n  a: 1${br}  b: 2`;
  if (c < 0.9) return `\n  a: {b: 1,${br} c: 2}`;
  if (c < 0.95) return `\n  a: "x\\${br}  y"`;
  return `\n  a: x\n  ${br}\n  b: 1`;
}

/** Tabs where go-yaml allows them and where it does not. */
function tabSpec(r: Rand): string {
  return pick(r, [
    '\n  a:\t1', '\n  a: 1\t', '\n  a: 1\t# c', '\n\ta: 1', '\n  a:\n  -\tx', '\n  a:\n  - \tx', '\n  a: x\ty', '\n  a: 1\n\t\n  b: 2',
    '\n  a: 1\n\t# c\n  b: 2', '\n  a: "1"\n\t\n  b: 2', '\n  a \t: 1', '\n  a: {\n\tb: 1}', '\n  a: |\n    x\n\ty', '\n  a: |\n    x\ty\n    \tz',
    '\n  ? a\n  :\t1', '\n  a: 1\n  \tb: 2', '\n  a: "x\n\ty"', '\n  a: x\n   \ty', '\n  a: x\n  \ty', '\n  a: &x\t1', '\n  a:\n  - - \tx',
    '\n  a: [1,\t2]', '\n  a: {b:\t1}', '\n  a: |\n    x\n\t\n    y', '\n  a: x\n\n\t\n  b: 1', '\n  a: >\n    x\n    \t y',
  ]);
}

/** Sequences in every layout, and flow pairs. */
function sequenceSpec(r: Rand): string {
  return pick(r, [
    '\n  a:\n  - x\n  - y', '\n  a:\n    - x\n    - y', '\n  a:\n  - - x\n    - y\n  - z', '\n  a:\n  - b: 1\n    c: 2\n  - d: 3', '\n  a:\n  -\n  - ',
    '\n  a: [b: 1, c: 2]', '\n  a: [x, y, ]', '\n  a: [, x]', '\n  a: [x: 1, y]', '\n  a:\n  - !!str 1\n  - &z 2\n  - *z', '\n  a: - x',
    '\n  a:\n  - x\n   - y', '\n  a:\n  - [1, [2, [3]]]', '\n  a:\n  -   x\n  -   y: 1\n      z: 2', '\n  a: [?z]', '\n  a: [x?y]',
    '\n  a: [x:]', '\n  a: {x:, y: 1}', '\n  a: [-]', '\n  a: {b: x:}', `\n  a:${'\n  - x'.repeat(3 + int(r, 20))}`,
    // an empty item before an item of an outer sequence (js-yaml reads that item into the inner one)
    '\n  a:\n  - b: x\n    c:\n      - y\n      - \n  - b: z\n    privileged: true', '\n  a:\n    -\n        -\n            - 1\n            -\n        -\n            - 3',
    '\n  a:\n  - - x\n    - # c\n  - y', '\n  a:\n  - b: |2\n        -\n      - x\n  - c', '\n  a:\n  - - x\n    -\n\n    # c\n\n  -\n  - z', '\n  a:\n    - x\n    -\n  - y',
  ]);
}

/** Odd but valid (or nearly valid) syntax. */
function syntaxSpec(r: Rand): string {
  return pick(r, [
    '\n  ? a\n  : 1\n  ? b', '\n  a: {? b: 1}', '\n  a: !!str\n    42', '\n  a: !!int\n    "42"', '\n  a: &x\n    42\n  b: *x', '\n  a: !!set {x, y}',
    '\n  a: !!omap [x: 1]', '\n  a: &x [*x]', '\n  a: *nope', '\n  a: &x.y 1', '\n  a: &é 1', '\n  a: &x 1\n  b: {*x : 2}', '\n  a: &x k\n  b: {*x: 2}',
    `\n  ${'k'.repeat(1020 + int(r, 10))}: 1`, `\n  a: {${'k'.repeat(1020 + int(r, 10))}: 1}`, '\n  a: "\\/"', '\n  a: "\\\'"', '\n  a: "\\ud800"',
    '\n  a: "\\U0001F600"', '\n  a: "\\U00110000"', '\n  a: "\\x41\\t\\N\\L\\P\\_\\e\\0"', '\n  a: "\\q"', '\n  a: "x\\\n    y"', '\n  a: "x\n\n    y\n   z"',
    '\n  a: \'x\n    y\'', '\n  a: x\n    y\n\n    z', '\n  a: "x # y"', '\n  a: x#y', '\n  a: x #y', '\n  a: {x: 1,\n  y: 2}', '\n  a: {x: 1,\ny: 2}',
    `\n  a: ${'['.repeat(50 + int(r, 100))}${']'.repeat(50)}`, '\n  a: b: c', '\n  a:\n    b: 1\n   c: 2', '\n  a: {b: 1} x', '\n  a: [1] # c',
    '\n  a: !!binary |\n    aGVs\n    bG8=', '\n  a: !!timestamp 2001-12-14', '\n  a: !!timestamp 1999-02-29', '\n  a: ! 42', '\n  a: !!float 0x10',
    '\n  a: !!int 1.5', '\n  a: !!bool "yes"', '\n  a: !!null', '\n  a: !!str', '\n  a: !!float', '\n  a: !e!x 1', '\n  a: "\u0007"', '\n  a: x\u007fy',
    '\n  a: x\u0086y', '\n  a: x\ufffdy', '\n  a: x\u{1F600}y', '\n  a: |\n  x', '\n  a: >\n\n    x', '\n  a: "\n  x"',
  ]);
}

/** Billion laughs, small and large. */
function aliasingSpec(r: Rand): string {
  const width = 2 + int(r, 12);
  const depth = 1 + int(r, 5);
  let out = `\n  l0: &l0 [${Array.from({ length: width }, () => 'x').join(', ')}]`;
  for (let d = 1; d <= depth; d++) out += `\n  l${d}: &l${d} [${Array.from({ length: width }, () => `*l${d - 1}`).join(', ')}]`;
  return out;
}

/** A document in flow style, JSON-like or YAML-like. */
function flowDocument(r: Rand, name: string): string {
  const values = Array.from({ length: 1 + int(r, 6) }, (_, i) => `v${i}: ${scalar(r, true)}`).join(', ');
  const json = chance(r, 0.5);
  if (json) {
    const v = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { gen: '1' } }, spec: { a: pick(r, [true, 1, 1.5, 'yes', null, 1e300, [1, 2], { b: 'c' }]) } });
    return pick(r, [v, v.replace('"spec"', '\n  "spec"'), `---\n${v}`, v.replace('"a"', '"a": 1, "a"'), v.replace('}}', '}} x')]);
  }
  const doc = `{apiVersion: v1, kind: Pod, metadata: {name: ${name}, labels: {gen: "1"}}, spec: {${values}}}`;
  return pick(r, [`---\n${doc}`, `# c\n${doc}`, doc, `---\n${doc.replace(', spec', ',\nspec')}`, `---\n${doc}\nspec: {hostPID: true}`]);
}

/** Several documents with every kind of separator. */
function multiDocument(r: Rand, file: string): string {
  const docs: string[] = [];
  const n = 1 + int(r, 4);
  let out = pick(r, ['', '', '---\n', '--- # start\n', '\n', '# c\n', '...\n', '%YAML 1.1\n---\n']);
  for (let i = 0; i < n; i++) {
    docs.push(pod(`${file}-d${i}`, chance(r, 0.5) ? scalarsSpec(r) : ''));
  }
  for (let i = 0; i < docs.length; i++) {
    out += docs[i];
    if (i < docs.length - 1) {
      out += pick(r, ['---\n', '---\n', '--- # c\n', '---\t\n', '...\n---\n', '---\n---\n', '---\n# only a comment\n---\n', '--- {}\n', '----\n', '---\n\n']);
    }
  }
  return out + pick(r, ['', '', '---\n', '...\n', '...\nignored: [\n', '---\n# end\n']);
}

/** A random edit of a generated document. */
function mutate(r: Rand, text: string): string {
  const lines = text.split('\n');
  const i = 5 + int(r, Math.max(1, lines.length - 5));
  if (i >= lines.length) return text;
  const edits = [
    (l: string) => `\t${l}`, (l: string) => ` ${l}`, (l: string) => l.slice(1), (l: string) => `${l} #`, (l: string) => `${l}:`, (l: string) => l.replace(': ', ':'),
    (l: string) => l.replace(':', ''), (l: string) => `- ${l}`, (l: string) => `${l}\t`, (l: string) => l.replace(' ', '\t'), (l: string) => `${l} &a`,
    (l: string) => `${l}]`, (l: string) => `${l} *a`, (l: string) => l.replace(/(\w)/, '$1\u2028'), (l: string) => `${l}\r`, (l: string) => l.replace(/ /g, '  '),
  ];
  lines[i] = pick(r, edits)(lines[i]);
  let out = lines.join('\n');
  // and characters that mean something to YAML, anywhere after the metadata
  const from = out.indexOf('spec:');
  for (let n = int(r, 3); n > 0 && from !== -1; n--) {
    const at = from + 5 + int(r, Math.max(1, out.length - from - 5));
    out = `${out.slice(0, at)}${pick(r, [':', '-', '?', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ',', '[', ']', '{', '}', '\t', ' ', '\n', '\\', '\u2028', '\u0085', ': ', '- ', '\n  ', '\n---\n', '\n...\n'])}${out.slice(at + (chance(r, 0.3) ? 1 : 0))}`;
  }
  return out;
}

/** A pod spec as people write them: containers with lists in lists, at either indentation. */
function podSpec(r: Rand): string {
  const dash = chance(r, 0.5) ? '  ' : '';
  const item = () => (chance(r, 0.5) ? '  ' : '');
  const container = (name: string) => [
    `${dash}- name: ${name}`, `${dash}  image: registry.example/${name}:1.0`,
    `${dash}  args:`, `${dash}  ${item()}- --port=8080`, `${dash}  ${item()}- ${pick(r, ['', '--verbose', '"quoted"', '[a, b]'])}`,
    `${dash}  env:`, `${dash}  - name: MODE`, `${dash}    value: ${pick(r, ['prod', 'yes', '"1"', ''])}`,
    chance(r, 0.5) ? `${dash}  ports: [{containerPort: 8080}]` : `${dash}  ports:\n${dash}  - containerPort: 8080\n${dash}    protocol: TCP`,
    `${dash}  securityContext:`, `${dash}    privileged: ${pick(r, ['false', 'true', 'no', 'on'])}`, `${dash}    capabilities: {drop: [ALL]}`,
  ].join('\n');
  return `\n  containers:\n${container('a')}\n${container('b')}\n  volumes:\n  - name: data\n    emptyDir: {}`;
}

const MANIFESTS = namespaceObjects('shop', 6) as { apiVersion: string; kind: string; metadata: object }[];
const DUMP_STYLES = [{}, { noArrayIndent: true }, { indent: 4 }, { flowLevel: 3 }];

/** One of the benchmark's manifests (in one of js-yaml's dump styles), edited in one to three places after its name. */
function mutatedManifest(r: Rand, name: string): string {
  const { apiVersion, kind, ...rest } = JSON.parse(JSON.stringify(pick(r, MANIFESTS))) as { apiVersion: string; kind: string; metadata?: object };
  delete rest.metadata;
  const head = `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n`;
  const original = head + dump(rest, { noRefs: true, lineWidth: -1, ...pick(r, DUMP_STYLES) });
  const lineEdits = [(l: string) => ` ${l}`, (l: string) => l.slice(1), (l: string) => l.slice(2), (l: string) => `  ${l}`, (l: string) => `${l} #`,
    (l: string) => `${l}:`, (l: string) => l.replace(': ', ':'), (l: string) => `- ${l}`, (l: string) => l.replace(/- .*/, '-'), (l: string) => l.replace(/: .*/, ':'),
    (l: string) => `${l}\t`, () => '', (l: string) => `${l}\n${l}`];
  for (let attempt = 0; ; attempt++) {
    let text = original;
    for (let n = 1 + int(r, 3); n > 0; n--) {
      if (chance(r, 0.4)) {
        const lines = text.slice(head.length).split('\n');
        const k = int(r, lines.length);
        lines[k] = pick(r, lineEdits)(lines[k]);
        text = head + lines.join('\n');
      } else {
        const at = head.length + int(r, text.length - head.length);
        text = `${text.slice(0, at)}${pick(r, [':', '-', '?', '#', '&', '*', '!', '|', '>', '\'', '"', ',', '[', ']', '{', '}', '\t', ' ', '\n', ': ', '- ', '\n  ', '\n- ', '~', 'y', '0x', '.', '<<: ', '\\'])}${text.slice(at + (chance(r, 0.3) ? 1 : 0))}`;
      }
    }
    // an edit that indents the first line after the name would put it in the metadata, where it
    // could give the object another name and hide kubectl's reading of it
    if (attempt > 20 || /^(?:[ \t]*\n)*[^ \t\n]/.test(text.slice(head.length))) return text;
  }
}

/** `count` files, the same for the same seed. */
export function generateFiles(seed: number, count: number): GeneratedFile[] {
  const r = prng(seed);
  const files: GeneratedFile[] = [];
  const families: [string, number, (name: string) => string][] = [
    ['scalars', 30, n => pod(`${n}-d0`, scalarsSpec(r))],
    ['keys', 10, n => pod(`${n}-d0`, keysSpec(r))],
    ['merge', 15, n => pod(`${n}-d0`, mergeSpec(r))],
    ['block scalars', 8, n => pod(`${n}-d0`, blockScalarSpec(r))],
    ['unicode', 8, n => pod(`${n}-d0`, unicodeSpec(r))],
    ['tabs', 5, n => pod(`${n}-d0`, tabSpec(r))],
    ['sequences', 5, n => pod(`${n}-d0`, sequenceSpec(r))],
    ['syntax', 8, n => pod(`${n}-d0`, syntaxSpec(r))],
    ['aliasing', 2, n => pod(`${n}-d0`, aliasingSpec(r))],
    ['flow and JSON', 6, n => flowDocument(r, `${n}-d0`)],
    ['documents', 8, n => multiDocument(r, n)],
    ['mutated', 10, n => mutate(r, pod(`${n}-d0`, chance(r, 0.5) ? scalarsSpec(r) : mergeSpec(r)))],
    ['mutated pod specs', 12, n => mutate(r, mutate(r, pod(`${n}-d0`, podSpec(r))))],
    ['mutated manifests', 12, n => mutatedManifest(r, `${n}-d0`)],
  ];
  const total = families.reduce((s, f) => s + f[1], 0);
  for (let i = 0; i < count; i++) {
    const name = `f${String(i).padStart(4, '0')}`;
    let x = r() * total;
    let family = families[0];
    for (const f of families) {
      x -= f[1];
      if (x < 0) { family = f; break; }
    }
    let text = family[2](name);
    // line endings and byte order marks, on any family
    if (chance(r, 0.05)) text = text.replace(/\n/g, '\r\n');
    if (chance(r, 0.03)) text = `\ufeff${text}`;
    if (chance(r, 0.02)) text = text.replace(/\n---\n/, '\n---\n\ufeff');
    if (chance(r, 0.1)) text = text.replace(/\n$/, '');
    files.push({ name, family: family[0], text });
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// The families of the second review (files `gNNNN`): objects with items anywhere, tags on their
// own line before every scalar style, long flat collections, deep nesting up to kubectl's limit,
// JSON streams and the JSON/YAML sniffing. Every object's name starts with its file's name.

const OUTER_KINDS: readonly [string, string][] = [
  ['v1', 'Pod'], ['v1', 'ConfigMap'], ['v1', 'Namespace'], ['apps/v1', 'Deployment'], ['v1', 'ServiceAccount'],
  ['example.com/v1', 'Widget'], ['v1', 'List'], ['v1', 'list'], ['v1', 'PodList'], ['apps/v1', 'DeploymentList'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
];

const PRIVILEGED_SPEC = { containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }], hostNetwork: true };

/** An object with an `items` field, as YAML (flow or block), JSON or through a merge key. */
function itemsDocument(r: Rand, name: string): string {
  const [apiVersion, kind] = pick(r, OUTER_KINDS);
  // (kind-less items only where kubectl gives them a kind it knows; items that kubectl refuses
  // one by one are left to the unit tests, as kubectl's message for them names no file)
  const kindless = !['List', 'list'].includes(kind);
  const item = (i: number): unknown => {
    const own = `${name}-i${i}`;
    if (kindless && chance(r, 0.4)) return kind.endsWith('List') ? { metadata: { name: own }, spec: PRIVILEGED_SPEC } : { metadata: { name: own }, data: { a: '1' } };
    return { apiVersion: 'v1', kind: 'Pod', metadata: { name: own }, spec: PRIVILEGED_SPEC };
  };
  const items = pick(r, ['list', 'list', 'list', 'list', 'empty', 'null', 'tilde', 'scalar', 'mapping']);
  const value: unknown = items === 'list' ? Array.from({ length: 1 + int(r, 3) }, (_, i) => item(i))
    : items === 'empty' ? [] : items === 'null' || items === 'tilde' ? null : items === 'scalar' ? pick(r, ['abc', 1, true]) : { a: 'b' };
  const outer = { apiVersion, kind, metadata: { name: `${name}-outer` } };
  const style = pick(r, ['flow', 'block', 'merge', 'json']);
  if (style === 'json') return `${JSON.stringify({ ...outer, items: value })}\n`;
  const head = dump(outer, { lineWidth: -1 });
  if (style === 'merge') return `base: &b\n  items: ${JSON.stringify(value)}\n${head}<<: *b\n`;
  if (style === 'block') return `${head}${dump({ items: value }, { lineWidth: -1 })}`;
  return `${head}items:${items === 'tilde' ? '' : ` ${JSON.stringify(value)}`}\n`;
}

const LINE_TAGS = ['!!bool', '!!int', '!!float', '!!str', '!!null', '!!binary', '!', '!!timestamp', '!foo', '&a !!bool', '&a', '!!int # c'];
const TAG_TEXTS: Record<string, readonly string[]> = {
  '!!bool': ['true', 'yes', 'off'],
  '!!int': ['0', '0x1F', '0b1'],
  '!!float': ['1.5', '0', '1e3'],
  '!!null': ['~', '', 'null'],
  '!!binary': ['Kg==', 'Y2x1c3Rlci1hZG1pbg==', 'c3lzdGVtOmFub255bW91cw=='],
  '!!timestamp': ['2001-12-14'],
};
const TAGGED_TEXTS = ['true', 'yes', '0', '0x1F', '1.5', '~', '', 'Kg==', 'Y2x1c3Rlci1hZG1pbg==', '2001-12-14', 'text', 'cluster-admin'];

/** A scalar in one style, on the lines after a tag (indented by `indent`). */
function styledScalar(r: Rand, text: string, indent: string): string {
  const style = pick(r, ['plain', 'single', 'double', '|', '|-', '|+', '>', '>-', '|2']);
  if (style === 'plain') return text === '' ? '""' : text;
  if (style === 'single') return quoteSingle(text);
  if (style === 'double') return quoteDouble(text);
  return `${style}\n${indent}${style === '|2' ? '' : ''}${text}`;
}

function tagLinesSpec(r: Rand): string {
  let out = '';
  for (let i = 0; i < 2 + int(r, 5); i++) {
    const tag = pick(r, LINE_TAGS);
    // mostly a text the tag accepts, so that most files are read
    const text = chance(r, 0.3) ? pick(r, TAGGED_TEXTS) : pick(r, TAG_TEXTS[tag.replace(/^&a ?| # c$/g, '')] ?? TAGGED_TEXTS);
    if (chance(r, 0.3)) out += `\n  q${i}:\n  - ${tag}\n    ${styledScalar(r, text, '    ')}`;
    else out += `\n  v${i}: ${tag}${chance(r, 0.1) ? '\n' : ''}\n    ${styledScalar(r, text, '    ')}`;
    if (chance(r, 0.1)) out += `\n  w${i}: *a`;
  }
  return out;
}

/** A long flat collection: thousands of items, block or flow, some `aN:` (a plain scalar with a colon in flow). */
function longSpec(r: Rand): string {
  const n = 1000 + int(r, 4000);
  const form = pick(r, ['flow-colon', 'block-colon', 'block', 'flow', 'mapping']);
  if (form === 'flow-colon') return `{args: [${Array.from({ length: n }, (_, i) => `a${i}:`).join(', ')}]}`;
  if (form === 'flow') return `{args: [${Array.from({ length: n }, (_, i) => `a${i}`).join(', ')}]}`;
  if (form === 'block-colon') return `\n  args:\n${Array.from({ length: n }, (_, i) => `  - a${i}:\n`).join('')}`;
  if (form === 'block') return `\n  args:\n${Array.from({ length: n }, (_, i) => `  - a${i}\n`).join('')}`;
  return `\n  m:\n${Array.from({ length: n }, (_, i) => `    k${i}: ${i % 7 === 0 ? 'yes' : `v${i}`}\n`).join('')}`;
}

/**
 * Deep nesting: flow up to 2,500 levels, block up to 1,000 (kubectl prints what it read indented,
 * which grows as the square of the depth; kube-yaml-kubectl.test.ts asks kubectl about deeper
 * documents by name only).
 */
export function deepSpec(r: Rand, depths?: readonly number[]): string {
  const flow = depths !== undefined || chance(r, 0.6);
  const depth = pick(r, depths ?? (flow ? [10, 100, 1000, 2500] : [10, 100, 500, 1000]));
  if (flow) return chance(r, 0.5) ? `{x: ${'['.repeat(depth)}${']'.repeat(depth)}}` : `{x: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}}`;
  return chance(r, 0.5) ? `\n  x:\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(4 + i)}a:\n`).join('')}`
    : `\n  x:\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(4 + i)}-\n`).join('')}`;
}

/** JSON streams with text that is not JSON after some objects, and whitespace around kubectl's 4,096-byte sniffing. */
function jsonStream(r: Rand, file: string): string {
  const obj = (i: number) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `${file}-d${i}` }, spec: { containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] } });
  const n = 1 + int(r, 3);
  const objects = Array.from({ length: n }, (_, i) => obj(i)).join(pick(r, ['', '\n', ' ']));
  const tail = pick(r, ['', '}garbage', '\nnonsense\n', ', {}', ' 3', ' null', ' "x"', ' [1]', `\n{"apiVersion":"v1","kind":"Pod","metadata":{"name":"${file}-big"},"data":1e400}`]);
  const pad = chance(r, 0.4) ? pick(r, [' ', '\n', '\t']).repeat(pick(r, [4000, 4094, 4095, 4096, 4097, 4200])) : '';
  const body = chance(r, 0.2) && pad !== '' ? `{apiVersion: v1, kind: Pod, metadata: {name: ${file}-flow}}` : `${objects}${tail}`;
  return `${pad}${body}\n`;
}

/** `count` files of the second review's families (`g0000`...), the same for the same seed. */
export function generateReaderFamilyFiles(seed: number, count: number): GeneratedFile[] {
  const r = prng(seed);
  const families: [string, number, (name: string) => string][] = [
    ['items', 35, n => itemsDocument(r, n)],
    ['tags on their own line', 35, n => pod(`${n}-d0`, tagLinesSpec(r))],
    ['long flat collections', 4, n => pod(`${n}-d0`, longSpec(r))],
    ['depth', 6, n => pod(`${n}-d0`, deepSpec(r))],
    ['JSON streams', 20, n => jsonStream(r, n)],
  ];
  const total = families.reduce((s, f) => s + f[1], 0);
  const files: GeneratedFile[] = [];
  for (let i = 0; i < count; i++) {
    const name = `g${String(i).padStart(4, '0')}`;
    let x = r() * total;
    let family = families[0];
    for (const f of families) {
      x -= f[1];
      if (x < 0) { family = f; break; }
    }
    files.push({ name, family: family[0], text: family[2](name) });
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// folded descriptions: what CRD generators write (multi-line plain and quoted scalars, escapes)

/** Words of a description that the quick reading takes, in every style. */
const DESCRIPTION_WORDS: readonly string[] = [
  'the', 'field', 'of', 'a', 'Pod', 'is', 'read', 'when', 'set.', 'true', '1', '"quoted"', '(e.g.', '"2m",', '"1h")', '[a,', 'b]', 'y}',
  '`kubectl', 'apply', '--dry-run`', 'a:b', 'x:[y]', 'a:{b}', 'x#y', 'it\'s', 'café', 'yes', 'null', '0x1F', '1e3',
];

/** Words that end a scalar, start something else or are read differently: the quick reading leaves most to the others. */
const ODD_WORDS: readonly string[] = [
  'Default:', '{x:', '-', '- x', '#', ':', 'a: b', '?', '&a', '*a', '!t', '|', '>', '%', '@', '\\', '\\n', '\\t', '\\"', '\\\\', '\\x',
  "''", '~', '---', '...', '#!/bin/sh',
];

/** A description of a few words, cut into lines of a few words each (a line is never empty); some with an odd word. */
function descriptionLines(r: Rand): string[] {
  const odd = chance(r, 0.12);
  const lines: string[] = [];
  for (let l = 0, n = 1 + int(r, 4); l < n; l++) {
    const words: string[] = [];
    for (let w = 0, m = 1 + int(r, 6); w < m; w++) words.push(odd && chance(r, 0.15) ? pick(r, ODD_WORDS) : pick(r, DESCRIPTION_WORDS));
    lines.push(words.join(' '));
  }
  return lines;
}

/**
 * A value over several lines in one style (plain, single- or double-quoted), its lines below the
 * first at `indent` (sometimes one less or more, or after an empty or comment line).
 */
function foldedValue(r: Rand, indent: number): string {
  const style = r();
  const lines = descriptionLines(r).map(l => style < 0.5 ? l
    : style < 0.75 ? l.replace(/'/g, () => chance(r, 0.97) ? "''" : "'")
      : l.replace(/\\(?![nt"\\])/g, () => chance(r, 0.8) ? '\\\\' : '\\').replace(/"/g, () => chance(r, 0.97) ? '\\"' : '"'));
  // (a plain scalar starts with a word, as generators write it, or now and then with anything)
  if (style < 0.5 && chance(r, 0.8)) lines[0] = `${pick(r, ['the', 'a', 'field', 'it\'s', 'x:[y]', '1', 'null', 'apply'])} ${lines[0]}`;
  const open = style < 0.5 ? '' : style < 0.75 ? "'" : '"';
  let out = `${open}${lines[0]}`;
  for (let i = 1; i < lines.length; i++) {
    const between = r();
    if (between < 0.06) out += '\n';
    else if (between < 0.08) out += `\n${' '.repeat(indent)}# note`;
    else if (between < 0.1) out += `\n${' '.repeat(indent + 3)}`;
    const shift = r();
    const at = Math.max(0, shift < 0.04 ? indent - 1 : shift < 0.1 ? indent + 2 : indent);
    out += `\n${' '.repeat(at)}${lines[i]}${chance(r, 0.1) ? '  ' : ''}`;
  }
  return `${out}${open}${chance(r, 0.1) ? ' # end' : ''}`;
}

/** A CRD-like schema: properties with multi-line descriptions, in mappings and sequence items. */
function foldedDocument(r: Rand, name: string): string {
  const out = [`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels: {gen: "1"}\n  annotations:`];
  out.push(`    note: ${foldedValue(r, 4 + (chance(r, 0.8) ? 2 : 1))}`);
  out.push('data:');
  for (let i = 0, n = 1 + int(r, 3); i < n; i++) out.push(`  d${i}: ${foldedValue(r, chance(r, 0.8) ? 4 : 3)}`);
  out.push('spec:', '  properties:');
  for (let i = 0, n = 1 + int(r, 3); i < n; i++) {
    out.push(`    p${i}:`, `      description: ${foldedValue(r, chance(r, 0.85) ? 8 : pick(r, [6, 7, 10]))}`, '      type: string');
  }
  out.push('  items:');
  for (let i = 0, n = 1 + int(r, 3); i < n; i++) {
    const dash = chance(r, 0.5) ? '  ' : '';
    out.push(`  ${dash}- ${foldedValue(r, 2 + dash.length + pick(r, [2, 2, 2, 1, 4]))}`);
  }
  return `${out.join('\n')}\n`;
}

/** Files of folded descriptions (names from h0000), each one document, some with a second. */
export function generateFoldedFiles(seed: number, count: number): GeneratedFile[] {
  const r = prng(seed);
  const files: GeneratedFile[] = [];
  for (let i = 0; i < count; i++) {
    const name = `h${String(i).padStart(4, '0')}`;
    const docs = [foldedDocument(r, `${name}-d0`)];
    if (chance(r, 0.3)) docs.push(foldedDocument(r, `${name}-d1`));
    files.push({ name, family: 'folded descriptions', text: docs.join('---\n') });
  }
  return files;
}
