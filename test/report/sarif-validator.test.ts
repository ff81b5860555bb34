// Our SARIF, checked by the SARIF Multitool (the validator of the SARIF SDK): zero errors and zero
// warnings, for input named by relative and by absolute paths.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/run';

const ROOT = path.join(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/compliance');

/** The Multitool binary of this platform (npm may not have run its chmod postinstall). */
function multitool(): string {
  // the package resolves to the binary of this platform's optional dependency
  const binary = path.join(path.dirname(require.resolve(`@microsoft/sarif-multitool-${process.platform}/package.json`)), process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool');
  fs.chmodSync(binary, 0o755);
  return binary;
}

/** Runs our command to a SARIF file and the Multitool over it; returns the validator's results. */
function validate(args: string[], cwd: string, exitCode = 1): Array<{ ruleId: string; level?: string; message: { text: string } }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-sarif-'));
  const log = path.join(dir, 'results.sarif');
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = runCli(['check', '--format', 'sarif', '--output', log, ...args], { out: () => undefined, err: () => undefined });
    expect(code).toBe(exitCode); // the fixtures have findings: the log is not empty
  } finally {
    process.chdir(previous);
  }
  const out = path.join(dir, 'validation.sarif');
  const r = spawnSync(multitool(), ['validate', log, '-o', out], {
    encoding: 'utf8',
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
  });
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  return JSON.parse(fs.readFileSync(out, 'utf8')).runs.flatMap((run: { results?: unknown[] }) => run.results ?? []);
}

describe('SARIF validated by the SARIF Multitool', () => {
  test('input named by relative paths: no errors, no warnings', () => {
    expect(validate(['test/fixtures/compliance/noncompliant.yaml', 'test/fixtures/compliance/warning-only.yaml'], ROOT)).toEqual([]);
  });

  test('input named by absolute paths, outside the working directory, with spaces: no errors, no warnings', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s hardening '));
    const file = path.join(dir, 'non compliant.yaml');
    fs.copyFileSync(path.join(FIXTURES, 'noncompliant.yaml'), file);
    expect(validate([file, path.join(FIXTURES, 'warning-only.yaml')], ROOT)).toEqual([]);
  });

  test('with unusable input reported as tool notifications: no errors, no warnings', () => {
    expect(validate(['test/fixtures/compliance/noncompliant.yaml', 'test/fixtures/compliance/malformed.yaml', path.join(FIXTURES, 'missing.yaml')], ROOT, 2)).toEqual([]);
  });

  test('fails the validator on a log that breaks the rules it checks (it is really checking)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-sarif-'));
    const log = path.join(dir, 'bad.sarif');
    fs.writeFileSync(log, JSON.stringify({
      version: '2.1.0',
      runs: [{
        tool: { driver: { name: 'x', rules: [{ id: 'Same', name: 'Same' }] } },
        results: [{ ruleId: 'Same', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: '/abs/file.yaml' } } }] }],
      }],
    }));
    const out = path.join(dir, 'validation.sarif');
    spawnSync(multitool(), ['validate', log, '-o', out], { env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
    const ruleIds = JSON.parse(fs.readFileSync(out, 'utf8')).runs.flatMap((run: { results?: Array<{ ruleId: string }> }) => (run.results ?? []).map(r => r.ruleId));
    expect(ruleIds).toEqual(expect.arrayContaining(['SARIF1001', 'SARIF1004']));
  });
});
