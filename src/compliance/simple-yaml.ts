// The quick reading of the simplest YAML: the block and one-line flow style that generators write
// (`cdk8s synth`, `kubectl get -o yaml`, `helm template`, js-yaml's `dump`) and most people type.
// It reads one document of a stream in one pass over its characters, without js-yaml's general
// machinery, and gives up (undefined) on anything else, and wherever go-yaml and js-yaml could
// part: the caller then reads the text as before. So it never decides what YAML means: where it
// answers, its answer is js-yaml's with the Kubernetes schema (kube-yaml.ts resolves every plain
// scalar, here too), which is go-yaml's. test/compliance/simple-yaml.test.ts holds it to js-yaml
// document by document, on generated YAML and thousands of mutations of it; the reader's tests
// against kubectl and against the exact reading take it in their path.
//
// What it reads:
// - block mappings and sequences (a sequence may sit at its key's indentation), with a mapping or
//   a sequence started on the line of a `- ` item;
// - keys of letters, digits and `_ . / -` that stay strings (not `yes`, `1`, `null`...), and
//   quoted keys on one line;
// - plain scalars (a ` #` comment after one is dropped), single- and double-quoted scalars (with
//   the escapes `\n \t \" \\` only), over several lines too in block style (as CRD generators
//   write descriptions: folded, without comment lines in between), flow mappings and sequences
//   that close on their line;
// - literal block scalars (`|`, `|-`, `|+`), and folded ones (`>`...) with nothing to fold but
//   line breaks, without an indentation indicator;
// - blank lines, comment lines and a leading `---` line.
//
// It gives up on everything else: other block scalars, scalars over several lines in flow
// collections or with comment lines or block indicators (`- `, `? `, `: `, `&`...) on their lines,
// anchors, aliases, tags, directives, `...`, `?` keys, tabs, other escapes and escaped line
// breaks, duplicate keys, `__proto__`, empty flow
// values, trailing flow commas, a float that JSON cannot hold, and what go-yaml refuses where
// js-yaml does not (control characters, `?` in a flow scalar, a scalar starting with `:`, a `:`
// before a bracket or comma in a flow collection, keys of more than 1024 characters).

import { GoBigInt, GoFloat, MERGE_KEY, resolvePlain, takeSpecials } from './kube-yaml';

/**
 * Characters this reading leaves to the others: what js-yaml or go-yaml refuse (control
 * characters, lone surrogates), tabs, line breaks other than LF (CR, NEL, LS, PS), byte order
 * marks. Surrogate pairs are fine.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\x00-\x09\x0B-\x1F\x7F-\x9F\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/;
// eslint-disable-next-line no-control-regex
const UNSAFE_NOT_SURROGATE = /[\x00-\x09\x0B-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/;
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/**
 * The deepest nesting this reading takes (it recurses once a level): deeper documents are left to
 * the other readings, which read them without recursion or refuse them (kube-reader.ts).
 */
const MAX_NESTING = 64;

/** go-yaml refuses implicit keys longer than 1024 characters; this reading gives up well before. */
const MAX_KEY = 1000;

/** Thrown inside the reader where the text is beyond it. */
class Beyond {}
const BEYOND = new Beyond();

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;

