// The kubelet's own code reads the KubeletConfiguration HardenedKubeletConfiguration generates:
// kube/kubernetes/kubeletconfig decodes the file with the kubelet's config scheme and loader
// (strict, then lenient as the kubelet falls back), validates it with the kubelet's validation
// package and feature gates, and converts its TLS names as the kubelet does before serving
// (test/control-plane-real/components.ts). Where the kubelet accepts what the control-plane pack
// flags, the difference is pinned here and written down in docs/control-plane.md.
import * as fs from 'fs';
import { ApiObject, Duration, JsonPatch, Testing } from 'cdk8s';
import { BUILD_TIMEOUT_MS, check, controlPlane, Json, run, scratch, writeYaml } from './components';
import { ControlPlaneChart, HardenedKubeletConfiguration, KubeletServingCertificate, TlsVersion } from '../../src';

let dir: string;

/** What the kubelet's code says about a KubeletConfiguration. */
interface Verdict {
  readonly status: number;
  readonly kind: string;
  readonly strictErrors: string[];
  readonly errors: string[];
  readonly insecureCipherSuites: string[];
  readonly hostErrors: string[];
  readonly effective: Json;
}

let counter = 0;
function kubelet(config: Json): Verdict {
  const file = writeYaml(dir, `kubelet-${counter++}.yaml`, config);
  const r = run('kubeletconfig', [file]);
  if (r.status === 2) throw new Error(`kubeletconfig could not read ${file}: ${r.stderr}`);
  return { status: r.status, ...JSON.parse(r.stdout) };
}

/** cgroup2 (the unified hierarchy) at /sys/fs/cgroup, as the kubelet tells it. */
const CGROUP2_SUPER_MAGIC = 0x63677270;
const cgroupV1Host = (() => {
  try {
    return fs.statfsSync('/sys/fs/cgroup').type !== CGROUP2_SUPER_MAGIC;
  } catch {
    return true;
  }
})();

/** The pack's findings on a KubeletConfiguration, as `rule field`. */
function findings(config: Json): string[] {
  const file = writeYaml(dir, `check-${counter++}.yaml`, config);
  const r = check('--pack', 'control-plane', '--format', 'json', file);
  return (JSON.parse(r.text).findings as Json[]).map(f => `${f.ruleId} ${f.fieldPath}`).sort();
}

const generated = (): Json => structuredClone(controlPlane().kubelet.apiObject.toJson());

beforeAll(() => {
  dir = scratch('kubelet');
  run('kubeletconfig', ['--help']); // builds (or finds) the binaries first
}, BUILD_TIMEOUT_MS);

test('the generated KubeletConfiguration: decoded strictly and validated by the kubelet\'s code, 0 errors', () => {
  const v = kubelet(generated());
  expect(v).toMatchObject({ kind: 'kubelet.config.k8s.io/v1beta1, Kind=KubeletConfiguration', strictErrors: [], errors: [], insecureCipherSuites: [] });
  // a property of the machine running the test, not of the file (the exit status ignores it): a
  // kubelet refuses cgroup v1 hosts by default
  expect(v.hostErrors).toEqual(cgroupV1Host ? [expect.stringMatching(/not run on a host using cgroup v1/)] : []);
  expect(v.status).toBe(0);
  // what the kubelet runs with: the hardened settings survive decoding and defaulting
  expect(v.effective).toMatchObject({
    authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' } },
    authorization: { mode: 'Webhook' },
    protectKernelDefaults: true,
    seccompDefault: true,
    rotateCertificates: true,
    serverTLSBootstrap: true,
    tlsMinVersion: 'VersionTLS12',
    streamingConnectionIdleTimeout: '5m0s',
    makeIPTablesUtilChains: true,
  });
  expect(v.effective.readOnlyPort ?? 0).toBe(0); // 0 is left out when written back
});

test('the options that change the file: serving certificate files, TLS 1.3, a shorter idle timeout', () => {
  const chart = new ControlPlaneChart(Testing.app(), 'control-plane');
  const k = new HardenedKubeletConfiguration(chart, 'kubelet', {
    servingCertificate: KubeletServingCertificate.files('/var/lib/kubelet/pki/serving.crt', '/var/lib/kubelet/pki/serving.key'),
    tlsMinVersion: TlsVersion.TLS_1_3,
    streamingConnectionIdleTimeout: Duration.seconds(90),
  });
  const v = kubelet(k.apiObject.toJson());
  expect([v.strictErrors, v.errors]).toEqual([[], []]);
  expect(v.effective).toMatchObject({ tlsCertFile: '/var/lib/kubelet/pki/serving.crt', tlsMinVersion: 'VersionTLS13', streamingConnectionIdleTimeout: '1m30s' });
});

