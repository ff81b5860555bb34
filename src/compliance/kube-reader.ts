// Reads a manifest file the way kubectl does (k8s.io/cli-runtime, k8s.io/apimachinery's
// YAMLOrJSONDecoder and sigs.k8s.io/yaml), with js-yaml as the YAML parser (and, for the
// simplest YAML, a quick reader held to js-yaml's result: simple-yaml.ts):
//
// - A leading byte order mark is dropped. A stream whose first non-space character is `{` is a
//   stream of JSON values (Go encoding/json); anything else is YAML.
// - A YAML stream is cut at lines starting with `---` (a separator followed by anything but a
//   comment is refused; one that starts a piece stays in it); CRLF becomes LF. Of each piece
//   only the first YAML document counts: whatever follows a `...` line, a flow root, or a block
//   root at a smaller indentation is ignored, as go-yaml's Unmarshal ignores it.
// - U+0085, U+2028 and U+2029 are line breaks (YAML 1.1): NEL reads as LF everywhere; LS and PS
//   end lines and comments, and inside a scalar are kept where go-yaml keeps them.
// - What go-yaml refuses and js-yaml accepts is refused: control characters, tabs where block
//   indentation is read (also on blank and comment lines, and after the `-`, `?`, `:`
//   indicators), `?` inside or `:` at the start of a plain scalar in a flow collection, anchor
//   names beyond [A-Za-z0-9_-], tags beyond URI characters, implicit keys longer than 1024
//   characters, the `\/` escape, escapes of surrogates or beyond U+10FFFF, a mapping started on
//   its key's line (`a: !t k: v`), a key after a value that ends mid-line.
// - What go-yaml reads and js-yaml refuses or cuts differently is edited into a form js-yaml
//   reads alike, without changing lines (see `ChunkReader.parse`).
// - The tree is converted to JSON as sigs.k8s.io/yaml converts go-yaml v2's: duplicate keys are
//   last-wins, merge keys apply in document order (a later `<<` overrides earlier keys; within
//   `<<: [a, b]` a wins over b), map keys become strings (kube-yaml.ts), aliases expand, and a
//   document with excessive aliasing (go-yaml's ratio rule) is refused.
//
// The exact reading: js-yaml builds its own tree and a parse listener puts a `YNode` in place of
// every value, holding its line and, for mappings, their keys in order, so that duplicate keys
// and merges can be replayed as go-yaml applies them. That relies on the order of js-yaml's
// parse events, which is why its version is pinned. The short reading: for text that cannot
// hold any of the above (`readFast`), js-yaml's own result is already the answer. The quick
// reading (`readQuick`), tried first: the simplest YAML, read without js-yaml.
// test/compliance/kube-yaml-kubectl.test.ts checks the reader against kubectl, and
// kube-reader-paths.test.ts the short reading against the exact one.

import { loadAll, LoadOptions, State, YAMLException } from 'js-yaml';
import { formatFloatKey, GoBigInt, GoFloat, KUBE_SCHEMA, KubeYamlError, lastResolvedText, MERGE_KEY, PLAIN_TAG, takeSpecials, TextHolder } from './kube-yaml';
import { FieldLines, readSimpleYaml, StringTable } from './simple-yaml';

/** A document as Kubernetes reads it. @internal */
export interface KubeDocument {
  /** The JSON value (documents that read as null are left out). */
  readonly value: unknown;
  /** 1-based line of the document's first content. */
  readonly line: number;
  /** Line of the field at a path such as `spec.containers[0].image` (YAML and JSON, when asked for). */
  readonly lineOf?: (path: string) => number | undefined;
}

/** Text that Kubernetes refuses, with the 1-based line when known. @internal */
export class KubeReadError extends Error {
  constructor(message: string, public readonly line: number | undefined, public readonly json = false) {
    super(message);
    this.name = 'KubeReadError';
  }
}

/** What text of a file may need beyond a plain parse. */
interface Needs {
  readonly control: boolean;
  readonly exactOnly: boolean;
  readonly breaks: boolean;
  readonly checks: boolean;
}

/** Options of `readKubeManifests`. @internal */
export interface ReadOptions {
  /** Record the line of every field for `lineOf`. */
  readonly lines?: boolean;
  /** Always take the exact reading (for tests comparing the two). */
  readonly exact?: boolean;
  /** Counts the pieces read each way (for tests). */
  readonly stats?: { fast: number; exact: number };
  /**
   * Collects the documents of a YAML stream that cannot be read, and reads on: one bad document
   * hides none of the others. Without it, the first one throws.
   */
  readonly errors?: KubeReadError[];
  /** The text is a segment of a YAML stream after its first (see `segmentStream`). */
  readonly continued?: boolean;
  /**
   * Reads the same text again (a file from its disk): the documents the quick reading reads
   * then keep no text for their field lines, which read the text again when first asked for
   * (and none when it has changed).
   */
  readonly reread?: () => string;
}

