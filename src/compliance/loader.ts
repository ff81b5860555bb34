import * as fs from 'fs';
import * as path from 'path';
import { isMap, isSeq, parseAllDocuments } from 'yaml';
import { ITEM_LINES, readFast, splitDocuments } from './fast-yaml';
import { asArray, asString, isObject, JsonObject } from './json';
import { KubeObject, toKubeObject } from './objects';
import { CONFIGURATION_FILE_KINDS } from '../standards/control-plane';
import { apiGroupOf, BUILT_IN_KINDS } from '../standards/kinds';

/**
 * Input that cannot be checked: unreadable, malformed, empty, binary, or not Kubernetes objects.
 * Carries the file and line so the message can point at it.
 * @internal
 */
export class ManifestError extends Error {
  constructor(public readonly file: string, public readonly line: number | undefined, public readonly problem: string) {
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
  if (known && !known.includes(kind) && !(kind.endsWith('List') && Array.isArray(json.items))) {
    return `unknown kind "${kind}" for apiVersion "${apiVersion}" (known: ${known.join(', ')})`;
  }
  return undefined;
}

/** Line starts of a text, for offset-to-line lookups. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi + 1) / 2);
      if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  };
}

function looksBinary(text: string): boolean {
  const head = text.slice(0, 8000);
  return head.includes('\u0000') || head.includes('\ufffd');
}

/** Adds one parsed document, expanding `List` objects into their items. */
function addDocument(value: unknown, file: string, line: number, itemLines: (i: number) => number, out: KubeObject[]): void {
  if (value === null || value === undefined) return;
  if (!isObject(value)) {
    throw new ManifestError(file, line, `not a Kubernetes object: the document is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not a mapping with apiVersion and kind`);
  }
  const problem = identityProblem(value);
  if (problem) throw new ManifestError(file, line, problem);
  const kind = asString(value.kind) ?? '';
  if (kind.endsWith('List') && Array.isArray(value.items)) {
    asArray(value.items).forEach((item, i) => addDocument(item, file, itemLines(i), () => itemLines(i), out));
    return;
  }
  out.push(toKubeObject(value, { file, line }));
}

/**
 * Parses the text of a YAML (multi-document) or JSON manifest file into objects, with the line
 * of each. Throws `ManifestError` for anything that cannot be checked.
 * @internal
 */
export function parseManifestText(text: string, file: string): KubeObject[] {
  if (looksBinary(text)) throw new ManifestError(file, undefined, 'binary file, not YAML or JSON');
  if (text.trim() === '') throw new ManifestError(file, 1, 'empty file: no Kubernetes objects');
  const out: KubeObject[] = [];
  const trimmed = text.trimStart();
  if (file.endsWith('.json') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const position = /position (\d+)/.exec(message);
      const line = position ? lineIndex(text)(Number(position[1])) : undefined;
      if (file.endsWith('.json')) throw new ManifestError(file, line, `malformed JSON: ${message}`);
      value = undefined; // not JSON after all: read it as YAML below
    }
    if (value !== undefined) {
      const docs = Array.isArray(value) ? value : [value];
      docs.forEach(d => addDocument(d, file, 1, () => 1, out));
      if (out.length === 0) throw new ManifestError(file, 1, 'no Kubernetes objects in the file');
      return out;
    }
  }
  const docs = splitDocuments(text);
  if (!docs) {
    parseYaml(text, file, 0, out);
  } else {
    for (const doc of docs) {
      const fast = readFast(doc);
      if (!fast) {
        parseYaml(doc.text, file, doc.firstLine - 1, out);
        continue;
      }
      const line = doc.lines[0]?.no ?? doc.firstLine;
      const items = isObject(fast.value) && Array.isArray(fast.value.items) ? ITEM_LINES.get(fast.value.items) : undefined;
      addDocument(fast.value, file, line, (i) => items?.[i] ?? line, out);
    }
  }
  if (out.length === 0) throw new ManifestError(file, 1, 'no Kubernetes objects in the file (only empty documents or comments)');
  return out;
}

/** Reads YAML with the general parser; `lineOffset` is added to every line (for a document cut out of a file). */
function parseYaml(text: string, file: string, lineOffset: number, out: KubeObject[]): void {
  const index = lineIndex(text);
  const lineOf = (offset: number) => index(offset) + lineOffset;
  const documents = parseAllDocuments(text, { uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [documents];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      const line = (error.linePos?.[0]?.line ?? index(error.pos[0])) + lineOffset;
      throw new ManifestError(file, line, `malformed YAML: ${error.message.split('\n')[0]}`);
    }
    const contents = doc.contents;
    const start = contents?.range?.[0] ?? doc.range[0];
    const itemLines = (i: number): number => {
      const items = isMap(contents) ? contents.get('items', true) : undefined;
      const node = isSeq(items) ? items.items[i] : undefined;
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      return range ? lineOf(range[0]) : lineOf(start);
    };
    addDocument(doc.toJS({ maxAliasCount: 100 }), file, lineOf(start), itemLines, out);
  }
}

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

function collectFiles(target: string, files: string[]): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new ManifestError(target, undefined, 'no such file or directory');
  }
  if (stat.isDirectory()) {
    const before = files.length;
    for (const entry of fs.readdirSync(target).sort()) {
      if (entry.startsWith('.') || entry === 'node_modules') continue;
      const child = path.join(target, entry);
      const childStat = fs.statSync(child);
      if (childStat.isDirectory()) collectFiles(child, files);
      else if (MANIFEST_EXTENSIONS.includes(path.extname(entry).toLowerCase())) files.push(child);
    }
    if (files.length === before) throw new ManifestError(target, undefined, 'directory holds no .yaml, .yml or .json files');
  } else {
    files.push(target);
  }
}

/**
 * Reads files and folders (recursively: `.yaml`, `.yml`, `.json`) into objects.
 * Throws `ManifestError` on the first input that cannot be checked.
 * @internal
 */
export function loadPaths(paths: readonly string[]): { objects: KubeObject[]; files: string[] } {
  const files: string[] = [];
  for (const p of paths) collectFiles(p, files);
  const objects: KubeObject[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf-8');
    } catch (e) {
      throw new ManifestError(file, undefined, `cannot read: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const o of parseManifestText(text, file)) objects.push(o);
  }
  return { objects, files };
}
