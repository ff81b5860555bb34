// Every `npx cdk8s-hardening ...` line of README.md and docs/*.md, run as the reader would run
// it: in a folder holding the example cluster (`npm run example`'s output) at `examples/dist/`,
// the same manifests at `manifests/`, and a kubeadm control-plane node's files at their paths.
// Each must exit 0 and write its report. The `npm run ...` commands run in .ci/run.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthExample } from '../../examples/main';

const ROOT = path.join(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'lib', 'cli', 'main.js');
const FILES = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter(f => f.endsWith('.md')).sort().map(f => `docs/${f}`)];

/** The command lines of the `sh` blocks of a Markdown file, comments removed. */
function commandsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)]
    .flatMap(m => m[1].split('\n'))
    .map(line => line.replace(/\s+#.*$/, '').trim())
    .filter(line => line.startsWith('npx cdk8s-hardening '));
}

const COMMANDS = FILES.flatMap(file => commandsOf(file).map(command => [file, command] as const));

/** Paths of a kubeadm node in the docs, and where the test puts the same files. */
const NODE_PATHS: Array<[string, string]> = [
  ['/etc/kubernetes/manifests/', 'node/etc/kubernetes/manifests/'],
  ['/var/lib/kubelet/config.yaml', 'node/var/lib/kubelet/config.yaml'],
];

describe('the commands the docs show', () => {
  let dir: string;

  beforeAll(() => {
    if (!fs.existsSync(MAIN)) throw new Error('the commands run lib/cli/main.js: run `npx projen compile` first');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-commands-'));
    synthExample(path.join(dir, 'examples', 'dist'));
    fs.cpSync(path.join(dir, 'examples', 'dist'), path.join(dir, 'manifests'), { recursive: true });
    fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'control-plane', 'hardened'), path.join(dir, 'node', 'etc', 'kubernetes', 'manifests'), { recursive: true });
    // the KubeletConfiguration of the example's control-plane file, as kubeadm writes it on a node
    const kubelet = fs.readFileSync(path.join(dir, 'examples', 'dist', 'control-plane.k8s.yaml'), 'utf8')
      .split(/^---$/m).find(doc => /^kind: KubeletConfiguration$/m.test(doc))!;
    fs.mkdirSync(path.join(dir, 'node', 'var', 'lib', 'kubelet'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node', 'var', 'lib', 'kubelet', 'config.yaml'), kubelet.trim() + '\n');
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('README.md and docs/control-plane.md show the check command', () => {
    expect(COMMANDS.filter(([f]) => f === 'README.md').length).toBeGreaterThanOrEqual(5);
    expect(COMMANDS.filter(([f]) => f === 'docs/control-plane.md').length).toBeGreaterThanOrEqual(1);
  });

  test.each(COMMANDS)('%s: %s', (_file, command) => {
    const local = NODE_PATHS.reduce((c, [from, to]) => c.split(from).join(to), command)
      .replace(/^npx cdk8s-hardening /, `"${process.execPath}" "${MAIN}" `);
    const before = new Set(fs.readdirSync(dir));
    const r = spawnSync('bash', ['-c', local], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect({ command, status: r.status, stderr: r.stderr }).toEqual({ command, status: 0, stderr: '' });
    // the report goes to standard output, or to the file the command names
    const written = fs.readdirSync(dir).filter(f => !before.has(f));
    const report = written.length > 0 ? fs.readFileSync(path.join(dir, written[0]), 'utf8') : r.stdout;
    // (a check report in any format, or the network command's picture, in Markdown or in its HTML page)
    expect(report).toMatch(/objects checked|"version": "2\.1\.0"|^# |^```mermaid$|^<svg xmlns=[^\n]*class="network-paths"/m);
    for (const f of written) fs.rmSync(path.join(dir, f));
  });
});
