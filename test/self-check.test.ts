// Every construct configuration the test suite builds passes the command's check with in-synth
// checking off: the constructs write their acknowledgements and reasons into the objects, so the
// YAML alone holds what an auditor and `cdk8s-hardening check` need. The construct tests run
// again in a child jest that records each app they synthesize from the library's constructs
// alone (test/support/capture.ts, test/support/recorded.ts); each recorded app is then checked
// against every pack.
import { recordConfigurations, RecordedConfiguration } from './support/recorded';
import { runCheck } from '../src/compliance/engine';
import { parseManifestText } from '../src/compliance/loader';
import { CompliancePack } from '../src/compliance/packs';
import { Severity } from '../src/compliance/severity';

let captured: RecordedConfiguration[] = [];

beforeAll(() => {
  captured = recordConfigurations();
}, 900_000);

test('the construct tests synthesize hundreds of configurations from the library alone', () => {
  // a capture that records nothing must not pass as "no findings"
  expect(captured.length).toBeGreaterThan(100);
  const objects = captured.reduce((n, c) => n + parseManifestText(c.text, c.file).length, 0);
  expect(objects).toBeGreaterThan(800);
  for (const dirName of ['workloads', 'namespace', 'network', 'rbac', 'control-plane']) {
    expect(captured.some(c => c.origin.startsWith(`test/${dirName}/`))).toBe(true);
  }
});

test('every configuration passes `cdk8s-hardening check` on every pack, in-synth checking off', () => {
  const failures: string[] = [];
  for (const c of captured) {
    const result = runCheck(parseManifestText(c.text, c.file), { packs: CompliancePack.all() });
    for (const f of result.findings.filter(x => x.severity === Severity.ERROR)) {
      failures.push(`${c.origin}: ${f.resourceKind} ${f.resourceNamespace ?? ''}/${f.resourceName}: ${f.ruleId} at ${f.fieldPath}: ${f.message}`);
    }
  }
  expect(failures).toEqual([]);
});

test('fails a recorded configuration weakened after synthesis: the check is not vacuous', () => {
  const deployment = captured.find(c => /^kind: Deployment$/m.test(c.text) && /readOnlyRootFilesystem: true/.test(c.text));
  expect(deployment).toBeDefined();
  const weakened = deployment!.text.replace(/readOnlyRootFilesystem: true/g, 'readOnlyRootFilesystem: false');
  const result = runCheck(parseManifestText(weakened, deployment!.file), { packs: CompliancePack.all() });
  expect(result.findings.map(f => f.ruleId)).toContain('ReadOnlyRootFilesystem');
});
