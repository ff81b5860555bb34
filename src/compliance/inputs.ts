import * as fs from 'fs';
import * as path from 'path';

// What the command reads: files and folders as `kubectl apply -f` reads them, standard input,
// and nothing that could hang or exhaust memory.

/** The extensions `kubectl apply -f DIR` reads in a folder (matched case-sensitively, as kubectl does). @internal */
export const MANIFEST_EXTENSIONS: readonly string[] = ['.json', '.yaml', '.yml'];

/** The default limit on the size of one input, in bytes (`--max-file-size`). @internal */
export const DEFAULT_MAX_FILE_SIZE = 128 * 2 ** 20;

/** How standard input is named in findings and messages. @internal */
export const STDIN_NAME = '<stdin>';

/** One input that cannot be checked: where and why. @internal */
export interface InputProblem {
  readonly file: string;
  readonly line?: number;
  readonly problem: string;
}

/** A file a folder holds that is not checked, and why. @internal */
export interface SkippedInput {
  readonly file: string;
  readonly reason: string;
}

/** How inputs are found and read. @internal */
export interface InputOptions {
  /** Read the folders within folders too (kubectl's `-R`). */
  readonly recursive?: boolean;
  /** Globs of files and folders not to read (`*`, `**`, `?`), matched against the path and the base name. */
  readonly exclude?: readonly string[];
  /** The largest input read, in bytes. */
  readonly maxFileSize?: number;
}

/** What `collectInputs` found. @internal */
export interface CollectedInputs {
  /** The files to read, in order; `-` is standard input. */
  readonly files: string[];
  /** The files found in folders (not named as such), which are skipped when they hold no Kubernetes objects. */
  readonly inFolders: ReadonlySet<string>;
  readonly problems: InputProblem[];
}

/** A glob as a regular expression: `**` any path, `*` any name part, `?` one character. @internal */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') {
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else {
      out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
}

/** Whether a path is excluded: a glob matches it as given, relative to the folder named, or its base name. */
function excluded(file: string, root: string, patterns: readonly RegExp[]): boolean {
  if (patterns.length === 0) return false;
  const slashed = (p: string) => p.split(path.sep).join('/').replace(/^\.\//, '');
  const candidates = [slashed(file), slashed(path.relative(root, file)), path.basename(file)];
  return patterns.some(p => candidates.some(c => p.test(c)));
}

/** Why a file (not a folder) cannot be read as an input, or undefined. */
function specialFileProblem(stat: fs.Stats): string | undefined {
  if (stat.isFIFO()) return 'is a named pipe (FIFO), which could keep the command waiting forever; pass its content on standard input (-) instead';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'is a device, not a file';
  if (stat.isSocket()) return 'is a socket, not a file';
  if (!stat.isFile()) return 'is not a regular file';
  return undefined;
}

/**
 * The files the command reads for its PATH arguments, as `kubectl apply -f` reads them: a file
 * named is read whatever its name; a folder gives its `.json`, `.yaml` and `.yml` files (those
 * extensions exactly, whatever the file's name), dot-files included, in name order, and (with `recursive`) those of the folders within it. `-` is standard
 * input. Missing paths, special files and folders with nothing to read are problems; every other
 * input is still read.
 * @internal
 */
export function collectInputs(paths: readonly string[], options: InputOptions = {}): CollectedInputs {
  const patterns = (options.exclude ?? []).map(globToRegExp);
  const files: string[] = [];
  const problems: InputProblem[] = [];
  const inFolders = new Set<string>();
  const walk = (dir: string, root: string, top: boolean): number => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({ file: dir, problem: `cannot read the folder: ${e instanceof Error ? e.message : String(e)}` });
      return 0;
    }
    let found = 0;
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const child = path.join(dir, entry.name);
      if (excluded(child, root, patterns)) continue;
      let stat: fs.Stats;
      try {
        stat = fs.statSync(child);
      } catch {
        continue; // a dangling link: kubectl skips it too
      }
      if (stat.isDirectory()) {
        if (options.recursive) found += walk(child, root, false);
        continue;
      }
      if (!MANIFEST_EXTENSIONS.includes(path.extname(entry.name))) continue;
      const special = specialFileProblem(stat);
      if (special) {
        problems.push({ file: child, problem: special });
        continue;
      }
      files.push(child);
      inFolders.add(child);
      found++;
    }
    if (top && found === 0) {
      problems.push({ file: dir, problem: `folder holds no .json, .yaml or .yml files${options.recursive ? '' : ' (folders within it are read with --recursive)'}` });
    }
    return found;
  };
  for (const p of paths) {
    if (p === '-') {
      files.push('-');
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      problems.push({ file: p, problem: 'no such file or directory' });
      continue;
    }
    if (stat.isDirectory()) {
      walk(p, p, true);
      continue;
    }
    const special = specialFileProblem(stat);
    if (special) problems.push({ file: p, problem: special });
    else files.push(p);
  }
  return { files, inFolders, problems };
}

/** Reads standard input up to `max` bytes; undefined when there is more. */
function readStdin(max: number): Buffer | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(2 ** 20);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > max) return undefined;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

/**
 * The bytes of one input, or why it cannot be read: larger than the limit (checked before
 * reading a file, and while reading standard input, so `/dev/zero` piped in stops at the limit).
 * @internal
 */
export function readInput(file: string, maxFileSize: number = DEFAULT_MAX_FILE_SIZE): Buffer | InputProblem {
  const limit = `larger than the ${formatSize(maxFileSize)} limit; raise it with --max-file-size if the input is really that large`;
  if (file === '-') {
    if (process.stdin.isTTY) return { file: STDIN_NAME, problem: 'standard input is a terminal: pipe the manifests in (e.g. kubectl get -o yaml ... | cdk8s-hardening check -)' };
    try {
      return readStdin(maxFileSize) ?? { file: STDIN_NAME, problem: limit };
    } catch (e) {
      return { file: STDIN_NAME, problem: `cannot read standard input: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  try {
    const stat = fs.statSync(file);
    if (stat.size > maxFileSize) return { file, problem: limit };
    return fs.readFileSync(file);
  } catch (e) {
    return { file, problem: `cannot read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** `128 MiB`. @internal */
export function formatSize(bytes: number): string {
  if (bytes % 2 ** 30 === 0) return `${bytes / 2 ** 30} GiB`;
  if (bytes % 2 ** 20 === 0) return `${bytes / 2 ** 20} MiB`;
  if (bytes % 2 ** 10 === 0) return `${bytes / 2 ** 10} KiB`;
  return `${bytes} bytes`;
}

/** Parses a size such as `64M`, `1G`, `500k` or `1048576` (bytes), or undefined. @internal */
export function parseSize(text: string): number | undefined {
  const m = /^([0-9]+)\s*([kKmMgG]i?[bB]?|[bB])?$/.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? '').toLowerCase().replace(/i?b$/, '').replace(/i$/, '');
  const factor = unit === 'k' ? 2 ** 10 : unit === 'm' ? 2 ** 20 : unit === 'g' ? 2 ** 30 : 1;
  const value = Number(m[1]) * factor;
  return value > 0 && Number.isSafeInteger(value) ? value : undefined;
}