const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** First character that is not a Go `unicode.IsSpace` space. */
const FIRST_CONTENT = new RegExp(`[^${GO_SPACE}]`);
const TRIM_SPACE = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;
/** Text where go-yaml's scanner may refuse what js-yaml accepts (see `ChunkReader.check`). */
const NEEDS_CHECKS = /[\t?\\\u2028\u2029]|:[,[\]{}]|[[{,][ \t]*:|:[ \t]+:/;
const ANCHOR_NAME = /^[A-Za-z0-9_-]+$/;
const MAX_DEPTH = 10000;
/** Rounds of edits the exact reading makes to one piece before it takes js-yaml's word. */
const MAX_EDIT_ROUNDS = 1000;

/**
 * Reads the text of a manifest file into the documents Kubernetes reads from it. Throws
 * `KubeReadError` for text kubectl refuses.
 * @internal
 */
export function readKubeManifests(text: string, options: ReadOptions = {}): KubeDocument[] {
  // (a segment after the first is the middle of a YAML stream: no byte order mark, no JSON)
  const body = options.continued || text.charCodeAt(0) !== 0xfeff ? text : text.slice(1);
  if (!options.continued && isJsonStream(body)) return readJsonStream(body, options.lines === true, options.errors);
  // what the text needs beyond a plain parse, found once, when a piece is beyond the quick reading
  let needs: Needs | undefined;
  const out: KubeDocument[] = [];
  const withLines = options.lines === true;
  const strings: StringTable = new Map();
  const reread = options.continued ? undefined : options.reread;
  const chunks = splitYamlDocuments(body);
  for (let index = 0; index < chunks.length; index++) {
    const chunk = chunks[index];
    try {
      const fast = options.exact ? undefined
        : readQuick(chunk.text, chunk.firstLine, withLines, strings, reread && { reread, index })
          ?? readFast(chunk.text, chunk.firstLine, needs ??= needsOf(body), withLines);
      if (!fast) needs ??= needsOf(body);
      if (options.stats) options.stats[fast ? 'fast' : 'exact']++;
      const doc = fast ? fast.doc : new ChunkReader(chunk.text, chunk.firstLine, withLines, needs!).read();
      if (doc) out.push(doc);
    } catch (thrown) {
      // a document nested deeper than the readings' stack: this document is refused, not the stream
      const e = thrown instanceof RangeError ? tooDeep(chunk.firstLine) : thrown;
      if (!(e instanceof KubeReadError) || !options.errors) throw e;
      options.errors.push(e);
    }
  }
  return out;
}

/**
 * A document nested deeper than the reading's stack allows (several thousand levels; kubectl reads
 * up to 10,000): refused, with its line.
 */
function tooDeep(line: number | undefined): KubeReadError {
  return new KubeReadError('the document is nested too deeply to be read here (thousands of levels): it is not checked', line);
}

/** How many bytes kubectl looks at to tell JSON from YAML (apimachinery's `NewYAMLOrJSONDecoder(r, 4096)`). */
const SNIFF_BYTES = 4096;

/**
 * Whether kubectl reads a text (its byte order mark dropped) as a stream of JSON values: its
 * first character that is not a Go space is `{`, within its first 4,096 bytes (UTF-8). Past
 * them, whitespace only: YAML.
 */
function isJsonStream(body: string): boolean {
  const first = FIRST_CONTENT.exec(body.slice(0, SNIFF_BYTES));
  return first !== null && first[0] === '{' && Buffer.byteLength(body.slice(0, first.index)) < SNIFF_BYTES;
}

/** What the pieces of a text may need beyond a plain parse, found for the whole text at once. */
function needsOf(body: string): Needs {
  // one pass for text that has none of what the needs below look for (most manifests)
  if (!MAY_NEED.test(body) && !hasLongKey(body)) return NO_NEEDS;
  const any = (...parts: string[]) => parts.some(p => body.includes(p));
  const odd = ODD_CHARACTER.test(body);
  return {
    control: odd && CONTROL.test(body),
    breaks: odd && /[\u0085\u2028\u2029\r]/.test(body),
    checks: (odd && /[\t?\\\u2028\u2029]/.test(body)) || any(':,', ':[', ':]', ':{', ':}') || /[[{,][ \t]*:|:[ \t]+:/.test(body) || hasLongKey(body),
    exactOnly: any('<<', '&', '~:', 'null:', 'Null:', 'NULL:') || (body.includes('!') && /^!|[\s[{,]!/.test(body)) || /^:|[\s[{,]:|[\]}][ \t]*:/.test(body),
  };
}

const NO_NEEDS: Needs = { control: false, breaks: false, checks: false, exactOnly: false };

/**
 * Matches wherever any of the patterns of `needsOf` may match: the characters of
 * `ODD_CHARACTER`, `&`, `!`, `<`; a `:` after a space, a bracket, a comma, `~`, `null` or `NULL`,
 * before a comma or a bracket, or starting the text.
 */
// eslint-disable-next-line no-control-regex
const MAY_NEED = /[\x00-\x08\x0B-\x1F\x7F-\x9F\uFFFE\uFFFF\u2028\u2029\t?\\&!<]|[\s[{,\]}~]:|:[,[\]{}]|^:|ull:|ULL:/;

/** Any character one of the `Needs` looks for. */
// eslint-disable-next-line no-control-regex
const ODD_CHARACTER = /[\x00-\x08\x0B-\x1F\x7F-\x9F\uFFFE\uFFFF\u2028\u2029\t?\\]/;

const FAST_OPTIONS: LoadOptions & { maxDepth: number } = { schema: KUBE_SCHEMA, maxDepth: MAX_DEPTH };

/**
 * Text where js-yaml and go-yaml cannot disagree (no merge keys, anchors, tags, keys that are
 * null or collections, tabs, Unicode line breaks, multi-line flow or quoted scalars...) needs no
 * node bookkeeping: js-yaml's own result is the answer once floats and big integers are
 * converted. Field lines come from the exact reading, made when first asked for. Undefined
 * where the exact reading has to decide (duplicate keys, anything js-yaml refuses, more than
 * one document...).
 */
function readFast(piece: string, firstLine: number, needs: Needs, withLines: boolean): { doc: KubeDocument | undefined } | undefined {
  // go-yaml and js-yaml both drop a byte order mark that starts their input
  const text = piece.charCodeAt(0) === 0xfeff ? piece.slice(1) : piece;
  if ((needs.control && CONTROL.test(text)) || (needs.breaks && /[\u0085\u2028\u2029\r]/.test(text))) return undefined;
  if (needs.checks && (NEEDS_CHECKS.test(text) || hasLongKey(text))) return undefined;
  if ((needs.exactOnly && EXACT_ONLY.test(text)) || multiLineFlowOrQuote(text)) return undefined;
  // (js-yaml misreads an empty item before an outer one: the exact reading mends it)
  if (emptyItemsBeforeOuter(text).length > 0) return undefined;
  // (js-yaml makes a string of a collection written as a key without value in a flow mapping,
  // `{[x, y]}` or `{a: 1, {b: 2}}`, which go-yaml refuses: the exact reading refuses it)
  if (text.includes('{') && FLOW_COLLECTION_ENTRY.test(text)) return undefined;
  takeSpecials();
  const docs: unknown[] = [];
  try {
    loadAll(text, d => docs.push(d), FAST_OPTIONS);
  } catch (e) {
    takeSpecials();
    return undefined;
  }
  if (docs.length > 1) return undefined;
  let value = docs.length === 0 ? null : docs[0];
  if (takeSpecials() > 0) {
    value = plainJson(value);
    if (value === FALLBACK) return undefined;
  }
  if (value === null || value === undefined) return { doc: undefined };
  let exact: ((path: string) => number | undefined) | undefined;
  const lineOf = (path: string) => {
    exact ??= new ChunkReader(piece, firstLine, true, needs).read()?.lineOf ?? (() => undefined);
    return exact(path);
  };
  return { doc: { value, line: firstLine + firstContentLine(text), lineOf: withLines ? lineOf : undefined } };
}

/**
 * The quickest reading, of a piece in the simplest YAML (simple-yaml.ts), which gives up on
 * everything where go-yaml and js-yaml could disagree, so it needs no `Needs`. Field lines come
 * from the same reading again, made when first asked for. Undefined where it gives up.
 */
function readQuick(piece: string, firstLine: number, withLines: boolean, strings: StringTable,
  source: { readonly reread: () => string; readonly index: number } | undefined): { doc: KubeDocument | undefined } | undefined {
  const text = piece.charCodeAt(0) === 0xfeff ? piece.slice(1) : piece;
  const simple = readSimpleYaml(text, undefined, strings);
  if (!simple) return undefined;
  const value = simple.value;
  if (value === null) return { doc: undefined };
  const lineOf = !withLines ? undefined
    : source ? quickLinesAgain({ ...source, firstLine, length: piece.length }) : quickLines(text, firstLine);
  return { doc: { value, line: firstLine + simple.firstContent, lineOf } };
}

/** The field lines of a piece the quick reading read, read again when first asked for. */
function quickLines(text: string, firstLine: number): (path: string) => number | undefined {
  let lines: ((path: string) => number | undefined) | undefined;
  return (path: string) => {
    if (!lines) {
      const again = readSimpleYaml(text, firstLine);
      lines = again?.lines ? (p: string) => lineOfPath(again.value, again.lines!, p) : () => undefined;
    }
    return lines(path);
  };
}

/** A piece of a text that can be read again: which piece it is, where it starts and how long it is. */
interface PieceSource {
  readonly reread: () => string;
  readonly index: number;
  readonly firstLine: number;
  readonly length: number;
}

/** `quickLines` of a piece whose text is read again (and kept by no document). */
function quickLinesAgain(source: PieceSource): (path: string) => number | undefined {
  let lines: ((path: string) => number | undefined) | undefined;
  return (path: string) => {
    if (!lines) {
      const text = pieceAgain(source);
      lines = text === undefined ? () => undefined : quickLines(text, source.firstLine);
    }
    return lines(path);
  };
}

/**
 * The pieces of the text read again last. Findings come object by object, so one text serves
 * them; the check runs in one go, within which a WeakRef's target stays, and the text is left
 * to the garbage collector after it.
 */
let piecesAgain: { readonly reread: () => string; readonly pieces: WeakRef<{ text: string; firstLine: number }[]> } | undefined;

/** The text of a piece, read again; undefined when it cannot be read or is not the piece read before. */
function pieceAgain(source: PieceSource): string | undefined {
  let pieces = piecesAgain?.reread === source.reread ? piecesAgain.pieces.deref() : undefined;
  if (!pieces) {
    try {
      const raw = source.reread();
      pieces = splitYamlDocuments(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);
    } catch {
      return undefined;
    }
    piecesAgain = { reread: source.reread, pieces: new WeakRef(pieces) };
  }
  const piece = pieces[source.index];
  if (!piece || piece.firstLine !== source.firstLine || piece.text.length !== source.length) return undefined;
  return piece.text.charCodeAt(0) === 0xfeff ? piece.text.slice(1) : piece.text;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

// ---------------------------------------------------------------------------------------------
// JSON streams

/** End of the JSON value starting at `start` (brackets and strings balanced), or -1. */
function jsonValueEnd(text: string, start: number): number {
  const open = text[start];
  if (open !== '{' && open !== '[') {
    const m = /[\s,\]}]/.exec(text.slice(start));
    return m ? start + m.index : text.length;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') {
      // Go's encoding/json refuses a value nested deeper than 10,000 levels
      if (++depth > MAX_DEPTH) throw new KubeReadError(`exceeded max depth of ${MAX_DEPTH}`, lineAt(text, i), true);
    } else if (c === '}' || c === ']') {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * The lines of the keys and elements of `value`, the JSON value written as `text` (which starts
 * at line `firstLine`): the same table the YAML readers make, for `lineOfPath`. The text is
 * known to be valid JSON (JSON.parse read it). A key written twice keeps its last line, as its
 * last value is the one kept.
 */
function jsonFieldLines(text: string, value: unknown, firstLine: number): LineTable {
  const lines: LineTable = new WeakMap();
  let i = 0;
  let line = firstLine;
  const space = () => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') return;
    }
  };
  // (a JSON string holds no raw line break)
  const string = () => {
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    i++;
  };
  // the collections being read, innermost last: a loop, not recursion, so that no depth of
  // input overflows the stack (kubectl reads JSON nested 10,000 deep)
  const open: Array<{ v: unknown; object: boolean; close: string; table: Record<string, number> | number[]; n: number }> = [];
  const begin = (v: unknown): void => {
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      const object = c === '{';
      const table: Record<string, number> | number[] = object ? {} : [];
      if (typeof v === 'object' && v !== null) lines.set(v, table);
      i++;
      open.push({ v, object, close: object ? '}' : ']', table, n: 0 });
      return;
    }
    if (c === '"') return string();
    while (i < text.length && !' \t\r\n,]}'.includes(text[i])) i++;
  };
  begin(value);
  while (open.length > 0) {
    const f = open[open.length - 1];
    space();
    if (i >= text.length || text[i] === f.close) {
      i++;
      open.pop();
      continue;
    }
    if (text[i] === ',') {
      i++;
      continue;
    }
    let child: unknown;
    if (f.object) {
      const start = i;
      const keyLine = line;
      string();
      const key = JSON.parse(text.slice(start, i)) as string;
      (f.table as Record<string, number>)[key] = keyLine;
      space();
      i++; // ':'
      child = typeof f.v === 'object' && f.v !== null ? (f.v as Record<string, unknown>)[key] : undefined;
    } else {
      (f.table as number[])[f.n] = line;
      child = Array.isArray(f.v) ? f.v[f.n] : undefined;
    }
    f.n++;
    begin(child);
  }
  return lines;
}

/**
 * Values separated by JSON whitespace, as Go's json.Decoder reads a stream. kubectl creates each
 * object as it is read: at text that is not JSON, the values before it are kept and the stream
 * ends with the error (collected in `errors`, else thrown).
 */
function readJsonStream(text: string, withLines: boolean, errors: KubeReadError[] | undefined): KubeDocument[] {
  const out: KubeDocument[] = [];
  const lines = new LineCounter(text);
  for (let offset = 0; ;) {
    while (offset < text.length && ' \t\r\n'.includes(text[offset])) offset++;
    if (offset >= text.length) return out;
    let value: unknown;
    let part: string;
    try {
      const end = jsonValueEnd(text, offset);
      part = text.slice(offset, end === -1 ? text.length : end);
      try {
        value = JSON.parse(part);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const at = /position (\d+)/.exec(message);
        throw new KubeReadError(message, lineAt(text, offset + (at ? Number(at[1]) : 0)), true);
      }
    } catch (e) {
      if (!(e instanceof KubeReadError) || !errors) throw e;
      errors.push(e);
      return out;
    }
    const line = lines.at(offset);
    offset += part.length;
    if (value === null) continue;
    try {
      const doc = goJson(value, part, line);
      let table: LineTable | undefined;
      // the lines are found when first asked for
      const lineOf = withLines ? (path: string) => lineOfPath(doc, table ??= jsonFieldLines(part, doc, line), path) : undefined;
      out.push({ value: doc, line, lineOf });
    } catch (e) {
      // (a value Go's decoder refuses: that document alone)
      if (!(e instanceof KubeReadError) || !errors) throw e;
      errors.push(e);
    }
  }
}

/** The lines of offsets asked for in increasing order, each line break looked at once. */
class LineCounter {
  private line = 1;
  /** The next line break not yet counted; -1 when there is none. */
  private next: number;

  constructor(private readonly text: string) {
    this.next = text.indexOf('\n');
  }

  public at(offset: number): number {
    while (this.next !== -1 && this.next < offset) {
      this.line++;
      this.next = this.text.indexOf('\n', this.next + 1);
    }
    return this.line;
  }
}

/** Go's decoder refuses numbers beyond float64 and turns unpaired surrogate escapes into U+FFFD. */
function goJson(value: unknown, text: string, line: number): unknown {
  const big = /[eE]\+?\d{3}|\d{309}/.test(text);
  const surrogates = /\\u[dD][89a-fA-F]/.test(text);
  if (!big && !surrogates) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new KubeReadError('a number beyond float64', line, true);
    if (typeof v === 'string') return surrogates ? v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd') : v;
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) o[k] = walk(o[k]);
    }
    return v;
  };
  return walk(value);
}

// ---------------------------------------------------------------------------------------------
// YAML streams: apimachinery's YAMLReader

/** Cuts the stream at lines starting with `---`, as k8s.io/apimachinery's YAMLReader does. */
function splitYamlDocuments(raw: string): { text: string; firstLine: number }[] {
  const text = raw.indexOf('\r\n') === -1 ? raw : raw.replace(/\r\n/g, '\n');
  const chunks: { text: string; firstLine: number }[] = [];
  let line = 1;
  let counted = 0;
  const lineOf = (offset: number): number => {
    for (let i = text.indexOf('\n', counted); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      counted = i + 1;
    }
    return line;
  };
  let start = 0;
  let startLine = 1;
  const flush = (end: number) => {
    if (end <= start) return;
    const piece = text.slice(start, end);
    chunks.push({ text: piece.endsWith('\n') ? piece : `${piece}\n`, firstLine: startLine });
  };
  for (let at = text.startsWith('---') ? 0 : text.indexOf('\n---'); at !== -1; at = text.indexOf('\n---', at)) {
    const lineStart = at === 0 && text.startsWith('---') ? 0 : at + 1;
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    at = lineEnd;
    const sepLine = lineOf(lineStart);
    const rest = text.slice(lineStart + 3, lineEnd).replace(TRIM_SPACE, '');
    if (rest !== '' && rest[0] !== '#') throw new KubeReadError(`invalid document separator: ${rest}`, sepLine);
    // a separator that starts a piece stays in it (go-yaml reads it as a document start)
    if (lineStart === start) {
      startLine = sepLine;
      continue;
    }
    flush(lineStart);
    start = lineEnd + 1;
    startLine = sepLine + 1;
  }
  flush(text.length);
  return chunks;
}

// ---------------------------------------------------------------------------------------------
// The parsed tree

const enum Kind { Empty, Scalar, Sequence, Mapping, Alias }

/** The mark js-yaml's collections get once their node exists (aliases find it). */
const NODE = Symbol('node');

/** The piece being parsed: keys register with its innermost open node. */
let active: ChunkReader | undefined;

const PAIR_IDS: string[] = [];

/** A parsed node in place of js-yaml's value; `line` is 0-based in the parsed text. */
class YNode implements TextHolder {
  /** Text of a resolved plain scalar. */
  public plainText: string | undefined = undefined;
  /** Target of an alias: its converted value is kept. */
  public aliased = false;
  public memo: { value: unknown; decodes: number } | undefined = undefined;
  /** A mapping written in flow style. */
  public flow = false;
  /** Offset in js-yaml's input where the node (with its anchor and tag) starts; for keys. */
  public pos = -1;

  constructor(public readonly kind: Kind, public readonly value: unknown, public readonly line: number, public readonly keys: YNode[] | undefined) {}

  public get [Symbol.toStringTag](): string {
    return 'YNode';
  }

  /** A scalar's text, for a tag written on the line before it. */
  public get scalarText(): string | undefined {
    return this.plainText ?? (typeof this.value === 'string' ? this.value : undefined);
  }

  /** js-yaml stores a pair under `String(key)`: each key takes the next id of its mapping. */
  public toString(): string {
    return active ? active.registerKey(this) : '';
  }
}

/** A js-yaml mapping as built with YNode keys: pair ids to values. */
type Raw = Record<string, YNode | null>;
type LineTable = FieldLines;

interface ParseState extends State {
  tag: string | null;
  anchor: string | null;
}

/** Ends parsing after the first document of a piece. */
class Stop extends Error {}

/** Extents of parsed nodes, for the checks (recorded only when the text needs them). */
class Spans {
  public readonly start: number[] = [];
  public readonly end: number[] = [];
  public readonly open: number[] = [];
  public readonly parent: number[] = [];
  public readonly kind: Kind[] = [];
  /** First content character: a quote, `|`, `>`, `[`, `{`, `*`, or else a plain scalar or block collection. */
  public readonly style: string[] = [];
  private sorted: number[] | undefined;

  public add(open: number, start: number, style: string, parent: number): number {
    this.open.push(open);
    this.start.push(start);
    this.end.push(start);
    this.style.push(style);
    this.parent.push(parent);
    this.kind.push(Kind.Empty);
    return this.start.length - 1;
  }

  public isFlow(i: number): boolean {
    return (this.style[i] === '[' || this.style[i] === '{') && this.kind[i] !== Kind.Scalar;
  }

  public inFlow(i: number): boolean {
    for (let p = this.parent[i]; p !== -1; p = this.parent[p]) if (this.isFlow(p)) return true;
    return false;
  }

  /** The node that ends last at or before the offset, or -1. */
  public lastEndingBy(offset: number): number {
    let last = -1;
    for (let i = 0; i < this.end.length; i++) if (this.end[i] <= offset && (last === -1 || this.end[i] > this.end[last])) last = i;
    return last;
  }

  /** The innermost node holding the offset, or -1. */
  public at(offset: number): number {
    this.sorted ??= this.start.map((_, i) => i).sort((a, b) => this.start[a] - this.start[b] || this.end[b] - this.end[a]);
    const sorted = this.sorted;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.start[sorted[mid]] <= offset) lo = mid + 1; else hi = mid;
    }
    for (let k = lo - 1; k >= 0; k--) {
      const i = sorted[k];
      if (offset < this.end[i]) return i;
    }
    return -1;
  }
}

