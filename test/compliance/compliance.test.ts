import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as yaml from 'yaml';
import { deployment, hardenedPodSpec, hardenedSet, Json } from './fixtures';
import { Compliance, CompliancePack, Severity } from '../../src/compliance';

/** Adds raw objects to a chart, each under its own construct. */
function addObjects(chart: Chart, objects: Json[]): ApiObject[] {
  return objects.map((o, i) => new ApiObject(chart, `${o.kind.toLowerCase()}${i}`, o as any));
}

describe('Compliance.check', () => {
  test('a hardened namespace with one workload has zero findings in every pack', () => {
    const chart = Testing.chart();
    addObjects(chart, hardenedSet());
    const result = Compliance.check(chart);
    expect(result.findings).toEqual([]);
    expect(result.packs).toEqual(['pss-baseline', 'pss-restricted', 'nsa-cisa', 'control-plane']);
    expect(result.objectCount).toBe(7);
    expect(result.rules.find(r => r.ruleId === 'RunAsNonRoot')?.compliantObjects).toEqual(['Deployment shop/web']);
  });

  test('fails an escape hatch: a JSON patch turning privileged on is seen', () => {
    const chart = Testing.chart();
    const [, , , , , , workload] = addObjects(chart, hardenedSet());
    workload.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/securityContext/privileged', true));
    const result = Compliance.check(chart, { packs: [CompliancePack.PSS_BASELINE] });
    expect(result.findings.map(f => [f.ruleId, f.fieldPath, f.constructPath])).toEqual([
      ['PrivilegedContainer', 'spec.template.spec.containers[0].securityContext.privileged', 'test/deployment6'],
    ]);
    expect(result.findings[0]).toMatchObject({ severity: Severity.ERROR, resourceKind: 'Deployment', resourceName: 'web', resourceNamespace: 'shop', controls: ['PSS baseline: Privileged Containers'] });
  });

  test('a rule in several packs carries the controls and packs of each', () => {
    const chart = Testing.chart();
    const spec = hardenedPodSpec();
    spec.hostNetwork = true;
    addObjects(chart, [deployment(spec)]);
    const finding = Compliance.check(chart).findings.find(f => f.ruleId === 'HostNetwork');
    expect(finding?.packs).toEqual(['pss-baseline', 'pss-restricted', 'nsa-cisa']);
    expect(finding?.controls).toEqual(['PSS baseline: Host Namespaces', 'NSA/CISA: Pod security enforcement', 'C-0041']);
  });
});

describe('Compliance.of(...).enable()', () => {
  test('fails app.synth() listing every finding with path, object, rule, controls and fix', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'prod');
    const spec = hardenedPodSpec();
    spec.hostNetwork = true;
    spec.containers[0].securityContext.privileged = true;
    addObjects(chart, [deployment(spec)]);
    Compliance.of(app).enable({ packs: [CompliancePack.PSS_BASELINE] });
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = String(e);
    }
    expect(message).toContain('Validation failed');
    expect(message).toContain('HostNetwork (error) Deployment shop/web at prod/deployment0 [PSS baseline: Host Namespaces]: spec.template.spec.hostNetwork: the pod shares the node\'s network namespace (hostNetwork: true). Fix: remove hostNetwork');
    expect(message).toContain('PrivilegedContainer (error) Deployment shop/web at prod/deployment0');
  });

  test('a compliant app synthesizes', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'prod');
    addObjects(chart, hardenedSet());
    Compliance.of(chart).enable();
    expect(() => app.synth()).not.toThrow();
  });

  test('acknowledged findings pass and are written into the object\'s annotations', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'prod');
    const group = new Construct(chart, 'monitoring');
    const spec = hardenedPodSpec();
    spec.hostNetwork = true;
    const [workload] = addObjects(group as Chart, [deployment(spec)]);
    addObjects(chart, hardenedSet().filter(o => o.kind !== 'Deployment'));
    Compliance.of(app).enable();
    Compliance.of(group).acknowledge('HostNetwork', 'node exporter reads host network metrics (OPS-42)');
    app.synth();
    expect(workload.toJson().metadata.annotations).toEqual({ 'acknowledged.cdk8s-hardening.io/HostNetwork': 'node exporter reads host network metrics (OPS-42)' });
    const result = Compliance.check(app);
    expect(result.findings).toEqual([]);
    expect(result.acknowledged.map(f => [f.ruleId, f.acknowledgement])).toEqual([['HostNetwork', 'node exporter reads host network metrics (OPS-42)']]);
  });

  test('fails with failOn WARNING on a warning-level finding, passes with the default', () => {
    const build = (failOn?: Severity) => {
      const app = Testing.app();
      const chart = new Chart(app, 'prod');
      const set = hardenedSet();
      set.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop' }, data: { API_TOKEN: 'abcdef123456' } });
      addObjects(chart, set);
      Compliance.of(app).enable({ failOn });
      return app;
    };
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(() => build().synth()).not.toThrow();
      expect(write).toHaveBeenCalledWith(expect.stringContaining('compliance warning: CredentialsInConfig'));
      expect(() => build(Severity.WARNING).synth()).toThrow(/CredentialsInConfig \(warning\) ConfigMap shop\/cfg/);
    } finally {
      write.mockRestore();
    }
  });
});

