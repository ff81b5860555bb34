// jest globalTeardown: stops the cluster global-setup.ts started (failed tests included: jest
// runs the teardown whatever the tests' outcome).
import * as fs from 'fs';
import { stopCluster } from './cluster';
import { running } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const recording = running.cdk8sHardeningRecording;
  running.cdk8sHardeningRecording = undefined;
  if (recording) fs.rmSync(recording, { recursive: true, force: true });
  const state = running.cdk8sHardeningKube;
  running.cdk8sHardeningKube = undefined;
  if (state) await stopCluster(state);
}
