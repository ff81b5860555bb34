// jest globalSetup: when the run includes the tests under test/kubernetes/, builds etcd and
// kube-apiserver (kube/build.sh; cached outside the clone) and starts them once for the whole run.
// The state file's path goes to the test workers in CDK8S_HARDENING_KUBE; global-teardown.ts
// stops the processes, and exit handlers stop them too when the run ends another way. It also
// makes the folder in which the run records the construct tests once (test/support/recorded.ts).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Config } from '@jest/types';
import { buildComponents, ClusterState, killNow, startCluster, STATE_ENV } from './cluster';
import { RECORDING_ENV } from '../support/recorded';

/** The running cluster of this jest process, for global-teardown.ts (jest shares globalThis between the two). */
export const running = globalThis as { cdk8sHardeningKube?: ClusterState; cdk8sHardeningRecording?: string };

/** Test files of this folder that start a cluster of their own (other API server flags), not the shared one. */
export const OWN_CLUSTER_FILES: readonly string[] = ['control-plane-apiserver.test.ts'];

/** Does the run select any test file of this folder that uses the shared cluster? (No pattern: the whole suite.) */
function selected(config: Config.GlobalConfig): boolean {
  const patterns = config.testPathPatterns.patterns;
  if (patterns.length === 0) return true;
  const files = fs.readdirSync(__dirname).filter(f => f.endsWith('.test.ts') && !OWN_CLUSTER_FILES.includes(f)).map(f => path.join(__dirname, f));
  return patterns.some(p => files.some(f => new RegExp(p, 'i').test(f)));
}

export default async function globalSetup(config: Config.GlobalConfig): Promise<void> {
  if (config.listTests) return;
  // one recording of the construct tests for the run's files that need it (test/support/recorded.ts)
  running.cdk8sHardeningRecording = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-recording-'));
  process.env[RECORDING_ENV] = running.cdk8sHardeningRecording;
  if (!selected(config)) return;
  const started = Date.now();
  const bin = buildComponents();
  const state = await startCluster(bin);
  running.cdk8sHardeningKube = state;
  const stop = () => killNow(state);
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      stop();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
  const file = path.join(state.dir, 'state.json');
  fs.writeFileSync(file, JSON.stringify(state, null, 2));
  process.env[STATE_ENV] = file;
  process.stderr.write(`\ntest cluster: ${state.apiserverVersion}, ${state.etcdVersion} at ${state.server}, ready in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}