test('an absent field means to the kubelet what the pack assumes (v1beta1 defaults: anonymous off, webhook on, no read-only port)', () => {
  const v = kubelet({ apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration' });
  expect(v.errors).toEqual([]);
  expect(v.effective).toMatchObject({ authentication: { anonymous: { enabled: false }, webhook: { enabled: true } }, authorization: { mode: 'Webhook' } });
  expect(v.effective.readOnlyPort ?? 0).toBe(0);
  // nor does the pack flag them: its rules for these three read an absent field as the kubelet does
  const empty = findings({ apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration' });
  expect(empty.filter(f => /^Kubelet(AnonymousAuth|Authorization|ReadOnlyPort) /.test(f))).toEqual([]);
});

describe('a weakened copy: what the pack flags and what the kubelet says', () => {
  const weaken = (...patches: Array<[string, unknown]>): Json => {
    const cp = controlPlane();
    for (const [at, value] of patches) ApiObject.of(cp.kubelet).addJsonPatch(JsonPatch.replace(at, value));
    return structuredClone(cp.kubelet.apiObject.toJson());
  };

  test('fails the kubelet\'s validation where the kubelet refuses: a port out of range, an unknown TLS version or cipher suite, a misspelt field (strict decoding)', () => {
    const config = weaken(['/readOnlyPort', 70000], ['/tlsMinVersion', 'VersionTLS99'], ['/tlsCipherSuites', ['TLS_RSA_WITH_RC4_128_SHA', 'TLS_NO_SUCH_SUITE']]);
    config.authentication.anonymous.enabeld = true;
    const v = kubelet(config);
    expect(v.status).toBe(1);
    expect(v.strictErrors).toEqual([expect.stringMatching(/unknown field "authentication.anonymous.enabeld"/)]);
    expect(v.errors).toEqual([
      expect.stringMatching(/readOnlyPort \(--read-only-port\) 70000 must be between 0 and 65535/),
      expect.stringMatching(/TLS_NO_SUCH_SUITE/),
      expect.stringMatching(/VersionTLS99/),
    ]);
    expect(findings(config)).toEqual(expect.arrayContaining(['KubeletReadOnlyPort readOnlyPort']));
  });

  test('the kubelet accepts what the pack flags: anonymous requests, AlwaysAllow, a read-only port, no webhook, insecure suites, no kernel protection (docs/control-plane.md)', () => {
    const config = weaken(
      ['/authentication/anonymous/enabled', true],
      ['/authentication/webhook/enabled', false],
      ['/authorization/mode', 'AlwaysAllow'],
      ['/readOnlyPort', 10255],
      ['/tlsCipherSuites', ['TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_RSA_WITH_RC4_128_SHA']],
      ['/protectKernelDefaults', false],
      ['/seccompDefault', false],
      ['/streamingConnectionIdleTimeout', '0s'],
    );
    delete config.authentication.x509;
    const v = kubelet(config);
    // valid configuration to the kubelet: it starts, serving the node's API to anyone
    expect([v.strictErrors, v.errors]).toEqual([[], []]);
    // accepted, with a line in its log
    expect(v.insecureCipherSuites).toEqual(['TLS_ECDHE_RSA_WITH_RC4_128_SHA', 'TLS_RSA_WITH_AES_128_CBC_SHA']);
    expect(v.effective).toMatchObject({ authentication: { anonymous: { enabled: true }, webhook: { enabled: false } }, authorization: { mode: 'AlwaysAllow' }, readOnlyPort: 10255 });
    expect(findings(config)).toEqual([
      'KubeletAnonymousAuth authentication.anonymous.enabled',
      'KubeletAuthorization authentication.webhook.enabled',
      'KubeletAuthorization authorization.mode',
      'KubeletClientTls authentication.x509.clientCAFile',
      'KubeletHardening protectKernelDefaults',
      'KubeletHardening seccompDefault',
      'KubeletHardening streamingConnectionIdleTimeout',
      'KubeletReadOnlyPort readOnlyPort',
      'KubeletTls tlsCipherSuites',
    ]);
  });
});
