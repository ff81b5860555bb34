// The npm tarball carries no source map of a bundled dependency: npm packs a bundled dependency's
// files as its own package.json lists them (js-yaml's lists dist/, with three .map files), and the
// package's .npmignore does not reach them. `.ci/artifacts strip-js` packs the tarball again
// without them (a step of the package:js task); `.ci/artifacts check-js` refuses a tarball that
// still has one.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, '.ci', 'artifacts');

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** A package shaped like ours: compiled code with its own maps, one bundled dependency with dist/*.map. */
function stagePackage(dir: string): void {
  write(path.join(dir, 'package.json'), JSON.stringify({
    name: 'pkg',
    version: '1.0.0',
    main: 'lib/index.js',
    dependencies: { dep: '1.0.0' },
    bundledDependencies: ['dep'],
  }));
  write(path.join(dir, '.npmignore'), '/src/\n');
  write(path.join(dir, 'lib', 'index.js'), 'module.exports = require("dep");\n//# sourceMappingURL=index.js.map\n');
  write(path.join(dir, 'lib', 'index.js.map'), '{"version":3,"sources":["../src/index.ts"],"mappings":""}');
  write(path.join(dir, 'src', 'index.ts'), 'export {};\n');
  const dep = path.join(dir, 'node_modules', 'dep');
  write(path.join(dep, 'package.json'), JSON.stringify({ name: 'dep', version: '1.0.0', main: 'index.js', files: ['index.js', 'dist/'] }));
  write(path.join(dep, 'index.js'), 'module.exports = 42;\n');
  write(path.join(dep, 'dist', 'dep.js'), 'module.exports = 42;\n');
  write(path.join(dep, 'dist', 'dep.js.map'), '{"version":3,"sources":["dep.ts"],"mappings":""}');
  write(path.join(dep, 'dist', 'dep.min.js.map'), '{"version":3,"sources":["dep.ts"],"mappings":""}');
}

function list(tgz: string): string[] {
  const r = spawnSync('tar', ['-tzf', tgz], { encoding: 'utf-8' });
  expect(r.status).toBe(0);
  return r.stdout.split('\n').filter(Boolean).sort();
}

describe('source maps of bundled dependencies', () => {
  let work: string;
  let tgz: string;

  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'bundled-maps-'));
    stagePackage(path.join(work, 'pkg'));
    fs.mkdirSync(path.join(work, 'dist', 'js'), { recursive: true });
    const r = spawnSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', path.join(work, 'dist', 'js')],
      { cwd: path.join(work, 'pkg'), encoding: 'utf-8' });
    expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
    // the name jsii-pacmak gives it
    tgz = path.join(work, 'dist', 'js', 'pkg@1.0.0.jsii.tgz');
    fs.renameSync(path.join(work, 'dist', 'js', 'pkg-1.0.0.tgz'), tgz);
  });

  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  test('npm packs them, and strip-js packs the tarball again without them, everything else as it was', () => {
    const before = list(tgz);
    expect(before).toContain('package/node_modules/dep/dist/dep.js.map');
    const r = spawnSync(ARTIFACTS, ['strip-js', path.join(work, 'dist')], { encoding: 'utf-8' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const after = list(tgz);
    expect(after).toEqual(before.filter(f => !/^package\/node_modules\/.*\.map$/.test(f)));
    // the library's own maps stay; the dependency's code stays
    expect(after).toContain('package/lib/index.js.map');
    expect(after).toContain('package/node_modules/dep/dist/dep.js');
    expect(after).not.toContain('package/src/index.ts');
    expect(r.stdout).toMatch(/without the bundled dependencies' source maps: .*pkg@1\.0\.0\.jsii\.tgz \(\d+ -> \d+ bytes\)/);
  });

  test('fails the check of a tarball that still carries them, naming each', () => {
    const r = spawnSync(ARTIFACTS, ['check-js', path.join(work, 'dist')], { encoding: 'utf-8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('carries source maps of bundled dependencies');
    expect(r.stderr).toContain('package/node_modules/dep/dist/dep.js.map');
    expect(r.stderr).toContain('package/node_modules/dep/dist/dep.min.js.map');
  });

  test('the package:js task strips them after jsii-pacmak packs', () => {
    const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf-8')).tasks;
    const steps = tasks['package:js'].steps.map((s: any) => s.exec ?? s.spawn ?? (s.execArgs ?? []).join(' '));
    expect(steps).toEqual(['jsii-pacmak -v --target js', '.ci/artifacts strip-js']);
    expect(tasks.package.steps[0]).toEqual({ spawn: 'package:js' });
  });
});
