/**
 * Real manifests: the public repositories' manifests in ../shared/corpus/public-manifests.tar.gz
 * (unpacked into a temporary folder, never into the project), per repository:
 *
 * - end to end, each in a fresh process, interleaved, median of the rounds: `node lib/cli/main.js
 *   check --recursive --format json DIR` against a Node process that reads the same files and
 *   gives each to js-yaml's plain `loadAll` (the floor: no Kubernetes reading, no check), wall
 *   time and CPU time (user + system; the machine is shared, so CPU time is the steadier one);
 * - in one process, interleaved, median: the loader's reading (`parseManifests`, Kubernetes'
 *   reading) against `loadAll` of the same texts.
 *
 * Compile first (`npx projen compile`: the command runs lib/).
 *
 *   npx ts-node --project examples/tsconfig.json --transpile-only bench/corpus.ts [--rounds 5] [--archive PATH]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadAll } from 'js-yaml';
import { parseManifests } from '../src/compliance/loader';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Wall and CPU seconds and peak RSS (MB) of a command, from GNU time. */
export function timed(argv: readonly string[]): { wall: number; cpu: number; rss: number; status: number | null; stdout: string } {
  const run = spawnSync('/usr/bin/time', ['-f', '@@ %e %U %S %M', ...argv], { encoding: 'utf-8', maxBuffer: 2 ** 30 });
  const m = /@@ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(run.stderr);
  if (!m) throw new Error(`${argv.join(' ')}: no timing (${run.error?.message ?? run.stderr.slice(-500)})`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rss: Number(m[4]) / 1024, status: run.status, stdout: run.stdout };
}

/** The files `check -R` reads in a folder: .json, .yaml and .yml, dot-files included. */
export function manifestFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => e.isDirectory() ? manifestFiles(path.join(dir, e.name))
    : /\.(json|ya?ml)$/.test(e.name) ? [path.join(dir, e.name)] : []).sort();
}

/** A Node script that reads the files listed in argv[1] (one a line) and gives each to js-yaml's loadAll. */
const LOAD_ALL = `const fs = require('fs'); const { loadAll } = require(${JSON.stringify(require.resolve('js-yaml'))});
let docs = 0; for (const f of fs.readFileSync(process.argv[1], 'utf-8').split('\\n').filter(Boolean)) {
  try { loadAll(fs.readFileSync(f, 'utf-8'), () => { docs++; }); } catch { /* refused: as the check reports it */ } }
console.log(docs);`;

function main(): void {
  const archive = path.resolve(arg('--archive', path.join(__dirname, '..', '..', 'shared', 'corpus', 'public-manifests.tar.gz')));
  const rounds = Number(arg('--rounds', '5'));
  const cli = path.join(__dirname, '..', 'lib', 'cli', 'main.js');
  if (!fs.existsSync(cli)) throw new Error('compile first (npx projen compile): lib/cli/main.js is missing');
  if (!fs.existsSync(archive)) throw new Error(`no corpus at ${archive} (--archive PATH)`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-corpus-'));
  try {
    const untar = spawnSync('tar', ['-xzf', archive, '-C', work]);
    if (untar.status !== 0) throw new Error(`tar: ${untar.stderr}`);
    const repos = fs.readdirSync(work).filter(d => fs.statSync(path.join(work, d)).isDirectory()).sort();
    const cpu = os.cpus();
    console.log(`machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown cpu'}, Node ${process.version}; load average at start ${os.loadavg().map(l => l.toFixed(1)).join(' ')}; median of ${rounds} rounds, interleaved`);
    console.log('');
    console.log('| repository | files | MB | objects | findings | `loadAll` process s (CPU s) | `check` process s (CPU s) | check/loadAll CPU | check/loadAll wall | reading in process ms: loader / `loadAll` | ratio |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const repo of repos) {
      const dir = path.join(work, repo);
      const files = manifestFiles(dir);
      const list = path.join(work, `${repo}.files`);
      fs.writeFileSync(list, files.join('\n'));
      const texts = files.map(f => fs.readFileSync(f, 'utf-8'));
      const bytes = texts.reduce((s, t) => s + Buffer.byteLength(t), 0);
      const floor: ReturnType<typeof timed>[] = [];
      const check: ReturnType<typeof timed>[] = [];
      const reading: number[] = [];
      const plain: number[] = [];
      for (let r = 0; r < rounds; r++) {
        floor.push(timed([process.execPath, '-e', LOAD_ALL, list]));
        const c = timed([process.execPath, cli, 'check', '--recursive', '--format', 'json', dir]);
        if (c.status !== 0 && c.status !== 1 && c.status !== 2) throw new Error(`check ${repo}: exit ${c.status}`);
        check.push(c);
        let start = process.hrtime.bigint();
        texts.forEach((t, i) => parseManifests(t, files[i]));
        reading.push(Number(process.hrtime.bigint() - start) / 1e6);
        start = process.hrtime.bigint();
        for (const t of texts) {
          try {
            loadAll(t, () => undefined);
          } catch {
            // refused
          }
        }
        plain.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      const report = JSON.parse(check[0].stdout) as { objectCount: number; findings: unknown[] };
      const objects = report.objectCount;
      const findings = report.findings.length;
      const m = (xs: ReturnType<typeof timed>[], k: 'wall' | 'cpu') => median(xs.map(x => x[k]));
      console.log(`| ${repo} | ${files.length} | ${(bytes / 1e6).toFixed(2)} | ${objects} | ${findings} | ${m(floor, 'wall').toFixed(2)} (${m(floor, 'cpu').toFixed(2)}) | ${m(check, 'wall').toFixed(2)} (${m(check, 'cpu').toFixed(2)}) | ${(m(check, 'cpu') / m(floor, 'cpu')).toFixed(2)} | ${(m(check, 'wall') / m(floor, 'wall')).toFixed(2)} | ${median(reading).toFixed(0)} / ${median(plain).toFixed(0)} | ${(median(reading) / median(plain)).toFixed(2)} |`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) main();