/** Characters of a plain key: letters, digits, `_ . / -`. */
const KEY_CHAR = new Uint8Array(128);
for (const ch of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-') KEY_CHAR[ch.charCodeAt(0)] = 1;

/** Characters that cannot start a plain scalar here: indicators, and `:` (go-yaml refuses it in flow collections). */
const NOT_FIRST = new Uint8Array(128);
for (const ch of '&*!|>%@`?:,[]{}#\'"\\') NOT_FIRST[ch.charCodeAt(0)] = 1;

/**
 * Characters that cannot start a line of a plain scalar over several lines here: indicators other
 * than quotes, brackets, commas and `-` (a `- ` is left to the other readings too).
 */
const NOT_CONTINUATION = new Uint8Array(128);
for (const ch of '?:&*!|>%@`#') NOT_CONTINUATION[ch.charCodeAt(0)] = 1;

/**
 * The lines of the fields of a value: for each mapping the line of each key, for each sequence
 * the line each item starts on (none for an empty item).
 * @internal
 */
export type FieldLines = WeakMap<object, Record<string, number> | number[]>;

/** What `readSimpleYaml` reads: the value, and the lines of its fields when asked for. @internal */
export interface SimpleReading {
  readonly value: unknown;
  readonly lines?: FieldLines;
  /** The line of the first content, counted from the piece's first line (0). */
  readonly firstContent: number;
}

/**
 * The strings read so far from a file, each kept once (as `JSON.parse` keeps them): values
 * repeat across a file's documents, and a value sliced out of the text would keep the whole
 * text alive. @internal
 */
export type StringTable = Map<string, string>;

/** The table's copy of a string value, made (and flattened: no slice of the text) when first seen. */
function share(strings: StringTable | undefined, s: string): string {
  if (!strings) return s;
  let kept = strings.get(s);
  if (kept === undefined) {
    // (V8 slices strings from 13 characters; shorter ones are copies already)
    kept = s.length < 13 ? s : JSON.parse(JSON.stringify(s)) as string;
    strings.set(kept, kept);
  }
  return kept;
}

/**
 * Reads one document (a piece of a stream, as the reader cuts it) of the simplest YAML: its
 * value as JSON, or undefined where the text is beyond this reading. Null for a piece without
 * content. With `firstLine` (the line of the piece's first line in its file), the lines of its
 * fields too. With `strings`, string values are kept once per table.
 * @internal
 */
export function readSimpleYaml(text: string, firstLine?: number, strings?: StringTable): SimpleReading | undefined {
  if (UNSAFE.test(text) && (!SURROGATE.test(text) || LONE_SURROGATE.test(text) || UNSAFE_NOT_SURROGATE.test(text))) return undefined;
  takeSpecials();
  try {
    const reader = new SimpleReader(text, firstLine, strings);
    return { value: reader.read(), lines: reader.lines, firstContent: reader.firstContent };
  } catch (e) {
    if (e === BEYOND) return undefined;
    throw e;
  } finally {
    takeSpecials();
  }
}

class SimpleReader {
  /** Start, indentation and end of each line with content (not blank, not a comment). */
  private readonly starts: number[] = [];
  private readonly indents: number[] = [];
  private readonly ends: number[] = [];
  /** The line in the file of each line with content, when field lines are asked for. */
  private readonly rows: number[] | undefined;
  public readonly lines: FieldLines | undefined;
  /** The line the next node starts on. */
  private line = 0;
  /** The line of the first content in the piece (0 when there is none). */
  public readonly firstContent: number = 0;
  /** Items of the sequences being read, innermost last (each sequence is then made at its size). */
  private readonly stack: unknown[] = [];
  /** How deep the node being read is. */
  private depth = 0;

  constructor(private readonly text: string, firstLine?: number, private readonly strings?: StringTable) {
    const t = text;
    if (firstLine !== undefined) {
      this.rows = [];
      this.lines = new WeakMap();
    }
    let row = firstLine ?? 0;
    for (let start = 0; start < t.length; row++) {
      let end = t.indexOf('\n', start);
      if (end === -1) end = t.length;
      let p = start;
      while (p < end && t.charCodeAt(p) === SPACE) p++;
      if (p < end && t.charCodeAt(p) !== HASH) {
        let e = end;
        while (t.charCodeAt(e - 1) === SPACE) e--;
        if (p === start) {
          const c = t.charCodeAt(p);
          // directives, document markers (a leading `---` line alone is read past)
          if (c === 0x25 /* % */) throw BEYOND;
          if ((c === DASH || c === 0x2e /* . */) && (t.startsWith('---', p) || t.startsWith('...', p))) {
            if (this.starts.length > 0 || c !== DASH || e !== p + 3) throw BEYOND;
            start = end + 1;
            continue;
          }
        }
        if (this.starts.length === 0) this.firstContent = row - (firstLine ?? 0);
        this.starts.push(p);
        this.indents.push(p - start);
        this.ends.push(e);
        this.rows?.push(row);
      }
      start = end + 1;
    }
  }

  public read(): unknown {
    if (this.starts.length === 0) return null;
    const c = this.text.charCodeAt(this.starts[0]);
    let value: unknown;
    if (c === LBRACE || c === LBRACKET) {
      value = this.inline(0, this.starts[0], this.rows?.[0]);
      this.line = 1;
    } else {
      value = this.block(0, this.starts[0]);
    }
    if (this.line !== this.starts.length) throw BEYOND;
    return value;
  }

  /** A block node whose content starts at `at` on line `line` (a mapping or a sequence). */
  private block(line: number, at: number): unknown {
    if (++this.depth > MAX_NESTING) throw BEYOND;
    try {
      if (isItem(this.text, at, this.ends[line])) return this.sequence(line, at);
      if (this.keyEnd(line, at) !== -1) return this.mapping(line, at);
      throw BEYOND;
    } finally {
      this.depth--;
    }
  }

  /** Column of `at` (a block node's indentation). */
  private column(line: number, at: number): number {
    return this.indents[line] + at - this.starts[line];
  }

  private mapping(line: number, at: number): Record<string, unknown> {
    const t = this.text;
    const out: Record<string, unknown> = {};
    const keyLines: Record<string, number> | undefined = this.rows && {};
    if (keyLines) this.lines!.set(out, keyLines);
    const indent = this.column(line, at);
    for (;;) {
      const colon = this.keyEnd(line, at);
      if (colon === -1) throw BEYOND;
      const key = this.keyText(at, colon);
      if (key === '__proto__' || Object.prototype.hasOwnProperty.call(out, key)) throw BEYOND;
      if (keyLines) keyLines[key] = this.rows![line];
      let p = colon + 1;
      const end = this.ends[line];
      while (p < end && t.charCodeAt(p) === SPACE) p++;
      if (p === end || t.charCodeAt(p) === HASH) {
        out[key] = this.nested(line, indent, true);
      } else if (isBlockScalarHeader(t.charCodeAt(p))) {
        out[key] = this.blockScalar(line, p, indent);
      } else {
        this.line = line + 1;
        // (a plain scalar goes on over the lines below that are more indented than its key)
        out[key] = this.inline(line, p, this.rows?.[line], indent + 1);
        if (this.line < this.starts.length && this.indents[this.line] > indent) throw BEYOND;
      }
      line = this.line;
      if (line >= this.starts.length || this.indents[line] < indent) return out;
      if (this.indents[line] > indent) throw BEYOND;
      at = this.starts[line];
    }
  }

  private sequence(line: number, at: number): unknown[] {
    const stack = this.stack;
    const base = stack.length;
    const itemLines: number[] | undefined = this.rows && [];
    this.items(line, at, itemLines);
    const out = stack.slice(base);
    stack.length = base;
    if (itemLines) this.lines!.set(out, itemLines);
    return out;
  }

  /** The items of a block sequence, onto the stack. */
  private items(line: number, at: number, itemLines: number[] | undefined): void {
    const t = this.text;
    const out = this.stack;
    const base = out.length;
    const indent = this.column(line, at);
    for (;;) {
      const end = this.ends[line];
      let p = at + 1;
      while (p < end && t.charCodeAt(p) === SPACE) p++;
      if (p === end || t.charCodeAt(p) === HASH) {
        // an empty item before a line that is not more indented: js-yaml reads that line into
        // this sequence whatever its indentation
        if (line + 1 < this.starts.length && this.indents[line + 1] <= indent) throw BEYOND;
        const item = this.nested(line, indent, false);
        // an item on the lines below starts where its node does; an empty one has no line
        if (itemLines && item !== null) itemLines[out.length - base] = this.rows![line + 1];
        out.push(item);
      } else {
        if (itemLines) itemLines[out.length - base] = this.rows![line];
        const c = t.charCodeAt(p);
        if (isItem(t, p, end) || this.keyEnd(line, p) !== -1) {
          out.push(this.block(line, p));
        } else if (isBlockScalarHeader(c)) {
          out.push(this.blockScalar(line, p, indent));
        } else {
          this.line = line + 1;
          // (a plain scalar goes on over the lines below that are indented past its `- `)
          out.push(this.inline(line, p, this.rows?.[line], indent + 2));
          if (this.line < this.starts.length && this.indents[this.line] > indent) throw BEYOND;
        }
      }
      line = this.line;
      if (line >= this.starts.length || this.indents[line] < indent) return;
      if (this.indents[line] > indent) throw BEYOND;
      at = this.starts[line];
      // a line at this indentation that is not an item ends the sequence (its key's mapping goes on)
      if (!isItem(t, at, this.ends[line])) return;
    }
  }

  /**
   * The node after a key or `-` that ends its line: on the lines below, more indented, or (for a
   * key) a sequence at the key's indentation; null if there is none.
   */
  private nested(line: number, indent: number, afterKey: boolean): unknown {
    const next = line + 1;
    this.line = next;
    if (next >= this.starts.length) return null;
    const nextIndent = this.indents[next];
    const at = this.starts[next];
    // (a scalar or flow collection alone on the lines below is beyond this reading: `block` says so)
    if (nextIndent > indent) return this.block(next, at);
    if (afterKey && nextIndent === indent && isItem(this.text, at, this.ends[next])) return this.sequence(next, at);
    return null;
  }

  /**
   * Where the `:` of a key starting at `at` is (followed by a space or the end of the line), or -1
   * where the line does not start with a key this reading takes. Text that might be a key it
   * does not take (a `: ` further on, a `:` at the end) is beyond it.
   */
  private keyEnd(line: number, at: number): number {
    const t = this.text;
    const end = this.ends[line];
    const c = t.charCodeAt(at);
    // (a quote that does not close on its line starts a scalar over several lines, not a key)
    const close = c === DQUOTE || c === SQUOTE ? closingQuote(t, c, at + 1, end) : -1;
    const p = c === DQUOTE || c === SQUOTE ? close === -1 ? -1 : close + 1 : plainKeyEnd(t, at, end);
    if (p !== -1 && t.charCodeAt(p) === COLON && (p + 1 === end || t.charCodeAt(p + 1) === SPACE)) {
      if (p - at > MAX_KEY) throw BEYOND;
      return p;
    }
    if (c !== LBRACE && c !== LBRACKET && (t.charCodeAt(end - 1) === COLON || mayHoldKey(t, at, end))) throw BEYOND;
    return -1;
  }

  /** The string a key between `at` and its `:` is. */
  private keyText(at: number, colon: number): string {
    const t = this.text;
    const c = t.charCodeAt(at);
    return c === DQUOTE || c === SQUOTE ? quotedText(t, at, colon) : plainKey(t, at, colon);
  }

  /**
   * A literal block scalar (`|`, `|-`, `|+`), or a folded one (`>`, `>-`, `>+`) whose lines all
   * start at its indentation with no empty line between them (nothing to fold but line breaks),
   * starting at `at` on line `line`, inside a block at `parentIndent`. Gives up on an
   * indentation indicator, a header followed by anything but a comment, empty lines before the
   * text or with spaces past its indentation, and a scalar without text.
   */
  private blockScalar(line: number, at: number, parentIndent: number): string {
    const t = this.text;
    const end = this.ends[line];
    const folded = t.charCodeAt(at) === 0x3e /* > */;
    let p = at + 1;
    let chomp = t.charCodeAt(p);
    if (chomp === DASH || chomp === 0x2b /* + */) p++;
    else chomp = 0;
    if (p < end) {
      if (t.charCodeAt(p) !== SPACE) throw BEYOND;
      while (p < end && t.charCodeAt(p) === SPACE) p++;
      if (p < end && t.charCodeAt(p) !== HASH) throw BEYOND;
    }
    let pos = t.indexOf('\n', at) + 1;
    if (pos === 0) throw BEYOND;
    const lines: string[] = [];
    let indent = -1;
    let trailing = 0;
    let scalarEnd = pos;
    while (pos < t.length) {
      let e = t.indexOf('\n', pos);
      if (e === -1) e = t.length;
      let q = pos;
      while (q < e && t.charCodeAt(q) === SPACE) q++;
      if (q === e) {
        // an empty line: before the text, or with spaces past its indentation, beyond this reading
        if (indent === -1 || q - pos > indent) throw BEYOND;
        lines.push('');
        trailing++;
      } else {
        if (indent === -1) {
          if (q - pos <= parentIndent) break;
          indent = q - pos;
        }
        if (q - pos < indent) break;
        if (folded && (q - pos > indent || trailing > 0)) throw BEYOND;
        lines.push(t.slice(pos + indent, e));
        trailing = 0;
      }
      pos = e + 1;
      scalarEnd = pos;
    }
    if (indent === -1) throw BEYOND;
    // the lines of the table inside the scalar are its text: the next node starts after them
    let next = line + 1;
    while (next < this.starts.length && this.starts[next] < scalarEnd) next++;
    this.line = next;
    const text = lines.slice(0, lines.length - trailing).join(folded ? ' ' : '\n');
    const value = chomp === DASH ? text : chomp === 0 ? `${text}\n` : `${text}\n${'\n'.repeat(trailing)}`;
    return share(this.strings, value);
  }

  /**
   * A value that starts at `at`: a flow collection, a quoted scalar, ending on its line, or a
   * plain scalar, which goes on over the lines below indented at least `continuation` (then
   * `this.line` is the line after it).
   */
  private inline(line: number, at: number, row: number | undefined, continuation?: number): unknown {
    const t = this.text;
    const end = this.ends[line];
    const c = t.charCodeAt(at);
    if (c === LBRACE || c === LBRACKET) {
      const flow = new FlowReader(t, at, end, this.stack, this.strings, row === undefined ? undefined : { lines: this.lines!, row });
      const value = flow.value();
      flow.skipSpaces();
      if (flow.p !== end && !flow.commentAt()) throw BEYOND;
      return value;
    }
    if (c === DQUOTE || c === SQUOTE) {
      if (continuation !== undefined && closingQuote(t, c, at + 1, end) === -1) return this.continuedQuoted(line, at, continuation);
      const close = quoteEnd(t, at, end);
      let p = close;
      while (p < end && t.charCodeAt(p) === SPACE) p++;
      if (p !== end && !(p > close && t.charCodeAt(p) === HASH)) throw BEYOND;
      return share(this.strings, quotedText(t, at, close));
    }
    if (!plainMayStart(t, at, end)) throw BEYOND;
    let stop = end;
    for (let p = at + 1; p < end; p++) {
      const k = t.charCodeAt(p);
      if (k === HASH && t.charCodeAt(p - 1) === SPACE) {
        // a comment
        stop = p - 1;
        while (t.charCodeAt(stop - 1) === SPACE) stop--;
        break;
      }
      // `: ` or a `:` at the end would make a key of it (in block style, go-yaml and js-yaml
      // both read a `:` before a bracket or comma as part of the scalar)
      if (k === COLON && (p + 1 === end || t.charCodeAt(p + 1) === SPACE)) throw BEYOND;
    }
    const next = this.line;
    if (continuation === undefined || stop !== end || next >= this.starts.length || this.indents[next] < continuation) {
      return plainValue(t.slice(at, stop), this.strings);
    }
    return this.continuedPlain(at, end, next, continuation);
  }

  /**
   * A quoted scalar from `at` on line `line` that does not close on its line, over the lines below
   * indented at least `indent`, folded as YAML folds them (as a plain scalar). Gives up on
   * anything but spaces and empty lines between its lines (a line starting with `#` is its text,
   * not a comment) and on an escaped line break.
   */
  private continuedQuoted(line: number, at: number, indent: number): string {
    const t = this.text;
    const q = t.charCodeAt(at);
    const parts: string[] = [];
    let from = at + 1;
    for (;;) {
      const end = this.ends[line];
      const close = closingQuote(t, q, from, end);
      if (close !== -1) {
        parts.push(unquote(q, t.slice(from, close)));
        let p = close + 1;
        while (p < end && t.charCodeAt(p) === SPACE) p++;
        if (p !== end && !(p > close + 1 && t.charCodeAt(p) === HASH)) throw BEYOND;
        this.line = line + 1;
        return share(this.strings, parts.join(''));
      }
      // (a `\` that ends the line escapes its line break: beyond this reading)
      if (t.charCodeAt(end - 1) === 0x5c && q === DQUOTE) throw BEYOND;
      parts.push(unquote(q, t.slice(from, end)));
      const next = line + 1;
      if (next >= this.starts.length || this.indents[next] < indent) throw BEYOND;
      let breaks = 0;
      for (let p = end; p < this.starts[next]; p++) {
        const k = t.charCodeAt(p);
        if (k === 0x0a) breaks++;
        else if (k !== SPACE) throw BEYOND;
      }
      parts.push(breaks === 1 ? ' ' : '\n'.repeat(breaks - 1));
      line = next;
      from = this.starts[line];
    }
  }

  /**
   * A plain scalar over several lines, from `at` (its first line ending at `end`) and over the
   * lines from `next` indented at least `indent`, folded as YAML folds them: a line break
   * between two lines is a space, and each empty line between them a line break. Gives up on a
   * comment line in between or after it, and on a line that starts with a block indicator or holds
   * `: ` or ` #`; the folded text must read as a string.
   */
  private continuedPlain(at: number, end: number, next: number, indent: number): string {
    const t = this.text;
    const parts: string[] = [t.slice(at, end)];
    let previousEnd = end;
    let line = next;
    for (; line < this.starts.length && this.indents[line] >= indent; line++) {
      const start = this.starts[line];
      const stop = this.ends[line];
      // the lines in between: a comment line ends the scalar (what follows is beyond this reading);
      // empty lines are line breaks
      let breaks = 0;
      for (let p = previousEnd; p < start; p++) {
        const k = t.charCodeAt(p);
        if (k === 0x0a) breaks++;
        else if (k !== SPACE) throw BEYOND;
      }
      // (quotes, brackets and commas are text here, in both readings; block indicators are left to them)
      const c = t.charCodeAt(start);
      if ((c < 128 && NOT_CONTINUATION[c] === 1) || isItem(t, start, stop)) throw BEYOND;
      for (let p = start; p < stop; p++) {
        const k = t.charCodeAt(p);
        if ((k === COLON && (p + 1 === stop || t.charCodeAt(p + 1) === SPACE)) || (k === HASH && t.charCodeAt(p - 1) === SPACE)) throw BEYOND;
      }
      parts.push(breaks === 1 ? ' ' : '\n'.repeat(breaks - 1), t.slice(start, stop));
      previousEnd = stop;
    }
    // a comment line right after the scalar, more indented than its parent, is beyond this reading too
    const after = line < this.starts.length ? this.starts[line] : t.length;
    for (let p = previousEnd; p < after; p++) if (t.charCodeAt(p) === HASH) throw BEYOND;
    this.line = line;
    const value = parts.join('');
    if (resolvePlain(value) !== undefined) throw BEYOND;
    return share(this.strings, value);
  }
}

/** `|` or `>`. */
function isBlockScalarHeader(c: number): boolean {
  return c === 0x7c || c === 0x3e;
}

/** Whether the `-` at `p` starts a block sequence item: followed by a space or the end of its line. */
function isItem(t: string, p: number, end: number): boolean {
  return t.charCodeAt(p) === DASH && (p + 1 === end || t.charCodeAt(p + 1) === SPACE);
}

/**
 * Past the closing quote of a one-line quoted scalar starting at `at`; gives up on escapes other
 * than `\n \t \" \\` and on no closing quote before `end`.
 */
function quoteEnd(t: string, at: number, end: number): number {
  const close = closingQuote(t, t.charCodeAt(at), at + 1, end);
  if (close === -1) throw BEYOND;
  return close + 1;
}

/** Where the quote `q` closes between `from` and `end`, or -1; gives up on escapes other than `\n \t \" \\`. */
function closingQuote(t: string, q: number, from: number, end: number): number {
  for (let p = from; p < end; p++) {
    const k = t.charCodeAt(p);
    if (k === 0x5c /* \ */ && q === DQUOTE) {
      // the escapes go-yaml and js-yaml read alike and JSON writes: \n \t \" \\
      const e = t.charCodeAt(p + 1);
      if (e !== 0x6e /* n */ && e !== 0x74 /* t */ && e !== DQUOTE && e !== 0x5c) throw BEYOND;
      p++;
      continue;
    }
    if (k === q) {
      if (q === SQUOTE && t.charCodeAt(p + 1) === SQUOTE) {
        p++;
        continue;
      }
      return p;
    }
  }
  return -1;
}

/** What the escapes `quoteEnd` lets through stand for. */
const ESCAPES: Record<string, string> = { 'n': '\n', 't': '\t', '"': '"', '\\': '\\' };

/** The string of a one-line quoted scalar from `at` to `close` (past its closing quote). */
function quotedText(t: string, at: number, close: number): string {
  return unquote(t.charCodeAt(at), t.slice(at + 1, close - 1));
}

/** The text of quoted scalar text `s` (between its quotes `q`), its escapes read. */
function unquote(q: number, s: string): string {
  if (q === DQUOTE) return s.includes('\\') ? s.replace(/\\(.)/g, (_, e: string) => ESCAPES[e]) : s;
  return s.includes("''") ? s.replace(/''/g, "'") : s;
}

/** The end of a plain key starting at `at` (key characters, not a leading `-`), or -1. */
function plainKeyEnd(t: string, at: number, end: number): number {
  let p = at;
  while (p < end) {
    const k = t.charCodeAt(p);
    if (k >= 128 || KEY_CHAR[k] === 0) break;
    p++;
  }
  return p === at || t.charCodeAt(at) === DASH ? -1 : p;
}

/** The text of a plain key; one that resolves to anything but a string (`yes`, `1`, `null`) is beyond this reading. */
function plainKey(t: string, at: number, end: number): string {
  const key = t.slice(at, end);
  if (resolvePlain(key) !== undefined) throw BEYOND;
  return key;
}

/** Whether a plain scalar may start at `at`: not an indicator; `-` only before a key character. */
function plainMayStart(t: string, at: number, end: number): boolean {
  const c = t.charCodeAt(at);
  if (c < 128 && NOT_FIRST[c] === 1) return false;
  if (c === DASH) {
    const n = t.charCodeAt(at + 1);
    return at + 1 < end && n < 128 && KEY_CHAR[n] === 1;
  }
  return true;
}

/** Whether the text from `at` to `end` holds `: ` (quoted or not: this reading errs towards giving up). */
function mayHoldKey(t: string, at: number, end: number): boolean {
  for (let p = at; p < end - 1; p++) if (t.charCodeAt(p) === COLON && t.charCodeAt(p + 1) === SPACE) return true;
  return false;
}

/** The JSON value of a plain scalar, as kube-yaml.ts resolves it. */
function plainValue(s: string, strings: StringTable | undefined): unknown {
  const v = resolvePlain(s);
  if (v === undefined) return share(strings, s);
  if (v instanceof GoFloat) {
    if (!Number.isFinite(v.value)) throw BEYOND;
    return v.value === 0 ? 0 : v.value;
  }
  if (v instanceof GoBigInt) return Number(v.value);
  if (v === MERGE_KEY) throw BEYOND;
  return v;
}

/** A flow collection on one line, from `p` to `end`. */
class FlowReader {
  /** How deep the collection being read is. */
  private depth = 0;

  /** `lines`: where to record field lines, all on `row`. */
  constructor(private readonly t: string, public p: number, private readonly end: number,
    private readonly stack: unknown[], private readonly strings: StringTable | undefined,
    private readonly record?: { readonly lines: FieldLines; readonly row: number }) {}

  public skipSpaces(): void {
    while (this.p < this.end && this.t.charCodeAt(this.p) === SPACE) this.p++;
  }

  /** A comment starts here (after at least one space). */
  public commentAt(): boolean {
    return this.t.charCodeAt(this.p) === HASH && this.t.charCodeAt(this.p - 1) === SPACE;
  }

  public value(): unknown {
    const t = this.t;
    const c = t.charCodeAt(this.p);
    if ((c === LBRACE || c === LBRACKET) && this.depth >= MAX_NESTING) throw BEYOND;
    if (c === LBRACE) return this.nest(() => this.mapping());
    if (c === LBRACKET) return this.nest(() => this.sequence());
    if (c === DQUOTE || c === SQUOTE) return share(this.strings, this.quoted());
    return plainValue(this.plain(), this.strings);
  }

  private nest<T>(read: () => T): T {
    this.depth++;
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  private mapping(): Record<string, unknown> {
    const t = this.t;
    const out: Record<string, unknown> = {};
    const keyLines: Record<string, number> | undefined = this.record && {};
    if (keyLines) this.record!.lines.set(out, keyLines);
    this.p++;
    this.skipSpaces();
    if (t.charCodeAt(this.p) === RBRACE) {
      this.p++;
      return out;
    }
    for (;;) {
      const c = t.charCodeAt(this.p);
      const keyStart = this.p;
      let key: string;
      if (c === DQUOTE || c === SQUOTE) {
        key = this.quoted();
      } else {
        const keyEnd = plainKeyEnd(t, keyStart, this.end);
        if (keyEnd === -1) throw BEYOND;
        key = plainKey(t, keyStart, keyEnd);
        this.p = keyEnd;
      }
      if (t.charCodeAt(this.p) !== COLON || t.charCodeAt(this.p + 1) !== SPACE || this.p - keyStart > MAX_KEY) throw BEYOND;
      if (key === '__proto__' || Object.prototype.hasOwnProperty.call(out, key)) throw BEYOND;
      if (keyLines) keyLines[key] = this.record!.row;
      this.p += 2;
      this.skipSpaces();
      out[key] = this.value();
      this.skipSpaces();
      const k = t.charCodeAt(this.p);
      this.p++;
      if (k === RBRACE) return out;
      if (k !== COMMA) throw BEYOND;
      this.skipSpaces();
      if (t.charCodeAt(this.p) === RBRACE) throw BEYOND;
    }
  }

  private sequence(): unknown[] {
    const t = this.t;
    const stack = this.stack;
    const base = stack.length;
    const itemLines: number[] | undefined = this.record && [];
    this.p++;
    this.skipSpaces();
    if (t.charCodeAt(this.p) === RBRACKET) {
      this.p++;
    } else {
      for (;;) {
        if (itemLines) itemLines[stack.length - base] = this.record!.row;
        stack.push(this.value());
        this.skipSpaces();
        const k = t.charCodeAt(this.p);
        this.p++;
        if (k === RBRACKET) break;
        if (k !== COMMA) throw BEYOND;
        this.skipSpaces();
        if (t.charCodeAt(this.p) === RBRACKET) throw BEYOND;
      }
    }
    const out = stack.slice(base);
    stack.length = base;
    if (itemLines) this.record!.lines.set(out, itemLines);
    return out;
  }

  private quoted(): string {
    const close = quoteEnd(this.t, this.p, this.end);
    const s = quotedText(this.t, this.p, close);
    this.p = close;
    return s;
  }

  /** A plain scalar in a flow collection: up to `,`, `]`, `}` or `: ` (which is beyond this reading). */
  private plain(): string {
    const t = this.t;
    const start = this.p;
    if (!plainMayStart(t, start, this.end)) throw BEYOND;
    let p = start;
    for (; p < this.end; p++) {
      const k = t.charCodeAt(p);
      if (k === COMMA || k === RBRACKET || k === RBRACE) break;
      // (go-yaml refuses `?` inside a plain scalar of a flow collection)
      if (k === LBRACKET || k === LBRACE || k === 0x3f /* ? */) throw BEYOND;
      if (k === COLON) {
        const n = t.charCodeAt(p + 1);
        if (p + 1 >= this.end || n === SPACE || n === COMMA || n === RBRACKET || n === RBRACE || n === LBRACKET || n === LBRACE) throw BEYOND;
      }
      if (k === HASH && t.charCodeAt(p - 1) === SPACE) throw BEYOND;
    }
    if (p >= this.end) throw BEYOND;
    let e = p;
    while (t.charCodeAt(e - 1) === SPACE) e--;
    this.p = p;
    return t.slice(start, e);
  }
}
