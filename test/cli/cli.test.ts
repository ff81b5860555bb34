import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/compliance');
const fixture = (name: string) => path.join(FIXTURES, name);

let main: string;

// Compile the command from its TypeScript source once, so each process starts as fast as the
// published `lib/cli/main.js` (and the test does not depend on a previous build).
beforeAll(() => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-cli-'));
  const program = ts.createProgram([path.join(ROOT, 'src/cli/main.ts')], {
    outDir,
    rootDir: path.join(ROOT, 'src'),
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmitOnError: false,
    types: ['node'],
  });
  program.emit();
  main = path.join(outDir, 'cli/main.js');
  // the compiled files find their dependencies through the project's node_modules
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(outDir, 'node_modules'), 'dir');
}, 60000);

/** Runs the command as a process. */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [main, ...args], { cwd: ROOT, encoding: 'utf-8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cdk8s-hardening check', () => {
  test('exit 0 on compliant manifests, with a summary', () => {
    const r = cli('check', fixture('compliant.yaml'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('7 objects checked against pss-baseline, pss-restricted, nsa-cisa, control-plane: 0 errors, 0 warnings, 0 info; 0 acknowledged\n');
  });

  test('fails with exit 1 and a report grouped by object', () => {
    const r = cli('check', '--pack', 'pss-restricted', fixture('noncompliant.yaml'));
    expect(r.status).toBe(1);
    // each finding at the line of its field (a missing field: its nearest parent), the object at its own first line
    expect(r.stdout).toContain(`Deployment shop/legacy  ${fixture('noncompliant.yaml')}:104\n`);
    expect(r.stdout).toContain('  ERROR  HostNetwork  spec.template.spec.hostNetwork  (line 146)\n');
    expect(r.stdout).toContain('  ERROR  PrivilegeEscalation  spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation  (line 130)\n');
    expect(r.stdout).toContain('controls: PSS restricted: Privilege Escalation');
    expect(r.stdout).toMatch(/8 objects checked against pss-restricted: 2 errors, 0 warnings, 0 info; 0 acknowledged\n$/);
  });

  test('--fail-on warning fails on warnings; the default does not', () => {
    expect(cli('check', fixture('warning-only.yaml')).status).toBe(0);
    const r = cli('check', '--fail-on', 'warning', '--format', 'json', fixture('warning-only.yaml'));
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.summary).toEqual({ error: 0, warning: 1, info: 0, acknowledged: 0, unusableInputs: 0 });
    expect(json.findings[0]).toMatchObject({ ruleId: 'CredentialsInConfig', resourceKind: 'ConfigMap', resourceName: 'settings', controls: ['NSA/CISA: Secrets', 'C-0012'] });
  });

  test('--format sarif writes a SARIF 2.1.0 log with file and line', () => {
    const r = cli('check', '--format=sarif', '--pack', 'pss-baseline,pss-restricted', fixture('noncompliant.yaml'));
    expect(r.status).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('cdk8s-hardening');
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(['HostNetwork', 'PrivilegeEscalation']);
    expect(run.results[0]).toMatchObject({
      ruleId: 'HostNetwork',
      ruleIndex: 0,
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'test/fixtures/compliance/noncompliant.yaml' }, region: { startLine: 146 } } }],
    });
    // the same line in every format
    const json = JSON.parse(cli('check', '--format', 'json', '--pack', 'pss-baseline,pss-restricted', fixture('noncompliant.yaml')).stdout);
    const sarifLines = run.results.map((x: any) => [x.ruleId, x.locations[0].physicalLocation.region.startLine]);
    expect(json.findings.map((f: any) => [f.ruleId, f.line])).toEqual(sarifLines);
    expect(fs.readFileSync(fixture('noncompliant.yaml'), 'utf8').split('\n')[146 - 1]).toMatch(/^\s*hostNetwork: true$/);
  });

  test('--format markdown and --output write the auditor\'s report to a file', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-')), 'report.md');
    const r = cli('check', '--format', 'markdown', '--output', out, fixture('compliant.yaml'));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const md = fs.readFileSync(out, 'utf-8');
    expect(md).toContain('## NSA/CISA Kubernetes Hardening Guide v1.1');
    expect(md).toContain('| C-0030 | `NetworkPolicySelectsWorkload` | 1 | 0 | 0 |');
  });

  test('reads folders, JSON and List objects', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.copyFileSync(fixture('list.json'), path.join(dir, 'sub', 'list.json'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
    const r = cli('check', '--recursive', dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^7 objects checked/);
    // as kubectl apply -f DIR: folders within are read with -R only
    const flat = cli('check', dir);
    expect(flat.status).toBe(2);
    expect(flat.stderr).toMatch(/folder holds no \.json, \.yaml or \.yml files \(folders within it are read with --recursive\)/);
  });

  test.each([
    ['malformed.yaml', /malformed\.yaml:7: malformed YAML: bad indentation of a mapping entry/],
    ['empty.yaml', /empty\.yaml:1: empty file: no Kubernetes objects/],
    ['unknown-kind.yaml', /unknown-kind\.yaml:6: unknown kind "Deploymnet"/],
    ['missing.yaml', /missing\.yaml: no such file or directory/],
  ])('fails with exit 2 and a clear message on %s', (name, message) => {
    const r = cli('check', fixture(name));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    // and in the report, with the summary
    expect(r.stdout).toMatch(/UNUSABLE/);
    expect(r.stdout).toMatch(/; 1 unusable input\n$/);
  });

  test.each([
    ['a tab in the indentation', 'metadata:\n  name: p\nspec:\n\thostPID: true\n', 6, /tab character/],
    ['an infinite number', 'metadata:\n  name: p\nspec:\n  terminationGracePeriodSeconds: .inf\n', 6, /unsupported value: \+Inf/],
    ['content after a document separator', 'metadata:\n  name: p\n--- {kind: Pod}\n', 5, /invalid document separator: \{kind: Pod\}/],
  ])('fails with exit 2 on what kubectl refuses: %s', (_, body, line, message) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-')), 'pod.yaml');
    fs.writeFileSync(file, `apiVersion: v1\nkind: Pod\n${body}`);
    const r = cli('check', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`pod\\.yaml:${line}: malformed YAML: `));
    expect(r.stderr).toMatch(message);
  });

  test('fails with exit 2 on a binary file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-')), 'image.yaml');
    fs.writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]));
    const r = cli('check', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`cdk8s-hardening: ${file}: binary file, not YAML or JSON\n`);
  });

  test('fails with exit 2 on bad arguments', () => {
    expect(cli('check').stderr).toMatch(/no PATH given/);
    expect(cli('check', '--pack', 'cis', 'x').status).toBe(2);
    expect(cli('check', '--format', 'xml', 'x').stderr).toMatch(/--format must be one of text, json, sarif, markdown, policyreport; got "xml"/);
    expect(cli('lint', 'x').status).toBe(2);
  });

  test('fails with exit 2 on the options of a live cluster without --cluster, and on a PATH with --cluster', () => {
    for (const [flag, value] of [['--context', 'prod'], ['--namespace', 'shop'], ['--against', 'dist']]) {
      const r = cli('check', flag, value, fixture('compliant.yaml'));
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`cdk8s-hardening: ${flag} goes with --cluster`);
    }
    const r = cli('check', '--cluster', fixture('compliant.yaml'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--cluster reads no PATH \(got .*compliant\.yaml\); the manifests to compare the cluster with are --against DIR/);
  });

  test('fails with exit 2 and says so when there is no cluster to check', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-home-'));
    const run = (env: Record<string, string>) => spawnSync(process.execPath, [main, 'check', '--cluster'], { cwd: ROOT, encoding: 'utf-8', env: { PATH: process.env.PATH!, HOME: home, ...env } });
    const none = run({});
    expect(none.status).toBe(2);
    expect(none.stderr).toBe('cdk8s-hardening: cannot check the cluster: no cluster to check: no kubeconfig (KUBECONFIG, ~/.kube/config) and not in a pod with a service account\n');
    const missing = run({ KUBECONFIG: path.join(home, 'none') });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^cdk8s-hardening: cannot check the cluster: cannot read the kubeconfig: ENOENT: no such file or directory, open '.*none'\n$/);
  });

  test('--format policyreport writes the findings of files as PolicyReport objects', () => {
    const r = cli('check', '--format', 'policyreport', fixture('noncompliant.yaml'));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^apiVersion: wgpolicyk8s\.io\/v1alpha2\nkind: (Cluster)?PolicyReport\n/);
    expect(r.stdout).toMatch(/\n {4}result: fail\n/);
  });

  test('--help prints usage and exits 0', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cdk8s-hardening check/);
  });

  describe('--pss-version', () => {
    // a pod that sets the tcp_rmem sysctl: unsafe before Kubernetes 1.32, safe from 1.32
    const podWith = (namespace: string) => `apiVersion: v1
kind: Pod
metadata: {name: tuned, namespace: ${namespace}}
spec:
  securityContext: {sysctls: [{name: net.ipv4.tcp_rmem, value: "4096 87380 6291456"}]}
  containers: [{name: app, image: "registry.example.com/app:1.0.0"}]
`;
    const write = (text: string) => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-')), 'pod.yaml');
      fs.writeFileSync(file, text);
      return file;
    };
    const sysctlFindings = (r: { stdout: string }) => JSON.parse(r.stdout).findings.filter((f: any) => f.ruleId === 'Sysctls');

    test('evaluates the Pod Security Standards at the version asked for, and says which', () => {
      const file = write(podWith('tuning'));
      expect(sysctlFindings(cli('check', '--format', 'json', '--pack', 'pss-baseline', file))).toEqual([]);
      const old = cli('check', '--format', 'json', '--pack', 'pss-baseline', '--pss-version', 'v1.31', file);
      expect(old.status).toBe(1);
      expect(sysctlFindings(old).map((f: any) => f.pssVersion)).toEqual(['v1.31']);
      expect(cli('check', '--pack', 'pss-baseline', '--pss-version', 'v1.31', file).stdout).toMatch(/\(Pod Security Standards v1\.31\)/);
    });

    test('a Namespace pinning enforce-version decides the version for its objects', () => {
      const ns = `apiVersion: v1
kind: Namespace
metadata:
  name: tuning
  labels: {pod-security.kubernetes.io/enforce: baseline, pod-security.kubernetes.io/enforce-version: v1.30}
---
`;
      const r = cli('check', '--format', 'json', '--pack', 'pss-baseline', write(ns + podWith('tuning')));
      expect(sysctlFindings(r).map((f: any) => f.pssVersion)).toEqual(['v1.30']);
      expect(sysctlFindings(cli('check', '--format', 'json', '--pack', 'pss-baseline', write(ns + podWith('other'))))).toEqual([]);
    });

    test('--kubernetes-version: get on pods/exec is exec before 1.35, not from 1.35 on', () => {
      const role = write(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: exec-reader, namespace: shop}
rules: [{apiGroups: [""], resources: [pods/exec], verbs: [get]}]
`);
      const podExec = (r: { stdout: string }) => JSON.parse(r.stdout).findings.filter((f: any) => f.ruleId === 'PodExec').map((f: any) => f.message);
      expect(podExec(cli('check', '--format', 'json', '--pack', 'nsa-cisa', role))).toEqual([]);
      expect(podExec(cli('check', '--format', 'json', '--pack', 'nsa-cisa', '--kubernetes-version', 'v1.35', role))).toEqual([]);
      expect(podExec(cli('check', '--format', 'json', '--pack', 'nsa-cisa', '--kubernetes-version', 'v1.34', role)))
        .toEqual(['Role "exec-reader" lets its subjects use pods/exec (get)']);
      const bad = cli('check', '--kubernetes-version', '1.34', role);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/--kubernetes-version must be "latest" or a Kubernetes minor version such as "v1.34"; got "1.34"/);
    });

    test('fails with exit 2 on a version that is not latest or v1.NN', () => {
      const r = cli('check', '--pss-version', '1.30', write(podWith('tuning')));
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--pss-version must be "latest" or a Kubernetes minor version such as "v1.32"; got "1.30"/);
    });
  });

  describe('output', () => {
    const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-out-'));

    test('fails with exit 2 when --output names an input, and leaves the input as it was', () => {
      const dir = tmp();
      const input = path.join(dir, 'manifests.yaml');
      fs.copyFileSync(fixture('noncompliant.yaml'), input);
      const before = fs.readFileSync(input, 'utf8');
      const r = cli('check', '--output', path.join(dir, '.', 'manifests.yaml'), dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--output .*manifests\.yaml is one of the inputs/);
      expect(fs.readFileSync(input, 'utf8')).toBe(before);
    });

    test('fails with exit 2 and an output error when the report cannot be written', () => {
      const r = cli('check', '--output', path.join(tmp(), 'missing-dir', 'report.txt'), fixture('compliant.yaml'));
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^cdk8s-hardening: cannot write the report to .*report\.txt: ENOENT/);
    });

    test('--help as the value of an option is a value', () => {
      const dir = tmp();
      const r = spawnSync(process.execPath, [main, 'check', '--format', 'json', '--output', '--help', fixture('compliant.yaml')], { cwd: dir, encoding: 'utf-8' });
      expect(r.status).toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(dir, '--help'), 'utf8')).summary.error).toBe(0);
    });

    /** Runs the command with standard output looking like a terminal. */
    function onTerminal(env: Record<string, string>, ...args: string[]) {
      const script = `Object.defineProperty(process.stdout, 'isTTY', { value: true }); process.argv = [process.argv[0], ${JSON.stringify(main)}, ...${JSON.stringify(args)}]; require(${JSON.stringify(main)});`;
      const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
      if (!('NO_COLOR' in env)) delete childEnv.NO_COLOR;
      return spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf-8', env: childEnv });
    }

    test('colours on a terminal, none when piped or with NO_COLOR', () => {
      const ESC = '\u001b[';
      expect(onTerminal({}, 'check', fixture('noncompliant.yaml')).stdout).toContain(`${ESC}31;1mERROR${ESC}0m`);
      expect(onTerminal({ NO_COLOR: '1' }, 'check', fixture('noncompliant.yaml')).stdout).not.toContain(ESC);
      expect(cli('check', fixture('noncompliant.yaml')).stdout).not.toContain(ESC);
    });

    test('--quiet prints only the failing findings and the summary line', () => {
      const full = cli('check', fixture('warning-only.yaml'));
      const quiet = cli('check', '--quiet', fixture('warning-only.yaml'));
      expect(full.stdout).toMatch(/WARN /);
      expect(quiet.status).toBe(full.status);
      expect(quiet.stdout.trim().split('\n')).toEqual([full.stdout.trim().split('\n').pop()]);
      expect(cli('check', '-q', fixture('noncompliant.yaml')).stdout).toMatch(/ERROR/);
    });
  });

  describe('whole repositories and hostile input', () => {
    const PRIVILEGED = 'apiVersion: v1\nkind: Pod\nmetadata: {name: root, namespace: shop}\nspec:\n  containers: [{name: app, image: "registry.example.com/app:1.0.0", securityContext: {privileged: true}}]\n';
    const dir = (files: Record<string, string>) => {
      const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-repo-'));
      for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
        fs.writeFileSync(path.join(d, name), text);
      }
      return d;
    };
    /** Runs the command with a time limit: every case must end, whatever the input. */
    const run = (args: string[], input?: string | Buffer) => {
      const r = spawnSync(process.execPath, [main, ...args], { cwd: ROOT, encoding: 'utf-8', input, timeout: 30_000, maxBuffer: 2 ** 26 });
      expect(r.error).toBeUndefined(); // not killed by the time limit
      return r;
    };
    const ruleIds = (stdout: string) => JSON.parse(stdout).findings.map((f: any) => f.ruleId);

    test('cdk8s synth output: construct-metadata.json is skipped with a notice, the manifests are checked', () => {
      const d = dir({ 'app.k8s.yaml': fs.readFileSync(fixture('compliant.yaml'), 'utf8'), 'construct-metadata.json': '{"version":"1.0.0","resources":{}}' });
      const r = run(['check', d]);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe(`cdk8s-hardening: skipped ${path.join(d, 'construct-metadata.json')}: holds no Kubernetes objects (no document has a kind), so nothing in it is created\n`);
      expect(run(['check', '--quiet', d]).stderr).toBe('');
    });

    test('fails with exit 2 on a document nested thousands of levels deep, and still reports every other file (does not hang)', () => {
      const block = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: block}\ndata:\n${Array.from({ length: 2500 }, (_, i) => `${' '.repeat(2 + i)}a:\n`).join('')}`;
      const flow = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: flow}\ndata: {x: ${'['.repeat(5000)}${']'.repeat(5000)}}\n`;
      const r = run(['check', '--format', 'json', dir({ 'a-block.yaml': block, 'b-flow.yaml': flow, 'c-root.yaml': PRIVILEGED })]);
      expect(r.status).toBe(2);
      expect(r.stderr).not.toMatch(/Maximum call stack/);
      const report = JSON.parse(r.stdout);
      expect(report.findings.map((f: any) => f.ruleId)).toContain('PrivilegedContainer');
      expect(report.inputErrors.map((e: any) => [path.basename(e.file), e.problem])).toEqual([
        ['a-block.yaml', expect.stringMatching(/nested too deeply/)],
        ['b-flow.yaml', expect.stringMatching(/nested too deeply/)],
      ]);
    });

    test('fails on a privileged pod in a dot-file, which kubectl apply -f DIR applies', () => {
      const r = run(['check', '--format', 'json', dir({ 'app.yaml': fs.readFileSync(fixture('compliant.yaml'), 'utf8'), '.override.yaml': PRIVILEGED })]);
      expect(r.status).toBe(1);
      expect(ruleIds(r.stdout)).toContain('PrivilegedContainer');
    });

    test('--exclude skips files and folders', () => {
      const d = dir({ 'app.yaml': fs.readFileSync(fixture('compliant.yaml'), 'utf8'), 'legacy/old.yaml': PRIVILEGED });
      expect(run(['check', '-R', d]).status).toBe(1);
      expect(run(['check', '-R', '--exclude', 'legacy/**', d]).status).toBe(0);
    });

    test('fails with exit 2 on one malformed document, and still reports the findings of every other one', () => {
      const r = run(['check', '--format', 'json', dir({ 'a.yaml': `${PRIVILEGED}---\nmetadata:\n\tname: broken\n`, 'b.yaml': 'not: [closed\n' })]);
      expect(r.status).toBe(2);
      const json = JSON.parse(r.stdout);
      expect(json.findings.map((f: any) => f.ruleId)).toContain('PrivilegedContainer');
      expect(json.inputErrors.map((e: any) => [path.basename(e.file), e.line])).toEqual([['a.yaml', 8], ['b.yaml', expect.any(Number)]]);
      expect(json.summary.unusableInputs).toBe(2);
    });

    test('- reads standard input; kubectl JSON streams are read', () => {
      const stream = [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'a', namespace: 'shop' }, automountServiceAccountToken: false },
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'b', namespace: 'shop' }, automountServiceAccountToken: false }].map(o => JSON.stringify(o, null, 2)).join('\n');
      const r = run(['check', '--format', 'json', '-'], stream);
      expect(JSON.parse(r.stdout).objectCount).toBe(2);
      const privileged = run(['check', '--format', 'json', '-'], PRIVILEGED);
      expect(privileged.status).toBe(1);
      expect(JSON.parse(privileged.stdout).findings[0].file).toBe('<stdin>');
    });

    test('fails a List whose items is not a list, and a Pod without spec', () => {
      const list = run(['check', '-'], 'apiVersion: v1\nkind: List\nitems: {a: 1}\n');
      expect(list.status).toBe(2);
      expect(list.stderr).toMatch(/<stdin>:1: a List with an items field is a list to kubectl, and its items is a mapping, not a list/);
      const pod = run(['check', '--format', 'json', '-'], 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\n');
      expect(pod.status).toBe(1);
      expect(ruleIds(pod.stdout)).toContain('PodSpecMissing');
    });

    test('fails with exit 2 on YAML whose repair would never end (a tag found again and again), without hanging', () => {
      const loop = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  v3: !foo "an\n  v4: ["!0b1", "NO"]\n';
      const r = run(['check', '--format', 'json', dir({ 'loop.yaml': loop, 'ok.yaml': PRIVILEGED })]);
      expect(r.status).toBe(2);
      const json = JSON.parse(r.stdout);
      expect(json.inputErrors.map((e: any) => path.basename(e.file))).toEqual(['loop.yaml']);
      expect(ruleIds(r.stdout)).toContain('PrivilegedContainer');
    });

    test('fails on a FIFO, a device and an input over --max-file-size, without hanging', () => {
      const d = dir({ 'big.yaml': PRIVILEGED.repeat(50) });
      const fifo = path.join(d, 'pipe.yaml');
      spawnSync('mkfifo', [fifo]);
      const r = run(['check', fifo, '/dev/zero', '--max-file-size', '1K', path.join(d, 'big.yaml')]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/pipe\.yaml: is a named pipe \(FIFO\)/);
      expect(r.stderr).toMatch(/\/dev\/zero: is a device, not a file/);
      expect(r.stderr).toMatch(/big\.yaml: larger than the 1 KiB limit/);
    });

    test('fails on standard input beyond the limit (e.g. /dev/zero piped in), without exhausting memory', () => {
      const zero = fs.openSync('/dev/zero', 'r');
      const r = spawnSync(process.execPath, [main, 'check', '--max-file-size', '8M', '-'], { cwd: ROOT, encoding: 'utf-8', stdio: [zero, 'pipe', 'pipe'], timeout: 30_000 });
      fs.closeSync(zero);
      expect(r.error).toBeUndefined();
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/<stdin>: larger than the 8 MiB limit/);
    });

    test('large inputs read on several threads give the report one thread gives', () => {
      // over the size from which the input is shared out between threads: 3 files, one JSON,
      // with malformed documents, a privileged pod and a flow document at a segment's start
      const deployment = (i: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: web-${i}}\n  template:\n    metadata:\n      labels: {app: web-${i}}\n    spec:\n      containers:\n      - name: app\n        image: registry.example.com/app:1.2.3\n        securityContext: {privileged: ${i % 7 === 0 ? 'true' : 'false'}}\n`;
      const docs = Array.from({ length: 18000 }, (_, i) => i === 4000 ? 'kind: [\n' : i % 1000 === 999 ? `{apiVersion: v1, kind: ConfigMap, metadata: {name: c${i}}}\n` : deployment(i));
      const repo = dir({
        'a.yaml': docs.slice(0, 13000).join('---\n') + `---\n${PRIVILEGED}`,
        'b.yaml': docs.slice(13000).join('---\n'),
        'c.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'json' } }),
      });
      expect(fs.statSync(path.join(repo, 'a.yaml')).size).toBeGreaterThan(4 * 2 ** 20);
      const one = run(['check', '--format', 'json', '--pack', 'pss-baseline', '--jobs', '1', repo]);
      const two = run(['check', '--format', 'json', '--pack', 'pss-baseline', '--jobs', '2', repo]);
      expect(one.status).toBe(2);
      expect(two.status).toBe(one.status);
      expect(two.stderr).toBe(one.stderr);
      expect(two.stdout).toBe(one.stdout);
      const report = JSON.parse(two.stdout);
      expect(report.objectCount).toBe(18001);
      expect(report.inputErrors).toHaveLength(1);
      expect(report.findings.filter((f: any) => f.ruleId === 'PrivilegedContainer')).toHaveLength(docs.filter(d => d.includes('privileged: true')).length + 1);
      // the lines of findings far into the second half of a file
      const a = fs.readFileSync(path.join(repo, 'a.yaml'), 'utf-8').split('\n');
      expect(report.findings.find((f: any) => f.resourceName === 'web-12992' && f.ruleId === 'PrivilegedContainer').line)
        .toBe(a.indexOf('  name: web-12992') + 13);
    });

    test('fails with exit 2 on a bad --jobs', () => {
      expect(run(['check', '--jobs', '0', fixture('compliant.yaml')]).stderr).toMatch(/--jobs must be a number of threads from 1 to 999; got "0"/);
    });

    test('fails with exit 2 on a bad --max-file-size', () => {
      expect(run(['check', '--max-file-size', 'lots', fixture('compliant.yaml')]).stderr).toMatch(/--max-file-size must be a size such as 64M or 1G; got "lots"/);
    });
  });
});