/** First content character at or after `pos`: past spaces, breaks, comments, anchors and tags. */
function contentStart(input: string, pos: number): number {
  let p = pos;
  for (;;) {
    const c = input[p];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      p++;
    } else if (c === '#') {
      while (p < input.length && input[p] !== '\n' && input[p] !== '\r') p++;
    } else if (c === '&') {
      while (p < input.length && !' \t\n\r\0,[]{}'.includes(input[p])) p++;
    } else if (c === '!') {
      while (p < input.length && !' \t\n\r\0'.includes(input[p])) p++;
    } else {
      return p;
    }
  }
}

/** The indentation a plain scalar's lines keep (go-yaml: its block collection's column + 1). */
function plainIndent(spans: Spans, input: string, s: number): number {
  let block = spans.parent[s];
  while (block !== -1 && (spans.kind[block] === Kind.Scalar || spans.style[block] === '[' || spans.style[block] === '{')) block = spans.parent[block];
  return block === -1 ? 0 : spans.start[block] - lineStartOf(input, spans.start[block]) + 1;
}

function lineEndOf(input: string, p: number): number {
  const end = input.indexOf('\n', p);
  return end === -1 ? input.length : end;
}

function lineStartOf(input: string, p: number): number {
  let i = p - 1;
  while (i >= 0 && input[i] !== '\n' && input[i] !== '\r') i--;
  return i + 1;
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/** A js-yaml error at an offset of the parsed text. */
function errorAt(input: string, position: number, reason: string): YAMLException {
  let line = 0;
  for (let i = 0; i < position; i++) {
    const c = input.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && input.charCodeAt(i + 1) !== 0x0a)) line++;
  }
  const start = lineStartOf(input, position);
  return new YAMLException(reason, { name: '', buffer: input, position, line, column: position - start, snippet: '' });
}

function allowedAliasRatio(decodes: number): number {
  if (decodes <= 400000) return 0.99;
  if (decodes >= 4000000) return 0.10;
  return 0.99 - 0.89 * ((decodes - 400000) / 3600000);
}

/** A float JSON cannot hold: an error once it is known to stay in the document (a later key may replace it). */
class NonFinite {
  constructor(public readonly value: number, public readonly line: number) {}
}

function scalarValue(v: unknown, unmark: (s: string) => string, line: number): unknown {
  if (typeof v === 'string') return unmark(v);
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof GoFloat) return Number.isFinite(v.value) ? v.value === 0 ? 0 : v.value : new NonFinite(v.value, line);
  if (v instanceof GoBigInt) return Number(v.value);
  return v === MERGE_KEY ? '<<' : v;
}

/** Throws for a NaN or infinity left in the JSON value, as Go's json.Marshal refuses it. */
function refuseNonFinite(v: unknown, seen = new Set<object>()): void {
  if (v instanceof NonFinite) throw new KubeYamlError(`json: unsupported value: ${Number.isNaN(v.value) ? 'NaN' : v.value > 0 ? '+Inf' : '-Inf'}`, v.line);
  if (typeof v !== 'object' || v === null || seen.has(v)) return;
  seen.add(v);
  for (const item of Array.isArray(v) ? v : Object.values(v)) refuseNonFinite(item, seen);
}

/** Go types of non-string keys of converted mappings (merging them must keep the types). */
const KEY_TYPES = new WeakMap<object, Map<string, string>>();

// ---------------------------------------------------------------------------------------------
// One piece of the stream

class ChunkReader {
  // the nodes open while parsing
  private top = -1;
  private readonly openLine: number[] = [];
  private readonly openPos: number[] = [];
  private readonly openKeys: (YNode[] | undefined)[] = [];
  private readonly openSpan: number[] = [];
  private rootOpen = 0;
  private root: YNode | undefined;
  /** Where the first document ends: go-yaml reads no further. */
  private docEnd = 0;
  private spans: Spans | undefined;
  /** js-yaml's input: the piece, edited (see `parse`), LS and PS as LF. */
  private input = '';
  /** The same with LS and PS. */
  private source = '';
  /** Parse lines (0-based) that begin after a NEL, LS, PS or lone CR, which the file does not count. */
  private extraBreaks: number[] = [];
  /** Marker characters standing for an LS/PS kept inside a scalar, and what each stands for. */
  private markers: [string, string, boolean][] = [];
  private colon: string | undefined;
  /** Texts that edits made in one round leave only where they were wrong (see `escapeEdits`). */
  private readonly speculative: string[] = [];
  /** The text of the escape that `escapeEdits` writes for `\'` (a backslash, `u`, four hex digits). */
  private escapeText: string | undefined;

  constructor(
    private readonly text: string,
    private readonly firstLine: number,
    private readonly withLines: boolean,
    private readonly needs: Needs,
    /** Whether an edit found at one place is made at every like place in one round (see `escapeEdits`). */
    private readonly batch = true,
  ) {}

