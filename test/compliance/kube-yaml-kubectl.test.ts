// Differential test: the loader against kubectl, which shows offline what Kubernetes reads
// (`kubectl label --local -f DIR -o json`). Generated files (kube-yaml-cases.ts) go into a
// temporary folder, kubectl reads the folder once, and for every file kubectl accepts the loader
// must produce the same JSON (less the added label), and for every file kubectl refuses the
// loader must refuse too. Without kubectl the test fails under CI=true and is skipped otherwise.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateFiles, GeneratedFile } from './kube-yaml-cases';
import { ManifestError, parseManifestText } from '../../src/compliance/loader';

const SEED = 20261124;
const FILES = 5000;

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const haveKubectl = kubectl.status === 0;

/** Key order does not matter; -0 and 0 are the same number to Kubernetes. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map(k => [k, canonical(o[k])]));
  }
  return Object.is(v, -0) ? 0 : v;
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
    const m = /(f\d{4})\.yaml/.exec(line);
    if (m) errors.set(m[1], `${errors.get(m[1]) ?? ''}${line}`);
  }
  const objects = new Map<string, unknown[]>();
  for (const chunk of run.stdout.split(/(?<=^\})\n(?=\{)/m)) {
    if (chunk.trim() === '') continue;
    const out = JSON.parse(chunk) as { kind?: string; items?: unknown[] };
    for (const item of out.kind === 'List' && Array.isArray(out.items) ? out.items : [out]) {
      const o = item as { metadata: { name: string; labels?: Record<string, string> } };
      const labels = o.metadata.labels;
      if (labels) delete labels.x;
      if (labels && Object.keys(labels).length === 0) delete o.metadata.labels;
      const file = o.metadata.name.split('-')[0];
      objects.set(file, [...objects.get(file) ?? [], canonical(o)]);
    }
  }
  return new Map(files.map(f => [f.name, { accepted: !errors.has(f.name), objects: objects.get(f.name) ?? [], error: errors.get(f.name) }]));
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

if (!haveKubectl && process.env.CI !== 'true') {
  test.skip('differential test against kubectl (kubectl is not installed: skipped)', () => undefined);
  // eslint-disable-next-line no-console
  console.warn('kube-yaml-kubectl.test.ts: kubectl not found, the differential test is skipped');
} else {
  test('kubectl is installed (required under CI)', () => {
    expect(kubectl.error?.message ?? kubectl.stderr ?? '').not.toMatch(/ENOENT/);
    expect(kubectl.status).toBe(0);
  });

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
}
