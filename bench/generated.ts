/**
 * Generated objects: the engine benchmark's 10,002 objects (namespaces with their supporting
 * objects and 45 Deployments each) as one block-style YAML file, clean (one Deployment per
 * namespace with hostNetwork) and with a finding on every workload (the same objects without the
 * namespaces' NetworkPolicies: every Deployment is isolated by none). Each in a fresh process,
 * interleaved, median of the rounds, wall and CPU time (user + system):
 *
 * - `node lib/cli/main.js check --format json FILE`, clean and with findings;
 * - the floor: a Node process that reads the same objects as JSON and gives them to `JSON.parse`;
 *   and `JSON.parse` alone, timed inside that process.
 *
 * Compile first (`npx projen compile`).
 *
 *   npx ts-node --project examples/tsconfig.json --transpile-only bench/generated.ts [--objects 10002] [--rounds 5]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dump } from 'js-yaml';
import { namespaceObjects } from './compliance';
import { median, timed } from './corpus';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** `count` objects, with or without the namespaces' NetworkPolicies (the same count either way). */
export function generatedObjects(count: number, policies: boolean): object[] {
  const objects: object[] = [];
  for (let n = 0; objects.length < count; n++) {
    objects.push(...namespaceObjects(`team-${n}`, 45).filter(o => policies || (o as { kind: string }).kind !== 'NetworkPolicy'));
  }
  objects.length = count;
  return objects;
}

const PARSE = `const fs = require('fs'); const text = fs.readFileSync(process.argv[1], 'utf-8');
const start = process.hrtime.bigint(); const objects = JSON.parse(text);
console.log(objects.length, Number(process.hrtime.bigint() - start) / 1e9);`;

function main(): void {
  const count = Number(arg('--objects', '10002'));
  const rounds = Number(arg('--rounds', '5'));
  const cli = path.join(__dirname, '..', 'lib', 'cli', 'main.js');
  if (!fs.existsSync(cli)) throw new Error('compile first (npx projen compile): lib/cli/main.js is missing');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-generated-'));
  try {
    const inputs = { clean: generatedObjects(count, true), findings: generatedObjects(count, false) };
    const files: Record<string, string> = {};
    for (const [name, objects] of Object.entries(inputs)) {
      files[name] = path.join(dir, `${name}.yaml`);
      fs.writeFileSync(files[name], objects.map(o => dump(o, { noRefs: true, lineWidth: -1 })).join('---\n'));
      fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(objects));
    }
    const samples: Record<string, ReturnType<typeof timed>[]> = { clean: [], findings: [], floor: [] };
    const parse: number[] = [];
    const findings: Record<string, number> = {};
    for (let r = 0; r < rounds; r++) {
      for (const name of ['clean', 'findings'] as const) {
        const run = timed([process.execPath, cli, 'check', '--format', 'json', files[name]]);
        if (run.status !== 0 && run.status !== 1) throw new Error(`check ${name}: exit ${run.status}`);
        findings[name] = (JSON.parse(run.stdout) as { findings: unknown[] }).findings.length;
        samples[name].push(run);
      }
      const floor = timed([process.execPath, '-e', PARSE, path.join(dir, 'clean.json')]);
      samples.floor.push(floor);
      parse.push(Number(floor.stdout.trim().split(' ')[1]));
    }
    const m = (name: string, k: 'wall' | 'cpu') => median(samples[name].map(x => x[k]));
    const rss = (name: string) => Math.max(...samples[name].map(x => x.rss));
    const cpu = os.cpus();
    console.log(`machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown cpu'}, Node ${process.version}; load average at start ${os.loadavg().map(l => l.toFixed(1)).join(' ')}; ${count} objects; median of ${rounds} rounds, interleaved`);
    console.log('');
    console.log('| input | MB | findings | wall s | CPU s | peak RSS MB | wall / `JSON.parse` process | wall / `JSON.parse` alone | CPU / `JSON.parse` process |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    const parseAlone = median(parse);
    for (const name of ['clean', 'findings']) {
      const mb = fs.statSync(files[name]).size / 1e6;
      console.log(`| \`check\`, ${name === 'clean' ? 'clean' : 'a finding on every workload'} | ${mb.toFixed(1)} | ${findings[name]} | ${m(name, 'wall').toFixed(2)} | ${m(name, 'cpu').toFixed(2)} | ${rss(name).toFixed(0)} | ${(m(name, 'wall') / m('floor', 'wall')).toFixed(1)}x | ${(m(name, 'wall') / parseAlone).toFixed(1)}x | ${(m(name, 'cpu') / m('floor', 'cpu')).toFixed(1)}x |`);
    }
    console.log(`| Node process: read the JSON, \`JSON.parse\` | ${(fs.statSync(path.join(dir, 'clean.json')).size / 1e6).toFixed(1)} | | ${m('floor', 'wall').toFixed(2)} | ${m('floor', 'cpu').toFixed(2)} | ${rss('floor').toFixed(0)} | 1.0x | | 1.0x |`);
    console.log(`| \`JSON.parse\` alone (in that process) | | | ${parseAlone.toFixed(3)} | | | | 1.0x | |`);
    console.log('');
    console.log(`findings over clean: wall ${((m('findings', 'wall') / m('clean', 'wall') - 1) * 100).toFixed(0)} %, CPU ${((m('findings', 'cpu') / m('clean', 'cpu') - 1) * 100).toFixed(0)} %`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
