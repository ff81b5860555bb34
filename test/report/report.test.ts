import { manifests } from './fixtures';
import { Compliance, CompliancePack, ComplianceReport } from '../../src';

const result = () => Compliance.checkManifests(manifests(), { packs: [CompliancePack.PSS_BASELINE, CompliancePack.NSA_CISA] }, 'cluster.yaml');

test('text groups findings by object and ends with a summary', () => {
  const text = ComplianceReport.text(result());
  expect(text).toContain('Deployment shop/legacy  cluster.yaml:');
  expect(text).toMatch(/ {2}ERROR {2}HostNetwork {2}spec\.template\.spec\.hostNetwork {2}\(line \d+\)\n {9}the pod shares the node's network namespace \(hostNetwork: true\)\n {9}controls: PSS baseline: Host Namespaces; NSA\/CISA: Pod security enforcement; C-0041 \(Pod Security Standards v1\.37\)\n/);
  expect(text).toMatch(/ {2}ACK {4}HostPidIpc {2}spec\.template\.spec\.hostPID {2}\(line \d+\)\n/);
  expect(text).toContain('         acknowledged: process exporter needs the host PID namespace (OPS-7)\n');
  expect(text.trimEnd().split('\n').pop()).toBe('8 objects checked against pss-baseline, nsa-cisa: 1 error, 0 warnings, 0 info; 1 acknowledged');
});

test('json carries counts, findings and acknowledgements', () => {
  const json = JSON.parse(ComplianceReport.json(result()));
  expect(json.summary).toEqual({ error: 1, warning: 0, info: 0, acknowledged: 1, unusableInputs: 0 });
  expect(json.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['HostNetwork']);
  expect(json.acknowledged[0]).toMatchObject({ ruleId: 'HostPidIpc', acknowledgement: 'process exporter needs the host PID namespace (OPS-7)' });
});

test('sarif marks acknowledged findings as suppressed, with the reason', () => {
  const sarif = JSON.parse(ComplianceReport.sarif(result(), '/'));
  const results = sarif.runs[0].results;
  expect(results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['HostNetwork', 'HostPidIpc']);
  expect(results[0].suppressions).toBeUndefined();
  expect(results[1].suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'process exporter needs the host PID namespace (OPS-7)' }]);
  expect(sarif.runs[0].tool.driver.rules[0]).toMatchObject({ id: 'HostNetwork', defaultConfiguration: { level: 'error' }, properties: { tags: expect.arrayContaining(['C-0041']) } });
});

test('markdown lists, per control, the objects satisfying it, the findings and the acknowledgements with reasons', () => {
  const md = ComplianceReport.markdown(result());
  expect(md).toContain('## Pod Security Standards: baseline');
  expect(md).toContain('| PSS baseline: Host Namespaces | `HostNetwork`, `HostPidIpc` | 2 | 1 | 1 |');
  expect(md).toContain('### C-0041');
  expect(md).toMatch(/- Rule `HostNetwork` \(error\): spec\.hostNetwork is unset or false\n {2}- Satisfied by 1 object\(s\):\n {4}- Deployment shop\/web\n {2}- Open findings: 1:\n {4}- Deployment shop\/legacy \(cluster\.yaml:\d+\): `spec\.template\.spec\.hostNetwork`/);
  expect(md).toContain('| Deployment shop/legacy | `HostPidIpc` | process exporter needs the host PID namespace (OPS-7) |');
});