describe('acknowledgements', () => {
  test('fails an acknowledgement with a short reason', () => {
    const chart = Testing.chart();
    expect(() => Compliance.of(chart).acknowledge('HostNetwork', 'because')).toThrow(/\[test\] acknowledge\(HostNetwork\)\.reason: an exception to a security default needs a reason of at least 10 characters; got "because"/);
  });

  test('fails an acknowledgement of an unknown rule', () => {
    const chart = Testing.chart();
    expect(() => Compliance.of(chart).acknowledge('NoSuchRule', 'a long enough reason')).toThrow(/acknowledge.ruleId: not a rule of the compliance engine, nor of a pack made with CompliancePack.custom\(\); got "NoSuchRule". Fix: use one of HostProcess/);
  });

  test('an acknowledgement that matches nothing is reported', () => {
    const chart = Testing.chart();
    addObjects(chart, hardenedSet());
    Compliance.of(chart).acknowledge('HostNetwork', 'left over from the old node exporter');
    const empty = new Construct(chart, 'empty');
    Compliance.of(empty).acknowledge('PodExec', 'nothing lives here, nothing to accept');
    const result = Compliance.check(chart);
    expect(result.findings.map(f => [f.ruleId, f.severity, f.message])).toEqual([
      ['AcknowledgementUnused', Severity.WARNING, 'the acknowledgement of HostNetwork (acknowledged on test) matches no finding of the packs checked'],
      ['AcknowledgementUnused', Severity.WARNING, 'the acknowledgement of PodExec on test/empty covers no Kubernetes object'],
    ]);
  });

  test('annotations in manifests are acknowledgements; a short one is refused and reported', () => {
    const ok = deployment();
    ok.spec.template.spec.hostNetwork = true;
    ok.metadata.annotations = { 'acknowledged.cdk8s-hardening.io/HostNetwork': 'node exporter reads host network metrics' };
    const short = deployment();
    short.metadata.name = 'api';
    short.spec.template.spec.hostPID = true;
    short.metadata.annotations = { 'acknowledged.cdk8s-hardening.io/HostPidIpc': 'debug' };
    const text = [ok, short].map(o => yaml.stringify(o)).join('---\n');
    const result = Compliance.checkManifests(text, { packs: [CompliancePack.PSS_BASELINE] }, 'all.yaml');
    expect(result.acknowledged.map(f => f.ruleId)).toEqual(['HostNetwork']);
    // each finding at the line of its field
    const lines = text.split('\n');
    const lineOf = (needle: string, after = 0) => lines.findIndex((l, i) => i >= after && l.includes(needle)) + 1;
    const second = lines.indexOf('---');
    expect(result.findings.map(f => [f.ruleId, f.resourceName, f.line])).toEqual([
      ['HostPidIpc', 'api', lineOf('hostPID: true', second)],
      ['AcknowledgementInvalid', 'api', lineOf('acknowledged.cdk8s-hardening.io/HostPidIpc', second)],
    ]);
  });
});

test('formatFinding gives file and line for manifests read from text', () => {
  const d = deployment();
  d.spec.template.spec.hostIPC = true;
  const [finding] = Compliance.checkManifests(yaml.stringify(d), { packs: [CompliancePack.PSS_BASELINE] }, 'web.yaml').findings;
  const line = yaml.stringify(d).split('\n').findIndex(l => l.includes('hostIPC: true')) + 1;
  expect(Compliance.formatFinding(finding)).toBe(`HostPidIpc (error) Deployment shop/web at web.yaml:${line} [PSS baseline: Host Namespaces]: `
    + 'spec.template.spec.hostIPC: the pod shares the node\'s IPC namespace (hostIPC: true). Fix: remove hostPID and hostIPC (or set them to false)');
});
