// The reachability computation against an analyser nobody here wrote: cyclonus' matcher
// (github.com/mattfenwick/cyclonus/pkg/matcher), built from the Go module proxy by the small
// program in tools/netpol-oracle into a cache outside the clone. On 1,200 generated sets of
// namespaces, workloads and NetworkPolicies, every (caller, receiver, receiver's container
// port) is asked of both: they must agree on every one, and on the example cluster.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { ExampleCluster } from '../../examples/main';
import { toKubeObject } from '../../src/compliance/objects';
import { NetworkReachability } from '../../src/network/reachability';
import { Json } from '../helpers';
import { seeded } from '../random';

const TOOL = path.join(__dirname, '../../tools/netpol-oracle');
const CACHE = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cdk8s-hardening', 'netpol-oracle');
const BINARY = path.join(CACHE, 'netpol-oracle');
const HAS_GO = spawnSync('go', ['version']).status === 0;

/** Builds the oracle (Go's build cache makes a rebuild of an unchanged program quick). */
function buildOracle(): void {
  fs.mkdirSync(CACHE, { recursive: true });
  const built = spawnSync('go', ['build', '-o', BINARY, '.'], { cwd: TOOL, encoding: 'utf8', timeout: 20 * 60 * 1000 });
  if (built.status !== 0) throw new Error(`cannot build tools/netpol-oracle: ${built.stderr}`);
}

interface Peer { namespace: string; namespaceLabels: Json; podLabels: Json }
interface Case { src: Peer; dst: Peer; port: number; portName?: string; protocol: string }

