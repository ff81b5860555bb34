// The README's TypeScript examples, in order, run as the one program they make together (each
// continues the one before: `app`, `chart`, `payments`, `web`, `api`, `db`), synthesized, and the
// output checked by the command with `--fail-on warning`: what a reader copies is clean, and
// every acknowledgement it writes is used. (test/docs/examples.test.ts compiles and translates
// the examples; this runs them.)
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'lib', 'cli', 'main.js');

/** The TypeScript blocks of a Markdown file, in order. */
export function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts(?: [^\n]*)?\n([\s\S]*?)^```$/gm)].map(m => m[1]);
}

/**
 * One program from blocks that continue each other: their imports merged at the top (a name
 * imported twice is imported once), their statements in order, and `new App()` writing to `outdir`.
 */
export function asProgram(blocks: string[], outdir: string): string {
  const imports = new Map<string, Set<string>>();
  const body: string[] = [];
  for (const block of blocks) {
    const statements = block.replace(/^import \{([^}]*)\} from '([^']+)';$/gm, (_, names: string, module: string) => {
      const set = imports.get(module) ?? new Set<string>();
      for (const name of names.split(',').map(n => n.trim()).filter(n => n)) set.add(name);
      imports.set(module, set);
      return '';
    });
    body.push(statements);
  }
  const header = [...imports].map(([module, names]) => `import { ${[...names].join(', ')} } from '${module}';`);
  return [...header, ...body, 'export { app };'].join('\n')
    .replace(/new App\(\)/g, `new App({ outdir: ${JSON.stringify(outdir)}, outputFileExtension: '.k8s.yaml' })`);
}

/** Runs a program of examples against this package's source; returns its exports. */
function run(program: string): Record<string, any> {
  const js = ts.transpileModule(program, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const modules: Record<string, unknown> = {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    'cdk8s-hardening': require('../../src'),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    'cdk8s': require('cdk8s'),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    'cdk8s-plus-27': require('cdk8s-plus-27'),
  };
  const exports: Record<string, any> = {};
  const load = (name: string) => {
    if (!(name in modules)) throw new Error(`the README imports ${name}, which this test does not provide`);
    return modules[name];
  };
  new Function('require', 'exports', js)(load, exports);
  return exports;
}

describe('README.md examples, run and checked', () => {
  let outdir: string;
  let check: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    if (!fs.existsSync(MAIN)) throw new Error('the check runs lib/cli/main.js: run `npx projen compile` first');
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
    const { app } = run(asProgram(typescriptBlocks(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')), outdir));
    app.synth();
    check = spawnSync(process.execPath, [MAIN, 'check', '--fail-on', 'warning', '--format', 'json', outdir], { encoding: 'utf8' });
  });

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('the examples are one program: every block runs, in order', () => {
    expect(typescriptBlocks(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).length).toBeGreaterThanOrEqual(10);
    expect(fs.readdirSync(outdir).sort()).toEqual(['control-plane.k8s.yaml', 'platform.k8s.yaml']);
  });

  test('synthesize manifests the command passes with --fail-on warning, every acknowledgement used', () => {
    const report = JSON.parse(String(check.stdout));
    const open = report.findings.map((f: any) => `${f.severity} ${f.ruleId} ${f.resourceKind} ${f.resourceName}: ${f.message}`);
    expect({ status: check.status, open }).toEqual({ status: 0, open: [] });
    expect(report.objectCount).toBeGreaterThan(30);
    // the README's acknowledgement is used: CredentialsInConfig on api's API_TOKEN_URL
    expect(report.acknowledged.map((f: any) => `${f.ruleId} ${f.resourceKind}`)).toContain('CredentialsInConfig Deployment');
  });

  test('fails an acknowledgement that matches no finding', () => {
    const blocks = typescriptBlocks(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-unused-'));
    try {
      const { app } = run(asProgram([...blocks, "Compliance.of(db).acknowledge('HostNetwork', 'the database is not on the host network');"], dir));
      app.synth();
      const r = spawnSync(process.execPath, [MAIN, 'check', '--fail-on', 'warning', dir], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('AcknowledgementUnused');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('docs/compliance.md: the acknowledgement example', () => {
  test('accepts the finding it names, on the vendor DaemonSet it describes: the acknowledgement is used', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'compliance.md'), 'utf8');
    const section = doc.slice(doc.indexOf('\n## Acknowledgements\n'), doc.indexOf('\n## ', doc.indexOf('\n## Acknowledgements\n') + 1));
    const [example] = typescriptBlocks(section);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-'));
    try {
      // the vendor's manifest the example includes: node-exporter's DaemonSet, on the host network
      const vendor = path.join(dir, 'node-exporter.yaml');
      fs.writeFileSync(vendor, [
        'apiVersion: apps/v1', 'kind: DaemonSet', 'metadata: {name: node-exporter, namespace: monitoring}',
        'spec:', '  selector: {matchLabels: {app: node-exporter}}', '  template:', '    metadata: {labels: {app: node-exporter}}',
        '    spec:', '      hostNetwork: true', '      containers:', '      - {name: node-exporter, image: quay.io/prometheus/node-exporter:v1.8.2}', '',
      ].join('\n'));
      const outdir = path.join(dir, 'out');
      const program = [
        "import { App, Chart, Include } from 'cdk8s';", "import { Compliance } from 'cdk8s-hardening';",
        'const app = new App();', "const chart = new Chart(app, 'monitoring');",
        example.replace("'vendor/node-exporter.yaml'", JSON.stringify(vendor)),
      ].join('\n');
      run(asProgram([program], outdir)).app.synth();
      const r = spawnSync(process.execPath, [MAIN, 'check', '--format', 'json', '--pack', 'pss-baseline', outdir], { encoding: 'utf8' });
      const report = JSON.parse(r.stdout);
      expect(report.acknowledged.map((f: any) => `${f.ruleId} ${f.resourceKind} ${f.resourceName}`)).toEqual(['HostNetwork DaemonSet node-exporter']);
      expect(report.findings.filter((f: any) => f.ruleId === 'AcknowledgementUnused' || f.ruleId === 'HostNetwork')).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
