// kubeadm reads the configuration HardenedControlPlane generates (test/control-plane-real/components.ts):
// `kubeadm config validate` accepts it, and the phases of `kubeadm init` that only write files
// (certificates, kubeconfigs, the static pods of the control plane and of local etcd) write, from
// it, static pods that the control-plane pack finds nothing in; from a default configuration, the
// known gaps. etcd's certificates are checked with openssl.
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, JsonPatch } from 'cdk8s';
import { parse } from 'yaml';
import {
  BUILD_TIMEOUT_MS, check, controlPlane, INIT_CONFIGURATION, initPhases, Json, kubeadmVersion, opensslVerify, run, scratch, STATIC_PODS, writeYaml,
} from './components';
import { HardenedControlPlane, KubeletServingCertificate, TlsVersion } from '../../src';
import { KUBEADM_DEFAULT_GAPS } from '../control-plane/fixtures';

let dir: string;
let version: string;
/** kubeadm's output from the generated configuration, and from one that pins the release only. */
let hardened: string;
let defaults: string;

/** The kubeadm-config.yaml of nodeFiles() (ClusterConfiguration and KubeletConfiguration), as a file. */
const kubeadmConfig = (cp: HardenedControlPlane, name: string, ...more: Json[]) =>
  writeYaml(dir, name, ...more, ...parseDocs(cp.nodeFiles()[0].content));
const parseDocs = (text: string): Json[] => text.split(/^---$/m).map(d => parse(d) as Json);
const staticPod = (out: string, name: string): Json => parse(fs.readFileSync(path.join(out, name), 'utf-8'));
const flags = (pod: Json): string[] => pod.spec.containers[0].command;

beforeAll(() => {
  version = kubeadmVersion();
  dir = scratch('kubeadm');
  hardened = path.join(dir, 'hardened');
  defaults = path.join(dir, 'default');
  const config = kubeadmConfig(controlPlane(), 'hardened.yaml', INIT_CONFIGURATION);
  const plain = writeYaml(dir, 'default.yaml', INIT_CONFIGURATION, { apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'ClusterConfiguration', kubernetesVersion: version });
  for (const [cfg, out] of [[config, hardened], [plain, defaults]]) {
    fs.mkdirSync(out);
    for (const r of initPhases(cfg, out)) expect(r).toMatchObject({ status: 0 });
  }
}, BUILD_TIMEOUT_MS);

