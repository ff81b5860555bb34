// The PolicyReport format without a server: test/kubernetes/cluster-check.test.ts proves the API
// server accepts it with the Policy WG's CRDs.
import { loadAll } from 'js-yaml';
import { manifests } from './fixtures';
import { Compliance, CompliancePack, Severity } from '../../src';
import { formatPolicyReport } from '../../src/report/policyreport';

type Json = Record<string, any>;

function result() {
  return Compliance.checkManifests(manifests(), { packs: [CompliancePack.PSS_BASELINE] }, 'cluster.yaml');
}

test('a PolicyReport per namespace and a ClusterPolicyReport: fail, skip with the reason, pass', () => {
  const documents = loadAll(formatPolicyReport(result(), '1.2.3', { failOn: Severity.ERROR, timestamp: 1700000000 })) as Json[];
  expect(documents.map(d => [d.apiVersion, d.kind, d.metadata.name, d.metadata.namespace])).toEqual([
    ['wgpolicyk8s.io/v1alpha2', 'ClusterPolicyReport', 'cdk8s-hardening', undefined],
    ['wgpolicyk8s.io/v1alpha2', 'PolicyReport', 'cdk8s-hardening', 'shop'],
  ]);
  const shop = documents[1];
  const fail = shop.results.filter((r: Json) => r.result === 'fail');
  expect(fail).toEqual([{
    source: 'cdk8s-hardening',
    policy: 'HostNetwork',
    rule: 'HostNetwork',
    category: 'pss-baseline',
    severity: 'high',
    result: 'fail',
    scored: true,
    timestamp: { seconds: 1700000000, nanos: 0 },
    message: expect.stringContaining('hostNetwork: true'),
    resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'legacy', namespace: 'shop' }],
    properties: expect.objectContaining({ fieldPath: 'spec.template.spec.hostNetwork', file: expect.stringMatching(/^cluster\.yaml:\d+$/), pssVersion: 'v1.37' }),
  }]);
  const skip = shop.results.filter((r: Json) => r.result === 'skip');
  expect(skip.map((r: Json) => [r.policy, r.properties.acknowledgement])).toEqual([['HostPidIpc', 'process exporter needs the host PID namespace (OPS-7)']]);
  expect(shop.summary).toEqual({ pass: shop.results.filter((r: Json) => r.result === 'pass').length, fail: 1, warn: 0, error: 0, skip: 1 });
  expect(shop.summary.pass).toBeGreaterThan(3);
  const pass = shop.results.find((r: Json) => r.policy === 'HostNetwork' && r.result === 'pass');
  expect(pass.resources).toEqual(expect.arrayContaining([{ kind: 'Deployment', name: 'web', namespace: 'shop' }]));
  // every value of properties is a string, as the CRD requires
  for (const d of documents) for (const r of d.results) for (const v of Object.values(r.properties)) expect(typeof v).toBe('string');
});

test('findings below --fail-on are warn', () => {
  const documents = loadAll(formatPolicyReport(result(), '1.2.3', { failOn: Severity.ERROR, timestamp: 0 })) as Json[];
  const warnings = loadAll(formatPolicyReport({ ...result(), findings: result().findings.map(f => ({ ...f, severity: Severity.WARNING })) }, '1.2.3', { failOn: Severity.ERROR, timestamp: 0 })) as Json[];
  expect(documents[1].summary.fail).toBe(1);
  expect(warnings[1].summary).toMatchObject({ fail: 0, warn: 1 });
  expect(warnings[1].results.find((r: Json) => r.result === 'warn').severity).toBe('medium');
});
