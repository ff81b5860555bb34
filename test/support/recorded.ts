// The construct configurations the test suite synthesizes, recorded: the construct tests run
// again in a child jest that writes each app they synthesize from the library's constructs alone
// (capture.ts) to a folder, read back here. test/self-check.test.ts checks each with the command's
// check; test/kubernetes/recorded.test.ts sends each object to the real API server.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/** The tests that build the library's constructs. */
export const CONSTRUCT_TESTS = ['test/workloads', 'test/namespace', 'test/network', 'test/rbac', 'test/control-plane', 'test/admission', 'test/unique-objects.test.ts'];

/** One recorded app: its file, the test that synthesized it (`file :: test name`), and its YAML. */
export interface RecordedConfiguration {
  readonly file: string;
  readonly origin: string;
  readonly text: string;
}

/** Runs the construct tests once, recording what they synthesize; fails if any of them fails. */
export function recordConfigurations(): RecordedConfiguration[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-capture-'));
  try {
    const jest = require.resolve('jest/bin/jest');
    const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_HARDENING_CAPTURE_DIR: dir };
    const r = spawnSync(process.execPath, [jest, '--ci', '--silent', '--maxWorkers=1', ...CONSTRUCT_TESTS], {
      cwd: ROOT, encoding: 'utf-8', env, maxBuffer: 2 ** 28,
    });
    if (r.status !== 0) throw new Error(`the construct tests failed when run to record their output:\n${r.stderr.slice(-4000)}`);
    return fs.readdirSync(dir).sort().map(f => {
      const text = fs.readFileSync(path.join(dir, f), 'utf-8');
      return { file: f, origin: text.slice(2, text.indexOf('\n')), text };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