describe('kubeadm config validate', () => {
  test('accepts the kubeadm-config.yaml of nodeFiles(): the ClusterConfiguration and the KubeletConfiguration', () => {
    const cp = controlPlane();
    const kinds = parseDocs(cp.nodeFiles()[0].content).map(d => `${d.apiVersion} ${d.kind}`);
    expect(kinds).toEqual(['kubeadm.k8s.io/v1beta4 ClusterConfiguration', 'kubelet.config.k8s.io/v1beta1 KubeletConfiguration']);
    const r = run('kubeadm', ['config', 'validate', '--config', kubeadmConfig(cp, 'validate.yaml')]);
    expect(r).toMatchObject({ status: 0, stdout: 'ok\n' });
    expect(r.stderr).toBe('');
  });

  test('accepts it with the options that change what is generated: external etcd, kubelet serving certificate files, TLS 1.3, a service range, no anonymous health checks', () => {
    const variants = [
      { externalEtcd: { endpoints: ['https://etcd-0.internal:2379'], caFile: '/etc/etcd/pki/ca.crt', certFile: '/etc/etcd/pki/apiserver-client.crt', keyFile: '/etc/etcd/pki/apiserver-client.key' } },
      { kubelet: { servingCertificate: KubeletServingCertificate.files('/var/lib/kubelet/pki/serving.crt', '/var/lib/kubelet/pki/serving.key') } },
      { tlsMinVersion: TlsVersion.TLS_1_3, kubelet: { tlsMinVersion: TlsVersion.TLS_1_3 } },
      { serviceSubnet: '10.112.0.0/12', certificatesDir: '/etc/kubernetes/ssl', auditLog: { path: '/var/log/apiserver/audit.log', maxAgeDays: 7 } },
      { anonymousHealthChecks: false, podSecurity: { exemptNamespaces: [] } },
    ];
    const answers = variants.map((v, i) => run('kubeadm', ['config', 'validate', '--config', kubeadmConfig(controlPlane(v), `variant-${i}.yaml`, INIT_CONFIGURATION)]));
    expect(answers.map(a => `${a.status} ${a.stdout.trim()} ${a.stderr.trim()}`)).toEqual(variants.map(() => '0 ok '));
  });

  test('fails the whole chart file: the API server\'s four documents are unknown to kubeadm (kubeadm init reads it, ignoring them with a warning)', () => {
    const chartFile = writeYaml(dir, 'control-plane.k8s.yaml', ...controlPlane().toJson());
    const r = run('kubeadm', ['config', 'validate', '--config', chartFile]);
    expect(r.status).toBe(1);
    const unknown = [...r.stderr.matchAll(/Group:"([^"]+)", Version:"([^"]+)", Kind:"([^"]+)"/g)].map(m => `${m[1]}/${m[2]} ${m[3]}`).sort();
    expect(unknown).toEqual([
      'apiserver.config.k8s.io/v1 AdmissionConfiguration',
      'apiserver.config.k8s.io/v1 AuthenticationConfiguration',
      'apiserver.config.k8s.io/v1 EncryptionConfiguration',
      'audit.k8s.io/v1 Policy',
    ]);
    expect(r.stderr).toMatch(/^error: unknown configuration APIs/);

    const out = path.join(dir, 'whole-chart');
    fs.mkdirSync(out);
    const manifest = run('kubeadm', ['init', 'phase', 'control-plane', 'apiserver', '--config', chartFile, '--dry-run'], { KUBEADM_INIT_DRYRUN_DIR: out });
    expect(manifest.status).toBe(0);
    expect(fs.readdirSync(out)).toEqual(['kube-apiserver.yaml']);
    const ignored = [...manifest.stderr.matchAll(/WARNING: Ignored configuration document with GroupVersionKind (\S+), Kind=(\w+)/g)].map(m => `${m[1]} ${m[2]}`).sort();
    expect(ignored).toEqual(unknown);
  });

  test('fails what kubeadm refuses: a misspelt field, a subnet that is none, a release older than kubeadm supports', () => {
    const cp = controlPlane();
    ApiObject.of(cp.kubeadm).addJsonPatch(JsonPatch.add('/apiServr', {}));
    expect(run('kubeadm', ['config', 'validate', '--config', kubeadmConfig(cp, 'misspelt.yaml')]).stderr).toMatch(/strict decoding error: unknown field "apiServr"/);
    const subnet = run('kubeadm', ['config', 'validate', '--config', kubeadmConfig(controlPlane({ podSubnet: '10.244.0.0/33' }), 'subnet.yaml')]);
    expect(subnet.status).toBe(1);
    expect(subnet.stderr).toMatch(/networking.podSubnet: Invalid value: "10.244.0.0\/33"/);
    // the example pins v1.33.2: a kubeadm two releases newer refuses it (use the kubeadm of the release you pin)
    const old = run('kubeadm', ['config', 'validate', '--config', kubeadmConfig(controlPlane({ kubernetesVersion: 'v1.33.2' }), 'old.yaml')]);
    expect(old.status).toBe(1);
    expect(old.stderr).toMatch(/only supports deploying clusters with the control plane version >= .* Current version: v1\.33\.2/);
  });
});

