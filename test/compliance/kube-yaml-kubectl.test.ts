// Differential test: the loader against kubectl, which shows offline what Kubernetes reads
// (`kubectl label --local -f DIR -o json`). Generated files (kube-yaml-cases.ts) go into a
// temporary folder, kubectl reads the folder once, and for every file kubectl accepts the loader
// must produce the same JSON (less the added label), and for every file kubectl refuses the
// loader must refuse too. Without kubectl the test fails under CI=true and is skipped otherwise.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chance, deepSpec, generateFiles, GeneratedFile, generateFoldedFiles, generateReaderFamilyFiles, pick, prng } from './kube-yaml-cases';
import { loadInputs, ManifestError, parseManifests, parseManifestText } from '../../src/compliance/loader';
import { readSimpleYaml } from '../../src/compliance/simple-yaml';

const SEED = 20261124;
const FILES = 5000;
/** Files of the second review's families (items, tags on their own line, depth, size, JSON streams). */
const FAMILY_FILES = 600;
/** Files of descriptions over several lines (CRDs). */
const FOLDED_FILES = 800;

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const haveKubectl = kubectl.status === 0;

/**
 * Key order does not matter; -0 and 0 are the same number to Kubernetes. Without recursion (the
 * generated documents are nested up to thousands of levels): a copy with its keys sorted.
 */
function canonical(v: unknown): unknown {
  const copy = (x: unknown): unknown => Array.isArray(x) ? new Array(x.length)
    : typeof x === 'object' && x !== null ? {} : Object.is(x, -0) ? 0 : x;
  const root = copy(v);
  const work: [unknown, unknown][] = [[v, root]];
  while (work.length > 0) {
    const [from, to] = work.pop()!;
    if (Array.isArray(from)) {
      const out = to as unknown[];
      from.forEach((x, i) => {
        out[i] = copy(x);
        work.push([x, out[i]]);
      });
    } else if (typeof from === 'object' && from !== null) {
      const o = from as Record<string, unknown>;
      const out = to as Record<string, unknown>;
      for (const k of Object.keys(o).sort()) {
        out[k] = copy(o[k]);
        work.push([o[k], out[k]]);
      }
    }
  }
  return root;
}

/** JSON text of a value, without recursion (`JSON.stringify` overflows the stack on deep documents). */
function jsonText(v: unknown): string {
  class Token {
    constructor(readonly text: string) {}
  }
  const out: string[] = [];
  const work: unknown[] = [v];
  while (work.length > 0) {
    const x = work.pop();
    if (x instanceof Token) {
      out.push(x.text);
    } else if (Array.isArray(x)) {
      out.push('[');
      work.push(new Token(']'));
      for (let i = x.length - 1; i >= 0; i--) {
        work.push(x[i]);
        if (i > 0) work.push(new Token(','));
      }
    } else if (typeof x === 'object' && x !== null) {
      const o = x as Record<string, unknown>;
      const keys = Object.keys(o);
      out.push('{');
      work.push(new Token('}'));
      for (let i = keys.length - 1; i >= 0; i--) work.push(o[keys[i]], new Token(`${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:`));
    } else {
      out.push(JSON.stringify(x) ?? 'null');
    }
  }
  return out.join('');
}

interface Outcome {
  readonly accepted: boolean;
  readonly objects: unknown[];
  readonly error?: string;
}

