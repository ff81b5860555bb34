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

/**
 * The environment variable that names a folder shared by the test files of one jest run
 * (test/kubernetes/global-setup.ts makes it): the first file to ask records there, the others wait
 * for its recording and read it, so a run re-runs the construct tests once, not once per file.
 */
export const RECORDING_ENV = 'CDK8S_HARDENING_RECORDING';

/** Runs the construct tests, recording what they synthesize; fails if any of them fails. */
function record(dir: string): void {
  const jest = require.resolve('jest/bin/jest');
  const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_HARDENING_CAPTURE_DIR: dir };
  delete env[RECORDING_ENV];
  const r = spawnSync(process.execPath, [jest, '--ci', '--silent', '--maxWorkers=1', ...CONSTRUCT_TESTS], {
    cwd: ROOT, encoding: 'utf-8', env, maxBuffer: 2 ** 28,
  });
  if (r.status !== 0) throw new Error(`the construct tests failed when run to record their output:\n${r.stderr.slice(-4000)}`);
}

function read(dir: string): RecordedConfiguration[] {
  return fs.readdirSync(dir).sort().map(f => {
    const text = fs.readFileSync(path.join(dir, f), 'utf-8');
    return { file: f, origin: text.slice(2, text.indexOf('\n')), text };
  });
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The construct configurations the construct tests synthesize: recorded once per jest run when
 * the run shares a folder (RECORDING_ENV), else recorded here. A failed recording fails every
 * file that asks, with the same message.
 */
export function recordConfigurations(): RecordedConfiguration[] {
  const shared = process.env[RECORDING_ENV];
  if (!shared) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-capture-'));
    try {
      record(dir);
      return read(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const out = path.join(shared, 'apps');
  const done = path.join(shared, 'done');
  const failed = path.join(shared, 'failed');
  let mine = false;
  try {
    fs.mkdirSync(out);
    mine = true;
  } catch {
    // another test file of this run records: wait for it
  }
  if (mine) {
    try {
      record(out);
      fs.writeFileSync(done, '');
    } catch (e) {
      fs.writeFileSync(failed, (e as Error).message);
      throw e;
    }
  } else {
    while (!fs.existsSync(done)) {
      if (fs.existsSync(failed)) throw new Error(fs.readFileSync(failed, 'utf-8'));
      sleep(500);
    }
  }
  return read(out);
}
