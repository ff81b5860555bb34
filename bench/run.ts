/**
 * Synthesis benchmark: N hardened Deployments in one chart against N plain cdk8s-plus-27
 * Deployments, in the same run, on the same machine.
 *
 *   npm run bench                     # N = 100, 1000, 5000; 3 rounds each
 *   npm run bench -- --sizes 100,1000 --rounds 5
 *
 * Every measurement runs in a fresh child process (so one case's garbage and JIT state do
 * not bleed into the next, and the peak RSS is that case's own); rounds are interleaved
 * (plain, hardened, plain, hardened, ...) so machine noise hits both sides alike. Reported:
 * the median wall time of construct + synth (`app.synthYaml()`), the median peak RSS, and
 * hardened/plain ratios. Results are printed as a Markdown table for docs/benchmarks.md.
 */
import { fork } from 'child_process';
import * as os from 'os';
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { benchCompliance, ComplianceBenchResult } from './compliance';
import { HardenedDeployment } from '../src';

/**
 * plain: a cdk8s-plus-27 Deployment as-is (1 object).
 * equivalent: cdk8s-plus-27 with the same objects written by hand (Deployment with isolate,
 *   ServiceAccount, Role, RoleBinding, PodDisruptionBudget: 6 objects), to separate the
 *   construct's own cost from the cost of the extra objects every hardened workload carries.
 * hardened: HardenedDeployment (6 objects with 2 replicas).
 */
type Kind = 'plain' | 'equivalent' | 'hardened';
const KINDS: Kind[] = ['plain', 'equivalent', 'hardened'];

interface Sample {
  readonly kind: Kind;
  readonly n: number;
  readonly ms: number;
  readonly peakRssMb: number;
  readonly objects: number;
  readonly yamlKb: number;
}

const resources = {
  cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
  memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
};

/** Builds and synthesizes one chart with `n` Deployments of the given kind. */
function measure(kind: Kind, n: number): Sample {
  const start = process.hrtime.bigint();
  const app = new App({ outdir: os.tmpdir() });
  const chart = new Chart(app, 'bench', { namespace: 'bench' });
  for (let i = 0; i < n; i++) {
    const props = {
      replicas: 2,
      containers: [{ name: 'app', image: `registry.acme.example/app-${i}:1.0.${i}`, portNumber: 8080, resources }],
    };
    if (kind === 'hardened') {
      new HardenedDeployment(chart, `app-${i}`, props);
    } else if (kind === 'equivalent') {
      const d = new kplus.Deployment(chart, `app-${i}`, { ...props, isolate: true });
      const sa = new kplus.ServiceAccount(d, 'ServiceAccount', { automountToken: false });
      const role = new kplus.Role(d, 'Role');
      new kplus.RoleBinding(d, 'RoleBinding', { role }).addSubjects(sa);
      new kplus.k8s.KubePodDisruptionBudget(d, 'DisruptionBudget', {
        spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: d.matchLabels } },
      });
    } else {
      new kplus.Deployment(chart, `app-${i}`, props);
    }
  }
  const yaml = app.synthYaml();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const objects = (yaml.match(/^kind: /gm) ?? []).length;
  return { kind, n, ms, peakRssMb: process.resourceUsage().maxRSS / 1024, objects, yamlKb: yaml.length / 1024 };
}

function runChild(kind: Kind, n: number): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child', kind, String(n)], {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      env: { ...process.env, TS_NODE_PROJECT: 'examples/tsconfig.json' },
    });
    child.on('message', m => resolve(m as Sample));
    child.on('error', reject);
    child.on('exit', code => { if (code !== 0) reject(new Error(`benchmark child ${kind} ${n} exited ${code}`)); });
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const sizes = arg('--sizes', '100,1000,5000').split(',').map(Number);
  const rounds = Number(arg('--rounds', '3'));
  const lines: string[] = [];
  const log = (line: string) => { lines.push(line); console.log(line); };

  log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`);
  log(`rounds: ${rounds} per case, interleaved; each in a fresh process; time = construct + app.synthYaml()`);
  log('');
  log('| N | plain ms | equivalent ms | hardened ms | hardened/plain | hardened/equivalent | hardened ms per deployment | plain / equivalent / hardened peak RSS MB | RSS hardened/plain | objects plain / hardened | YAML KiB plain / equivalent / hardened |');
  log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of sizes) {
    const samples: Record<Kind, Sample[]> = { plain: [], equivalent: [], hardened: [] };
    for (let r = 0; r < rounds; r++) {
      for (const kind of KINDS) {
        samples[kind].push(await runChild(kind, n));
      }
    }
    const t = (k: Kind) => median(samples[k].map(s => s.ms));
    const m = (k: Kind) => median(samples[k].map(s => s.peakRssMb));
    log(`| ${n} | ${t('plain').toFixed(0)} | ${t('equivalent').toFixed(0)} | ${t('hardened').toFixed(0)} | ${(t('hardened') / t('plain')).toFixed(2)} | ${(t('hardened') / t('equivalent')).toFixed(2)} | ${(t('hardened') / n).toFixed(3)} | ${m('plain').toFixed(0)} / ${m('equivalent').toFixed(0)} / ${m('hardened').toFixed(0)} | ${(m('hardened') / m('plain')).toFixed(2)} | ${samples.plain[0].objects} / ${samples.hardened[0].objects} | ${samples.plain[0].yamlKb.toFixed(0)} / ${samples.equivalent[0].yamlKb.toFixed(0)} / ${samples.hardened[0].yamlKb.toFixed(0)} |`);
  }

  await benchComplianceEngine(log);
}

/**
 * The compliance engine: parse and check a YAML stream of 10,000 objects against every pack
 * (median of 3, in a fresh process each, like the synthesis cases).
 */
async function benchComplianceEngine(log: (line: string) => void): Promise<void> {
  const runs: ComplianceBenchResult[] = [];
  for (let r = 0; r < 3; r++) {
    runs.push(await new Promise<ComplianceBenchResult>((resolve, reject) => {
      const child = fork(__filename, ['--compliance-child', '10000'], {
        execArgv: ['-r', 'ts-node/register/transpile-only'],
        env: { ...process.env, TS_NODE_PROJECT: 'examples/tsconfig.json' },
      });
      child.on('message', m => resolve(m as ComplianceBenchResult));
      child.on('error', reject);
    }));
  }
  log('');
  log('| compliance check | objects | parse + check s (median of 3) | check only s | peak RSS MB | findings |');
  log('|---|---:|---:|---:|---:|---:|');
  log(`| every pack | ${runs[0].objects} | ${median(runs.map(r => r.seconds)).toFixed(2)} | ${median(runs.map(r => r.checkSeconds)).toFixed(2)} | ${median(runs.map(r => r.peakRssMb)).toFixed(0)} | ${runs[0].findings} |`);
}

if (process.argv[2] === '--compliance-child') {
  const result = benchCompliance(Number(process.argv[3]));
  process.send!(result, () => process.exit(0));
} else if (process.argv[2] === '--child') {
  const sample = measure(process.argv[3] as Kind, Number(process.argv[4]));
  process.send!(sample, () => process.exit(0));
} else {
  main().catch(e => {
    console.error(e);
    process.exit(1);
  });
}