/** Runs kubectl once over the folder: what it read from each file, or its error. */
function readWithKubectl(dir: string, files: readonly GeneratedFile[]): Map<string, Outcome> {
  const run = spawnSync('kubectl', ['label', '--local', '-f', dir, '-o', 'json', 'x=y'], { encoding: 'utf8', maxBuffer: 2 ** 30 });
  if (run.error) throw run.error;
  const errors = new Map<string, string>();
  for (const line of run.stderr.split('\n')) {
    const m = /([fgh]\d{4})\.yaml/.exec(line);
    if (m) errors.set(m[1], `${errors.get(m[1]) ?? ''}${line}`);
  }
  const objects = new Map<string, unknown[]>();
  for (const chunk of run.stdout.split(/(?<=^\})\n(?=\{)/m)) {
    if (chunk.trim() === '') continue;
    const out = JSON.parse(chunk) as { kind?: string; items?: unknown[] };
    for (const item of out.kind === 'List' && Array.isArray(out.items) ? out.items : [out]) {
      const o = item as { metadata: { name?: string; labels?: Record<string, string> } };
      const labels = o.metadata.labels;
      if (labels) delete labels.x;
      if (labels && Object.keys(labels).length === 0) delete o.metadata.labels;
      const file = (o.metadata.name ?? '').split('-')[0];
      objects.set(file, [...objects.get(file) ?? [], canonical(o)]);
    }
  }
  return new Map(files.map(f => [f.name, { accepted: !errors.has(f.name), objects: objects.get(f.name) ?? [], error: errors.get(f.name) }]));
}

/** What the loader reads from a file: every object it can read, and its first error. */
function readAllWithLoader(file: GeneratedFile, dir: string): Outcome {
  const { objects, errors } = parseManifests(fs.readFileSync(path.join(dir, `${file.name}.yaml`), 'utf-8'), file.name);
  const json = objects.map(o => {
    const j = canonical(o.json) as { metadata?: { labels?: Record<string, string> } };
    if (j.metadata?.labels && Object.keys(j.metadata.labels).length === 0) delete j.metadata.labels;
    return j;
  });
  return { accepted: errors.length === 0, objects: json, error: errors[0]?.message };
}

function readWithLoader(file: GeneratedFile, dir: string): Outcome {
  try {
    const objects = parseManifestText(fs.readFileSync(path.join(dir, `${file.name}.yaml`), 'utf-8'), file.name).map(o => {
      const json = JSON.parse(JSON.stringify(o.json)) as { metadata?: { labels?: Record<string, string> } };
      if (json.metadata?.labels && Object.keys(json.metadata.labels).length === 0) delete json.metadata.labels;
      return canonical(json);
    });
    return { accepted: true, objects };
  } catch (e) {
    if (e instanceof ManifestError) return { accepted: false, objects: [], error: e.message };
    throw e;
  }
}

const show = (s: string) => s.replace(/[^\x20-\x7e\n]/gu, c => `\\u{${c.codePointAt(0)!.toString(16)}}`);

// Without kubectl, the differential tests are reported as skipped (each by its name); under
// CI, kubectl is required, and its absence fails.
if (process.env.CI === 'true') {
  test('kubectl is installed (required under CI)', () => {
    expect(kubectl.error?.message ?? kubectl.stderr ?? '').not.toMatch(/ENOENT/);
    expect(kubectl.status).toBe(0);
  });
}
if (!haveKubectl) {
  // eslint-disable-next-line no-console
  console.warn('kube-yaml-kubectl.test.ts: kubectl not found, the differential tests are skipped');
}

