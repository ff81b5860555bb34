/**
 * The check in synth: what `Compliance.of(app).enable()` adds to synthesis, at 1, 120 x 5 and
 * 4,000 hardened workloads, and with one network allow rule per workload.
 *
 *   npx ts-node --project examples/tsconfig.json --transpile-only bench/synth-compliance.ts [--rounds 3]
 *
 * Every measurement runs in a fresh child process; rounds are interleaved (off, on, off, on ...);
 * the median wall time of construct + `app.synthYaml()` is reported with the on/off ratio.
 */
import { fork } from 'child_process';
import * as os from 'os';
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Compliance, HardenedDeployment, HardenedNamespace, Peer, PolicyPort } from '../src';

interface Case {
  readonly name: string;
  readonly charts: number;
  readonly perChart: number;
  /** Each workload after the first allows ingress from the previous one. */
  readonly allow: boolean;
}

const CASES: Case[] = [
  { name: '1 workload', charts: 1, perChart: 1, allow: false },
  { name: '120 charts x 5 workloads', charts: 120, perChart: 5, allow: false },
  { name: '4,000 workloads', charts: 1, perChart: 4000, allow: false },
  { name: '2,000 workloads, one allowIngressFrom each', charts: 1, perChart: 2000, allow: true },
];

const resources = {
  cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
  memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
};

function measure(c: Case, compliance: boolean): { ms: number; peakRssMb: number; objects: number } {
  const start = process.hrtime.bigint();
  const app = new App({ outdir: os.tmpdir() });
  const base = new Chart(app, 'base');
  new HardenedNamespace(base, 'ns', { name: 'bench', quota: { pods: 100000, requestsCpu: '100000', limitsCpu: '100000', requestsMemory: '100000Gi', limitsMemory: '100000Gi' } });
  let previous: HardenedDeployment | undefined;
  for (let chartIndex = 0; chartIndex < c.charts; chartIndex++) {
    const chart = new Chart(app, `c${chartIndex}`);
    for (let i = 0; i < c.perChart; i++) {
      const w = new HardenedDeployment(chart, `app-${i}`, {
        metadata: { namespace: 'bench' },
        containers: [{ name: 'app', image: `registry.acme.example/app-${chartIndex}-${i}:1.0.0`, ports: [{ number: 8080, name: 'http' }], resources }],
      });
      if (c.allow && previous) w.allowIngressFrom(Peer.workload(previous), { ports: [PolicyPort.tcp(8080)] });
      previous = w;
    }
  }
  if (compliance) Compliance.of(app).enable();
  const yaml = app.synthYaml();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, peakRssMb: process.resourceUsage().maxRSS / 1024, objects: (yaml.match(/^kind: /gm) ?? []).length };
}

function runChild(index: number, compliance: boolean): Promise<{ ms: number; peakRssMb: number; objects: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child', String(index), String(compliance)], {
      execArgv: ['-r', 'ts-node/register/transpile-only', '--max-old-space-size=8192'],
      env: { ...process.env, TS_NODE_PROJECT: 'examples/tsconfig.json' },
    });
    child.on('message', m => resolve(m as { ms: number; peakRssMb: number; objects: number }));
    child.on('error', reject);
    child.on('exit', code => { if (code !== 0) reject(new Error(`child ${index} ${compliance} exited ${code}`)); });
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--rounds');
  const rounds = i >= 0 ? Number(process.argv[i + 1]) : 3;
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${rounds} rounds, interleaved, fresh process each`);
  console.log('');
  console.log('| case | objects | compliance off ms | compliance on ms | on/off | peak RSS MB off / on |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (let index = 0; index < CASES.length; index++) {
    const off: Array<{ ms: number; peakRssMb: number; objects: number }> = [];
    const on: Array<{ ms: number; peakRssMb: number; objects: number }> = [];
    for (let r = 0; r < rounds; r++) {
      off.push(await runChild(index, false));
      on.push(await runChild(index, true));
    }
    const tOff = median(off.map(s => s.ms));
    const tOn = median(on.map(s => s.ms));
    console.log(`| ${CASES[index].name} | ${off[0].objects} | ${tOff.toFixed(0)} | ${tOn.toFixed(0)} | ${(tOn / tOff).toFixed(2)} | ${median(off.map(s => s.peakRssMb)).toFixed(0)} / ${median(on.map(s => s.peakRssMb)).toFixed(0)} |`);
  }
}

if (process.argv[2] === '--child') {
  const result = measure(CASES[Number(process.argv[3])], process.argv[4] === 'true');
  process.send!(result, () => process.exit(0));
} else {
  main().catch(e => {
    console.error(e);
    process.exit(1);
  });
}
