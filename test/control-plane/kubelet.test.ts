import { Duration, Testing } from 'cdk8s';
import { Json } from './fixtures';
import { ControlPlaneChart, HardenedKubeletConfiguration, HardenedKubeletConfigurationProps, KubeletServingCertificate, TlsVersion } from '../../src';

function kubelet(props: HardenedKubeletConfigurationProps = {}): Json {
  const chart = new ControlPlaneChart(Testing.app(), 'control-plane');
  new HardenedKubeletConfiguration(chart, 'kubelet', props);
  return Testing.synth(chart)[0];
}

describe('HardenedKubeletConfiguration', () => {
  test('defaults: no anonymous access, webhook authn/authz, client CA, no read-only port, rotated certificates, TLS 1.2+ strong suites', () => {
    const json = kubelet();
    expect(json).toMatchSnapshot();
    expect(json.apiVersion).toBe('kubelet.config.k8s.io/v1beta1');
    expect(json.metadata).toBeUndefined();
    expect(json.authentication).toEqual({ anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' } });
    expect(json.authorization).toEqual({ mode: 'Webhook' });
    expect(json.readOnlyPort).toBe(0);
    expect(json.rotateCertificates).toBe(true);
    expect(json.serverTLSBootstrap).toBe(true);
    expect(json.protectKernelDefaults).toBe(true);
    expect(json.seccompDefault).toBe(true);
    expect(json.streamingConnectionIdleTimeout).toBe('5m');
    expect(json.tlsMinVersion).toBe('VersionTLS12');
    expect(json.tlsCipherSuites.every((s: string) => /^TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/.test(s))).toBe(true);
  });

  test('serving certificate files, TLS 1.3, a shorter idle timeout', () => {
    const json = kubelet({
      servingCertificate: KubeletServingCertificate.files('/etc/kubelet/serving.crt', '/etc/kubelet/serving.key'),
      tlsMinVersion: TlsVersion.TLS_1_3,
      streamingConnectionIdleTimeout: Duration.seconds(90),
    });
    expect(json.serverTLSBootstrap).toBeUndefined();
    expect([json.tlsCertFile, json.tlsPrivateKeyFile]).toEqual(['/etc/kubelet/serving.crt', '/etc/kubelet/serving.key']);
    expect(json.tlsMinVersion).toBe('VersionTLS13');
    expect(json.streamingConnectionIdleTimeout).toBe('90s');
  });

  test('the kernel settings protectKernelDefaults needs, to set on the node first', () => {
    expect(HardenedKubeletConfiguration.requiredSysctls).toEqual(expect.objectContaining({ 'vm.overcommit_memory': '1', 'kernel.panic': '10' }));
  });

  test('fails a weak cipher suite, an empty list, an unbounded or zero idle timeout, a relative CA path', () => {
    expect(() => kubelet({ tlsCipherSuites: ['TLS_RSA_WITH_AES_128_CBC_SHA'] })).toThrow(/tlsCipherSuites: only suites with forward secrecy .* got "TLS_RSA_WITH_AES_128_CBC_SHA"/);
    expect(() => kubelet({ tlsCipherSuites: [] })).toThrow(/tlsCipherSuites: an empty list lets Go choose/);
    expect(() => kubelet({ streamingConnectionIdleTimeout: Duration.hours(5) })).toThrow(/streamingConnectionIdleTimeout: must be from 1 second to 4 hours/);
    expect(() => kubelet({ streamingConnectionIdleTimeout: Duration.seconds(0) })).toThrow(/streamingConnectionIdleTimeout/);
    expect(() => kubelet({ clientCaFile: 'ca.crt' })).toThrow(/clientCaFile: must be an absolute file path/);
  });
});
