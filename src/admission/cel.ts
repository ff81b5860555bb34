// Writing CEL: literals, presence tests and regular expressions as the Kubernetes CEL
// environment reads them (homogeneous list literals, RE2 `matches`, the strings extension).
// https://github.com/google/cel-spec/blob/master/doc/langdef.md

/** A CEL string literal: single-quoted, with everything outside printable ASCII escaped. @internal */
export function str(text: string): string {
  let out = "'";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}'`;
}

/** A CEL list of strings (the API server refuses list literals of mixed types). @internal */
export function strList(items: readonly string[]): string {
  return `[${items.map(str).join(', ')}]`;
}

/** A CEL map literal from strings to strings. @internal */
export function strMap(entries: Readonly<Record<string, string>>): string {
  return `{${Object.entries(entries).map(([k, v]) => `${str(k)}: ${str(v)}`).join(', ')}}`;
}

/**
 * `has()` down a path of fields, one level at a time (`has(a.b.c)` is an error when `a.b` is
 * absent): `has(c.securityContext) && has(c.securityContext.runAsGroup)`.
 * @internal
 */
export function has(base: string, ...fields: string[]): string {
  const tests: string[] = [];
  let path = base;
  for (const f of fields) {
    path = `${path}.${f}`;
    tests.push(`has(${path})`);
  }
  return tests.join(' && ');
}

/** A list field, or an empty list when it is absent. @internal */
export function listOr(base: string, field: string): string {
  return `(has(${base}.${field}) ? ${base}.${field} : [])`;
}

/** A string field, or '' when it is absent. @internal */
export function stringOr(base: string, field: string): string {
  return `(has(${base}.${field}) ? ${base}.${field} : '')`;
}

/** Conjunction, each operand parenthesized; `true` for none. @internal */
export function and(...terms: string[]): string {
  return terms.length === 0 ? 'true' : terms.map(t => `(${t})`).join(' && ');
}

/** Disjunction, each operand parenthesized; `false` for none. @internal */
export function or(...terms: string[]): string {
  return terms.length === 0 ? 'false' : terms.map(t => `(${t})`).join(' || ');
}

/** Negation. @internal */
export function not(term: string): string {
  return `!(${term})`;
}

/**
 * A JavaScript regular expression source (of the subset the standards write: literals, escapes
 * `\w \d \s \b` and escaped punctuation, classes with ranges, groups, alternation, anchors and
 * quantifiers) as an RE2 source that matches the same strings, for CEL's `matches`:
 *
 * - `\s` and `\S` become classes of `whitespace` (JavaScript's `\s` is Unicode-wide, RE2's ASCII);
 * - with `caseless`, letters match both ASCII cases, as JavaScript's `i` flag does for ASCII
 *   patterns (RE2's `(?i)` also folds `ſ` into `s` and the Kelvin sign into `k`).
 *
 * Anything else (look-around, back-references, `\p{}`, flags) is refused.
 * @internal
 */
