// A fast reader for the plain block-style YAML that manifest generators write (cdk8s, kubectl,
// Helm output): block mappings and sequences, plain and quoted one-line scalars, `{}` and `[]`.
// It reads about ten times faster than the general parser, which is what makes checking ten
// thousand objects take well under two seconds. It is deliberately narrow: on anything it does
// not fully understand (anchors, tags, block scalars, flow collections, multi-line scalars, tabs,
// duplicate keys...) it gives up on the document, and the caller parses that document with the
// general `yaml` parser instead. Scalars resolve as in the YAML 1.2 core schema, as `yaml` does.

/** Thrown (internally) when a document is outside the fast subset. */
class Unsupported extends Error {}

interface Line {
  readonly indent: number;
  /** Text after the indentation, comments not yet removed. */
  readonly text: string;
  /** 1-based line number in the file. */
  readonly no: number;
}

/** Line numbers of sequence items, for List objects. @internal */
export const ITEM_LINES = new WeakMap<readonly unknown[], number[]>();

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const OCT = /^0o[0-7]+$/;
const SPECIAL_START = /^[&*!%@`|>?{[\]},]/;

function resolvePlain(raw: string): unknown {
  switch (raw) {
    case '': case '~': case 'null': case 'Null': case 'NULL': return null;
    case 'true': case 'True': case 'TRUE': return true;
    case 'false': case 'False': case 'FALSE': return false;
  }
  const c = raw.charCodeAt(0);
  // only text that can be a number goes through the number patterns
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    if (INT.test(raw)) {
      const n = Number(raw);
      if (!Number.isSafeInteger(n)) throw new Unsupported();
      return n;
    }
    if (FLOAT.test(raw)) return Number(raw);
    if (HEX.test(raw)) return parseInt(raw.slice(2), 16);
    if (OCT.test(raw)) return parseInt(raw.slice(2), 8);
    if (/^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(raw)) throw new Unsupported();
  }
  return raw;
}

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', 'n': '\n', 't': '\t', 'r': '\r', '0': '\0', ' ': ' ', 'b': '\b', 'e': '\u001b', 'f': '\f', 'v': '\v', 'a': '\u0007' };

/** Reads a one-line scalar (plain or quoted), checking nothing but a comment follows it. */
function scalar(text: string): unknown {
  const first = text[0];
  let value: string;
  let rest: string;
  if (first === '"') {
    let out = '';
    let i = 1;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"') break;
      if (ch === '\\') {
        const e = text[++i];
        if (e === 'u' || e === 'x') {
          const len = e === 'u' ? 4 : 2;
          const hex = text.slice(i + 1, i + 1 + len);
          if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new Unsupported();
          out += String.fromCharCode(parseInt(hex, 16));
          i += len;
        } else if (e !== undefined && ESCAPES[e] !== undefined) {
          out += ESCAPES[e];
        } else {
          throw new Unsupported();
        }
      } else {
        out += ch;
      }
    }
    if (i >= text.length) throw new Unsupported(); // continues on the next line
    value = out;
    rest = text.slice(i + 1);
  } else if (first === '\'') {
    let out = '';
    let i = 1;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\'') {
        if (text[i + 1] === '\'') { out += '\''; i++; continue; }
        break;
      }
      out += ch;
    }
    if (i >= text.length) throw new Unsupported();
    value = out;
    rest = text.slice(i + 1);
  } else {
    if (text === '{}') return {};
    if (text === '[]') return [];
    if (SPECIAL_START.test(text) || (first === '-' && (text.length === 1 || text[1] === ' '))) throw new Unsupported();
    const hash = text.search(/\s#/);
    const plain = (hash === -1 ? text : text.slice(0, hash)).trimEnd();
    if (plain.includes(': ') || plain.endsWith(':') || plain.includes('\t') || plain.startsWith('#')) throw new Unsupported();
    return resolvePlain(plain);
  }
  const tail = rest.trimStart();
  if (tail !== '' && !(tail.startsWith('#') && rest.length > tail.length)) throw new Unsupported();
  return value;
}

/** Splits `key: rest` (or `key:`), or returns undefined when the text is not a mapping entry. */
function splitEntry(text: string): [string, string] | undefined {
  let keyEnd: number;
  let key: string;
  if (text[0] === '"' || text[0] === '\'') {
    const q = text[0];
    const close = text.indexOf(q, 1);
    if (close === -1 || text.slice(1, close).includes('\\') || (q === '\'' && text[close + 1] === '\'')) throw new Unsupported();
    if (text[close + 1] !== ':') return undefined;
    key = text.slice(1, close);
    keyEnd = close + 1;
  } else {
    const m = /:( |$)/.exec(text);
    if (!m) return undefined;
    keyEnd = m.index;
    key = text.slice(0, keyEnd);
    if (key === '' || SPECIAL_START.test(key) || key.startsWith('- ') || key.includes(' #') || key.startsWith('#') || key.includes('\t')
      || key.endsWith(' ') || typeof resolvePlain(key) !== 'string' || key.startsWith('"') || key.startsWith('\'')) throw new Unsupported();
  }
  return [key, text.slice(keyEnd + 1).trimStart()];
}

class Reader {
  private pos = 0;
  constructor(private readonly lines: readonly Line[]) {}

  public document(): unknown {
    if (this.lines.length === 0) return null;
    const value = this.node(this.lines[0].indent, false);
    if (this.pos < this.lines.length) throw new Unsupported();
    return value;
  }

  /** A block node starting at the current line, at exactly `indent`. */
  private node(indent: number, inSequenceOfMapping: boolean): unknown {
    const line = this.lines[this.pos];
    if (line.indent !== indent) throw new Unsupported();
    if (line.text === '-' || line.text.startsWith('- ')) return this.sequence(indent);
    if (inSequenceOfMapping) throw new Unsupported();
    if (splitEntry(line.text)) return this.mapping(indent, undefined);
    // a lone scalar document
    if (this.lines.length !== 1) throw new Unsupported();
    this.pos++;
    return scalar(line.text);
  }

  private mapping(indent: number, firstText: string | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let text = firstText;
    for (;;) {
      if (text === undefined) {
        const line = this.lines[this.pos];
        if (!line || line.indent < indent) break;
        if (line.indent > indent) throw new Unsupported();
        text = line.text;
      }
      const entry = splitEntry(text);
      if (!entry) throw new Unsupported();
      const [key, rest] = entry;
      if (Object.prototype.hasOwnProperty.call(out, key) || key === '__proto__') throw new Unsupported();
      this.pos++;
      text = undefined;
      if (rest === '' || rest.startsWith('#')) {
        const next = this.lines[this.pos];
        if (next && next.indent > indent) {
          out[key] = this.node(next.indent, false);
        } else if (next && next.indent === indent && (next.text === '-' || next.text.startsWith('- '))) {
          out[key] = this.sequence(indent); // "key:\n- item": a sequence may sit at the key's indent
        } else {
          out[key] = null;
        }
      } else {
        out[key] = scalar(rest);
        const next = this.lines[this.pos];
        if (next && next.indent > indent) throw new Unsupported(); // a multi-line scalar
      }
    }
    return out;
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    const lines: number[] = [];
    for (;;) {
      const line = this.lines[this.pos];
      if (!line || line.indent < indent) break;
      if (line.indent > indent || !(line.text === '-' || line.text.startsWith('- '))) {
        if (line.indent === indent) break; // the parent mapping continues
        throw new Unsupported();
      }
      lines.push(line.no);
      const rest = line.text === '-' ? '' : line.text.slice(2).trimStart();
      const restIndent = indent + (line.text.length - rest.length);
      if (rest === '' || rest.startsWith('#')) {
        this.pos++;
        const next = this.lines[this.pos];
        out.push(next && next.indent > indent ? this.node(next.indent, false) : null);
      } else if (rest === '-' || rest.startsWith('- ')) {
        throw new Unsupported(); // "- - x"
      } else if (splitEntry(rest)) {
        out.push(this.mapping(restIndent, rest));
      } else {
        this.pos++;
        out.push(scalar(rest));
        const next = this.lines[this.pos];
        if (next && next.indent > indent) throw new Unsupported();
      }
    }
    ITEM_LINES.set(out, lines);
    return out;
  }
}

/** One document of a file: its lines, and where it starts. @internal */
export interface DocumentText {
  readonly text: string;
  /** Line number (1-based) of the document's first line in the file. */
  readonly firstLine: number;
  readonly lines: Line[];
}

/**
 * Splits a YAML stream at document markers (`---` and `...` at column 0) and indexes the
 * content lines of each document. Returns undefined when the stream uses directives (`%`) or
 * content on a `---` line, which the fast path leaves to the general parser.
 * @internal
 */
export function splitDocuments(text: string): DocumentText[] | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  const docs: DocumentText[] = [];
  let current: Line[] = [];
  let start = 0;
  let startLine = 1;
  let lineNo = 0;
  let offset = 0;
  /** Just after a `...` end marker: a following `---` does not end another (empty) document. */
  let ended = false;
  const flush = (end: number, next: number, nextLine: number) => {
    docs.push({ text: text.slice(start, end), firstLine: startLine, lines: current });
    current = [];
    start = next;
    startLine = nextLine;
  };
  while (offset <= text.length) {
    let nl = text.indexOf('\n', offset);
    if (nl === -1) nl = text.length;
    lineNo++;
    let raw = text.slice(offset, nl);
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (raw.startsWith('---') && (raw.length === 3 || raw[3] === ' ' || raw[3] === '\t')) {
      if (raw.slice(3).trim() !== '' && !raw.slice(3).trim().startsWith('#')) return undefined;
      if (current.length > 0 || (docs.length > 0 && !ended) || text.slice(start, offset).trim() !== '') {flush(offset, nl + 1, lineNo + 1);} else { start = nl + 1; startLine = lineNo + 1; }
      ended = false;
    } else if (raw === '...' || raw.startsWith('... ')) {
      flush(offset, nl + 1, lineNo + 1);
      ended = true;
    } else if (raw.startsWith('%')) {
      return undefined;
    } else {
      let indent = 0;
      while (raw[indent] === ' ') indent++;
      const body = raw.slice(indent);
      if (body !== '' && !body.startsWith('#')) {
        if (body[0] === '\t' || body.trimEnd().length === 0) return undefined;
        current.push({ indent, text: body.trimEnd(), no: lineNo });
        ended = false;
      } else if (body.includes('\t') && body.trim() !== '' && !body.trimStart().startsWith('#')) {
        return undefined;
      }
    }
    offset = nl + 1;
  }
  if (current.length > 0 || text.slice(start).trim() !== '') flush(text.length, text.length, lineNo);
  return docs;
}

/**
 * Reads one document in the fast subset, or returns undefined when it is outside it.
 * @internal
 */
export function readFast(doc: DocumentText): { value: unknown } | undefined {
  try {
    return { value: new Reader(doc.lines).document() };
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}
