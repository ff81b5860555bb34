// Where a report points: a finding at its field's line, in YAML and in JSON input alike, and an
// object's header in the text report at the object's own first line.
import { Compliance, CompliancePack, ComplianceReport } from '../../src';

const PSS = [CompliancePack.PSS_BASELINE, CompliancePack.PSS_RESTRICTED];

const JSON_STREAM = [
  '{', // 1
  '  "apiVersion": "v1",', // 2
  '  "kind": "Pod",', // 3
  '  "metadata": { "name": "p", "namespace": "a" },', // 4
  '  "spec": {', // 5
  '    "hostNetwork": true,', // 6
  '    "containers": [', // 7
  '      {', // 8
  '        "name": "c",', // 9
  '        "image": "nginx:1.27.3",', // 10
  '        "securityContext": { "privileged": true }', // 11
  '      }', // 12
  '    ]', // 13
  '  }', // 14
  '}', // 15
  '{ "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "q", "namespace": "a" },', // 16
  '  "spec": { "hostPID": true, "containers": [{ "name": "c", "image": "nginx:1.27.3" }] } }', // 17
].join('\n');

describe('finding lines', () => {
  test('a finding in JSON input is at its field\'s line, in every document of the stream', () => {
    const result = Compliance.checkManifests(JSON_STREAM, { packs: [CompliancePack.PSS_BASELINE] }, 'pods.json');
    const at = (ruleId: string, name: string) => result.findings.filter(f => f.ruleId === ruleId && f.resourceName === name).map(f => f.line);
    expect(at('HostNetwork', 'p')).toEqual([6]);
    expect(at('PrivilegedContainer', 'p')).toEqual([11]);
    expect(at('HostPidIpc', 'q')).toEqual([17]);
  });

  test('a field a JSON object lacks is at its nearest parent\'s line', () => {
    const result = Compliance.checkManifests(JSON_STREAM, { packs: [CompliancePack.PSS_RESTRICTED] }, 'pods.json');
    const nonRoot = result.findings.filter(f => f.resourceName === 'p' && f.fieldPath.endsWith('runAsNonRoot'));
    expect(nonRoot.length).toBeGreaterThan(0);
    for (const f of nonRoot) expect([5, 8, 11]).toContain(f.line);
  });

  test('the text report shows an object at its own first line, not its first finding\'s', () => {
    const text = [
      '# a comment', // 1
      '---', // 2
      'apiVersion: v1', // 3
      'kind: Pod', // 4
      'metadata:', // 5
      '  name: p', // 6
      '  namespace: a', // 7
      '  labels:', // 8
      '    app: p', // 9
      'spec:', // 10
      '  containers:', // 11
      '  - name: c', // 12
      '    image: nginx:1.27.3', // 13
      '  hostNetwork: true', // 14
    ].join('\n');
    const result = Compliance.checkManifests(text, { packs: PSS }, 'pod.yaml');
    expect(Math.min(...result.findings.map(f => f.line!))).toBeGreaterThan(3);
    const report = ComplianceReport.text(result);
    expect(report.split('\n').filter(l => l.startsWith('Pod '))).toEqual(['Pod a/p  pod.yaml:3']);
  });
});
