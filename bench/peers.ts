/**
 * The scanners teams use today, side by side with `check` on the same inputs (`npm run bench:peers`,
 * never part of the tests: it builds Go programs and takes minutes).
 *
 * Each peer is built once from its Go module (pinned below; `go install`, offline afterwards) into
 * the cache outside the clone ($CDK8S_HARDENING_CACHE or ~/.cache/cdk8s-hardening, peers/), and a
 * module the module proxy refuses is named in the output. The inputs: the public repositories'
 * manifests (../shared/corpus/public-manifests.tar.gz, unpacked into a temporary folder), the
 * generated 10,002 objects with a finding on every workload (bench/generated.ts), and, with
 * `--big`, about 200 MB of them in 20 files. Every run is a fresh process under GNU time: wall
 * time, peak RSS, the objects it says it read and the findings it reports. Compile first
 * (`npx projen compile`).
 *
 *   npx ts-node --project examples/tsconfig.json --transpile-only bench/peers.ts [--big] [--no-build] [--archive PATH]
 *
 * `--no-build` runs the peers already in the cache only.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dump } from 'js-yaml';
import { manifestFiles, timed } from './corpus';
import { generatedObjects } from './generated';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const CACHE = path.join(process.env.CDK8S_HARDENING_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cdk8s-hardening'), 'peers');
const CLI = path.join(__dirname, '..', 'lib', 'cli', 'main.js');

/** What one run read and found. */
interface Counted { readonly objects: number | string; readonly findings: number | string }

interface Peer {
  readonly name: string;
  /** Go module path of the command and its version. */
  readonly module: string;
  readonly version: string;
  /** Environment of the build (Trivy needs Go's encoding/json/v2). */
  readonly buildEnv?: Record<string, string>;
  /** Whether it checks security (not only schemas or user-supplied policies). */
  readonly security: string;
  /** The command line for the input files (a folder or files). */
  readonly argv: (bin: string, input: Input) => string[];
  /** Objects read and findings, from its output. */
  readonly count: (stdout: string, input: Input) => Counted;
}

interface Input {
  readonly name: string;
  /** The folder holding the files (searched recursively). */
  readonly dir: string;
  readonly files: readonly string[];
}

const PEERS: Peer[] = [
  {
    name: 'Trivy (`trivy config`, built-in checks, offline)',
    module: 'github.com/aquasecurity/trivy/cmd/trivy',
    version: 'v0.74.0',
    buildEnv: { GOEXPERIMENT: 'jsonv2' },
    security: 'yes: its Kubernetes checks (KSV)',
    argv: (bin, input) => [bin, 'config', '--quiet', '--skip-check-update', '--format', 'json', '--cache-dir', path.join(CACHE, 'trivy-cache'), input.dir],
    count: stdout => {
      const report = JSON.parse(stdout) as { Results?: Array<{ Misconfigurations?: Array<{ Status?: string }>; MisconfSummary?: { Successes?: number; Failures?: number } }> };
      const results = report.Results ?? [];
      return {
        objects: `${results.length} files`,
        findings: results.reduce((s, r) => s + (r.Misconfigurations ?? []).filter(m => m.Status === 'FAIL').length, 0),
      };
    },
  },
  {
    name: 'kube-score',
    module: 'github.com/zegl/kube-score/cmd/kube-score',
    version: 'v1.20.0',
    security: 'partly: security context, resources, probes, network policies',
    argv: (bin, input) => [bin, 'score', '--output-format', 'json', ...input.files],
    count: stdout => {
      const objects = JSON.parse(stdout) as Array<{ checks?: Array<{ grade?: number; skipped?: boolean }> }>;
      // grades: 1 critical, 5 warning, 7 almost OK, 10 all OK
      return { objects: objects.length, findings: objects.reduce((s, o) => s + (o.checks ?? []).filter(c => !c.skipped && (c.grade ?? 10) <= 5).length, 0) };
    },
  },
  {
    name: 'kubeconform (schemas only)',
    module: 'github.com/yannh/kubeconform/cmd/kubeconform',
    version: 'v0.8.0',
    security: 'no: schemas only (offline it has none: fetched from the network by default)',
    argv: (bin, input) => [bin, '-summary', '-output', 'json', '-ignore-missing-schemas', '-schema-location', path.join(CACHE, 'no-schemas', '{{ .ResourceKind }}.json'), input.dir],
    count: stdout => {
      const report = JSON.parse(stdout) as { summary?: { valid?: number; invalid?: number; errors?: number; skipped?: number } };
      const s = report.summary ?? {};
      return { objects: (s.valid ?? 0) + (s.invalid ?? 0) + (s.errors ?? 0) + (s.skipped ?? 0), findings: (s.invalid ?? 0) + (s.errors ?? 0) };
    },
  },
  {
    name: 'conftest (no built-in policies)',
    module: 'github.com/open-policy-agent/conftest',
    version: 'v0.71.1',
    security: 'no: only the Rego policies a team writes',
    argv: (bin, input) => [bin, 'test', '--no-color', '--output', 'json', '--policy', path.join(CACHE, 'no-policies'), ...input.files],
    count: stdout => {
      const results = JSON.parse(stdout) as Array<{ failures?: unknown[] }>;
      return { objects: `${results.length} files`, findings: results.reduce((s, r) => s + (r.failures ?? []).length, 0) };
    },
  },
  {
    name: 'Kubescape',
    module: 'github.com/kubescape/kubescape/v3',
    // (the module proxy refused its module's version list, 403, on 2026-12-08: no version to pin)
    version: 'latest',
    security: 'yes: its frameworks (downloaded by default)',
    argv: (bin, input) => [bin, 'scan', input.dir, '--format', 'json', '--keep-local'],
    count: () => ({ objects: '?', findings: '?' }),
  },
  {
    name: 'Polaris',
    module: 'github.com/fairwindsops/polaris',
    // (the module proxy refused its module's version list, 403, on 2026-12-08: no version to pin)
    version: 'latest',
    security: 'yes: its built-in checks',
    argv: (bin, input) => [bin, 'audit', '--audit-path', input.dir, '--format', 'json'],
    count: () => ({ objects: '?', findings: '?' }),
  },
];