function askOracle(sets: Array<{ policies: Json[]; cases: Case[] }>): boolean[][] {
  const run = spawnSync(BINARY, [], { input: JSON.stringify({ sets }), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`netpol-oracle failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** The oracle's answers and ours on a set of objects, as `caller -> receiver protocol/port` lists. */
function compare(objects: Json[]): { set: { policies: Json[]; cases: Case[] }; keys: string[]; ours: Set<string> } {
  const namespaces = new Map<string, Json>();
  for (const o of objects) if (o.kind === 'Namespace') namespaces.set(o.metadata.name, o.metadata.labels ?? {});
  const peerOf = (w: Json): Peer => {
    const ns = w.metadata.namespace ?? 'default';
    const template = w.kind === 'CronJob' ? w.spec.jobTemplate.spec.template : w.spec.template;
    return { namespace: ns, namespaceLabels: { ...(namespaces.get(ns) ?? {}), 'kubernetes.io/metadata.name': ns }, podLabels: template.metadata?.labels ?? {} };
  };
  const workloads = objects.filter(o => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(o.kind));
  const portsOf = (w: Json): Json[] => {
    const template = w.kind === 'CronJob' ? w.spec.jobTemplate.spec.template : w.spec.template;
    return (template.spec.containers ?? []).flatMap((c: Json) => c.ports ?? []);
  };
  const id = (w: Json) => `${w.metadata.namespace ?? 'default'}/${w.metadata.name}`;
  const cases: Case[] = [];
  const keys: string[] = [];
  for (const src of workloads) {
    for (const dst of workloads) {
      for (const p of portsOf(dst)) {
        cases.push({ src: peerOf(src), dst: peerOf(dst), port: p.containerPort, portName: p.name, protocol: p.protocol ?? 'TCP' });
        keys.push(`${id(src)} -> ${id(dst)} ${p.protocol ?? 'TCP'} ${p.containerPort}`);
      }
    }
  }
  const reach = NetworkReachability._fromObjects(objects.map(o => toKubeObject(o)));
  const ours = new Set<string>();
  for (const p of reach.paths) {
    if (!reach.workloads.includes(p.source) || !reach.workloads.includes(p.destination)) continue;
    for (const port of p.ports) {
      const m = /^(\S+) (\d+)/.exec(port);
      if (m) ours.add(`${p.source} -> ${p.destination} ${m[1]} ${m[2]}`);
    }
  }
  return { set: { policies: objects.filter(o => o.kind === 'NetworkPolicy'), cases }, keys, ours };
}

// --- generated sets ---------------------------------------------------------------------------

const NAMESPACES = ['shop', 'data'];
const APPS = ['web', 'api', 'db'];
const PORTS = [
  { containerPort: 8080, name: 'http' },
  { containerPort: 8443, name: 'https' },
  { containerPort: 5432, name: 'postgres' },
  { containerPort: 53, name: 'dns', protocol: 'UDP' },
];

function generate(seed: number): Json[] {
  const rnd = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const chance = (p: number) => rnd() < p;
  // keys that In/NotIn read are on every pod and namespace (cyclonus reads NotIn on an absent key
  // unlike Kubernetes: see the last test); Exists/DoesNotExist read keys that come and go
  const objects: Json[] = NAMESPACES.map(name => ({
    apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { team: pick(['a', 'b']), ...(chance(0.5) ? { env: 'prod' } : {}) } },
  }));
  const count = 2 + Math.floor(rnd() * 3);
  for (let i = 0; i < count; i++) {
    const labels: Json = { app: pick(APPS), tier: pick(['front', 'back']) };
    if (chance(0.5)) labels.zone = pick(['z1', 'z2']);
    const ports = PORTS.filter(() => chance(0.5));
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `w${i}`, namespace: pick(NAMESPACES) },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'c:1.0.0', ports }] } } },
    });
  }
  const selector = (): Json => {
    const r = rnd();
    if (r < 0.25) return {};
    if (r < 0.55) return { matchLabels: { app: pick(APPS) } };
    const operator = pick(['In', 'NotIn', 'Exists', 'DoesNotExist']);
    if (operator === 'Exists' || operator === 'DoesNotExist') return { matchExpressions: [{ key: pick(['zone', 'tier']), operator }] };
    const key = pick(['app', 'tier']);
    return { matchExpressions: [{ key, operator, values: key === 'app' ? [pick(APPS), pick(APPS)] : [pick(['front', 'back'])] }] };
  };
  const nsSelector = (): Json => {
    const r = rnd();
    if (r < 0.3) return {};
    if (r < 0.7) return { matchLabels: { 'kubernetes.io/metadata.name': pick(NAMESPACES) } };
    const operator = pick(['In', 'NotIn', 'Exists', 'DoesNotExist']);
    return operator === 'Exists' || operator === 'DoesNotExist'
      ? { matchExpressions: [{ key: 'env', operator }] }
      : { matchExpressions: [{ key: 'team', operator, values: ['a'] }] };
  };
  const peer = (): Json => {
    const r = rnd();
    if (r < 0.35) return { podSelector: selector() };
    if (r < 0.6) return { namespaceSelector: nsSelector() };
    if (r < 0.9) return { namespaceSelector: nsSelector(), podSelector: selector() };
    return { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } };
  };
  const port = (): Json => {
    const r = rnd();
    if (r < 0.35) return { port: pick(PORTS).containerPort, ...(chance(0.2) ? { protocol: 'UDP' } : {}) };
    if (r < 0.6) {
      const p = pick(PORTS);
      return { port: p.name, ...(p.protocol ? { protocol: p.protocol } : {}) };
    }
    if (r < 0.85) return { port: 5000, endPort: 9000 };
    return { protocol: pick(['TCP', 'UDP']) };
  };
  const rule = (field: string): Json => {
    const r: Json = {};
    if (chance(0.8)) r[field] = Array.from({ length: 1 + Math.floor(rnd() * 2) }, peer);
    if (chance(0.7)) r.ports = Array.from({ length: 1 + Math.floor(rnd() * 2) }, port);
    return r;
  };
  const policies = Math.floor(rnd() * 5);
  for (let i = 0; i < policies; i++) {
    const spec: Json = { podSelector: selector() };
    const types = pick([undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
    if (types) spec.policyTypes = types;
    if (chance(0.7)) spec.ingress = Array.from({ length: Math.floor(rnd() * 3) }, () => rule('from'));
    if (chance(0.6)) spec.egress = Array.from({ length: Math.floor(rnd() * 3) }, () => rule('to'));
    objects.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `p${i}`, namespace: pick(NAMESPACES) }, spec });
  }
  return objects;
}

(HAS_GO ? describe : describe.skip)('reachability agrees with cyclonus (tools/netpol-oracle; needs Go)', () => {
  beforeAll(() => buildOracle(), 25 * 60 * 1000);

  test('on 1,200 generated sets of namespaces, workloads and policies: no disagreement', () => {
    const sets = Array.from({ length: 1200 }, (_, i) => compare(generate(i + 1)));
    const answers = askOracle(sets.map(s => s.set));
    const disagreements: string[] = [];
    let allowed = 0;
    let asked = 0;
    sets.forEach((s, i) => {
      s.keys.forEach((key, k) => {
        asked++;
        if (answers[i][k]) allowed++;
        if (answers[i][k] !== s.ours.has(key)) disagreements.push(`seed ${i + 1}: ${key}: cyclonus ${answers[i][k] ? 'allows' : 'denies'}`);
      });
    });
    expect(disagreements.slice(0, 10)).toEqual([]);
    process.stdout.write(`netpol oracle: ${sets.length} sets, ${asked} connections asked, ${allowed} allowed, ${disagreements.length} disagreements\n`);
    // the sets are not trivial: both verdicts occur often
    expect(asked).toBeGreaterThan(10000);
    expect(allowed / asked).toBeGreaterThan(0.1);
    expect(allowed / asked).toBeLessThan(0.9);
  });

  test('the one difference, explained: NotIn on an absent key', () => {
    // Kubernetes (apimachinery labels.Requirement.Matches) matches `NotIn` when the key is absent;
    // cyclonus does not. Ours follows Kubernetes (docs/network.md).
    const objects: Json[] = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a', namespace: 'shop' }, spec: { template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'c:1', ports: [{ containerPort: 80 }] }] } } } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'b', namespace: 'shop' }, spec: { template: { metadata: { labels: { app: 'b' } }, spec: { containers: [{ name: 'c', image: 'c:1', ports: [{ containerPort: 80 }] }] } } } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'b-in', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'b' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] } }] }] } },
    ];
    const s = compare(objects);
    const [answers] = askOracle([s.set]);
    const key = 'shop/a -> shop/b TCP 80';
    expect(s.ours.has(key)).toBe(true);
    expect(answers[s.keys.indexOf(key)]).toBe(false);
  });

  test('on the example cluster: the same paths', () => {
    const objects = Testing.synth(new ExampleCluster(Testing.app(), 'cluster')) as Json[];
    const s = compare(objects);
    const [answers] = askOracle([s.set]);
    expect(s.keys.filter((_, k) => answers[k]).sort()).toEqual([...s.ours].sort());
    expect(s.ours.size).toBeGreaterThan(5);
  });
});
