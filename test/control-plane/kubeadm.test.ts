import { Testing } from 'cdk8s';
import { controlPlaneObjects, extraArg, Json, KMS, staticPod } from './fixtures';
import {
  ControlPlaneChart, HardenedAuditPolicy, HardenedAuthenticationConfiguration, HardenedKubeadmConfiguration, HardenedKubeadmConfigurationProps,
  PodSecurityAdmissionDefaults, SecretsEncryption,
} from '../../src';

function kubeadm(props: Partial<HardenedKubeadmConfigurationProps> = {}, kubernetesVersion = 'v1.33.2'): Json {
  const chart = new ControlPlaneChart(Testing.app(), 'control-plane');
  new HardenedKubeadmConfiguration(chart, 'kubeadm', {
    kubernetesVersion,
    auditPolicy: new HardenedAuditPolicy(chart, 'audit'),
    encryption: new SecretsEncryption(chart, 'encryption', { kms: KMS }),
    podSecurity: new PodSecurityAdmissionDefaults(chart, 'psa'),
    authentication: new HardenedAuthenticationConfiguration(chart, 'authn', { kubernetesVersion: 'v1.33.2' }),
    ...props,
  });
  return (Testing.synth(chart) as Json[]).find(o => o.kind === 'ClusterConfiguration')!;
}

