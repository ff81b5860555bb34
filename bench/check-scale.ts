/**
 * The command at scale, end to end (`node lib/cli/main.js check --format json`, compiled first):
 * one namespace with N Deployments and N NetworkPolicies (2,000 and 8,000), and about 200 MB of
 * block-style manifests in 20 files. Wall time and peak RSS of the process (GNU time), median of
 * the rounds.
 *
 *   npx projen compile && npx ts-node --project examples/tsconfig.json --transpile-only bench/check-scale.ts [--rounds 3]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dump } from 'js-yaml';

const CLI = path.join(__dirname, '..', 'lib', 'cli', 'main.js');

function deployment(ns: string, i: number): object {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `web-${i}`, namespace: ns },
    spec: {
      selector: { matchLabels: { app: `web-${i}` } },
      template: {
        metadata: { labels: { app: `web-${i}` } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'app', image: 'registry.example.com/app:1.2.3',
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          }],
        },
      },
    },
  };
}

function policy(ns: string, i: number): object {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `web-${i}`, namespace: ns },
    spec: { podSelector: { matchLabels: { app: `web-${i}` } }, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: `web-${i + 1}` } } }], ports: [{ port: 8080 }] }] },
  };
}

function namespaceObjects(ns: string): object[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' } } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: ns }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
  ];
}

const yaml = (objects: object[]) => objects.map(o => dump(o, { lineWidth: -1 })).join('---\n');

/** One namespace with n Deployments and n NetworkPolicies, in one file. */
function onePolicyPerWorkload(dir: string, n: number): string {
  const objects = namespaceObjects('shop');
  for (let i = 0; i < n; i++) objects.push(deployment('shop', i), policy('shop', i));
  fs.writeFileSync(path.join(dir, 'shop.yaml'), yaml(objects));
  return dir;
}

/** About `mb` MB of block-style manifests, in files of 10 MB, one namespace per file. */
function largeRepository(dir: string, mb: number): string {
  const target = mb * 1e6;
  let written = 0;
  for (let f = 0; written < target; f++) {
    const ns = `team-${f}`;
    const objects = namespaceObjects(ns);
    const header = yaml(objects);
    const parts = [header];
    let size = header.length;
    for (let i = 0; size < 10e6; i++) {
      const text = '---\n' + yaml([deployment(ns, i), policy(ns, i)]);
      parts.push(text);
      size += text.length;
    }
    fs.writeFileSync(path.join(dir, `team-${f}.yaml`), parts.join(''));
    written += size;
  }
  return dir;
}

function measure(dir: string): { seconds: number; peakRssMb: number; objects: number; status: number | null } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, CLI, 'check', '--format', 'json', '--max-file-size', '1G', dir], { encoding: 'utf-8', maxBuffer: 2 ** 30 });
  const [seconds, kb] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds, peakRssMb: kb / 1024, objects: JSON.parse(r.stdout).objectCount, status: r.status };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): void {
  const i = process.argv.indexOf('--rounds');
  const rounds = i >= 0 ? Number(process.argv[i + 1]) : 3;
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; median of ${rounds}`);
  console.log('');
  console.log('| input | objects | MB | seconds | peak RSS MB | exit |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const cases: Array<[string, () => string]> = [
    ['one namespace, 2,000 Deployments + 2,000 NetworkPolicies', () => onePolicyPerWorkload(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-')), 2000)],
    ['one namespace, 8,000 Deployments + 8,000 NetworkPolicies', () => onePolicyPerWorkload(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-')), 8000)],
    ['about 200 MB of block-style manifests, 20 files', () => largeRepository(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-')), 200)],
  ];
  for (const [name, make] of cases) {
    const dir = make();
    const mb = fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0) / 1e6;
    const runs = Array.from({ length: rounds }, () => measure(dir));
    console.log(`| ${name} | ${runs[0].objects} | ${mb.toFixed(0)} | ${median(runs.map(r => r.seconds)).toFixed(2)} | ${median(runs.map(r => r.peakRssMb)).toFixed(0)} | ${runs[0].status} |`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