  /** The first document of the piece, or undefined when it reads as null. */
  public read(): KubeDocument | undefined {
    // go-yaml and js-yaml both drop a byte order mark that starts their input
    let text = this.text.charCodeAt(0) === 0xfeff ? this.text.slice(1) : this.text;
    const control = this.needs.control ? CONTROL.exec(text) : null;
    if (control) throw new KubeReadError('control characters are not allowed', this.fileLine(lineAt(text, control.index) - 1));
    if (this.needs.breaks && /[\u0085\u2028\u2029\r]/.test(text)) {
      this.extraBreaks = extraBreakLines(text);
      text = text.replace(/\u0085/g, '\n');
    }
    return this.readExact(text, this.needs.checks && (NEEDS_CHECKS.test(text) || hasLongKey(text)));
  }

  private readExact(text: string, checks: boolean): KubeDocument | undefined {
    let root: YNode | undefined;
    try {
      root = this.parse(text, checks);
      if (this.spans) {
        this.check();
        const inScalars = this.scalarBreaks(this.source);
        if (inScalars.length > 0) root = this.parseWithMarkers(this.source, inScalars);
      }
    } catch (e) {
      if (this.speculative.length > 0) return this.oneEditARound();
      throw this.readError(e);
    }
    if (!root) return undefined;
    const lines: LineTable | undefined = this.withLines ? new WeakMap() : undefined;
    let value: unknown;
    try {
      value = this.convert(root, lines);
    } catch (e) {
      if (this.speculative.length > 0) return this.oneEditARound();
      throw this.readError(e, this.fileLine(root.line));
    }
    // an escape edit made outside a double-quoted scalar shows as its text (or fails the reading
    // above): read again, one edit a round
    if (this.speculative.some(t => holdsText(value, t))) return this.oneEditARound();
    if (value === null) return undefined;
    return { value, line: this.fileLine(root.line), lineOf: lines ? (path: string) => lineOfPath(value, lines, path) : undefined };
  }

  private oneEditARound(): KubeDocument | undefined {
    return new ChunkReader(this.text, this.firstLine, this.withLines, this.needs, false).read();
  }

  /**
   * The `\'` escape (go-yaml reads it, js-yaml does not) at `at`, and, in the same round, every
   * later `\'`: each becomes the escape of a marker character that stands for `'`. An edit made
   * where the text is not a double-quoted scalar leaves the escape's text in a string, which
   * `readExact` finds: the piece is then read again with one edit a round. So a file of
   * thousands of such escapes is read in a few rounds, not one round each.
   */
  private escapeEdits(input: string, at: number): [number, string][] {
    if (!this.batch) return [[at, 'x27'], [at + 1, '']];
    if (this.escapeText === undefined) {
      let c = 0xe8ff;
      const text = this.text.toLowerCase();
      while (this.text.indexOf(String.fromCharCode(c)) !== -1 || text.includes(`\\u${c.toString(16)}`)) c--;
      this.escapeText = `\\u${c.toString(16)}`;
      this.speculative.push(this.escapeText);
      this.markers.push([String.fromCharCode(c), '\'', false]);
    }
    const edits: [number, string][] = [];
    for (let q = at; q !== -1; q = input.indexOf('\'', q + 1)) {
      let slashes = 0;
      while (input[q - 1 - slashes] === '\\') slashes++;
      if (slashes % 2 === 1) edits.push([q, this.escapeText.slice(1)], [q + 1, '']);
    }
    return edits;
  }

