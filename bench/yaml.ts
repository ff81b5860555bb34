/**
 * Manifest reading benchmark: the same objects (10,002 by default) as one multi-document YAML
 * stream in block style and in flow style (`{...}` documents), read by the loader, against
 * `JSON.parse` of the same objects, in the same process (median of the rounds, interleaved);
 * the exact reading (every node replayed, as for text the short reading leaves to it) with and
 * without field lines; then `node lib/cli/main.js check` end to end on each file, in a fresh
 * process each time (compile first: `npx projen compile`).
 *
 *   npx ts-node --project examples/tsconfig.json --transpile-only bench/yaml.ts [--objects 10002] [--rounds 5]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dump } from 'js-yaml';
import { namespaceObjects } from './compliance';
import { readKubeManifests } from '../src/compliance/kube-reader';
import { parseManifestText } from '../src/compliance/loader';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function seconds(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const count = Number(arg('--objects', '10002'));
const rounds = Number(arg('--rounds', '5'));
const objects: object[] = [];
for (let n = 0; objects.length < count; n++) objects.push(...namespaceObjects(`team-${n}`, 45));
objects.length = count;

// a stream starting with `{` is JSON to kubectl: flow documents follow a `---` line
const texts = {
  block: objects.map(o => dump(o, { noRefs: true, lineWidth: -1 })).join('---\n'),
  flow: objects.map(o => `---\n${dump(o, { noRefs: true, lineWidth: -1, flowLevel: 0 })}`).join(''),
  json: JSON.stringify(objects),
};
const mb = (t: string) => (Buffer.byteLength(t) / 1e6).toFixed(1);

const cases: [string, string, () => unknown][] = [
  ['YAML, block style', texts.block, () => parseManifestText(texts.block, 'block.yaml')],
  ['YAML, flow style', texts.flow, () => parseManifestText(texts.flow, 'flow.yaml')],
  ['`JSON.parse`, same objects', texts.json, () => JSON.parse(texts.json)],
  ['YAML, block style, exact reading', texts.block, () => readKubeManifests(texts.block, { exact: true })],
  ['YAML, block style, exact reading with field lines', texts.block, () => readKubeManifests(texts.block, { exact: true, lines: true })],
];
const times: number[][] = cases.map(() => []);
for (let r = 0; r < rounds; r++) cases.forEach(([, , run], i) => times[i].push(seconds(run)));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-yaml-'));
const cli = path.join(__dirname, '..', 'lib', 'cli', 'main.js');
const endToEnd: Record<'block' | 'flow', number[]> = { block: [], flow: [] };
if (fs.existsSync(cli)) {
  for (const style of ['block', 'flow'] as const) fs.writeFileSync(path.join(dir, `${style}.yaml`), texts[style]);
  for (let r = 0; r < 3; r++) {
    for (const style of ['block', 'flow'] as const) {
      const start = process.hrtime.bigint();
      const run = spawnSync(process.execPath, [cli, 'check', '--format', 'json', path.join(dir, `${style}.yaml`)], { maxBuffer: 2 ** 30 });
      endToEnd[style].push(Number(process.hrtime.bigint() - start) / 1e9);
      if (run.status !== 0 && run.status !== 1) throw new Error(`check ${style}: exit ${run.status}: ${run.stderr.toString()}`);
    }
  }
}
fs.rmSync(dir, { recursive: true, force: true });

const cpu = os.cpus();
console.log(`machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown cpu'}, Node ${process.version}; ${count} objects; median of ${rounds} rounds in one process`);
console.log('');
console.log('| input | MB | parse s (median) | min s | vs `JSON.parse` | `check` end to end s (3 runs) |');
console.log('|---|---:|---:|---:|---:|---:|');
const json = median(times[2]);
cases.forEach(([label, text], i) => {
  const style = i === 0 ? 'block' : i === 1 ? 'flow' : undefined;
  const e2e = style ? endToEnd[style].map(s => s.toFixed(2)).join(', ') : '';
  console.log(`| ${label} | ${mb(text)} | ${median(times[i]).toFixed(3)} | ${Math.min(...times[i]).toFixed(3)} | ${(median(times[i]) / json).toFixed(1)}x | ${e2e} |`);
});