/** Builds a peer into the cache (once); the binary, or why it could not be built. */
function build(peer: Peer): { bin?: string; problem?: string } {
  const dir = path.join(CACHE, `${path.basename(peer.module.replace(/\/v\d+$/, ''))}-${peer.version}`);
  const bin = path.join(dir, 'bin', path.basename(peer.module.replace(/\/v\d+$/, '')));
  if (fs.existsSync(bin)) return { bin };
  if (process.argv.includes('--no-build')) return { problem: 'not in the cache, and --no-build' };
  const run = spawnSync('go', ['install', '-ldflags=-s -w', `${peer.module}@${peer.version}`], {
    encoding: 'utf-8',
    env: { ...process.env, ...peer.buildEnv, GOBIN: path.join(dir, 'bin'), GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
    maxBuffer: 2 ** 26,
  });
  if (run.status === 0 && fs.existsSync(bin)) return { bin };
  const lines = `${run.stderr}`.split('\n').filter(l => l.trim() !== '' && !l.startsWith('go: downloading'));
  return { problem: lines.slice(-3).join(' ').slice(0, 300) };
}

function main(): void {
  const archive = path.resolve(arg('--archive', path.join(__dirname, '..', '..', 'shared', 'corpus', 'public-manifests.tar.gz')));
  if (!fs.existsSync(CLI)) throw new Error('compile first (npx projen compile): lib/cli/main.js is missing');
  fs.mkdirSync(path.join(CACHE, 'no-policies'), { recursive: true });
  fs.mkdirSync(path.join(CACHE, 'no-schemas'), { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-peers-'));
  try {
    const inputs: Input[] = [];
    const corpus = path.join(work, 'corpus');
    fs.mkdirSync(corpus);
    if (spawnSync('tar', ['-xzf', archive, '-C', corpus]).status !== 0) throw new Error(`cannot unpack ${archive}`);
    inputs.push({ name: 'public repositories (corpus)', dir: corpus, files: manifestFiles(corpus) });
    const tenK = path.join(work, '10k');
    fs.mkdirSync(tenK);
    const objects = generatedObjects(10002, false);
    const text = objects.map(o => dump(o, { noRefs: true, lineWidth: -1 })).join('---\n');
    fs.writeFileSync(path.join(tenK, 'objects.yaml'), text);
    inputs.push({ name: '10,002 objects, a finding on every workload', dir: tenK, files: [path.join(tenK, 'objects.yaml')] });
    if (process.argv.includes('--big')) {
      const big = path.join(work, 'big');
      fs.mkdirSync(big);
      const copies = Math.ceil(10e6 / Buffer.byteLength(text));
      const files: string[] = [];
      for (let f = 0; f < 20; f++) {
        const file = path.join(big, `part-${f}.yaml`);
        fs.writeFileSync(file, Array.from({ length: copies }, (_, c) => text.replace(/namespace: team-/g, `namespace: f${f}c${c}-team-`).replace(/name: team-/g, `name: f${f}c${c}-team-`)).join('---\n'));
        files.push(file);
      }
      inputs.push({ name: `about 200 MB (20 files)`, dir: big, files });
    }

    const ours: Peer = {
      name: '**cdk8s-hardening `check`**',
      module: '',
      version: '',
      security: 'yes: PSS, NSA/CISA, RBAC, network policies',
      argv: (_bin, input) => [process.execPath, CLI, 'check', '--recursive', '--format', 'json', input.dir],
      count: stdout => {
        const report = JSON.parse(stdout) as { objectCount: number; findings: unknown[] };
        return { objects: report.objectCount, findings: report.findings.length };
      },
    };
    const refused: string[] = [];
    const runnable: Array<{ peer: Peer; bin: string }> = [{ peer: ours, bin: '' }];
    for (const peer of PEERS) {
      const built = build(peer);
      if (built.bin) runnable.push({ peer, bin: built.bin });
      else refused.push(`${peer.name} (${peer.module}@${peer.version}): ${built.problem}`);
    }
    const cpu = os.cpus();
    console.log(`machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown cpu'}, Node ${process.version}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; load average at start ${os.loadavg().map(l => l.toFixed(1)).join(' ')}; one run each`);
    console.log('');
    console.log('| input | scanner | checks security | wall s | CPU s | peak RSS MB | objects read | findings | exit |');
    console.log('|---|---|---|---:|---:|---:|---:|---:|---:|');
    for (const input of inputs) {
      for (const { peer, bin } of runnable) {
        let row: string;
        try {
          const run = timed(peer.argv(bin, input));
          let counted: Counted;
          try {
            counted = peer.count(run.stdout, input);
          } catch {
            counted = { objects: 'no report', findings: 'no report' };
          }
          row = `${run.wall.toFixed(2)} | ${run.cpu.toFixed(2)} | ${run.rss.toFixed(0)} | ${counted.objects} | ${counted.findings} | ${run.status}`;
        } catch (e) {
          row = `failed: ${(e as Error).message.slice(0, 120)} | | | | | `;
        }
        console.log(`| ${input.name} | ${peer.name} | ${peer.security} | ${row} |`);
      }
    }
    if (refused.length > 0) {
      console.log('');
      for (const r of refused) console.log(`- not built: ${r}`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