  /** The file line of a 0-based parse line. */
  private fileLine(line: number): number {
    const b = this.extraBreaks;
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (b[mid] <= line) lo = mid + 1; else hi = mid;
    }
    return this.firstLine + line - lo;
  }

  private readError(e: unknown, line?: number): KubeReadError {
    if (e instanceof KubeReadError) return e;
    if (e instanceof YAMLException) return new KubeReadError(e.reason, this.fileLine(e.mark.line));
    if (e instanceof KubeYamlError) {
      const at = e.line !== undefined ? this.fileLine(e.line) : line;
      return new KubeReadError(e.message, at ?? this.fileLine(this.openLine[Math.max(this.top, 0)] ?? 0));
    }
    if (e instanceof RangeError) return tooDeep(line ?? this.firstLine);
    throw e;
  }

  // -------------------------------------------------------------------------------------------
  // parsing

  /**
   * Parses with js-yaml. Where js-yaml splits text differently from go-yaml in a way that an
   * edit can undo without changing lines, the text is edited and parsed again: the `\'` escape
   * becomes `\x27`; in flow collections `?x` (a key for go-yaml) becomes `? x`, and `x:]` and `-]` (one
   * scalar for go-yaml) get a marker after the colon or dash that is removed from the strings; `*x:`
   * (alias x for go-yaml) becomes `*x :`.
   */
  private parse(text: string, withChecks: boolean): YNode | undefined {
    // `source` keeps LS and PS, which js-yaml's input has as LF; edits apply to both
    const lf = (t: string) => this.needs.breaks ? t.replace(/[\u2028\u2029]/g, '\n') : t;
    let source = text;
    let input = lf(source);
    let checks = withChecks;
    const options: LoadOptions & { maxDepth: number } = {
      schema: KUBE_SCHEMA,
      maxDepth: MAX_DEPTH,
      listener: (event, state) => this.onEvent(event, state as ParseState),
    };
    const previous = active;
    active = this;
    try {
      for (let attempt = 0; ; attempt++) {
        this.top = -1;
        this.root = undefined;
        this.input = input;
        this.source = source;
        this.docEnd = input.length;
        this.spans = checks ? new Spans() : undefined;
        let failure: unknown;
        try {
          loadAll(input, () => undefined, options);
        } catch (e) {
          if (!(e instanceof Stop)) failure = e;
        }
        if (failure instanceof YAMLException && !checks) {
          checks = true; // the edits below need the extents of the nodes
          continue;
        }
        const edits: [number, string][] = attempt < MAX_EDIT_ROUNDS ? this.flowEdits() : [];
        // (an anchor there fails js-yaml's reading: "anchor value contains itself")
        const mayMoveProperties = failure === undefined || failure instanceof KubeYamlError;
        if (mayMoveProperties && edits.length === 0 && attempt < MAX_EDIT_ROUNDS && PROPERTIES_AT_LINE_END.test(input)) {
          if (!checks) {
            checks = true; // the edits need the extents of the nodes
            continue;
          }
          edits.push(...this.propertyLineEdits());
        }
        if (failure === undefined && edits.length === 0 && attempt < MAX_EDIT_ROUNDS && emptyItemsBeforeOuter(input).length > 0) {
          if (!checks) {
            checks = true; // the edits need the extents of the nodes
            continue;
          }
          edits.push(...this.emptyItemEdits());
        }
        if (failure instanceof YAMLException && edits.length === 0) edits.push(...this.flowIndentEdits(failure.mark.position));
        if (failure instanceof YAMLException && edits.length === 0) {
          const at = failure.mark.position;
          if (failure.reason === 'unknown escape sequence' && input[at] === '\'') {
            edits.push(...this.escapeEdits(input, at));
          }
          if (failure.reason === 'missed comma between flow collection entries' && input[at] === '-' && ',]}'.includes(input[at + 1])) {
            // `[-]`: a plain "-" for go-yaml; every such `-` in one round (the marker is removed
            // from strings, so one made in a scalar or a comment changes nothing)
            edits.push([at + 1, this.colonMarker()]);
            if (this.batch) edits.push(...loneDashes(input, at + 1).map((d): [number, string] => [d + 1, this.colonMarker()]));
          }
          if (failure.reason === 'bad indentation of a mapping entry') edits.push(...anchorLineEdits(input));
          if (failure.reason === 'a line break is expected' && input[at] === '#' && /[|>][-+0-9]*$/.test(input.slice(lineStartOf(input, at), at))) {
            edits.push([at, ' ']); // `|#`: go-yaml reads a comment right after a block scalar header
          }
          if (/^(tag suffix cannot contain|named tag handle cannot contain|tag name cannot contain)/.test(failure.reason)) {
            edits.push(...this.tagEdits(at));
          }
          const alias = /^unidentified alias "([A-Za-z0-9_-]+):/.exec(failure.reason);
          if (alias) {
            const name = input.lastIndexOf(`*${alias[1]}:`, at);
            if (name !== -1) edits.push([name + 1 + alias[1].length, ' ']);
          }
        }
        if (edits.length === 0) {
          if (failure !== undefined) throw failure;
          return this.root;
        }
        const before = source;
        source = applyEdits(source, edits);
        // edits that change nothing, or that never end, would read forever: what js-yaml said stands
        if (source === before || attempt >= MAX_EDIT_ROUNDS) {
          if (failure !== undefined) throw failure;
          return this.root;
        }
        input = lf(source);
      }
    } finally {
      active = previous;
    }
  }

  /**
   * js-yaml reads an empty block sequence item (`-` and nothing after it) followed by an item of
   * an outer sequence (`-` less indented) as if that item were the inner sequence's: it would
   * hide `- name: b ... privileged: true` in the previous container's `args`. go-yaml ends the
   * inner sequence there. The edits write each such empty item's null out (`- ~`), which js-yaml
   * reads as go-yaml does; a `-` line inside a scalar (a block scalar's text) or a flow
   * collection is left as it is. Needs the extents of the nodes.
   */
  private emptyItemEdits(): [number, string][] {
    const input = this.input;
    const spans = this.spans!;
    const edits: [number, string][] = [];
    for (const dash of emptyItemsBeforeOuter(input)) {
      const n = spans.at(dash);
      if (n !== -1 && (spans.kind[n] === Kind.Scalar || spans.isFlow(n) || spans.inFlow(n))) continue;
      edits.push([dash + 1, ' ~']);
    }
    return edits;
  }

  /**
   * A scalar whose tag (or anchor) ends the line before it (`privileged: !!bool` newline `|-`
   * newline `true`): js-yaml drops the tag, as it first tries a block mapping there; go-yaml
   * applies it. The edits move the properties to the start of the scalar's line, where js-yaml
   * reads them as go-yaml does, without changing lines. Needs the extents of the nodes.
   */
  private propertyLineEdits(): [number, string][] {
    const input = this.input;
    const spans = this.spans!;
    const edits: [number, string][] = [];
    for (let i = 0; i < spans.start.length; i++) {
      // a scalar; or, where js-yaml failed on it, a node that can only be a quoted or block scalar
      const scalar = spans.kind[i] === Kind.Scalar ? spans.style[i] !== '*' && spans.end[i] > spans.start[i]
        : spans.kind[i] === Kind.Empty && '|>"\''.includes(spans.style[i]);
      if (!scalar) continue;
      const start = spans.start[i];
      const contentLine = lineStartOf(input, start);
      if (contentLine <= spans.open[i]) continue;
      // (content indented no more than the properties' line is not theirs: the node is empty)
      const propertiesLine = lineStartOf(input, spans.open[i]);
      let indent = propertiesLine;
      while (input[indent] === ' ') indent++;
      if (start - contentLine <= indent - propertiesLine) continue;
      // the properties: tags and anchors after the node opens, on a line before its content
      let p = spans.open[i];
      while (p < contentLine && (input[p] === ' ' || input[p] === '\t')) p++;
      if (input[p] !== '!' && input[p] !== '&') continue;
      const from = p;
      let to = p;
      while (p < contentLine && (input[p] === '!' || input[p] === '&')) {
        while (p < contentLine && !' \t\n\r'.includes(input[p])) p++;
        to = p;
        while (p < contentLine && (input[p] === ' ' || input[p] === '\t')) p++;
      }
      // the rest of the line is blank or a comment
      if (!/^[ \t]*(#[^\n]*)?\n/.test(input.slice(to, lineEndOf(input, to) + 1))) continue;
      for (let k = from + 1; k <= to; k++) edits.push([k, '']);
      edits.push([start, `${input.slice(from, to)} `]);
    }
    return edits;
  }

  /** Plain scalars in flow collections that go-yaml cuts differently: the edits that make js-yaml agree. */
  private flowEdits(): [number, string][] {
    const spans = this.spans;
    if (!spans) return [];
    const edits: [number, string][] = [];
    const input = this.input;
    for (let i = 0; i < spans.start.length; i++) {
      if (spans.kind[i] !== Kind.Scalar || '"\'|>*'.includes(spans.style[i]) || !spans.inFlow(i)) continue;
      const start = spans.start[i];
      const end = spans.end[i];
      if (input[start] === '?' && end > start + 1) edits.push([start + 1, ' ']);
      if (input[end] === ':' && ',[]{}'.includes(input[end + 1])) {
        edits.push([end + 1, this.colonMarker()]);
      }
    }
    return edits;
  }

  /**
   * A tag go-yaml reads and js-yaml refuses (go-yaml allows `[]{},!` in tag URIs) is one neither
   * resolves: it becomes `!x`, which leaves scalars as strings and collections as they are.
   */
  private tagEdits(failedAt: number): [number, string][] {
    const input = this.source;
    let start = failedAt;
    while (start > 0 && !(input[start] === '!' && (start === 0 || ' \t\n\r[{,'.includes(input[start - 1])))) start--;
    if (input[start] !== '!' || input[start + 1] === '<' || /^!([A-Za-z0-9_-]+)!/.test(input.slice(start))) return [];
    let end = start;
    while (end < input.length && !' \t\n\r'.includes(input[end])) end++;
    const token = input.slice(start, end);
    const suffix = token.startsWith('!!') ? token.slice(2) : token.slice(1);
    if (suffix === '' || !/^[A-Za-z0-9\-_;/?:@&=+$,.!~*'()[\]%]+$/.test(suffix)) return [];
    const edits: [number, string][] = [[start, '!x']];
    for (let i = start + 1; i <= end; i++) edits.push([i + 0, '']);
    if (!this.batch) return edits;
    // every later tag with a flow indicator in one round, each as `!x` and a text found nowhere
    // else, which a string holds only where the edit was wrong (`readExact` then reads again)
    let mark = this.speculative.find(t => t.startsWith('tag'));
    const later = /(?:^|[ \t\n\r[{,])(![^ \t\n\r<][^ \t\n\r]*)/g;
    later.lastIndex = end;
    for (let m = later.exec(input); m; m = later.exec(input)) {
      const at = m.index + m[0].length - m[1].length;
      const more = m[1].startsWith('!!') ? m[1].slice(2) : m[1].slice(1);
      if (/^!([A-Za-z0-9_-]+)!/.test(m[1]) || !/[[\]{},]/.test(more) || !/^[A-Za-z0-9\-_;/?:@&=+$,.!~*'()[\]%]+$/.test(more)) continue;
      if (mark === undefined) {
        let n = 0;
        while (this.text.includes(`tag${n}x`)) n++;
        mark = `tag${n}x`;
        this.speculative.push(mark);
      }
      edits.push([at, `!x${mark}`]);
      for (let i = at + 1; i <= at + m[1].length; i++) edits.push([i, '']);
    }
    return edits;
  }

  /**
   * go-yaml ignores indentation inside flow collections; js-yaml ends a plain scalar at a line
   * indented less than the collection. Indents the lines of the open flow collections up to
   * where js-yaml failed (what it changes is whitespace go-yaml drops).
   */
  private flowIndentEdits(failedAt: number): [number, string][] {
    const spans = this.spans;
    if (!spans) return [];
    let outer = -1;
    for (let t = 0; t <= this.top; t++) {
      const s = this.openSpan[t];
      if (spans.style[s] === '[' || spans.style[s] === '{') { outer = s; break; }
    }
    if (outer === -1) return [];
    const input = this.input;
    const start = spans.start[outer];
    const need = start - lineStartOf(input, start) + 1;
    const edits: [number, string][] = [];
    for (let nl = input.indexOf('\n', start); nl !== -1 && nl < failedAt; nl = input.indexOf('\n', nl + 1)) {
      let n = 0;
      while (input[nl + 1 + n] === ' ') n++;
      const marker = n === 0 && /^(---|\.\.\.)([ \t\r\n]|$)/.test(input.slice(nl + 1, nl + 5));
      if (n < need && !marker) edits.push([nl + 1, ' '.repeat(need - n)]);
    }
    return edits;
  }

  /** The character kept after a colon that go-yaml reads as part of a plain scalar (removed from strings). */
  private colonMarker(): string {
    if (this.colon === undefined) {
      let c = 0xf8ff;
      while (this.text.indexOf(String.fromCharCode(c)) !== -1) c--;
      this.colon = String.fromCharCode(c);
      this.markers.push([this.colon, '', false]);
    }
    return this.colon;
  }

  public registerKey(node: YNode): string {
    let keys = this.openKeys[this.top];
    if (!keys) this.openKeys[this.top] = keys = [];
    keys.push(node);
    const i = keys.length - 1;
    return PAIR_IDS[i] ?? (PAIR_IDS[i] = `#${i}`);
  }

  private onEvent(event: 'open' | 'close', state: ParseState): void {
    if (event === 'open') {
      const t = ++this.top;
      this.openLine[t] = state.line;
      this.openPos[t] = state.position;
      this.openKeys[t] = undefined;
      if (t === 0) this.rootOpen = state.position;
      if (this.spans) {
        const start = contentStart(this.input, state.position);
        this.openSpan[t] = this.spans.add(state.position, start, this.input[start] ?? '', t > 0 ? this.openSpan[t - 1] : -1);
      }
      return;
    }
    const t = this.top--;
    const node = this.node(state, this.openLine[t], this.openKeys[t]);
    if (node.pos === -1) node.pos = this.openPos[t];
    if (state.tag !== null && state.tag !== PLAIN_TAG && state.tag !== '?') this.checkTag(state.tag, this.openLine[t], this.openPos[t]);
    if (state.anchor !== null && !ANCHOR_NAME.test(state.anchor)) {
      throw new KubeYamlError(`did not find expected alphabetic or numeric character (anchor "${state.anchor}")`, this.openLine[t]);
    }
    if (this.spans) {
      const s = this.openSpan[t];
      this.spans.end[s] = state.position;
      this.spans.kind[s] = node.kind === Kind.Alias ? Kind.Scalar : node.kind;
      if (node.kind === Kind.Alias) this.spans.style[s] = '*';
    }
    state.result = node;
    // js-yaml would apply its own merge for a key tagged !!merge; merges are replayed in `convert`
    if (state.tag === 'tag:yaml.org,2002:merge') state.tag = PLAIN_TAG;
    if (t === 0) this.closeRoot(node, state.input, state.position);
  }

  /** go-yaml's tag URIs: letters, digits and `-_;/?:@&=+$,.!~*'()[]%`. */
  private checkTag(tag: string, line: number, open: number): void {
    // `!!` alone: go-yaml wants a tag name after the handle
    if (tag === 'tag:yaml.org,2002:') throw new KubeYamlError('did not find expected tag URI (a "!!" without a name)', line);
    const suffix = tag.startsWith('tag:yaml.org,2002:') ? tag.slice(18) : tag.startsWith('!') ? tag.slice(1) : tag;
    const bad = /[^A-Za-z0-9\-_;/?:@&=+$,.!~*'()[\]%]/.exec(suffix);
    if (bad && this.input.includes(suffix)) throw new KubeYamlError(`did not find expected tag URI (tag "${tag}")`, line);
    // js-yaml reads on right after a verbatim tag's `>`; go-yaml wants a space there
    // (looked for among the node's properties only: a search to the end for each tag would read in quadratic time)
    const inProperties = this.input.slice(open, contentStart(this.input, open)).indexOf(`!<${tag}>`);
    const verbatim = inProperties === -1 ? -1 : open + inProperties;
    if (verbatim !== -1 && !' \t\r\n\0,'.includes(this.input[verbatim + tag.length + 3] ?? '\0')) {
      throw new KubeYamlError('did not find expected whitespace or line break (after a tag)', line);
    }
  }

  private node(state: ParseState, line: number, keys: YNode[] | undefined): YNode {
    const result: unknown = state.result;
    if (result instanceof YNode) return result;
    if (typeof result === 'object' && result !== null && !(result instanceof GoFloat) && !(result instanceof GoBigInt)) {
      const holder = result as { [NODE]?: YNode };
      const existing = holder[NODE];
      if (existing) {
        existing.aliased = true;
        return new YNode(Kind.Alias, existing, line, undefined);
      }
      if (state.kind !== 'mapping' && state.kind !== 'sequence') {
        throw new KubeYamlError('anchor value contains itself', line);
      }
      const node = new YNode(state.kind === 'mapping' ? Kind.Mapping : Kind.Sequence, result, line, keys);
      node.flow = state.input.charCodeAt(state.position - 1) === 0x7d /* } */;
      holder[NODE] = node;
      return node;
    }
    // the non-specific tag `!`: an empty node is "", and `! <<` is still a merge key
    if (state.tag === '!' && (result === null || result === '<<')) return new YNode(Kind.Scalar, result === null ? '' : MERGE_KEY, line, undefined);
    if (result === null && state.kind !== 'scalar') return new YNode(Kind.Empty, null, line, undefined);
    const node = new YNode(Kind.Scalar, result, line, undefined);
    if (state.tag === PLAIN_TAG) node.plainText = lastResolvedText();
    return node;
  }

  /** After the root node: go-yaml reads no further than the end of the first document. */
  private closeRoot(node: YNode, input: string, position: number): void {
    this.root = node;
    let p = position;
    for (;;) {
      const c = input[p];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') p++;
      else if (c === '#') while (p < input.length && input[p] !== '\n' && input[p] !== '\r') p++;
      else break;
    }
    if (p >= input.length - 1) return; // js-yaml ends its input with \0
    const lineStart = lineStartOf(input, p);
    this.docEnd = p;
    if (p === lineStart && (input.startsWith('---', p) || input.startsWith('...', p)) && ' \t\r\n\0'.includes(input[p + 3])) {
      if (node.kind === Kind.Empty) throw errorAt(input, p, 'did not find expected node content');
      throw new Stop();
    }
    if (node.kind === Kind.Mapping || node.kind === Kind.Sequence) {
      const start = contentStart(input, this.rootOpen);
      if (input[start] === '[' || input[start] === '{') throw new Stop();
      if (p - lineStart < start - lineStartOf(input, start)) throw new Stop();
    }
    this.docEnd = input.length;
  }

  // -------------------------------------------------------------------------------------------
  // go-yaml's stricter scanner

  private check(): void {
    const spans = this.spans!;
    const input = this.input;
    if (input.indexOf('\t') !== -1) this.checkTabs(spans, input);
    for (let i = 0; i < spans.start.length; i++) {
      if (spans.kind[i] !== Kind.Scalar) continue;
      const style = spans.style[i];
      const start = spans.start[i];
      const end = spans.end[i];
      if (style === '"') this.checkEscapes(start, end);
      if (!'"\'|>*'.includes(style) && spans.inFlow(i)) {
        if (input.slice(start, end).includes('?')) {
          throw errorAt(input, start, '"?" inside a plain scalar in a flow collection: go-yaml reads it as a key indicator');
        }
        if (input[start] === ':') throw errorAt(input, start, 'did not find expected node content (":" starts a value in a flow collection)');
        if (input[end] === ':' && ',[]{}'.includes(input[end + 1])) {
          throw errorAt(input, end, '":" right before a flow indicator: go-yaml reads it as part of the scalar');
        }
      }
      // go-yaml gives up on an implicit key when its ":" is more than 1024 characters away
      let p = end;
      while (input[p] === ' ' || input[p] === '\t') p++;
      const open = spans.open[i];
      if (input[p] === ':' && p - open > 1024 && codePoints(input.slice(open, p)) > 1024) {
        throw errorAt(input, open, 'could not find expected \':\' (an implicit key longer than 1024 characters)');
      }
    }
  }

  /** Tabs in the leading blanks of a line (and after `-`, `?`, `:` there), where go-yaml reads block indentation. */
  private checkTabs(spans: Spans, input: string): void {
    const leading = /^[ \t]*(?:[-?:](?=[ \t\r\n]|$)[ \t]*)*/gm;
    for (let m = leading.exec(input); m && m.index < this.docEnd; m = leading.exec(input)) {
      if (m[0].length === 0) {
        leading.lastIndex++;
        continue;
      }
      const tab = m[0].indexOf('\t');
      if (tab === -1) continue;
      const at = m.index + tab;
      const blank = input.slice(m.index + m[0].length, lineEndOf(input, at)).trim() === '';
      const s = spans.at(at);
      if (s !== -1) {
        const style = spans.style[s];
        if (spans.kind[s] === Kind.Scalar && '"\'|>'.includes(style)) continue; // js-yaml checks block scalars' indentation alike
        if (spans.isFlow(s) || spans.inFlow(s)) continue;
        // a plain scalar's continuation: js-yaml reads the line only past the scalar's indentation,
        // but skips blank lines, where go-yaml refuses a tab before that indentation
        if (spans.kind[s] === Kind.Scalar && (!blank || at - m.index >= plainIndent(spans, input, s))) continue;
      }
      // a blank line right after a plain scalar: go-yaml reads it while scanning that scalar, and
      // refuses a tab there only before the scalar's indentation
      if (blank) {
        const last = spans.lastEndingBy(at);
        if (last !== -1 && spans.kind[last] === Kind.Scalar && !'"\'|>'.includes(spans.style[last])
          && /^[ \t\n]*$/.test(input.slice(spans.end[last], m.index)) && at - m.index >= plainIndent(spans, input, last)) continue;
      }
      // a `-`, `?` or `:` that is a plain scalar's text (`- ` continuing a multi-line scalar), not
      // an indicator: the tab after it is blank space within a line, as go-yaml reads it
      let before = at - 1;
      while (before >= m.index && (input[before] === ' ' || input[before] === '\t')) before--;
      if (before >= m.index && '-?:'.includes(input[before])) {
        const owner = spans.at(before);
        if (owner !== -1 && spans.kind[owner] === Kind.Scalar) continue;
      }
      throw errorAt(input, at, 'found a tab character that violates indentation');
    }
  }

  private checkEscapes(start: number, end: number): void {
    const input = this.input;
    for (let p = input.indexOf('\\', start); p !== -1 && p < end; p = input.indexOf('\\', p + 2)) {
      const c = input[p + 1];
      if (c === '/') throw errorAt(input, p, 'found unknown escape character');
      const width = c === 'u' ? 4 : c === 'U' ? 8 : 0;
      if (width > 0) {
        const code = parseInt(input.slice(p + 2, p + 2 + width), 16);
        if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) throw errorAt(input, p, 'found invalid Unicode character escape code');
        p += width;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // LS and PS inside scalars: go-yaml keeps the character where it ends a line of the scalar

  /** LS/PS offsets inside scalars, with whether the scalar is literal; throws where the reading is not reproduced. */
  private scalarBreaks(text: string): [number, boolean][] {
    const spans = this.spans!;
    const found: [number, boolean][] = [];
    const re = /[\u2028\u2029]/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const at = m.index;
      const s = spans.at(at);
      if (s === -1 || spans.kind[s] !== Kind.Scalar || spans.style[s] === '*') continue;
      const style = spans.style[s];
      const start = spans.start[s];
      const lineStart = Math.max(lineStartOf(text, at), text.lastIndexOf('\u2028', at - 1) + 1, text.lastIndexOf('\u2029', at - 1) + 1);
      if ((style === '|' || style === '>') && lineStart <= start) continue; // it ends the header line
      if (style === '"' && /(^|[^\\])(\\\\)*\\$/.test(text.slice(start, at))) continue; // an escaped line break
      const blankLine = lineStart > start && /^[ \t]*$/.test(text.slice(lineStart, at));
      if (style === '>' || blankLine) {
        throw errorAt(this.input, at, `U+${m[0].charCodeAt(0).toString(16).toUpperCase()} on a blank line or in a folded scalar: Kubernetes' reading of it is not reproduced`);
      }
      found.push([at, style === '|']);
    }
    return found;
  }

  private parseWithMarkers(text: string, breaks: [number, boolean][]): YNode | undefined {
    const free: string[] = [];
    for (let c = 0xe000; free.length < 4; c++) if (text.indexOf(String.fromCharCode(c)) === -1) free.push(String.fromCharCode(c));
    const markerOf = (br: string, literal: boolean) => free[(literal ? 2 : 0) + (br === '\u2028' ? 0 : 1)];
    this.markers.push([free[0], '\u2028', false], [free[1], '\u2029', false], [free[2], '\u2028', true], [free[3], '\u2029', true]);
    let out = '';
    let last = 0;
    for (const [at, literal] of breaks) {
      out += `${text.slice(last, at)}${markerOf(text[at], literal)}\n`;
      last = at + 1;
    }
    out += text.slice(last);
    return this.parse(out, true);
  }

  private removeMarkers(s: string): string {
    let out = s;
    for (const [marker, br, literal] of this.markers) {
      if (out.indexOf(marker) === -1) continue;
      // literal: the marker ends a content line; flow and plain: js-yaml folded the break to a space
      out = br === '' || br === '\'' ? out.split(marker).join(br) : literal ? out.split(`${marker}\n`).join(br).split(marker).join('') : out.replace(new RegExp(`[ \\t]*${marker} ?`, 'g'), br);
    }
    return out;
  }

  private convert(root: YNode, lines: LineTable | undefined): unknown {
    const unmark = (s: string) => this.markers.length === 0 ? s : this.removeMarkers(s);
    return new Converter(this.input, unmark, (line: number) => this.fileLine(line), lines).document(root);
  }
}

/**
 * The JSON value of a parsed document, as go-yaml v2 decodes into interface{} and
 * sigs.k8s.io/yaml converts that to JSON.
 */
class Converter {
  /** go-yaml's counts for its excessive-aliasing rule (the document node counts too). */
  private decodes = 1;
  private aliases = 0;
  private nanKeys = 0;
  private nonFinite = false;

  constructor(
    private readonly input: string,
    private readonly unmark: (s: string) => string,
    private readonly fileLine: (line: number) => number,
    private readonly lines: LineTable | undefined,
  ) {}

  public document(root: YNode): unknown {
    const result = this.value(root);
    if (this.nonFinite) refuseNonFinite(result);
    return result;
  }

  private value(node: YNode | null): unknown {
    if (node === null) return null;
    switch (node.kind) {
      case Kind.Scalar: {
        this.decodes++;
        const v = scalarValue(node.value, this.unmark, node.line);
        if (v instanceof NonFinite) this.nonFinite = true;
        return v;
      }
      case Kind.Empty:
        this.decodes++;
        return null;
      case Kind.Alias:
        return this.alias(node);
      default:
        return this.collection(node);
    }
  }

  private alias(node: YNode): unknown {
    this.decodes++;
    const before = this.decodes;
    const aliases = this.aliases;
    const result = this.collection(node.value as YNode);
    // everything decoded under an alias counts as aliased
    this.aliases = aliases + (this.decodes - before);
    if (this.aliases > 100 && this.decodes > 1000 && this.aliases / this.decodes > allowedAliasRatio(this.decodes)) {
      throw new KubeYamlError('document contains excessive aliasing', node.line);
    }
    return result;
  }

  private collection(node: YNode): unknown {
    if (node.memo) {
      this.decodes += node.memo.decodes;
      return node.memo.value;
    }
    const before = this.decodes;
    this.decodes++;
    const result = node.kind === Kind.Mapping ? this.mapping(node.value as Raw, node.keys, 0, !node.flow) : this.sequence(node);
    if (node.aliased) node.memo = { value: result, decodes: this.decodes - before };
    return result;
  }

  private sequence(node: YNode): unknown[] {
    const raw = node.value as (YNode | Raw | null)[];
    const out: unknown[] = new Array(raw.length);
    const itemLines: number[] | undefined = this.lines ? new Array(raw.length) : undefined;
    let pair = 0;
    for (let i = 0; i < raw.length; i++) {
      const item = raw[i];
      if (item instanceof YNode || item === null) {
        out[i] = this.value(item);
        if (itemLines && item) itemLines[i] = this.fileLine(item.line);
      } else {
        // `[a: b]`: a one-pair mapping that js-yaml builds without a node of its own
        const first = node.keys?.[pair];
        this.decodes++;
        out[i] = this.mapping(item, node.keys, pair, false);
        pair += Object.keys(item).length;
        if (itemLines && first) itemLines[i] = this.fileLine(first.line);
      }
    }
    if (itemLines) this.lines!.set(out, itemLines);
    return out;
  }

  private mapping(raw: Raw, keys: YNode[] | undefined, firstKey: number, block: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const keyLines: Record<string, number> | undefined = this.lines ? {} : undefined;
    const target: MapTarget = { out, lines: keyLines, types: undefined };
    let k = firstKey;
    for (const id in raw) {
      const keyNode = id === 'null' ? null : keys?.[k++] ?? null;
      const valueNode = raw[id];
      if (keyNode !== null && keyNode.kind === Kind.Scalar) {
        const v = keyNode.value;
        if (typeof v === 'string' && target.types === undefined) {
          // the common case: a string key
          this.decodes++;
          if (block && k > firstKey + 1) this.keyStartsLine(keyNode);
          if (valueNode?.kind === Kind.Mapping && !valueNode.flow && valueNode.keys?.[0]?.line === keyNode.line) this.compactMapping(keyNode);
          const key = this.unmark(v);
          const value = this.value(valueNode);
          if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
          else out[key] = value;
          if (keyLines) keyLines[key] = this.fileLine(keyNode.line);
          continue;
        }
        if (v === MERGE_KEY) {
          this.merge(target, valueNode, keyNode.line);
          continue;
        }
      }
      this.decodes++;
      if (block && keyNode && k > firstKey + 1) this.keyStartsLine(keyNode);
      if (keyNode && valueNode?.kind === Kind.Mapping && !valueNode.flow && valueNode.keys?.[0]?.line === keyNode.line) this.compactMapping(keyNode);
      const [key, type] = this.goKey(keyNode, valueNode?.line);
      this.set(target, key, type, this.value(valueNode), keyNode ? this.fileLine(keyNode.line) : undefined, keyNode?.line);
    }
    if (target.types !== undefined) KEY_TYPES.set(out, target.types);
    if (keyLines) this.lines!.set(out, keyLines);
    return out;
  }

  /** js-yaml reads on after a value that ends mid-line (a multi-line quoted scalar); go-yaml wants a line break. */
  private keyStartsLine(key: YNode): void {
    const input = this.input;
    let p = key.pos - 1;
    while (p >= 0 && (input[p] === ' ' || input[p] === '\t')) p--;
    if (p >= 0 && input[p] === '?') {
      p--;
      while (p >= 0 && (input[p] === ' ' || input[p] === '\t')) p--;
    }
    if (p >= 0 && input[p] !== '\n' && input[p] !== '\r') throw new KubeYamlError('did not find expected key', key.line);
  }

  /** js-yaml reads `a: !tag k: v` (or `&anchor k: v`) as a nested mapping; go-yaml does not. */
  private compactMapping(key: YNode): never {
    throw new KubeYamlError('mapping values are not allowed in this context', key.line);
  }

  /** Sets a key as a Go map does (last wins), refusing keys of two Go types that write the same string. */
  private set(target: MapTarget, key: string, type: string, value: unknown, line: number | undefined, parseLine: number | undefined): void {
    const out = target.out;
    if (target.types === undefined && type !== 's') {
      target.types = new Map();
      for (const k of Object.keys(out)) target.types.set(k, 's');
    }
    if (target.types !== undefined) {
      const known = target.types.get(key);
      if (known !== undefined && known !== type) {
        throw new KubeYamlError(`two keys of a mapping both read as "${key}" (such as 1 and "1"): which one Kubernetes keeps is random`, parseLine);
      }
      target.types.set(key, type);
    }
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
    if (target.lines && line !== undefined) target.lines[key] = line;
  }

  /** go-yaml's merge: the mapping (or each of a list, the first winning) is set into the target, key by key. */
  private merge(target: MapTarget, node: YNode | null, line: number): void {
    const isMapping = (n: YNode) => n.kind === Kind.Mapping || (n.kind === Kind.Alias && (n.value as YNode).kind === Kind.Mapping);
    if (node !== null && isMapping(node)) {
      this.copy(target, this.value(node));
      return;
    }
    if (node === null || node.kind !== Kind.Sequence) throw new KubeYamlError('map merge requires map or sequence of maps as the value', node?.line ?? line);
    const items = node.value as (YNode | Raw | null)[];
    const pairs: number[] = [];
    for (let i = 0, pair = 0; i < items.length; i++) {
      pairs.push(pair);
      const item = items[i];
      if (item !== null && !(item instanceof YNode)) pair += Object.keys(item).length;
    }
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i];
      if (item instanceof YNode && isMapping(item)) {
        this.copy(target, this.value(item));
      } else if (item !== null && !(item instanceof YNode)) {
        this.decodes++;
        this.copy(target, this.mapping(item, node.keys, pairs[i], false));
      } else {
        throw new KubeYamlError('map merge requires map or sequence of maps as the value', node.line);
      }
    }
  }

  private copy(target: MapTarget, source: unknown): void {
    const o = source as Record<string, unknown>;
    const types = KEY_TYPES.get(o);
    const lines = this.lines?.get(o) as Record<string, number> | undefined;
    for (const k of Object.keys(o)) this.set(target, k, types?.get(k) ?? 's', o[k], lines?.[k], undefined);
  }

  /** The JSON key sigs.k8s.io/yaml writes for a map key, and its Go type. */
  private goKey(node: YNode | null, line: number | undefined): [string, string] {
    if (node === null || node.kind === Kind.Empty) throw new KubeYamlError('unsupported map key of type: <nil> (a null key)', line);
    if (node.kind !== Kind.Scalar) throw new KubeYamlError('invalid map key: a mapping or a sequence', node.line);
    const v = node.value;
    if (typeof v === 'string') return [this.unmark(v), 's'];
    if (typeof v === 'number') return [String(v), 'i'];
    if (typeof v === 'boolean') return [String(v), 'b'];
    if (v instanceof GoFloat) return [formatFloatKey(v.value), Number.isNaN(v.value) ? `nan${this.nanKeys++}` : 'f'];
    if (v instanceof GoBigInt) {
      if (v.unsigned) throw new KubeYamlError(`unsupported map key of type: uint64, key: ${v.value}`, node.line);
      return [v.value.toString(), 'i'];
    }
    throw new KubeYamlError('unsupported map key of type: <nil> (a null key)', node.line);
  }
}

/** A mapping being converted: its JSON object, the lines of its keys, the Go types of its keys once one is not a string. */
interface MapTarget {
  readonly out: Record<string, unknown>;
  readonly lines: Record<string, number> | undefined;
  types: Map<string, string> | undefined;
}

/**
 * The offsets of the `-` of every empty block sequence item (`-` alone on its line, maybe with a
 * comment) whose next line with content is a `-` item less indented (see `emptyItemEdits`), in
 * one pass over the lines.
 */
function emptyItemsBeforeOuter(text: string): number[] {
  const found: number[] = [];
  let pending = -1;
  let pendingIndent = 0;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let p = start;
    while (p < end && text.charCodeAt(p) === 0x20) p++;
    const c = text.charCodeAt(p);
    let q = p + 1;
    while (q < end && (text.charCodeAt(q) === 0x20 || text.charCodeAt(q) === 0x09)) q++;
    const blank = p === end || c === 0x23 /* # */ || (c === 0x09 && /^[ \t]*(#.*)?$/.test(text.slice(start, end)));
    if (!blank) {
      const dash = c === 0x2d /* - */ && (p + 1 === end || text.charCodeAt(p + 1) === 0x20 || text.charCodeAt(p + 1) === 0x09);
      if (pending !== -1 && dash && p - start < pendingIndent) found.push(pending);
      const empty = dash && (q === end || text.charCodeAt(q) === 0x23);
      pending = empty && p > start ? p : -1;
      pendingIndent = p - start;
    }
    start = end + 1;
  }
  return found;
}

/**
 * Applies edits, `[offset, text to insert]` (an empty text removes the character before the
 * offset), as if applied one by one from the last offset to the first; in one pass, so that
 * many edits cost no more than one (a flow sequence of 60,000 `aN:` items gets an edit each).
 */
function applyEdits(source: string, edits: [number, string][]): string {
  edits.sort((a, b) => b[0] - a[0]);
  const distinct = edits.every((e, i) => i === 0 || e[0] !== edits[i - 1][0]);
  if (!distinct) {
    // (two edits at one offset: each applied to the text the one before left)
    let out = source;
    for (const [at, insert] of edits) out = insert === '' ? `${out.slice(0, at - 1)}${out.slice(at)}` : `${out.slice(0, at)}${insert}${out.slice(at)}`;
    return out;
  }
  const parts: string[] = [];
  let last = 0;
  for (let i = edits.length - 1; i >= 0; i--) {
    const [at, insert] = edits[i];
    if (insert === '') {
      parts.push(source.slice(last, at - 1));
    } else {
      parts.push(source.slice(last, at), insert);
    }
    last = at;
  }
  parts.push(source.slice(last));
  return parts.join('');
}

/** Node properties (a tag or an anchor) that end a line, after `:`, `-` or spaces (see `propertyLineEdits`). */
const PROPERTIES_AT_LINE_END = /(?:^|[ \t])[!&][^ \t\n]*[ \t]*(?:#[^\n]*)?\n/;

/** The offsets from `from` on of each `-` alone between `[` or `,` and `,`, `]` or `}` (spaces aside). */
function loneDashes(input: string, from: number): number[] {
  const found: number[] = [];
  const re = /[[,][ \t]*-(?=[,\]}])/g;
  re.lastIndex = from;
  for (let m = re.exec(input); m; m = re.exec(input)) found.push(m.index + m[0].length - 1);
  return found;
}

/** Whether a string or a key of a JSON value holds a text (without recursion). */
function holdsText(value: unknown, text: string): boolean {
  const work: unknown[] = [value];
  while (work.length > 0) {
    const v = work.pop();
    if (typeof v === 'string') {
      if (v.includes(text)) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) work.push(x);
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes(text)) return true;
        work.push(x);
      }
    }
  }
  return false;
}

/** A flow collection right after `{` or `,`: in a flow mapping, a key. */
const FLOW_COLLECTION_ENTRY = /[{,][ \t]*[[{]/;

/** What the short reading leaves to the exact one: merge keys, anchors, tags, null or collection keys. */
const EXACT_ONLY = /<<|&|^[!:]|[\s[{,][!:]|~:|null:|Null:|NULL:|[\]}][ \t]*:/;

/** Returned by `plainJson` where the exact reading has to decide. */
const FALLBACK = Symbol('fallback');

/** js-yaml's value with floats and big integers as JSON numbers; FALLBACK for a NaN or infinity. */
function plainJson(v: unknown): unknown {
  if (v instanceof GoFloat) return Number.isFinite(v.value) ? v.value === 0 ? 0 : v.value : FALLBACK;
  if (v instanceof GoBigInt) return Number(v.value);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = plainJson(v[i]);
      if (x === FALLBACK) return FALLBACK;
      v[i] = x;
    }
  } else if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const x = plainJson(o[k]);
      if (x === FALLBACK) return FALLBACK;
      o[k] = x;
    }
  }
  return v;
}

/** 0-based line of the first content of a piece: past blank and comment lines and a leading `---`. */
function firstContentLine(text: string): number {
  let line = 0;
  for (let p = 0; p < text.length;) {
    let end = text.indexOf('\n', p);
    if (end === -1) end = text.length;
    const l = text.slice(p, end);
    if (!/^[ \t]*(#.*)?$/.test(l) && !(line === 0 && /^---([ \t].*)?$/.test(l))) return line;
    line++;
    p = end + 1;
  }
  return 0;
}

/**
 * A flow collection or quoted scalar that does not end on its line (js-yaml reads on where
 * go-yaml stops after one). Errs towards true: a quote or bracket inside a plain scalar counts
 * only where a scalar could start.
 */
function multiLineFlowOrQuote(text: string): boolean {
  const re = /["'[{]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = lineStartOf(text, m.index);
    let end = text.indexOf('\n', m.index);
    if (end === -1) end = text.length;
    if (!lineCloses(text, start, end)) return true;
    re.lastIndex = end;
  }
  return false;
}

function lineCloses(text: string, start: number, end: number): boolean {
  let depth = 0;
  let prev = '';
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === ' ' || c === '\t') continue;
    if (c === '#' && (i === start || text[i - 1] === ' ' || text[i - 1] === '\t')) break;
    const canStart = prev === '' || ':-?,[{'.includes(prev);
    if ((c === '"' || c === '\'') && canStart) {
      let j = i + 1;
      for (; j < end; j++) {
        if (c === '"' && text[j] === '\\') {j++;} else if (text[j] === c) {
          if (c === '\'' && text[j + 1] === '\'') j++;
          else break;
        }
      }
      if (j >= end) return false;
      i = j;
    } else if ((c === '[' || c === '{') && canStart) {
      depth++;
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth--;
    }
    prev = c;
  }
  return depth === 0;
}

/** A line long enough to hold an implicit key beyond go-yaml's 1024 characters. */
function hasLongKey(text: string): boolean {
  for (let last = 0, i = text.indexOf('\n'); ; i = text.indexOf('\n', i + 1)) {
    const end = i === -1 ? text.length : i;
    if (end - last > 1024 && longStretch(text, last, end)) return true;
    if (i === -1) return false;
    last = i + 1;
  }
}

/** More than 1000 characters without `:`, `,`, `[` or `{` outside quotes: room for a long key. */
function longStretch(text: string, start: number, end: number): boolean {
  let mark = start;
  let prev = '';
  for (let p = start; p < end; p++) {
    const c = text[p];
    if ((c === '"' || c === '\'') && (prev === '' || ':-?,[{ '.includes(prev))) {
      let j = p + 1;
      while (j < end && text[j] !== c) j += c === '"' && text[j] === '\\' ? 2 : 1;
      p = j;
    } else if (c === ':' || c === ',' || c === '[' || c === '{') {
      mark = p;
    }
    if (p - mark > 1000) return true;
    prev = c;
  }
  return false;
}

/**
 * `key: &a` with the mapping's first key tagged on the next line: js-yaml takes that tag for the
 * mapping's own. A non-specific tag `!` on the anchor line (no effect on a mapping) keeps it apart.
 */
function anchorLineEdits(input: string): [number, string][] {
  const edits: [number, string][] = [];
  const re = /(?:^|[ \t:-])&[A-Za-z0-9_-]+(?=[ \t]*\r?\n[ \t]*!\S*[ \t]+[^#\n]*?:(?:[ \t]|\r?\n))/g;
  for (let m = re.exec(input); m; m = re.exec(input)) edits.push([m.index + m[0].length, ' !']);
  return edits;
}


/** The parse lines (0-based) that begin after a NEL, LS, PS or lone CR. */
function extraBreakLines(text: string): number[] {
  const out: number[] = [];
  let line = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
    } else if (c === 0x85 || c === 0x2028 || c === 0x2029 || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      out.push(line);
    }
  }
  return out;
}

/** Follows an engine path (`a.b[0].c`; keys may hold dots) to the line of its last field. @internal */
export function lineOfPath(root: unknown, lines: LineTable, path: string): number | undefined {
  let current: unknown = root;
  let rest = path;
  let line: number | undefined;
  while (rest !== '') {
    if (typeof current !== 'object' || current === null) return undefined;
    const table = lines.get(current);
    if (Array.isArray(current)) {
      const m = /^\[(\d+)\]\.?/.exec(rest);
      if (!m) return undefined;
      const i = Number(m[1]);
      line = Array.isArray(table) ? table[i] : undefined;
      current = current[i];
      rest = rest.slice(m[0].length);
      continue;
    }
    const o = current as Record<string, unknown>;
    let key: string | undefined;
    for (const k of Object.keys(o)) {
      const fits = rest.startsWith(k) && (rest.length === k.length || rest[k.length] === '.' || rest[k.length] === '[');
      if (fits && (key === undefined || k.length > key.length)) key = k;
    }
    if (key === undefined) return undefined;
    line = table && !Array.isArray(table) ? table[key] : undefined;
    current = o[key];
    rest = rest.slice(key.length);
    if (rest.startsWith('.')) rest = rest.slice(1);
  }
  return line;
}

// ---------------------------------------------------------------------------------------------
// Segments: a large YAML stream read in parts (by several threads), each part read as the whole
// stream reads it

/** A part of a YAML stream between document separators, with the lines before it. @internal */
export interface StreamSegment {
  readonly text: string;
  /** Lines of the stream before the segment. */
  readonly lineOffset: number;
  /** Not the stream's first segment: read as the middle of a YAML stream. */
  readonly continued: boolean;
}

/** A document of a segment, as it crosses threads: its value and its line in the stream. @internal */
export interface SegmentDocument {
  readonly value: unknown;
  readonly line: number;
}

/** What a segment reads to: its documents, and those it cannot read (message, line, JSON or not). @internal */
export interface SegmentReading {
  readonly docs: SegmentDocument[];
  readonly errors: { readonly message: string; readonly line: number | undefined; readonly json: boolean }[];
}

const SEPARATOR_LINE = /^---(.*)$/gm;

/**
 * Cuts a YAML stream into segments of about `size` characters at lines that are exactly `---`
 * (the line itself in neither segment), so that reading the segments one after the other gives the documents and errors reading the
 * whole stream gives; one segment for a stream no longer than `size`. Undefined for a stream
 * that is read as one: JSON streams, and streams with a separator kubectl refuses (which
 * refuses the whole stream).
 * @internal
 */
export function segmentStream(text: string, size: number): StreamSegment[] | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!FIRST_CONTENT.test(body) || isJsonStream(body)) return undefined;
  SEPARATOR_LINE.lastIndex = 0;
  for (let m = SEPARATOR_LINE.exec(text); m; m = SEPARATOR_LINE.exec(text)) {
    const rest = m[1].replace(/\r$/, '').replace(TRIM_SPACE, '');
    if (rest !== '' && rest[0] !== '#') return undefined;
  }
  const segments: StreamSegment[] = [];
  let start = 0;
  let lines = 0;
  // a segment ends before a `---` line and the next starts after it, where the whole stream's
  // next piece starts
  for (;;) {
    const cut = text.length - start <= size ? -1 : text.indexOf('\n---\n', start + size);
    const part = text.slice(start, cut === -1 ? text.length : cut + 1);
    segments.push({ text: part, lineOffset: lines, continued: segments.length > 0 });
    if (cut === -1) break;
    lines += countLines(part) + 1;
    start = cut + 5;
  }
  return segments;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Reads one segment as `readKubeManifests` reads a file (one bad document hides no other),
 * with lines counted in the whole stream. Field lines are left to `segmentLines`, as they
 * cannot cross threads.
 * @internal
 */
export function readSegment(segment: StreamSegment): SegmentReading {
  const errors: KubeReadError[] = [];
  let docs: KubeDocument[] = [];
  try {
    docs = readKubeManifests(segment.text, { errors, continued: segment.continued });
  } catch (e) {
    if (!(e instanceof KubeReadError)) throw e;
    errors.push(e);
  }
  const shift = (line: number | undefined) => line === undefined ? undefined : line + segment.lineOffset;
  return {
    docs: docs.map(d => ({ value: d.value, line: shift(d.line)! })),
    errors: errors.map(e => ({ message: e.message, line: shift(e.line), json: e.json })),
  };
}

/**
 * The field lines of the documents of a segment, by the line of the document in the stream
 * (as `readSegment` gives it): the exact reading of the document's piece, made when first
 * asked for, as the short reading makes it.
 * @internal
 */
export function segmentLines(segment: StreamSegment): (line: number) => ((path: string) => number | undefined) {
  let pieces: { text: string; firstLine: number }[] | undefined;
  let needs: Needs | undefined;
  return (line) => {
    let exact: ((path: string) => number | undefined) | undefined;
    return (path) => {
      if (!exact) {
        const body = segment.continued || segment.text.charCodeAt(0) !== 0xfeff ? segment.text : segment.text.slice(1);
        pieces ??= splitYamlDocuments(body);
        needs ??= needsOf(body);
        // the piece the document is in: the last that starts at or before its line
        let lo = 0;
        let hi = pieces.length - 1;
        while (lo < hi) {
          const mid = Math.ceil((lo + hi) / 2);
          if (pieces[mid].firstLine + segment.lineOffset <= line) lo = mid;
          else hi = mid - 1;
        }
        const piece = pieces[lo];
        exact = (piece && new ChunkReader(piece.text, piece.firstLine + segment.lineOffset, true, needs).read()?.lineOf) || (() => undefined);
      }
      return exact(path);
    };
  };
}
