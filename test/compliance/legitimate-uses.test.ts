import { ApiObject, Chart, Cron, JsonPatch, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  Compliance,
  CompliancePack,
  HardenedCronJob,
  HardenedDaemonSet,
  HardenedDeployment,
  HardenedJob,
  HardenedNamespace,
  HardenedStatefulSet,
  Peer,
  PolicyPort,
  Severity,
} from '../../src';
import { Json, small } from '../helpers';

// Uses the documentation and the standard cdk8s idioms lead to, which the library must accept:
// synthesis succeeds with the compliance check on, and the check of the output (in the tree and
// on the written YAML, as the `check` command reads it) is clean.

function expectCleanEverywhere(chart: Chart, options: { failOn?: Severity } = {}): Json[] {
  const manifests = Testing.synth(chart) as Json[];
  const result = Compliance.check(chart, options);
  expect(result.packs.sort()).toEqual(CompliancePack.all().map(p => p.name).sort());
  expect(result.findings.map(f => Compliance.formatFinding(f))).toEqual([]);
  const yaml = Yaml.stringify(...manifests);
  const fromYaml = Compliance.checkManifests(yaml, options);
  expect(fromYaml.findings.map(f => Compliance.formatFinding(f))).toEqual([]);
  return manifests;
}

describe('a chart namespace is the workload namespace', () => {
  test.each([
    ['HardenedDeployment', (c: Chart) => new HardenedDeployment(c, 'web', { containers: [{ image: 'web:1.0.0', portNumber: 8080, resources: small }] })],
    ['HardenedStatefulSet', (c: Chart) => new HardenedStatefulSet(c, 'db', { containers: [{ image: 'db:16.4.0', portNumber: 5432, resources: small }] })],
    ['HardenedDaemonSet', (c: Chart) => new HardenedDaemonSet(c, 'agent', { containers: [{ image: 'agent:0.9.1', resources: small }] })],
    ['HardenedJob', (c: Chart) => new HardenedJob(c, 'migrate', { containers: [{ image: 'migrate:2.0.0', resources: small }] })],
    ['HardenedCronJob', (c: Chart) => new HardenedCronJob(c, 'report', { schedule: Cron.daily(), containers: [{ image: 'report:1.8.0', resources: small }] })],
  ])('%s without metadata.namespace in new Chart(app, id, { namespace }) synthesizes, all of it in that namespace', (_kind, build) => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    new HardenedNamespace(chart, 'ns', { name: 'shop' });
    Compliance.of(chart).enable();
    const workload = build(chart);
    expect(workload.workloadNamespace).toBe('shop');

    const manifests = expectCleanEverywhere(chart);
    const namespaced = manifests.filter(m => m.kind !== 'Namespace');
    expect(namespaced.map(m => `${m.kind}/${m.metadata.namespace}`)).toEqual(namespaced.map(m => `${m.kind}/shop`));
    for (const kind of ['ServiceAccount', 'Role', 'RoleBinding', 'NetworkPolicy']) {
      expect(namespaced.filter(m => m.kind === kind).length).toBeGreaterThan(0);
    }
    const binding = manifests.find(m => m.kind === 'RoleBinding')!;
    expect(binding.subjects).toEqual([expect.objectContaining({ kind: 'ServiceAccount', namespace: 'shop' })]);
    expect(() => app.synth()).not.toThrow();
  });

  test('metadata.namespace in props still wins over the chart namespace', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const web = new HardenedDeployment(chart, 'web', { metadata: { namespace: 'web' }, containers: [{ image: 'web:1.0.0', resources: small }] });
    expect(web.workloadNamespace).toBe('web');
    const manifests = Testing.synth(chart) as Json[];
    expect(new Set(manifests.map(m => m.metadata.namespace))).toEqual(new Set(['web']));
  });

  test('a peer workload in a chart namespace is selected in that namespace', () => {
    const app = Testing.app();
    const front = new Chart(app, 'front', { namespace: 'front' });
    const back = new Chart(app, 'back', { namespace: 'back' });
    new HardenedNamespace(front, 'ns', { name: 'front' });
    new HardenedNamespace(back, 'ns', { name: 'back' });
    const web = new HardenedDeployment(front, 'web', { containers: [{ image: 'web:1.0.0', resources: small }] });
    const api = new HardenedDeployment(back, 'api', { containers: [{ image: 'api:1.0.0', portNumber: 8080, resources: small }] });
    web.allowEgressTo(Peer.workload(api), { ports: [PolicyPort.tcp(8080)] });
    const egress = (Testing.synth(front) as Json[]).find(m => m.kind === 'NetworkPolicy' && m.metadata.name.includes('egress-to') && !m.metadata.name.includes('dns'))!;
    expect(egress.metadata.namespace).toBe('front');
    expect(egress.spec.egress[0].to[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'back' } });
    expect(() => app.synth()).not.toThrow();
  });

  test('fails when a JSON patch moves the workload out of its chart namespace', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    const web = new HardenedDeployment(chart, 'web', { containers: [{ image: 'web:1.0.0', resources: small }] });
    ApiObject.of(web).addJsonPatch(JsonPatch.replace('/metadata/namespace', 'other'));
    expect(() => app.synth()).toThrow(/metadata\.namespace: is not the workload's namespace \(shop\)/);
  });
});

