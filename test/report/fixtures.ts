import * as yaml from 'yaml';
import { deployment, hardenedSet } from '../compliance/fixtures';

/**
 * The reports' input: the hardened set, plus a Deployment on the host's network and PID namespace
 * whose HostPidIpc finding is acknowledged.
 */
export function manifests(): string {
  const objects = hardenedSet();
  const legacy = deployment();
  legacy.metadata.name = 'legacy';
  legacy.spec.template.spec.hostNetwork = true;
  legacy.spec.template.spec.hostPID = true;
  legacy.metadata.annotations = { 'acknowledged.cdk8s-hardening.io/HostPidIpc': 'process exporter needs the host PID namespace (OPS-7)' };
  objects.push(legacy);
  return objects.map(o => yaml.stringify(o)).join('---\n');
}