describe('HardenedKubeadmConfiguration', () => {
  const config = kubeadm();

  test('defaults: the API server wired to the hardened files, with their mounts', () => {
    expect(config).toMatchSnapshot();
    expect(config.apiVersion).toBe('kubeadm.k8s.io/v1beta4');
    expect(config.kubernetesVersion).toBe('v1.33.2');
    const api = config.apiServer;
    expect(extraArg(api, 'audit-policy-file')).toBe('/etc/kubernetes/audit/policy.yaml');
    expect(extraArg(api, 'audit-log-path')).toBe('/var/log/kubernetes/audit/audit.log');
    expect([extraArg(api, 'audit-log-maxage'), extraArg(api, 'audit-log-maxbackup'), extraArg(api, 'audit-log-maxsize')]).toEqual(['30', '10', '100']);
    expect(extraArg(api, 'encryption-provider-config')).toBe('/etc/kubernetes/encryption/config.yaml');
    expect(extraArg(api, 'admission-control-config-file')).toBe('/etc/kubernetes/admission/config.yaml');
    expect(extraArg(api, 'authentication-config')).toBe('/etc/kubernetes/authentication/config.yaml');
    expect(extraArg(api, 'anonymous-auth')).toBeUndefined();
    expect(extraArg(api, 'authorization-mode')).toBe('Node,RBAC');
    expect(extraArg(api, 'enable-admission-plugins')).toBe('NodeRestriction');
    expect(extraArg(api, 'profiling')).toBe('false');
    expect(extraArg(api, 'service-account-lookup')).toBe('true');
    expect(extraArg(api, 'tls-min-version')).toBe('VersionTLS12');
    expect(extraArg(api, 'kubelet-certificate-authority')).toBeUndefined(); // no kubelet given
    const mounts = Object.fromEntries(api.extraVolumes.map((v: Json) => [v.mountPath, `${v.pathType} ${v.readOnly ? 'ro' : 'rw'}`]));
    expect(mounts).toEqual({
      '/etc/kubernetes/audit/policy.yaml': 'File ro',
      '/var/log/kubernetes/audit': 'DirectoryOrCreate rw',
      '/etc/kubernetes/encryption/config.yaml': 'File ro',
      '/var/run/kms-plugin': 'DirectoryOrCreate rw',
      '/etc/kubernetes/admission/config.yaml': 'File ro',
      '/etc/kubernetes/authentication/config.yaml': 'File ro',
    });
    for (const v of api.extraVolumes) expect(v.hostPath).toBe(v.mountPath);
  });

  test('defaults: controller manager and scheduler on loopback without profiling; etcd with mutual TLS', () => {
    for (const section of [config.controllerManager, config.scheduler]) {
      expect(extraArg(section, 'bind-address')).toBe('127.0.0.1');
      expect(extraArg(section, 'profiling')).toBe('false');
    }
    const etcd = config.etcd.local;
    expect([extraArg(etcd, 'client-cert-auth'), extraArg(etcd, 'peer-client-cert-auth')]).toEqual(['true', 'true']);
    expect([extraArg(etcd, 'auto-tls'), extraArg(etcd, 'peer-auto-tls')]).toEqual(['false', 'false']);
    expect(config.certificatesDir).toBe('/etc/kubernetes/pki');
  });

  test('the hardened static pod fixtures carry every flag and mount of this configuration (what kubeadm writes from it)', () => {
    const { ClusterConfiguration: cc } = controlPlaneObjects();
    const sections: Array<[Json, 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'etcd']> = [
      [cc.apiServer, 'kube-apiserver'], [cc.controllerManager, 'kube-controller-manager'], [cc.scheduler, 'kube-scheduler'], [cc.etcd.local, 'etcd'],
    ];
    for (const [section, component] of sections) {
      const container = staticPod(component).spec.containers[0];
      for (const { name, value } of section.extraArgs) expect(container.command).toContain(`--${name}=${value}`);
      for (const v of section.extraVolumes ?? []) {
        expect(container.volumeMounts).toContainEqual(expect.objectContaining({ mountPath: v.mountPath, name: v.name }));
      }
    }
  });

  test('an external etcd over https with its own CA', () => {
    const externalEtcd = { endpoints: ['https://etcd-0.internal:2379'], caFile: '/etc/etcd/ca.crt', certFile: '/etc/etcd/apiserver.crt', keyFile: '/etc/etcd/apiserver.key' };
    const external = kubeadm({ externalEtcd });
    expect(external.etcd).toEqual({ external: { endpoints: ['https://etcd-0.internal:2379'], caFile: '/etc/etcd/ca.crt', certFile: '/etc/etcd/apiserver.crt', keyFile: '/etc/etcd/apiserver.key' } });
  });

  test('fails an unpinned or old release, a v1 authentication file on 1.33, plain etcd, the cluster CA for etcd, unbounded rotation', () => {
    expect(() => kubeadm({}, 'v1.31.4')).toThrow(/kubernetesVersion: must be a Kubernetes release v1.NN.P, 1.32 or newer/);
    expect(() => kubeadm({}, 'stable')).toThrow(/kubernetesVersion/);
    const chart = new ControlPlaneChart(Testing.app(), 'control-plane');
    expect(() => new HardenedKubeadmConfiguration(chart, 'kubeadm', {
      kubernetesVersion: 'v1.33.2',
      auditPolicy: new HardenedAuditPolicy(chart, 'audit'),
      encryption: new SecretsEncryption(chart, 'encryption', { kms: KMS }),
      podSecurity: new PodSecurityAdmissionDefaults(chart, 'psa'),
      authentication: new HardenedAuthenticationConfiguration(chart, 'authn'),
    })).toThrow(/authentication: the authentication configuration is apiserver.config.k8s.io\/v1, which the API server reads from 1.34/);
    const etcd = { caFile: '/etc/etcd/ca.crt', certFile: '/etc/etcd/c.crt', keyFile: '/etc/etcd/c.key' };
    expect(() => kubeadm({ externalEtcd: { ...etcd, endpoints: ['http://etcd-0:2379'] } })).toThrow(/externalEtcd.endpoints\[0\]: etcd is reached over TLS only/);
    expect(() => kubeadm({ externalEtcd: { ...etcd, endpoints: [] } })).toThrow(/externalEtcd.endpoints: at least one/);
    expect(() => kubeadm({ externalEtcd: { ...etcd, endpoints: ['https://etcd-0:2379'], caFile: '/etc/kubernetes/pki/ca.crt' } })).toThrow(/externalEtcd.caFile: etcd needs a CA of its own/);
    expect(() => kubeadm({ externalEtcd: { ...etcd, endpoints: ['https://etcd-0:2379'], caFile: '/etc/kubernetes/pki/./ca.crt' } })).toThrow(/externalEtcd.caFile: etcd needs a CA of its own/);
    expect(() => kubeadm({ auditLog: { maxAgeDays: 0 } })).toThrow(/auditLog.maxAgeDays: must be a whole number, at least 1/);
  });
});

describe('HardenedAuthenticationConfiguration', () => {
  test('defaults: anonymous requests only on the health endpoints; v1 from 1.34, v1beta1 before', () => {
    const chart = new ControlPlaneChart(Testing.app(), 'control-plane');
    new HardenedAuthenticationConfiguration(chart, 'new');
    new HardenedAuthenticationConfiguration(chart, 'old', { kubernetesVersion: 'v1.32.5', anonymousHealthChecks: false });
    const [current, old] = Testing.synth(chart) as Json[];
    expect(current).toEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'AuthenticationConfiguration',
      anonymous: { enabled: true, conditions: [{ path: '/livez' }, { path: '/readyz' }, { path: '/healthz' }] },
    });
    expect(old).toEqual({ apiVersion: 'apiserver.config.k8s.io/v1beta1', kind: 'AuthenticationConfiguration', anonymous: { enabled: false } });
  });

  test('fails a release before 1.32', () => {
    const chart = new ControlPlaneChart(Testing.app(), 'control-plane');
    expect(() => new HardenedAuthenticationConfiguration(chart, 'authn', { kubernetesVersion: 'v1.30.1' })).toThrow(/kubernetesVersion: must be a Kubernetes release v1.32.0 or newer/);
  });
});