describe('reasoned network exceptions are acknowledgements the check reads', () => {
  function openWorkload(build: (web: HardenedDeployment) => void): Chart {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const ns = new HardenedNamespace(chart, 'ns', { name: 'edge' });
    Compliance.of(chart).enable();
    const web = new HardenedDeployment(chart, 'web', { metadata: { namespace: ns.namespaceName }, containers: [{ image: 'web:1.0.0', portNumber: 8080, resources: small }] });
    build(web);
    return chart;
  }

  test('allowIngressFrom(Peer.anywhere(reason), { ports: [PolicyPort.anyPort(reason)] }) synthesizes and checks clean, the reasons recorded', () => {
    const chart = openWorkload(web => web.allowIngressFrom(Peer.anywhere('public load balancer health checks'), { ports: [PolicyPort.anyPort('the proxy listens on ports chosen at run time')] }));
    const manifests = expectCleanEverywhere(chart);
    const open = manifests.find(m => m.kind === 'NetworkPolicy' && m.metadata.name.includes('ingress-from-anywhere'))!;
    expect(open.spec.ingress).toEqual([{}]);
    // the reasons are the policy's own acknowledgement, which the check reads
    expect(open.metadata.annotations['acknowledged.cdk8s-hardening.io/WideNetworkPolicy'])
      .toBe('the proxy listens on ports chosen at run time; public load balancer health checks');
    const deployment = manifests.find(m => m.kind === 'Deployment')!;
    expect(deployment.metadata.annotations?.['acknowledged.cdk8s-hardening.io/NetworkPolicySelectsWorkload']).toBeUndefined();
    expect([...new Set(Compliance.check(chart).acknowledged.map(f => f.ruleId))]).toEqual(['WideNetworkPolicy']);
  });

  test('allowEgressTo(Peer.anywhere(reason), { ports: [PolicyPort.anyPort(reason)] }) synthesizes and checks clean', () => {
    const chart = openWorkload(web => web.allowEgressTo(Peer.anywhere('calls customer webhooks anywhere'), { ports: [PolicyPort.anyPort('webhook ports are chosen by customers')] }));
    expectCleanEverywhere(chart);
  });

  test('fails the check when the acknowledgement is removed from the YAML', () => {
    const chart = openWorkload(web => web.allowIngressFrom(Peer.anywhere('public load balancer health checks'), { ports: [PolicyPort.anyPort('the proxy listens on ports chosen at run time')] }));
    const manifests = Testing.synth(chart) as Json[];
    for (const m of manifests) {
      for (const key of Object.keys(m.metadata.annotations ?? {})) {
        if (key.startsWith('acknowledged.cdk8s-hardening.io/')) delete m.metadata.annotations[key];
      }
    }
    const result = Compliance.checkManifests(Yaml.stringify(...manifests));
    expect(result.findings.filter(f => f.severity === Severity.ERROR).length).toBeGreaterThan(0);
  });
});