(haveKubectl ? describe : describe.skip)(`differential tests against kubectl${haveKubectl ? '' : ' (kubectl is not installed: skipped)'}`, () => {
  test(`the loader reads ${FILES} generated files exactly as kubectl does`, () => {
    const files = generateFiles(SEED, FILES);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-yaml-'));
    try {
      for (const f of files) fs.writeFileSync(path.join(dir, `${f.name}.yaml`), f.text);
      const expected = readWithKubectl(dir, files);
      const disagreements: string[] = [];
      const tally = { accepted: 0, refused: 0, documents: 0 };
      for (const f of files) {
        const want = expected.get(f.name)!;
        const got = readWithLoader(f, dir);
        if (want.accepted) {
          tally.accepted++;
          tally.documents += want.objects.length;
        } else {
          tally.refused++;
        }
        // a file of empty documents only: kubectl has nothing to do, the loader refuses it as not a manifest
        const nothing = want.accepted && want.objects.length === 0 && /no Kubernetes objects|empty file/.test(got.error ?? '');
        const agree = nothing || (want.accepted ? got.accepted && JSON.stringify(got.objects) === JSON.stringify(want.objects) : !got.accepted);
        if (!agree) {
          disagreements.push(`${f.name} (${f.family}):\n${show(f.text).slice(0, 1500)}\n  kubectl: ${want.accepted ? JSON.stringify(want.objects) : want.error}\n  loader:  ${got.accepted ? JSON.stringify(got.objects) : got.error}`);
        }
      }
      // eslint-disable-next-line no-console
      console.log(`differential test: ${files.length} files, ${tally.documents} documents in ${tally.accepted} files kubectl accepts, ${tally.refused} files it refuses; ${disagreements.length} disagreements`);
      expect(tally.accepted).toBeGreaterThan(FILES / 3);
      expect(tally.refused).toBeGreaterThan(FILES / 10);
      expect(disagreements.slice(0, 20)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // CRD descriptions as generators write them: plain and quoted scalars over several lines (with
  // empty and comment lines, too little or more indentation), escapes, `:` before brackets
  test(`the loader reads ${FOLDED_FILES} files of descriptions over several lines as kubectl does`, () => {
    const files = generateFoldedFiles(SEED + 2, FOLDED_FILES);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-yaml-folded-'));
    try {
      for (const f of files) fs.writeFileSync(path.join(dir, `${f.name}.yaml`), f.text);
      const expected = readWithKubectl(dir, files);
      const disagreements: string[] = [];
      const tally = { accepted: 0, refused: 0, quick: 0, pieces: 0 };
      for (const f of files) {
        const want = expected.get(f.name)!;
        // (kubectl creates nothing from a YAML file with a document it refuses: the loader refuses the file)
        const got = readWithLoader(f, dir);
        tally[want.accepted ? 'accepted' : 'refused']++;
        for (const piece of f.text.split(/^---\n/m)) {
          tally.pieces++;
          if (readSimpleYaml(piece)) tally.quick++;
        }
        if (!(want.accepted ? got.accepted && JSON.stringify(got.objects) === JSON.stringify(want.objects) : !got.accepted)) {
          disagreements.push(`${f.name}:\n${show(f.text).slice(0, 1500)}\n  kubectl: ${want.accepted ? '' : `${want.error} after `}${jsonText(want.objects).slice(0, 800)}\n  loader:  ${got.accepted ? '' : `${got.error} after `}${jsonText(got.objects).slice(0, 800)}`);
        }
      }
      // eslint-disable-next-line no-console
      console.log(`differential test, folded descriptions: ${JSON.stringify(tally)}; ${disagreements.length} disagreements`);
      expect(tally.accepted).toBeGreaterThan(FOLDED_FILES / 3);
      expect(tally.refused).toBeGreaterThan(FOLDED_FILES / 20);
      // the quick reading takes part of them (the rest is left to the others)
      expect(tally.quick).toBeGreaterThan(tally.pieces / 10);
      expect(disagreements.slice(0, 10)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a folder is read as kubectl apply -f DIR reads it: every name, extensions matched case-sensitively', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-yaml-folder-'));
    try {
      const names = ['values.yaml', 'values-prod.yaml', 'Chart.yaml', 'Chart.yml', 'kustomization.yaml', 'kustomization.yml', 'cdk8s.yaml',
        'construct-metadata.json', '.hidden.yaml', 'extra.YAML', 'extra.Yml', 'extra.JSON', 'plain.yml', 'plain.json', 'notes.txt'];
      const r = prng(SEED);
      const contents: Record<string, string> = {};
      names.forEach((name, i) => {
        const pod = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod${i}"},"spec":{"containers":[{"name":"c","image":"x","securityContext":{"privileged":true}}]}}`;
        contents[name] = chance(r, 0.7) ? pod : pick(r, ['{"replicaCount": 1}', 'apiVersion: v2\nname: chart\n', 'language: typescript\n']);
        fs.writeFileSync(path.join(dir, name), contents[name]);
      });
      const run = spawnSync('kubectl', ['label', '--local', '-f', dir, '-o', 'name', 'x=y'], { encoding: 'utf8' });
      const created = run.stdout.split('\n').filter(l => l !== '').map(l => l.replace(/^pod\//, '')).sort();
      const loaded = loadInputs([dir]);
      expect(loaded.objects.map(o => o.name).sort()).toEqual(created);
      // what kubectl fails to decode (no kind) is what the loader skips, saying so
      const refused = names.filter(n => run.stderr.includes(`${n}"`)).sort();
      expect(loaded.skipped.map(s => path.basename(s.file)).sort()).toEqual(refused);
      expect(loaded.errors).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('documents nested up to kubectl\'s limit of 10,000 levels are read or refused on their own, never read otherwise', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-yaml-deep-'));
    try {
      const r = prng(SEED);
      const depths = [5000, 9990, 10001, 20000];
      depths.forEach((depth, i) => fs.writeFileSync(path.join(dir, `deep${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep${i}}\ndata: ${deepSpec(r, [depth])}\n`));
      const run = spawnSync('kubectl', ['label', '--local', '-f', dir, '-o', 'name', 'x=y'], { encoding: 'utf8' });
      depths.forEach((depth, i) => {
        const accepted = run.stdout.includes(`configmap/deep${i}\n`);
        const { objects, errors } = parseManifests(fs.readFileSync(path.join(dir, `deep${i}.yaml`), 'utf8'), `deep${i}.yaml`);
        if (!accepted) expect([depth, objects.length]).toEqual([depth, 0]);
        else expect([depth, objects.length === 1 || /nested too deeply/.test(errors[0]?.problem ?? '')]).toEqual([depth, true]);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // Where kubectl fails a file part-way (a JSON stream with text that is not JSON after some
  // objects), it has created the objects before: the loader must read the same, with an error.
  // A document nested deeper than the reader's stack may be refused where kubectl reads it (never
  // read differently).
  test(`the loader reads ${FAMILY_FILES} files of objects with items, tags on their own line, long and deep collections and JSON streams as kubectl does`, () => {
    const files = generateReaderFamilyFiles(SEED + 1, FAMILY_FILES);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-yaml-families-'));
    try {
      for (const f of files) fs.writeFileSync(path.join(dir, `${f.name}.yaml`), f.text);
      const expected = readWithKubectl(dir, files);
      const disagreements: string[] = [];
      const tally: Record<string, { accepted: number; refused: number; tooDeep: number }> = {};
      for (const f of files) {
        const want = expected.get(f.name)!;
        const got = readAllWithLoader(f, dir);
        const t = tally[f.family] ??= { accepted: 0, refused: 0, tooDeep: 0 };
        const tooDeep = want.accepted && !got.accepted && /nested too deeply/.test(got.error ?? '');
        if (tooDeep) t.tooDeep++;
        else if (want.accepted) t.accepted++;
        else t.refused++;
        const nothing = want.accepted && want.objects.length === 0 && /no Kubernetes objects|empty file/.test(got.error ?? '');
        const agree = nothing || tooDeep || (want.accepted === got.accepted && jsonText(got.objects) === jsonText(want.objects));
        if (!agree) {
          disagreements.push(`${f.name} (${f.family}):\n${show(f.text).slice(0, 1500)}\n  kubectl: ${want.accepted ? '' : `${want.error} after `}${jsonText(want.objects).slice(0, 1500)}\n  loader:  ${got.accepted ? '' : `${got.error} after `}${jsonText(got.objects).slice(0, 1500)}`);
        }
      }
      // eslint-disable-next-line no-console
      console.log(`differential test, second families: ${JSON.stringify(tally)}; ${disagreements.length} disagreements`);
      for (const family of ['items', 'tags on their own line', 'JSON streams']) {
        expect(tally[family].accepted).toBeGreaterThan(FAMILY_FILES / 20);
        expect(tally[family].refused).toBeGreaterThan(0);
      }
      expect(disagreements.slice(0, 20)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
