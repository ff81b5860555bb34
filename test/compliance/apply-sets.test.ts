// Duplicate objects are a matter of one apply set: the files of one folder, as
// `kubectl apply -f FOLDER` applies them together. Variant folders of one repository (a deploy
// file per provider, each complete) are never applied together; `--apply-set all` says that
// every input is.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/run';

const CONFIG_MAP = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: edge\ndata:\n  mode: plain\n`;

let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'apply-sets-'));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  // two variants of one deployment, each complete
  write('deploy/provider/aws/deploy.yaml', CONFIG_MAP('controller'));
  write('deploy/provider/baremetal/deploy.yaml', CONFIG_MAP('controller'));
  // one app whose folder declares the same object twice
  write('app/a.yaml', CONFIG_MAP('settings'));
  write('app/b.yaml', `${CONFIG_MAP('settings')}---\n${CONFIG_MAP('other')}`);
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function check(...args: string[]): { code: number; duplicates: Array<{ resourceName: string; file: string; message: string }>; err: string } {
  let out = '';
  let err = '';
  const code = runCli(['check', '--format', 'json', '--pack', 'pss-baseline', ...args], { out: t => { out += t; }, err: t => { err += t; } });
  const findings = code === 2 && out === '' ? [] : (JSON.parse(out).findings as Array<{ ruleId: string; resourceName: string; file: string; message: string }>);
  return { code, duplicates: findings.filter(f => f.ruleId === 'DuplicateObjects'), err };
}

describe('apply sets', () => {
  test('variant folders read together (-R) are separate apply sets: no duplicate between them', () => {
    const r = check('-R', path.join(root, 'deploy'));
    expect(r.duplicates).toEqual([]);
    expect(r.code).toBe(0);
  });

  test('variant folders given one by one are separate apply sets too', () => {
    expect(check(path.join(root, 'deploy/provider/aws'), path.join(root, 'deploy/provider/baremetal')).duplicates).toEqual([]);
  });

  test('fails on the same object twice in one folder (one apply set), naming both places', () => {
    const r = check(path.join(root, 'app'));
    expect(r.code).toBe(1);
    expect(r.duplicates.map(f => `${f.resourceName} ${path.basename(f.file)}`).sort()).toEqual(['settings a.yaml', 'settings b.yaml']);
    expect(r.duplicates[0].message).toContain('in one apply set');
  });

  test('fails on duplicates across folders with --apply-set all (every input applied together)', () => {
    const r = check('--apply-set', 'all', '-R', path.join(root, 'deploy'));
    expect(r.code).toBe(1);
    expect(r.duplicates.map(f => f.resourceName)).toEqual(['controller', 'controller']);
  });

  test('--apply-set folder is the default', () => {
    const r = check('--apply-set', 'folder', '-R', path.join(root, 'deploy'));
    expect(r.code).toBe(0);
    expect(r.duplicates).toEqual([]);
  });

  test('fails with exit 2 on an unknown --apply-set', () => {
    const r = check('--apply-set', 'repo', path.join(root, 'app'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('--apply-set must be folder or all; got "repo"');
  });
});