describe('settings about credentials are not credentials', () => {
  test('JWT_ISSUER, JWT_ALGORITHM, TOKEN_AUDIENCE and SECRET_ROTATION_DAYS with plain values synthesize with the check on', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const ns = new HardenedNamespace(chart, 'ns', { name: 'auth' });
    Compliance.of(chart).enable();
    new HardenedDeployment(chart, 'auth', {
      metadata: { namespace: ns.namespaceName },
      containers: [{
        image: 'auth:1.0.0',
        resources: small,
        envVariables: {
          JWT_ISSUER: kplus.EnvValue.fromValue('https://auth.acme.example'),
          JWT_ALGORITHM: kplus.EnvValue.fromValue('RS256'),
          TOKEN_AUDIENCE: kplus.EnvValue.fromValue('api.acme.example'),
          SECRET_ROTATION_DAYS: kplus.EnvValue.fromValue('30'),
        },
      }],
    });
    const env = (Testing.synth(chart) as Json[]).find(m => m.kind === 'Deployment')!.spec.template.spec.containers[0].env;
    expect(env.map((e: Json) => `${e.name}=${e.value}`)).toEqual(['JWT_ISSUER=https://auth.acme.example', 'JWT_ALGORITHM=RS256', 'TOKEN_AUDIENCE=api.acme.example', 'SECRET_ROTATION_DAYS=30']);
  });

  test('fails for a literal DB_PASS, and the fix the error gives synthesizes with failOn WARNING', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const ns = new HardenedNamespace(chart, 'ns', { name: 'shop' });
    Compliance.of(chart).enable({ failOn: Severity.WARNING });
    const secret = new kplus.Secret(chart, 'db', { metadata: { namespace: ns.namespaceName } });
    const web = new HardenedDeployment(chart, 'web', { metadata: { namespace: ns.namespaceName }, containers: [{ image: 'web:1.0.0', resources: small }] });
    let message = '';
    try {
      web.containers[0].env.addVariable('DB_PASS', kplus.EnvValue.fromValue('hunter2-prod'));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/env\.DB_PASS: its name suggests a credential/);
    // the error recommends only what every failOn level accepts
    expect(message).toContain('EnvValue.fromSecretValue({ secret, key })');
    expect(message).not.toContain('env.copyFrom(Env.fromSecret(secret))');
    web.containers[0].env.addVariable('DB_PASS', kplus.EnvValue.fromSecretValue({ secret, key: 'password' }));
    expectCleanEverywhere(chart, { failOn: Severity.WARNING });
  });
});

describe('isolate: false with its reason', () => {
  const reason = 'a mesh sidecar isolates these pods (NET-12)';

  test('inside a HardenedNamespace, whose default-deny isolates the pods, checks clean with no unused acknowledgement', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const ns = new HardenedNamespace(chart, 'ns', { name: 'mesh' });
    Compliance.of(chart).enable({ failOn: Severity.WARNING });
    new HardenedDeployment(chart, 'web', { metadata: { namespace: ns.namespaceName }, isolate: false, isolationOffReason: reason, containers: [{ image: 'web:1.0.0', resources: small }] });
    const manifests = expectCleanEverywhere(chart, { failOn: Severity.WARNING });
    const deployment = manifests.find(m => m.kind === 'Deployment')!;
    expect(deployment.metadata.annotations['cdk8s-hardening.io/isolation-off-reason']).toBe(reason);
    expect(deployment.metadata.annotations['acknowledged.cdk8s-hardening.io/NetworkPolicySelectsWorkload']).toBeUndefined();
    expect(manifests.filter(m => m.kind === 'NetworkPolicy').map(m => m.metadata.name)).toEqual(['default-deny-all', 'allow-dns-egress']);
  });

  test('fails the check without the acknowledgement where nothing else isolates the pods, and passes with it', () => {
    const chart = new Chart(Testing.app(), 'c');
    new HardenedDeployment(chart, 'web', { metadata: { namespace: 'mesh' }, isolate: false, isolationOffReason: reason, containers: [{ image: 'web:1.0.0', resources: small }] });
    const manifests = Testing.synth(chart) as Json[];
    const deployment = manifests.find(m => m.kind === 'Deployment')!;
    expect(deployment.metadata.annotations['acknowledged.cdk8s-hardening.io/NetworkPolicySelectsWorkload']).toBe(`not isolated: ${reason}`);
    expect(Compliance.checkManifests(Yaml.stringify(...manifests)).acknowledged.map(f => f.ruleId)).toEqual(['NetworkPolicySelectsWorkload']);
    delete deployment.metadata.annotations['acknowledged.cdk8s-hardening.io/NetworkPolicySelectsWorkload'];
    expect(Compliance.checkManifests(Yaml.stringify(...manifests)).findings.map(f => f.ruleId)).toContain('NetworkPolicySelectsWorkload');
  });
});
