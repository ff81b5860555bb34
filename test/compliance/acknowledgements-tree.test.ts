// Acknowledgements live on the construct tree and in the YAML from the moment they are made, so
// the synthesized output passes `cdk8s-hardening check` with or without the check in synth; the
// check in synth runs once per synthesis and changes nothing.
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { deployment, hardenedSet, Json } from './fixtures';
import { HardenedDeployment, HardenedNamespace, PodSecurityLevel, SeparatedRbac, Subject } from '../../src';
import { Compliance } from '../../src/compliance';

/** The chart's objects as YAML, checked as the command checks them (no construct tree). */
/** The chart's objects as a JSON stream (as `kubectl get -o json` pipes them), checked as the command checks them. */
function checkYaml(chart: Chart) {
  const yaml = Testing.synth(chart).map(o => JSON.stringify(o)).join('\n');
  return Compliance.checkManifests(yaml);
}

describe('acknowledgements on the construct tree', () => {
  test('are kept in the construct metadata, so every handle on the construct sees them', () => {
    const chart = Testing.chart();
    const target = new Construct(chart, 'legacy');
    Compliance.of(target).acknowledge('HostNetwork', 'node exporter reads host network metrics');
    expect(Compliance.of(target).acknowledgements).toEqual([{ ruleId: 'HostNetwork', reason: 'node exporter reads host network metrics' }]);
    expect(target.node.metadata.map(m => m.type)).toEqual(['cdk8s-hardening:acknowledgement']);
  });

  test('are written at once into the annotations of the objects the rule applies to, and only those', () => {
    const chart = Testing.chart();
    const scope = new Construct(chart, 'exporter');
    const d = deployment();
    d.spec.template.spec.hostNetwork = true;
    new ApiObject(scope, 'deployment', d as any);
    new ApiObject(scope, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'exporter', namespace: 'shop' } });
    Compliance.of(scope).acknowledge('HostNetwork', 'node exporter reads host network metrics');
    const [deploymentJson, configJson] = Testing.synth(chart);
    expect(deploymentJson.metadata.annotations).toEqual({ 'acknowledged.cdk8s-hardening.io/HostNetwork': 'node exporter reads host network metrics' });
    expect(configJson.metadata.annotations).toBeUndefined();
    // the YAML alone carries the acceptance
    const result = Compliance.checkManifests(Testing.synth(chart).map(o => JSON.stringify(o)).join('\n'));
    expect(result.findings.filter(f => f.ruleId === 'HostNetwork' || f.ruleId.startsWith('Acknowledgement'))).toEqual([]);
    expect(result.acknowledged.map(f => f.ruleId)).toContain('HostNetwork');
  });

  test('one acknowledgement written into many objects is used when any of them has the finding', () => {
    const chart = Testing.chart();
    const objects: Json[] = [deployment(), deployment()];
    objects[1].metadata.name = 'exporter';
    objects[1].spec.template.spec.hostNetwork = true;
    objects.forEach((o, i) => new ApiObject(chart, `d${i}`, o as any));
    Compliance.of(chart).acknowledge('HostNetwork', 'node exporter reads host network metrics');
    expect(checkYaml(chart).findings.filter(f => f.ruleId.startsWith('Acknowledgement'))).toEqual([]);
  });

  test('fails with a warning for an object created after the acknowledgement, which the YAML does not record', () => {
    const chart = Testing.chart();
    hardenedSet().forEach((o, i) => new ApiObject(chart, `o${i}`, o as any));
    Compliance.of(chart).acknowledge('HostNetwork', 'node exporter reads host network metrics');
    const late = deployment();
    late.metadata.name = 'late';
    late.spec.template.spec.hostNetwork = true;
    new ApiObject(chart, 'late', late as any);
    const result = Compliance.check(chart);
    expect(result.findings.map(f => [f.ruleId, f.severity, f.resourceName, f.fieldPath])).toEqual([
      ['AcknowledgementNotRecorded', 'warning', 'late', 'metadata.annotations["acknowledged.cdk8s-hardening.io/HostNetwork"]'],
    ]);
    expect(result.acknowledged.map(f => [f.ruleId, f.resourceName])).toEqual([['HostNetwork', 'late']]);
  });
});