describe('the static pods kubeadm writes', () => {
  test('from the generated configuration: the control-plane pack finds nothing', () => {
    expect(fs.readdirSync(hardened).filter(f => f.endsWith('.yaml')).sort()).toEqual(STATIC_PODS);
    const r = check('--pack', 'control-plane', ...STATIC_PODS.map(f => path.join(hardened, f)));
    expect(r.text).toMatch(/4 objects checked against control-plane: 0 errors, 0 warnings/);
    expect(r.code).toBe(0);
    const api = flags(staticPod(hardened, 'kube-apiserver.yaml'));
    expect(api[0]).toBe('kube-apiserver');
    expect(staticPod(hardened, 'kube-apiserver.yaml').spec.containers[0].image).toBe(`registry.k8s.io/kube-apiserver:${version}`);
    for (const f of ['--authentication-config=/etc/kubernetes/authentication/config.yaml', '--encryption-provider-config=/etc/kubernetes/encryption/config.yaml',
      '--audit-policy-file=/etc/kubernetes/audit/policy.yaml', '--authorization-mode=Node,RBAC', '--profiling=false']) {
      expect(api).toContain(f);
    }
  });

  test('fails kubeadm\'s defaults (a configuration that pins the release only): the known gaps', () => {
    const r = check('--pack', 'control-plane', '--format', 'json', ...STATIC_PODS.map(f => path.join(defaults, f)));
    expect(r.code).toBe(1);
    const findings: Json[] = JSON.parse(r.text).findings;
    expect(findings.map(f => `${f.ruleId} ${f.resourceName}`).sort()).toEqual([...KUBEADM_DEFAULT_GAPS]);
  });
});

describe('etcd under its own CA, with mutual TLS', () => {
  const etcdCerts = (out: string) => ({
    clients: ['etcd/healthcheck-client.crt', 'apiserver-etcd-client.crt', 'etcd/peer.crt'].map(c => path.join(out, c)),
    servers: ['etcd/server.crt', 'etcd/peer.crt'].map(c => path.join(out, c)),
  });

  test.each([['generated', () => hardened], ['default', () => defaults]])('%s configuration: etcd\'s client and peer certificates are signed by the etcd CA, not by the cluster CA', (_name, out) => {
    const { clients, servers } = etcdCerts(out());
    const etcdCa = path.join(out(), 'etcd', 'ca.crt');
    const clusterCa = path.join(out(), 'ca.crt');
    expect(opensslVerify(etcdCa, 'sslclient', clients)).toBe(true);
    expect(opensslVerify(etcdCa, 'sslserver', servers)).toBe(true);
    expect([...clients, ...servers].filter(c => opensslVerify(clusterCa, 'sslclient', [c]) || opensslVerify(clusterCa, 'sslserver', [c]))).toEqual([]);
    // and the other way: the cluster's certificates are nothing to etcd
    const cluster = ['apiserver.crt', 'apiserver-kubelet-client.crt'].map(c => path.join(out(), c));
    expect(opensslVerify(clusterCa, 'sslclient', [cluster[1]])).toBe(true);
    expect(cluster.filter(c => opensslVerify(etcdCa, 'sslclient', [c]) || opensslVerify(etcdCa, 'sslserver', [c]))).toEqual([]);
  });

  test('fails: openssl tells a certificate of another CA (the check above can fail)', () => {
    expect(opensslVerify(path.join(defaults, 'etcd', 'ca.crt'), 'sslclient', [path.join(hardened, 'apiserver-etcd-client.crt')])).toBe(false);
  });

  test('the etcd static pod requires client certificates from clients and peers, trusting the etcd CA only; the API server presents its etcd client certificate', () => {
    const etcd = flags(staticPod(hardened, 'etcd.yaml'));
    expect(etcd).toEqual(expect.arrayContaining([
      '--client-cert-auth=true',
      '--peer-client-cert-auth=true',
      '--auto-tls=false',
      '--peer-auto-tls=false',
      '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
      '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
      '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
      '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
    ]));
    expect(etcd.filter(f => /^--(listen|advertise)-client-urls=/.test(f)).every(f => f.split('=')[1].split(',').every(u => u.startsWith('https://')))).toBe(true);
    const api = flags(staticPod(hardened, 'kube-apiserver.yaml'));
    expect(api).toEqual(expect.arrayContaining([
      '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
      '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
      '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
      '--etcd-servers=https://127.0.0.1:2379',
    ]));
  });
});
