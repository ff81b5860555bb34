import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { CONTROL_PLANE_FILE_KINDS, FIXTURES, Json, KMS } from './fixtures';
import { Compliance, CompliancePack, ControlPlaneChart, HardenedAuditPolicy, HardenedControlPlane, HardenedDeployment, HardenedKubeletConfiguration } from '../../src';
import { runCli } from '../../src/cli/run';

const PROPS = { kubernetesVersion: 'v1.33.2', kms: KMS };

describe('HardenedControlPlane', () => {
  test('its own output file, next to the workloads\' file, with the configuration kinds only', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'control-plane-'));
    const app = new App({ outdir });
    const workloads = new Chart(app, 'cluster');
    new HardenedDeployment(workloads, 'web', { containers: [{ image: 'registry.acme.example/web:1.2.3' }] });
    new HardenedControlPlane(app, 'control-plane', PROPS);
    app.synth();
    expect(fs.readdirSync(outdir).sort()).toEqual(['cluster.k8s.yaml', 'control-plane.k8s.yaml']);
    const docs = parseAllDocuments(fs.readFileSync(path.join(outdir, 'control-plane.k8s.yaml'), 'utf8')).map(d => d.toJS() as Json);
    expect(docs.map(d => `${d.apiVersion} ${d.kind}`).sort()).toEqual([...CONTROL_PLANE_FILE_KINDS]);
    // no generated names: only the recorded exemption of kube-system
    expect(docs.filter(d => d.metadata).map(d => Object.keys(d.metadata.annotations))).toEqual([['exception.cdk8s-hardening.io/exemptions.namespaces']]);
    const cluster = fs.readFileSync(path.join(outdir, 'cluster.k8s.yaml'), 'utf8');
    expect(cluster).not.toMatch(/ClusterConfiguration|KubeletConfiguration|audit\.k8s\.io/);

    // the file passes `check` with the control-plane pack
    const out: string[] = [];
    expect(runCli(['check', '--pack', 'control-plane', path.join(outdir, 'control-plane.k8s.yaml')], { out: t => out.push(t), err: t => out.push(t) })).toBe(0);
    expect(out.join('')).toMatch(/6 objects checked against control-plane: 0 errors, 0 warnings/);
  });

  test('exempts kube-system from Pod Security Admission by default, with the reason recorded; the API server verifies kubelets', () => {
    const cp = new HardenedControlPlane(Testing.app(), 'control-plane', PROPS);
    expect(cp.podSecurity.exemptNamespaces).toEqual(['kube-system']);
    const admission = (Testing.synth(cp) as Json[]).find(o => o.kind === 'AdmissionConfiguration')!;
    expect(admission.metadata.annotations['exception.cdk8s-hardening.io/exemptions.namespaces']).toMatch(/kube-proxy and the network plugin run privileged/);
    expect(cp.kubeadm.apiServerArgs['kubelet-certificate-authority']).toBe('/etc/kubernetes/pki/ca.crt');
    const strict = new HardenedControlPlane(Testing.app(), 'control-plane', { ...PROPS, podSecurity: { exemptNamespaces: [] } });
    expect(strict.podSecurity.exemptNamespaces).toEqual([]);
  });

  test('the kubelet trusts the cluster CA where kubeadm writes it, under certificatesDir (kubeadm warns about any other path)', () => {
    const cp = new HardenedControlPlane(Testing.app(), 'control-plane', { ...PROPS, certificatesDir: '/etc/kubernetes/ssl' });
    expect(cp.kubelet.clientCaFile).toBe('/etc/kubernetes/ssl/ca.crt');
    expect(cp.kubeadm.apiServerArgs['kubelet-certificate-authority']).toBe('/etc/kubernetes/ssl/ca.crt');
    const own = new HardenedControlPlane(Testing.app(), 'control-plane', { ...PROPS, certificatesDir: '/etc/kubernetes/ssl', kubelet: { clientCaFile: '/etc/kubelet/client-ca.crt' } });
    expect(own.kubelet.clientCaFile).toBe('/etc/kubelet/client-ca.crt');
    expect(() => new HardenedControlPlane(Testing.app(), 'control-plane', { ...PROPS, certificatesDir: 'pki' })).toThrow(/\[control-plane\] certificatesDir: must be an absolute file path on the node/);
  });

  test('passes the control-plane pack; weakened through escape hatches, it is caught', () => {
    const cp = new HardenedControlPlane(Testing.app(), 'control-plane', PROPS);
    expect(Compliance.check(cp).findings).toEqual([]);
    ApiObject.of(cp.kubelet).addJsonPatch(JsonPatch.replace('/authentication/anonymous/enabled', true));
    ApiObject.of(cp.auditPolicy).addJsonPatch(JsonPatch.add('/rules/0', { level: 'RequestResponse' }));
    ApiObject.of(cp.encryption).addJsonPatch(JsonPatch.add('/resources/0/providers/0', { identity: {} }));
    ApiObject.of(cp.kubeadm).addJsonPatch(JsonPatch.add('/apiServer/extraArgs/-', { name: 'profiling', value: 'true' }));
    const result = Compliance.check(cp, { packs: [CompliancePack.CONTROL_PLANE] });
    const added = Object.keys(cp.kubeadm.apiServerArgs).length;
    expect(result.findings.map(f => `${f.ruleId} ${f.fieldPath} ${f.controls.join(' ')}`).sort()).toEqual([
      'AuditPolicySecrets rules[0].level NSA/CISA: Kubernetes native audit logging: Secrets at Metadata only',
      `ControlPlaneProfiling apiServer.extraArgs[${added}] NSA/CISA: Control plane hardening: profiling off`,
      'EncryptionProviders resources[0].providers[0] NSA/CISA: Secrets: encrypted at rest C-0066',
      'KubeletAnonymousAuth authentication.anonymous.enabled NSA/CISA: Anonymous access: kubelet C-0069',
    ]);
  });

  test('nodeFiles: each file with its path on the node and its content', () => {
    const cp = new HardenedControlPlane(Testing.app(), 'control-plane', PROPS);
    const files = cp.nodeFiles();
    expect(files.map(f => f.path)).toEqual([
      '/etc/kubernetes/kubeadm-config.yaml',
      '/etc/kubernetes/audit/policy.yaml',
      '/etc/kubernetes/encryption/config.yaml',
      '/etc/kubernetes/admission/config.yaml',
      '/etc/kubernetes/authentication/config.yaml',
    ]);
    expect(parseAllDocuments(files[0].content).map(d => (d.toJS() as Json).kind)).toEqual(['ClusterConfiguration', 'KubeletConfiguration']);
    expect(files.slice(1).map(f => parseAllDocuments(f.content).length)).toEqual([1, 1, 1, 1]);
    expect(files[1].readBy).toBe('kube-apiserver --audit-policy-file');
  });

  test('nodeFiles: no metadata in a kind that has none (the API server decodes its files strictly); the chart keeps the reasons', () => {
    const cp = new HardenedControlPlane(Testing.app(), 'control-plane', {
      ...PROPS,
      podSecurity: { exemptUsers: [{ name: 'ci-deployer', reason: 'the CI deployer installs the node agents (SEC-40)' }] },
    });
    const file = (kind: string) => cp.nodeFiles().map(f => parseAllDocuments(f.content)[0].toJS() as Json).find(d => d.kind === kind)!;
    expect(Object.keys(file('AdmissionConfiguration'))).toEqual(['apiVersion', 'kind', 'plugins']);
    expect(file('AdmissionConfiguration').plugins[0].configuration.exemptions).toEqual({ usernames: ['ci-deployer'], runtimeClasses: [], namespaces: ['kube-system'] });
    expect(Object.keys((ApiObject.of(cp.podSecurity).toJson() as Json).metadata.annotations).sort()).toEqual([
      'exception.cdk8s-hardening.io/exemptions.namespaces',
      'exception.cdk8s-hardening.io/exemptions.users',
    ]);
    // the audit Policy has object metadata: an annotation added to it stays in its file
    ApiObject.of(cp.auditPolicy).metadata.addAnnotation('acme.example/owner', 'platform');
    expect(file('Policy').metadata).toEqual({ annotations: { 'acme.example/owner': 'platform' } });
  });

  test('synthesis checks the whole app, the control-plane chart included', () => {
    const app = Testing.app();
    new HardenedControlPlane(app, 'control-plane', PROPS);
    Compliance.of(app).enable();
    expect(() => app.synth()).not.toThrow();

    const weakened = Testing.app();
    const cp = new HardenedControlPlane(weakened, 'control-plane', PROPS);
    ApiObject.of(cp.kubelet).addJsonPatch(JsonPatch.replace('/readOnlyPort', 10255));
    Compliance.of(weakened).enable();
    expect(() => weakened.synth()).toThrow(/KubeletReadOnlyPort \(error\) KubeletConfiguration <unnamed> at control-plane\/Kubelet\/Resource/);
  });
});

