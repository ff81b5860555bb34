// A second copy of cdk8s, constructs or cdk8s-plus-27 in the app (a linked install of this
// library resolves its own copies) is named at construct time with the way to fix it, instead of
// cdk8s failing at synthesis with "can't render non-simple object of type 'Lazy'".
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HardenedDeployment, HardenedNamespace } from '../src';
import { small } from './helpers';

const ROOT = path.join(__dirname, '..');

/** Another copy of a package, loaded fresh (with fresh copies of what it requires). */
function secondCopy<T>(name: string): T {
  let loaded: T | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(name) as T;
  });
  return loaded!;
}

describe('a second copy of a peer dependency', () => {
  test('fails at construct time, naming cdk8s and the fix, for a chart of another cdk8s copy', () => {
    const other = secondCopy<typeof import('cdk8s')>('cdk8s');
    const chart = new other.Chart(new other.App(), 'c');
    let message = '';
    try {
      new HardenedDeployment(chart as any, 'web', { containers: [{ image: 'web:1.0.0', resources: small }] });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^\[c\/web\] .*two copies of (cdk8s|constructs) are loaded/);
    expect(message).toContain('npm install --install-links');
    expect(message).toContain('npm dedupe');
  });

  test('fails for a construct tree of another constructs copy', () => {
    const other = secondCopy<typeof import('constructs')>('constructs');
    const { Chart } = jest.requireActual<typeof import('cdk8s')>('cdk8s');
    const chart = new Chart(new other.Construct(undefined as any, 'root') as any, 'c');
    expect(() => new HardenedNamespace(chart, 'ns', { name: 'shop' })).toThrow(/two copies of constructs are loaded/);
  });

  test('one copy of each is accepted', () => {
    const { Chart, Testing } = jest.requireActual<typeof import('cdk8s')>('cdk8s');
    const chart = new Chart(Testing.app(), 'c');
    expect(() => new HardenedNamespace(chart, 'ns', { name: 'shop' })).not.toThrow();
  });

  test('fails with the fix, as a process, in an app that links this library (npm install ../cdk8s-hardening)', () => {
    const main = path.join(ROOT, 'lib', 'index.js');
    expect(fs.existsSync(main)).toBe(true);
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'linked-app-'));
    try {
      const modules = path.join(app, 'node_modules');
      fs.mkdirSync(modules);
      // the app's own copies, as npm installs them; the library is a link to this checkout,
      // which resolves cdk8s and constructs from its own node_modules
      for (const name of ['cdk8s', 'constructs']) {
        fs.cpSync(fs.realpathSync(path.join(ROOT, 'node_modules', name)), path.join(modules, name), { recursive: true });
      }
      fs.symlinkSync(ROOT, path.join(modules, 'cdk8s-hardening'), 'dir');
      fs.writeFileSync(path.join(app, 'main.js'), [
        "const { App, Chart } = require('cdk8s');",
        "const { HardenedDeployment, HardenedNamespace } = require('cdk8s-hardening');",
        'const app = new App();',
        "const chart = new Chart(app, 'shop');",
        "new HardenedNamespace(chart, 'ns', { name: 'shop' });",
        "new HardenedDeployment(chart, 'web', { containers: [{ image: 'web:1.0.0' }] });",
        'app.synthYaml();',
      ].join('\n'));
      const r = spawnSync(process.execPath, ['main.js'], { cwd: app, encoding: 'utf-8', timeout: 60_000 });
      expect(r.status).not.toBe(0);
      expect(r.stderr).not.toContain('Failed serializing construct');
      expect(r.stderr).toMatch(/two copies of (cdk8s|constructs) are loaded/);
      expect(r.stderr).toContain(path.join(modules, 'c'));
    } finally {
      fs.rmSync(app, { recursive: true, force: true });
    }
  });
});
