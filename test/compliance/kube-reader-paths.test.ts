// The reader takes js-yaml's result as it is for text that cannot hold anything where js-yaml
// and go-yaml disagree, and replays every node otherwise (kube-reader.ts). This fuzz requires the
// two readings to agree on every generated file: same documents, lines and field lines, or the
// same error at the same line. Unicode spaces and line breaks are sprinkled into files the
// short reading would take, to check that it hands each of them over.
import { fieldPaths as paths, generateFiles, prng } from './kube-yaml-cases';
import { KubeReadError, readKubeManifests, ReadOptions } from '../../src/compliance/kube-reader';

type Outcome = { docs: { value: unknown; line: number; lines: (number | undefined)[] }[] } | { error: string; line?: number };

function read(text: string, options: ReadOptions): Outcome {
  try {
    const docs = readKubeManifests(text, { ...options, lines: true });
    return { docs: docs.map(d => ({ value: d.value, line: d.line, lines: paths(d.value).slice(0, 200).map(p => d.lineOf?.(p)) })) };
  } catch (e) {
    if (e instanceof KubeReadError) return { error: e.message, line: e.line };
    throw e;
  }
}

/** Realistic manifests: what generators write, which the short reading takes. */
function manifest(r: () => number, i: number): string {
  const name = `app-${i}`;
  return [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, '  namespace: shop', '  labels:', `    app.kubernetes.io/name: ${name}`,
    '  annotations:', '    note: "a quoted value"', 'spec:', `  replicas: ${Math.floor(r() * 5)}`, '  selector:', '    matchLabels:', `      app: ${name}`,
    '  template:', '    metadata:', '      labels:', `        app: ${name}`, '    spec:', '      automountServiceAccountToken: false',
    '      containers:', '        - name: web', '          image: registry.example/web:1.2.3', '          ports: [{containerPort: 8080}]',
    '          securityContext:', `            privileged: ${r() < 0.5 ? 'yes' : 'false'}`, '            runAsUser: 0x3e8', '            capabilities: {drop: [ALL]}',
    '          resources:', '            limits: {cpu: 500m, memory: 256Mi}', `            requests: {cpu: ${r() < 0.5 ? '0.5' : '100m'}, memory: 128Mi}`,
    '          command: [sh, -c, "echo hi"]', '          args:', '            - --flag', '            - \'single\'', '      volumes: []',
  ].join('\n');
}

const UNICODE = ['\u0085', '\u2028', '\u2029', '\ufeff', '\u00a0', '\u1680', '\u2000', '\u200a', '\u202f', '\u205f', '\u3000', '\u000b', '\u000c', '\r', '\r\n', '\t'];

test('the short reading and the exact reading of the YAML agree on every generated file', () => {
  const r = prng(424242);
  const files = generateFiles(777, 2000).map(f => f.text);
  for (let i = 0; i < 600; i++) {
    let text = manifest(r, i);
    if (i % 3 !== 0) {
      for (let n = 1 + Math.floor(r() * 3); n > 0; n--) {
        const at = Math.floor(r() * text.length);
        text = `${text.slice(0, at)}${UNICODE[Math.floor(r() * UNICODE.length)]}${text.slice(at)}`;
      }
    }
    files.push(i % 5 === 0 ? `${text}\n---\n${manifest(r, i + 1000)}\n` : text);
  }
  const stats = { fast: 0, exact: 0 };
  const disagreements: string[] = [];
  for (const text of files) {
    const short = read(text, { stats });
    const exact = read(text, { exact: true });
    if (JSON.stringify(short) !== JSON.stringify(exact)) {
      disagreements.push(`${JSON.stringify(text).slice(0, 800)}\n  short: ${JSON.stringify(short).slice(0, 300)}\n  exact: ${JSON.stringify(exact).slice(0, 300)}`);
    }
  }
  // eslint-disable-next-line no-console
  console.log(`${files.length} files: ${stats.fast} documents read the short way, ${stats.exact} the exact way; ${disagreements.length} disagreements`);
  expect(stats.fast).toBeGreaterThan(500);
  expect(disagreements.slice(0, 10)).toEqual([]);
});