describe('cdk8s-hardening check on a control-plane node\'s static pods', () => {
  const run = (...args: string[]) => {
    const out: string[] = [];
    const code = runCli(['check', ...args], { out: t => out.push(t), err: t => out.push(t) });
    return { code, text: out.join('') };
  };

  test('--pack control-plane: the hardened static pods pass, kubeadm\'s defaults fail', () => {
    expect(run('--pack', 'control-plane', path.join(FIXTURES, 'hardened')).code).toBe(0);
    const defaults = run('--pack', 'control-plane', path.join(FIXTURES, 'kubeadm-default'));
    expect(defaults.code).toBe(1);
    expect(defaults.text).toMatch(/ApiServerEncryptionConfig/);
  });

  test('the pod packs report what static pods are by nature (privileged, host network): why the control-plane pack is checked alone', () => {
    const all = run(path.join(FIXTURES, 'hardened'));
    expect(all.code).toBe(1);
    expect(all.text).toMatch(/HostNetwork/);
    expect(all.text).not.toMatch(/ApiServer|EtcdTls|ControlPlane[A-Z]/);
  });

  test('the loader refuses a misspelt configuration kind', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelet-'));
    fs.writeFileSync(path.join(dir, 'kubelet.yaml'), 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfig\n');
    const r = run(dir);
    expect(r.code).toBe(2);
    expect(r.text).toMatch(/unknown kind "KubeletConfig" for apiVersion "kubelet.config.k8s.io\/v1beta1"/);
  });
});

