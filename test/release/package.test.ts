// What the npm tarball contains, as `npm pack` would write it: the compiled library with its
// declarations and source map files, the jsii assembly, the documents a consumer reads, the
// bundled runtime dependency, and nothing else (no sources, tests, fixtures, examples, docs, CI).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { changelogVersions } from '../../projenrc/compat';

const ROOT = path.join(__dirname, '..', '..');

interface PackResult {
  readonly name: string;
  readonly version: string;
  readonly size: number;
  readonly files: Array<{ path: string }>;
}

/** The bundled runtime dependencies (package.json), and theirs: npm packs them all. */
function bundledPackages(): string[] {
  const manifest = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf-8'));
  const names = new Set<string>();
  const visit = (name: string) => {
    if (names.has(name)) return;
    names.add(name);
    for (const dep of Object.keys(manifest(path.join(ROOT, 'node_modules', name)).dependencies ?? {})) visit(dep);
  };
  for (const name of manifest(ROOT).bundledDependencies ?? []) visit(name);
  return [...names].sort();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every file of the tarball must match one of these. */
const ALLOWED: RegExp[] = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^API\.md$/,
  /^\.jsii$/,
  /^lib\/(.+\/)?[^/]+\.js$/,
  /^lib\/(.+\/)?[^/]+\.d\.ts$/,
  /^lib\/(.+\/)?[^/]+\.js\.map$/,
  ...bundledPackages().map(name => new RegExp(`^node_modules/${escapeRegExp(name)}/`)),
];

const REQUIRED = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'API.md', '.jsii', 'lib/index.js', 'lib/index.d.ts', 'lib/cli/main.js'];

function pack(): PackResult {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf-8' });
  expect({ status: r.status, error: r.error }).toEqual({ status: 0, error: undefined });
  return (JSON.parse(r.stdout) as PackResult[])[0];
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap(e => e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

/** The files of `packed` that match no pattern of `allowed`. */
function unexpected(packed: string[], allowed: RegExp[]): string[] {
  return packed.filter(f => !allowed.some(p => p.test(f)));
}

describe('npm package', () => {
  let packed: PackResult;
  let files: string[];

  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js')) || !fs.existsSync(path.join(ROOT, '.jsii'))) {
      throw new Error('the package is built from lib/ and .jsii: run `npx projen compile` first');
    }
    packed = pack();
    files = packed.files.map(f => f.path);
  });

  test('contains only the library, its assembly, its documents and the bundled dependencies', () => {
    expect(unexpected(files, ALLOWED)).toEqual([]);
  });

  test('contains the entry points, the CLI, the assembly and the documents', () => {
    expect(REQUIRED.filter(f => !files.includes(f))).toEqual([]);
    // every compiled module of the library, not just some
    const compiled = walk(path.join(ROOT, 'lib')).map(f => path.relative(ROOT, f).split(path.sep).join('/'));
    expect(compiled.filter(f => !files.includes(f))).toEqual([]);
  });

  test('fails a tarball that carries sources, tests, fixtures, examples or tooling (the patterns are strict)', () => {
    const leaked = ['src/index.ts', 'test/helpers.ts', 'test/fixtures/compliance/compliant.yaml', 'examples/main.ts', 'bench/run.ts',
      'docs/rbac.md', '.ci/run', 'tools/netpol-oracle/main.go', 'kube/build.sh', 'kube/kubernetes/go.mod', 'rosetta/default.ts-fixture', '.projenrc.ts', 'projenrc/compat.ts', 'tsconfig.json', 'lib/index.ts',
      '.jsii.tabl.json', 'dist/js/cdk8s-hardening@0.1.0.jsii.tgz', 'node_modules/cdk8s/package.json',
      'consumers/python/main.py', 'consumers/java/pom.xml', 'consumers/go/go.mod', 'dist/languages/python/cdk8s_hardening-0.1.0-py3-none-any.whl'];
    expect(unexpected([...files, ...leaked], ALLOWED)).toEqual(leaked);
  });

  test('JavaScript carries no inline source map; each file has its .js.map with the sources embedded', () => {
    const js = files.filter(f => f.startsWith('lib/') && f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(10);
    for (const f of js) {
      const code = fs.readFileSync(path.join(ROOT, f), 'utf-8');
      expect({ f, inline: code.includes('sourceMappingURL=data:') }).toEqual({ f, inline: false });
      expect({ f, map: files.includes(`${f}.map`) }).toEqual({ f, map: true });
    }
    const map = JSON.parse(fs.readFileSync(path.join(ROOT, 'lib/index.js.map'), 'utf-8'));
    expect(map.sources).toEqual(['../src/index.ts']);
    expect(map.sourcesContent[0]).toContain("export * from './workloads/deployment';");
  });

  test('version 0.1.0, the newest CHANGELOG entry; Node.js 20 and later', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
    // a release build (`npx projen release`) carries the version its bump chose
    const released = process.env.RELEASE === 'true' ? fs.readFileSync(path.join(ROOT, 'dist', 'version.txt'), 'utf-8').trim() : '0.1.0';
    expect(packed.version).toBe(released);
    expect(changelogVersions(fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf-8'))[0]).toBe(packed.version);
    expect(pkg.engines).toEqual({ node: '>= 20.0.0' });
  });

  test('every jsii target is configured, with the names that follow cdk8s-plus-27', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
    expect(pkg.jsii.targets).toEqual({
      python: { distName: 'cdk8s-hardening', module: 'cdk8s_hardening' },
      java: { package: 'org.cdk8s.hardening', maven: { groupId: 'org.cdk8s', artifactId: 'cdk8s-hardening' } },
      dotnet: { namespace: 'Org.Cdk8s.Hardening', packageId: 'Org.Cdk8s.Hardening' },
      go: { moduleName: 'github.com/cdk8s-hardening/cdk8s-hardening-go', packageName: 'cdk8shardening' },
    });
    expect(pkg.jsii.metadata.jsii.rosetta.strict).toBe(true);
  });
});
