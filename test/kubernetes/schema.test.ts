// Schema and validation, by the real kube-apiserver (test/kubernetes/cluster.ts): every object the
// example cluster synthesizes, ImageSignaturePolicy's output against the upstream CRDs of sigstore
// policy-controller and Kyverno, is accepted by server-side apply with dry run and strict field
// validation, as `kubectl apply --server-side --dry-run=server --validate=strict` sends it.
import { App, Testing } from 'cdk8s';
import { apply, applyAll, closeConnections, messageOf, pathsOf, request } from './client';
import { exampleObjects, installCrd, podOf, UPSTREAM_CRDS } from './objects';
import { exampleControlPlane } from '../../examples/control-plane';
import { HardenedDeployment, ImageSignaturePolicy, SandboxRuntime, SandboxRuntimeClass, SignatureMode, SignatureVerifier } from '../../src';
import { CONTROL_PLANE_FILE_KINDS } from '../control-plane/fixtures';

type Json = Record<string, any>;

const objects = exampleObjects();
const describeObject = (o: Json) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/** The objects the server refused or warned about (dry run, strict field validation), with its message. */
async function refusals(list: readonly Json[]): Promise<string[]> {
  const out: string[] = [];
  for (const o of list) {
    const a = await apply('admin', o, { dryRun: true });
    if (a.status >= 300) out.push(`${describeObject(o)}: ${messageOf(a)}`);
    for (const w of a.warnings) out.push(`${describeObject(o)}: warning: ${w}`);
  }
  return out;
}

beforeAll(async () => {
  // namespaced objects need their namespace: the example's namespaces are applied for real
  await applyAll(objects.filter(o => o.kind === 'Namespace'));
  await installCrd(UPSTREAM_CRDS.sigstore);
  await installCrd(UPSTREAM_CRDS.kyverno);
}, 120_000);

afterAll(() => closeConnections());

test('every object of the example cluster is accepted with strict field validation and no warning', async () => {
  expect(objects.length).toBeGreaterThan(100);
  expect(await refusals(objects)).toEqual([]);
}, 120_000);

test('the example\'s NetworkPolicies are among them, each accepted', async () => {
  const policies = objects.filter(o => o.kind === 'NetworkPolicy');
  expect(policies.length).toBeGreaterThan(20);
  expect(await refusals(policies)).toEqual([]);
});

