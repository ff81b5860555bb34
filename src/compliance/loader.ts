import * as fs from 'fs';
import { collectInputs, InputOptions, readInput, SkippedInput, STDIN_NAME } from './inputs';
import { asArray, asString, isObject, JsonObject } from './json';
import { KubeReadError, readKubeManifests, segmentLines, SegmentReading, segmentStream, StreamSegment } from './kube-reader';
import { KubeObject, toKubeObject } from './objects';
import { PARALLEL_THRESHOLD, readSegments } from './parallel-reader';
import { CONFIGURATION_FILE_KINDS } from '../standards/control-plane';
import { apiGroupOf, BUILT_IN_KINDS, isBuiltInGroup } from '../standards/kinds';

/**
 * Input that cannot be checked: unreadable, malformed, empty, binary, or not Kubernetes objects.
 * Carries the file and line so the message can point at it.
 * @internal
 */
export class ManifestError extends Error {
  /**
   * `notObject`: the document is not a Kubernetes object at all (no kind, or not a mapping), so
   * kubectl creates nothing from it; a file of a folder holding only such documents is skipped.
   */
  constructor(public readonly file: string, public readonly line: number | undefined, public readonly problem: string,
    public readonly notObject = false) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${problem}`);
    this.name = 'ManifestError';
  }
}

/** Why the identity of a document is unacceptable, or undefined when it is a Kubernetes object. */
function identityProblem(json: JsonObject): string | undefined {
  const apiVersion = asString(json.apiVersion);
  const kind = asString(json.kind);
  if (!apiVersion || !kind) {
    return `not a Kubernetes object: ${!apiVersion && !kind ? 'apiVersion and kind are' : !apiVersion ? 'apiVersion is' : 'kind is'} missing`;
  }
  // a kind of a built-in group that is not listed would otherwise escape every rule: refused;
  // kinds of other groups (custom resources) are accepted
  const group = apiGroupOf(apiVersion);
  // (the configuration files of the control plane and the kubelet count as built-in groups too)
  const known = Object.prototype.hasOwnProperty.call(BUILT_IN_KINDS, group) ? BUILT_IN_KINDS[group]
    : Object.prototype.hasOwnProperty.call(CONFIGURATION_FILE_KINDS, group) ? CONFIGURATION_FILE_KINDS[group] : undefined;
  if (known && !known.includes(kind)) {
    return `unknown kind "${kind}" for apiVersion "${apiVersion}" (known: ${known.join(', ')})`;
  }
  return undefined;
}

function looksBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\u0000');
}

type LineOf = (path: string) => number | undefined;

/** A string field that is set (kubectl's `GetKind`/`GetAPIVersion` read anything else as missing). */
function setString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** What the type of a value is, for messages. */
function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : isObject(value) ? 'a mapping' : `a ${typeof value}`;
}

/**
 * Adds one document. Any object with an `items` field is a list to kubectl (its decoder tests
 * for the field, whatever the kind): the items are the objects, the outer object is dropped
 * (`items: null` or `[]`: nothing). See `addList`.
 */
function addDocument(value: unknown, file: string, line: number | (() => number), lineOf: LineOf | undefined,
  out: KubeObject[], errors: ManifestError[]): void {
  const at = () => typeof line === 'number' ? line : line();
  if (value === null || value === undefined) return;
  if (!isObject(value)) {
    throw new ManifestError(file, at(), `not a Kubernetes object: the document is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not a mapping with apiVersion and kind`, true);
  }
  if (Object.prototype.hasOwnProperty.call(value, 'items')) {
    addList(value, file, at, lineOf, out, errors);
    return;
  }
  addObject(value, file, line, lineOf, out);
}

/**
 * The items of a list, as kubectl's unstructured decoder and `FlattenListVisitor` read them: the
 * list needs a kind (not an apiVersion); `items` must be a list (null: none) of mappings (null:
 * an empty one), else the whole document is refused; an item with neither apiVersion nor kind
 * takes the list's apiVersion and its kind less a `List` suffix; an item that is a list itself
 * (`items` a list) refuses the whole document. An item that is not an object kubectl knows is
 * an error of its own, and the others are still read.
 */
function addList(list: JsonObject, file: string, at: () => number, lineOf: LineOf | undefined, out: KubeObject[], errors: ManifestError[]): void {
  const kind = setString(list.kind);
  if (kind === '') throw new ManifestError(file, at(), 'not a Kubernetes object: kind is missing (an object with items is a list to kubectl, which needs its kind)', true);
  const items = list.items;
  if (items !== null && !Array.isArray(items)) {
    throw new ManifestError(file, at(), `a ${kind} with an items field is a list to kubectl, and its items is ${typeName(items)}, not a list: kubectl refuses it`);
  }
  const all = asArray(items);
  const bad = all.findIndex(item => item !== null && !isObject(item));
  if (bad !== -1) throw new ManifestError(file, at(), `items[${bad}] of the ${kind} is ${typeName(all[bad])}, not an object: kubectl refuses the whole list`);
  const nested = all.findIndex(item => isObject(item) && Array.isArray(item.items));
  if (nested !== -1) throw new ManifestError(file, at(), `items[${nested}] of the ${kind} is a list inside a list, which kubectl refuses (the whole list)`);
  const apiVersion = setString(list.apiVersion);
  const itemKind = kind.endsWith('List') ? kind.slice(0, -'List'.length) : kind;
  all.forEach((raw, i) => {
    let item = (raw ?? {}) as JsonObject;
    if (setString(item.kind) === '' && setString(item.apiVersion) === '') item = { ...item, apiVersion, kind: itemKind };
    const itemLineOf = lineOf ? (field: string) => lineOf(field === '' ? `items[${i}]` : `items[${i}].${field}`) : undefined;
    try {
      addObject(item, file, () => lineOf?.(`items[${i}]`) ?? at(), itemLineOf, out);
    } catch (e) {
      if (!(e instanceof ManifestError)) throw e;
      errors.push(e);
    }
  });
}

/** Adds one object that is not a list. The line of an item is looked up when first read (the reader may have to parse the list again to know it). */
function addObject(value: JsonObject, file: string, line: number | (() => number), lineOf: LineOf | undefined, out: KubeObject[]): void {
  const at = () => typeof line === 'number' ? line : line();
  const problem = identityProblem(value);
  if (problem) throw new ManifestError(file, at(), problem, setString(value.kind) === '');
  const kind = asString(value.kind) ?? '';
  if (kind === 'List' || (kind.endsWith('List') && isBuiltInGroup(asString(value.apiVersion) ?? ''))) {
    throw new ManifestError(file, at(), `a ${kind} without items: nothing in it can be checked`);
  }
  if (typeof line === 'number') {
    out.push(toKubeObject(value, { file, line, lineOf }));
  } else {
    let known: number | undefined;
    out.push(toKubeObject(value, { file, get line() { return known ??= line(); }, lineOf }));
  }
}

/** What one input holds: the objects that could be read, and why the rest could not. @internal */
export interface ParsedManifests {
  readonly objects: KubeObject[];
  readonly errors: ManifestError[];
}

/**
 * Parses the text of a manifest file (multi-document YAML, or a stream of JSON objects) into
 * objects, read as Kubernetes reads them (see kube-reader.ts), with the line of each. Every
 * document that cannot be checked (including what kubectl refuses) is an error with its line;
 * the other documents are still read. With `reread` (the file read again), the objects keep no
 * text for their field lines.
 * @internal
 */
export function parseManifests(text: string, file: string, reread?: () => string): ParsedManifests {
  const unreadable = unreadableText(text, file);
  if (unreadable) return unreadable;
  const readErrors: KubeReadError[] = [];
  let docs: ReturnType<typeof readKubeManifests> = [];
  try {
    docs = readKubeManifests(text, { lines: true, errors: readErrors, reread });
  } catch (e) {
    if (!(e instanceof KubeReadError)) throw e;
    readErrors.push(e);
  }
  return toObjects(file, readErrors, docs);
}

/** A binary or empty file: nothing in it can be read. */
function unreadableText(text: string, file: string): ParsedManifests | undefined {
  if (looksBinary(text)) return { objects: [], errors: [new ManifestError(file, undefined, 'binary file, not YAML or JSON')] };
  if (text.replace(/^\ufeff/, '').trim() === '') return { objects: [], errors: [new ManifestError(file, 1, 'empty file: no Kubernetes objects')] };
  return undefined;
}

/** The objects of the documents read from a file, and why any part of it cannot be checked. */
function toObjects(file: string, readErrors: readonly KubeReadError[],
  docs: readonly { value: unknown; line: number; lineOf?: LineOf }[]): ParsedManifests {
  const errors: ManifestError[] = [];
  const objects: KubeObject[] = [];
  for (const e of readErrors) errors.push(new ManifestError(file, e.line, `malformed ${e.json ? 'JSON' : 'YAML'}: ${e.message}`));
  for (const doc of docs) {
    try {
      addDocument(doc.value, file, doc.line, doc.lineOf, objects, errors);
    } catch (e) {
      if (!(e instanceof ManifestError)) throw e;
      errors.push(e);
    }
  }
  if (objects.length === 0 && errors.length === 0) errors.push(new ManifestError(file, 1, 'no Kubernetes objects in the file (only empty documents or comments)'));
  return { objects, errors };
}

/** Segments of at most about this many characters are shared out between reading threads. */
const SEGMENT_SIZE = 2 ** 20;

/**
 * Parses the texts of several files, as `parseManifests` parses each, with up to `threads`
 * threads when there is enough to read (YAML streams are cut into segments that read as the
 * whole stream reads; see kube-reader.ts's `segmentStream`).
 * @internal
 */
export function parseManyManifests(files: readonly { text: string; file: string }[], threads: number,
  threshold = PARALLEL_THRESHOLD, segmentSize = SEGMENT_SIZE): ParsedManifests[] {
  const total = files.reduce((sum, f) => sum + f.text.length, 0);
  if (threads <= 1 || total < threshold) return files.map(f => parseManifests(f.text, f.file));
  // which files are read in segments: YAML streams; the others (JSON, binary, empty) here
  const plans = files.map(f => unreadableText(f.text, f.file) ? undefined
    : segmentStream(f.text, segmentSize));
  const segments: StreamSegment[] = plans.flatMap(p => p ?? []);
  const readings = readSegments(segments, threads);
  let next = 0;
  return files.map((f, i) => {
    const plan = plans[i];
    if (!plan) return parseManifests(f.text, f.file);
    const own: SegmentReading[] = readings.slice(next, next + plan.length);
    next += plan.length;
    const readErrors = own.flatMap(r => r.errors.map(e => new KubeReadError(e.message, e.line, e.json)));
    const docs = own.flatMap((r, s) => {
      const lines = segmentLines(plan[s]);
      return r.docs.map(d => ({ value: d.value, line: d.line, lineOf: lines(d.line) }));
    });
    return toObjects(f.file, readErrors, docs);
  });
}

/**
 * Parses the text of a manifest file, as `parseManifests` does, and throws the first
 * `ManifestError` when any part of it cannot be checked.
 * @internal
 */
export function parseManifestText(text: string, file: string): KubeObject[] {
  const { objects, errors } = parseManifests(text, file);
  if (errors.length > 0) throw errors[0];
  return objects;
}

/** A file's bytes as text, as kubectl decodes them (UTF-16 with a byte order mark, else UTF-8). */
function decodeFile(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('utf-8');
}

/**
 * From this many bytes of input, the objects keep no text for their field lines and the files
 * are read again for them: below it, keeping the texts (about as large as the files) costs less
 * than reading a file again (measured in docs/benchmarks.md).
 */
const REREAD_FROM = 64 * 2 ** 20;

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** A file's text (`-`: standard input, named as such), or why it cannot be read. */
function readText(file: string, maxFileSize: number | undefined): { text: string; file: string } | ManifestError {
  const bytes = readInput(file, maxFileSize);
  if (!Buffer.isBuffer(bytes)) return new ManifestError(bytes.file, bytes.line, bytes.problem);
  return { text: decodeFile(bytes), file: file === '-' ? STDIN_NAME : file };
}

/** What `loadInputs` read. @internal */
export interface LoadedInputs {
  readonly objects: KubeObject[];
  /** The files read (`-` for standard input). */
  readonly files: string[];
  /** Every input, or part of one, that could not be checked. */
  readonly errors: ManifestError[];
  /** Files of the folders read that hold no Kubernetes objects, with why. */
  readonly skipped: SkippedInput[];
}

/**
 * Reads files, folders (as `kubectl apply -f` reads them, see inputs.ts) and standard input
 * (`-`) into objects. Never stops at an unusable input: each is an error, and everything else
 * is read. `rereadFrom`: the size of input from which files are read again for field lines
 * (`REREAD_FROM` unless given).
 * @internal
 */
export function loadInputs(paths: readonly string[],
  options: InputOptions & { readonly jobs?: number; readonly rereadFrom?: number } = {}): LoadedInputs {
  const collected = collectInputs(paths, options);
  const errors = collected.problems.map(p => new ManifestError(p.file, p.line, p.problem));
  const objects: KubeObject[] = [];
  const skipped: SkippedInput[] = [];
  const add = (file: string, p: ParsedManifests) => {
    // a file of a folder that holds no Kubernetes object at all (a chart's values, a project
    // file): kubectl creates nothing from it, and it is skipped with a notice
    if (collected.inFolders.has(file) && p.objects.length === 0 && p.errors.length > 0 && p.errors.every(e => e.notObject)) {
      skipped.push({ file, reason: 'holds no Kubernetes objects (no document has a kind), so nothing in it is created' });
      return;
    }
    for (const o of p.objects) objects.push(o);
    errors.push(...p.errors);
  };
  if ((options.jobs ?? 1) <= 1) {
    // one file at a time, each text left behind once read; when there is much to read, the
    // objects of a file on disk read it again for the lines of their findings
    const large = collected.files.reduce((sum, f) => sum + (f === '-' ? 0 : sizeOf(f)), 0) >= (options.rereadFrom ?? REREAD_FROM);
    for (const file of collected.files) {
      const read = readText(file, options.maxFileSize);
      if (read instanceof ManifestError) {
        errors.push(read);
        continue;
      }
      const reread = file === '-' || !large ? undefined : () => {
        const again = readText(file, options.maxFileSize);
        if (again instanceof ManifestError) throw again;
        return again.text;
      };
      add(file, parseManifests(read.text, read.file, reread));
    }
    return { objects, files: collected.files, errors, skipped };
  }
  // every file read first, then parsed together (on several threads when there is enough)
  const texts = collected.files.map(file => readText(file, options.maxFileSize));
  const readable = texts.filter((t): t is { text: string; file: string } => !(t instanceof ManifestError));
  const parsed = parseManyManifests(readable, options.jobs ?? 1);
  let next = 0;
  texts.forEach((t, i) => {
    if (t instanceof ManifestError) errors.push(t);
    else add(collected.files[i], parsed[next++]);
  });
  return { objects, files: collected.files, errors, skipped };
}

/**
 * Reads files and folders into objects, as `loadInputs` does, folders within folders included;
 * throws the first `ManifestError` when any input cannot be checked.
 * @internal
 */
export function loadPaths(paths: readonly string[]): { objects: KubeObject[]; files: string[] } {
  const loaded = loadInputs(paths, { recursive: true });
  if (loaded.errors.length > 0) throw loaded.errors[0];
  return { objects: loaded.objects, files: loaded.files };
}
