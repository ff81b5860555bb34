// The setup file test/support/assertions.ts fails a test that makes no assertion: run jest, with
// the project's configuration, on a file holding one test that asserts and one that does not.
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

test('fails a generated case that returns before any assertion, and only that one', () => {
  const r = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--ci', '--reporters=default', '--testMatch', '**/test/fixtures/guard/cases.ts'], {
    cwd: ROOT, encoding: 'utf8', timeout: 120_000,
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/✓ asserts/);
  expect(r.stderr).toMatch(/✕ returns before any assertion \(true\)/);
  expect(r.stderr).toMatch(/expect\.hasAssertions\(\)/);
  expect(r.stderr).toMatch(/Tests: +1 failed, 1 passed, 2 total/);
});