test('ImageSignaturePolicy for Kyverno is accepted by Kyverno\'s published ClusterPolicy CRD', async () => {
  const chart = Testing.chart();
  for (const mode of [SignatureMode.ENFORCE, SignatureMode.WARN]) {
    new ImageSignaturePolicy(chart, `kyverno-${mode.name}`, {
      name: `signed-images-${mode.name}`,
      verifier: SignatureVerifier.KYVERNO,
      mode,
      weakeningReason: mode === SignatureMode.WARN ? 'the schema of the audit form is checked too' : undefined,
      images: ['registry.acme.example/**', 'index.docker.io/library/*'],
      keylessSigners: [{ issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main' }],
      publicKeys: [objects.find(o => o.kind === 'ClusterImagePolicy')!.spec.authorities.find((x: Json) => x.key)!.key.data],
    });
  }
  const out = Testing.synth(chart) as Json[];
  expect(out.map(o => `${o.apiVersion} ${o.kind}`)).toEqual(['kyverno.io/v1 ClusterPolicy', 'kyverno.io/v1 ClusterPolicy']);
  // Kyverno 1.19 deprecates kyverno.io/v1 ClusterPolicy (for ImageValidatingPolicy, policies.kyverno.io):
  // the one warning, each ClusterPolicy still accepted (docs/admission.md)
  const deprecated = (w: string) => w.includes('kyverno.io/v1 ClusterPolicy is deprecated');
  const answers = await refusals(out);
  expect(answers.filter(a => !(a.includes(': warning: ') && deprecated(a)))).toEqual([]);
  expect(answers.length).toBe(out.length);
});

describe('SandboxRuntimeClass', () => {
  // names of this test's own (RuntimeClass is cluster-scoped; the test files share the cluster)
  const chart = Testing.chart();
  new SandboxRuntimeClass(chart, 'gvisor', { name: 'schema-test-gvisor' });
  new SandboxRuntimeClass(chart, 'kata', { name: 'schema-test-kata', runtime: SandboxRuntime.KATA, nodeSelector: { 'sandbox.acme.example/kata': 'true' } });
  new SandboxRuntimeClass(chart, 'custom', { name: 'schema-test-kata-qemu', runtime: SandboxRuntime.handler('kata-qemu', 'kata-qemu'), overhead: { cpu: '100m', memory: '128Mi' } });
  new HardenedDeployment(chart, 'sandboxed', { containers: [{ image: 'registry.acme.example/web:1.2.3' }], runtimeClassName: 'schema-test-kata' });
  const out = Testing.synth(chart) as Json[];
  const classes = out.filter(o => o.kind === 'RuntimeClass');

  const NAMESPACE = 'schema-test-runtime-class';

  afterAll(async () => {
    for (const c of classes) await request('admin', 'DELETE', (await pathsOf(c)).object);
    await request('admin', 'DELETE', `/api/v1/namespaces/${NAMESPACE}`);
  });

  test('its RuntimeClasses (gVisor, Kata with its pod overhead and node selector, another handler) are accepted; a pod of the Kata class gets the overhead from the server', async () => {
    expect(classes.map(c => `${c.metadata.name} ${c.handler}`)).toEqual(['schema-test-gvisor runsc', 'schema-test-kata kata', 'schema-test-kata-qemu kata-qemu']);
    expect(await refusals(classes)).toEqual([]);
    for (const c of classes) expect((await apply('admin', c)).status).toBeLessThan(300);
    // the RuntimeClass admission plugin reads the stored class: scheduling and overhead come from it
    const pod = podOf(out.find(o => o.kind === 'Deployment')!, 'sandboxed')!;
    pod.metadata.namespace = NAMESPACE;
    await applyAll([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: pod.spec.serviceAccountName ?? 'default', namespace: NAMESPACE } },
    ]);
    const a = await apply('admin', pod, { dryRun: true });
    expect(a.status).toBeLessThan(300);
    expect(a.warnings).toEqual([]);
    const admitted = a.body as Json;
    expect(admitted.spec.runtimeClassName).toBe('schema-test-kata');
    expect(admitted.spec.overhead).toEqual({ cpu: '250m', memory: '160Mi' });
    expect(admitted.spec.nodeSelector).toMatchObject({ 'sandbox.acme.example/kata': 'true' });
  });

  test('fails a RuntimeClass whose handler is no DNS label (the server validates what the construct refuses)', async () => {
    const bad = structuredClone(classes[0]);
    bad.handler = 'Run_SC';
    const a = await apply('admin', bad, { dryRun: true });
    expect(a.status).toBe(422);
    expect(messageOf(a)).toContain('handler');
  });
});

describe('strict validation is on: the checks above can fail', () => {
  test('fails a Deployment with a misspelt security field', async () => {
    const deployment = structuredClone(objects.find(o => o.kind === 'Deployment')!);
    deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFilesytem = true;
    const a = await apply('admin', deployment, { dryRun: true });
    expect(a.status).toBeGreaterThanOrEqual(400);
    expect(messageOf(a)).toContain('.spec.template.spec.containers[name="nginx"].securityContext.readOnlyRootFilesytem: field not declared in schema');
  });

  test('fails a NetworkPolicy with an address block that is no CIDR', async () => {
    const policy = structuredClone(objects.find(o => o.kind === 'NetworkPolicy' && JSON.stringify(o).includes('ipBlock'))!);
    const rules: Json[] = policy.spec.egress ?? policy.spec.ingress;
    const peer = rules.flatMap(r => r.to ?? r.from ?? []).find((p: Json) => p.ipBlock)!;
    peer.ipBlock.cidr = '203.0.113.0/33';
    const a = await apply('admin', policy, { dryRun: true });
    expect(a.status).toBe(422);
    expect(messageOf(a)).toContain('ipBlock.cidr');
  });

  test('fails a ClusterImagePolicy with a field sigstore\'s CRD does not have', async () => {
    const policy = structuredClone(objects.find(o => o.kind === 'ClusterImagePolicy')!);
    policy.spec.authorities[0].keyless.identitiez = [];
    const a = await apply('admin', policy, { dryRun: true });
    expect(a.status).toBeGreaterThanOrEqual(400);
    expect(messageOf(a)).toContain('.spec.authorities[0].keyless.identitiez: field not declared in schema');
  });
});

test('the control-plane chart is configuration files for kubeadm and the kubelet, kinds no API server serves', async () => {
  const app = new App();
  const kinds = [...new Set((exampleControlPlane(app).toJson() as Json[]).map(o => `${o.apiVersion} ${o.kind}`))].sort();
  expect(kinds).toEqual([...CONTROL_PLANE_FILE_KINDS]);
  for (const group of new Set(kinds.map(k => k.split(' ')[0]))) {
    expect((await request('admin', 'GET', `/apis/${group}`)).status).toBe(404);
  }
});