export function toRe2(source: string, whitespace: readonly string[], caseless = false): string {
  const ws = whitespace.map(classChar).join('');
  let out = '';
  let i = 0;
  const letterPair = (c: string) => (/[A-Za-z]/.test(c) ? `${c.toLowerCase()}${c.toUpperCase()}` : undefined);
  const escape = (c: string): string => {
    if (c === 's') return `[${ws}]`;
    if (c === 'S') return `[^${ws}]`;
    if ('wdbWDB'.includes(c)) return `\\${c}`;
    if (/[\\^$.|?*+()[\]{}\-/]/.test(c)) return `\\${c}`;
    throw new Error(`toRe2: unsupported escape \\${c} in ${source}`);
  };
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      out += escape(source[i + 1]);
      i += 2;
    } else if (c === '[') {
      let j = i + 1;
      let body = '';
      if (source[j] === '^') {
        body += '^';
        j++;
      }
      const members: string[] = [];
      while (j < source.length && source[j] !== ']') {
        if (source[j] === '\\') {
          const e = source[j + 1];
          if (e === 's' || e === 'S') throw new Error(`toRe2: \\${e} inside a class in ${source}`);
          members.push(`\\${e}`);
          j += 2;
        } else if (source[j + 1] === '-' && source[j + 2] !== undefined && source[j + 2] !== ']') {
          const from = source[j];
          const to = source[j + 2];
          members.push(`${from}-${to}`);
          if (caseless) {
            const both = /[a-z]/.test(from) && /[a-z]/.test(to) ? `${from.toUpperCase()}-${to.toUpperCase()}`
              : /[A-Z]/.test(from) && /[A-Z]/.test(to) ? `${from.toLowerCase()}-${to.toLowerCase()}` : undefined;
            if (both) members.push(both);
            else if (/[A-Za-z]/.test(from + to)) throw new Error(`toRe2: range ${from}-${to} mixes letters and others in ${source}`);
          }
          j += 3;
        } else {
          const pair = caseless ? letterPair(source[j]) : undefined;
          members.push(pair ?? classChar(source[j]));
          j++;
        }
      }
      if (source[j] !== ']') throw new Error(`toRe2: unterminated class in ${source}`);
      out += `[${body}${members.join('')}]`;
      i = j + 1;
    } else if (c === '(') {
      if (source[i + 1] === '?' && source[i + 2] !== ':') throw new Error(`toRe2: unsupported group in ${source}`);
      out += c;
      i++;
    } else {
      const pair = caseless ? letterPair(c) : undefined;
      out += pair ? `[${pair}]` : c;
      i++;
    }
  }
  return out;
}

function classChar(c: string): string {
  return /[\\\]^-]/.test(c) ? `\\${c}` : c;
}

/**
 * The characters outside ASCII that JavaScript's `toUpperCase` turns into ASCII only (one
 * character into one or more), and those `toLowerCase` turns into text with an ASCII letter:
 * CEL's `upperAscii` and `lowerAscii` leave them, so expressions that must agree with the
 * engine's case mapping list them (a test proves the tables complete for the JavaScript engine
 * in use).
 * @internal
 */
export const UPPER_CASE_TO_ASCII: Readonly<Record<string, string>> = {
  ß: 'SS',
  ı: 'I',
  ſ: 'S',
  ﬀ: 'FF',
  ﬁ: 'FI',
  ﬂ: 'FL',
  ﬃ: 'FFI',
  ﬄ: 'FFL',
  ﬅ: 'ST',
  ﬆ: 'ST',
};
/** @internal */
export const LOWER_CASE_TO_ASCII: Readonly<Record<string, string>> = { İ: 'i\u0307', K: 'k' };

/**
 * An RE2 source matching exactly the strings whose JavaScript `toUpperCase()` is `target` (ASCII
 * letters, digits and `_`): each letter matches both cases and what upper-cases to it.
 * @internal
 */
export function upperCasedIs(target: string): string {
  for (const [from, to] of Object.entries(UPPER_CASE_TO_ASCII)) {
    if (to.length > 1 && target.includes(to)) throw new Error(`upperCasedIs: "${from}" upper-cases to "${to}", part of ${target}`);
  }
  return [...target].map(c => {
    if (!/[A-Z]/.test(c)) {
      if (/[a-z]/.test(c)) throw new Error(`upperCasedIs: ${target} is not upper case`);
      return c;
    }
    const extra = Object.entries(UPPER_CASE_TO_ASCII).filter(([, to]) => to === c).map(([from]) => from);
    return `[${c.toLowerCase()}${c}${extra.join('')}]`;
  }).join('');
}

/**
 * A CEL expression of `text` lower-cased as JavaScript's `toLowerCase()` does, as far as ASCII
 * results go: what lower-cases into ASCII first, then `lowerAscii()`.
 * @internal
 */
export function lowerCased(text: string): string {
  let e = text;
  for (const [from, to] of Object.entries(LOWER_CASE_TO_ASCII)) e = `${e}.replace(${str(from)}, ${str(to)})`;
  return `${e}.lowerAscii()`;
}