describe('reasoned exceptions of the constructs pass the check on their YAML, with the check in synth off', () => {
  test('a privileged namespace with its reason', () => {
    const chart = Testing.chart();
    new HardenedNamespace(chart, 'agents', {
      name: 'node-agents',
      podSecurity: {
        enforce: PodSecurityLevel.PRIVILEGED,
        audit: PodSecurityLevel.PRIVILEGED,
        warn: PodSecurityLevel.PRIVILEGED,
        privilegedReason: 'CNI agent needs host networking (SEC-42)',
      },
    });
    const result = checkYaml(chart);
    expect(result.findings).toEqual([]);
    expect(new Set(result.acknowledged.map(f => f.ruleId))).toEqual(new Set(['PsaLabels', 'PsaRestricted']));
  });

  test('a mounted service account token with its reason', () => {
    const chart = Testing.chart();
    new HardenedNamespace(chart, 'ns', { name: 'shop' });
    new HardenedDeployment(chart, 'operator', {
      metadata: { namespace: 'shop' },
      automountServiceAccountToken: true,
      automountServiceAccountTokenReason: 'watches its own ConfigMaps through the API (OPS-7)',
      containers: [{ image: 'registry.example.com/operator:1.0.0' }],
    });
    const result = checkYaml(chart);
    expect(result.findings).toEqual([]);
    expect(result.acknowledged.map(f => f.ruleId)).toEqual(['ServiceAccountToken']);
  });

  test('SeparatedRbac with break-glass and developer exec', () => {
    const chart = Testing.chart();
    new HardenedNamespace(chart, 'ns', { name: 'payments' });
    new SeparatedRbac(chart, 'rbac', {
      clusterAdmins: [Subject.group('k8s-admins')],
      breakGlass: { subjects: [Subject.group('k8s-break-glass')], reason: 'control-plane recovery, see runbook RB-7' },
      tenants: [{ name: 'payments', developers: [Subject.group('payments-devs')], developerExecReason: 'on-call debugging of the ledger (INC-42)' }],
    });
    const result = checkYaml(chart);
    expect(result.findings).toEqual([]);
    expect(new Set(result.acknowledged.map(f => f.ruleId))).toEqual(new Set(['ClusterAdminBinding', 'SecretsAccess', 'PodExec', 'RbacEscalation', 'RbacImpersonation']));
  });
});

describe('the check in synth', () => {
  test('runs once per synthesis, however many charts cdk8s validates it for', () => {
    const app = Testing.app();
    const base = new Chart(app, 'base');
    hardenedSet().filter(o => o.kind !== 'Deployment').forEach((o, j) => new ApiObject(base, `o${j}`, o as any));
    for (let i = 0; i < 4; i++) {
      const chart = new Chart(app, `c${i}`);
      const d = deployment();
      d.metadata.name = `web-${i}`;
      d.spec.template.spec.containers[0].env = [{ name: 'DB_PASSWORD', value: 'hunter2-hunter2' }];
      new ApiObject(chart, 'd', d as any);
    }
    Compliance.of(app).enable();
    const writes: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { writes.push(String(chunk)); return true; });
    try {
      app.synthYaml();
      app.synthYaml();
    } finally {
      spy.mockRestore();
    }
    // one CredentialsInConfig warning per Deployment, once per synthesis (cdk8s validates 5 times per synthesis)
    expect(writes.filter(w => w.includes('CredentialsInConfig'))).toHaveLength(8);
  });

  test('sees changes made between two syntheses', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const chart = new Chart(app, 'c');
    hardenedSet().forEach((o, i) => new ApiObject(chart, `o${i}`, o as any));
    Compliance.of(app).enable();
    expect(() => app.synthYaml()).not.toThrow();
    const d = deployment();
    d.metadata.name = 'privileged';
    d.spec.template.spec.containers[0].securityContext.privileged = true;
    new ApiObject(chart, 'late', d as any);
    expect(() => app.synthYaml()).toThrow(/PrivilegedContainer/);
  });

  test('leaves the synthesized objects as they are', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    hardenedSet().forEach((o, i) => new ApiObject(chart, `o${i}`, o as any));
    const before = app.synthYaml();
    Compliance.of(app).enable();
    expect(app.synthYaml()).toEqual(before);
  });
});