describe('ControlPlaneChart', () => {
  test('fails an API object inside it, and a configuration object outside one', () => {
    const app = Testing.app();
    const cp = new ControlPlaneChart(app, 'control-plane');
    new HardenedDeployment(cp, 'web', { containers: [{ image: 'registry.acme.example/web:1.2.3' }] });
    expect(() => app.synth()).toThrow(/control-plane\/web\/Resource: Deployment .* is an API object, but a ControlPlaneChart's file goes to kubeadm and the nodes, never to kubectl apply/);

    const other = Testing.app();
    new HardenedKubeletConfiguration(new Chart(other, 'cluster'), 'kubelet');
    expect(() => other.synth()).toThrow(/a configuration file object .* is in chart cluster, whose file goes to kubectl apply. Fix: create it in a ControlPlaneChart/);
  });

  test('fails a control-plane chart nested in another chart', () => {
    const chart = new Chart(Testing.app(), 'cluster');
    expect(() => new ControlPlaneChart(chart, 'control-plane')).toThrow(/\[cluster\] ControlPlaneChart\(control-plane\): a control-plane chart inside another chart/);
  });

  test('a managed-cluster user takes the audit policy alone', () => {
    const app = Testing.app();
    const chart = new ControlPlaneChart(app, 'audit');
    new HardenedAuditPolicy(chart, 'policy');
    expect((Testing.synth(chart) as Json[]).map(o => o.kind)).toEqual(['Policy']);
  });
});
