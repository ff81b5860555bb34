import { Testing } from 'cdk8s';
import { Json } from './fixtures';
import { Compliance, ControlPlaneChart, PodSecurityAdmissionDefaults, PodSecurityAdmissionDefaultsProps, PodSecurityLevel } from '../../src';

function defaults(props: PodSecurityAdmissionDefaultsProps = {}): { json: Json; chart: ControlPlaneChart } {
  const chart = new ControlPlaneChart(Testing.app(), 'control-plane');
  new PodSecurityAdmissionDefaults(chart, 'psa', props);
  return { json: Testing.synth(chart)[0], chart };
}

describe('PodSecurityAdmissionDefaults', () => {
  test('defaults: restricted in every mode, enforcement pinned, audit and warn at latest, no exemptions', () => {
    const { json } = defaults();
    expect(json).toMatchSnapshot();
    expect(json.metadata).toBeUndefined();
    expect(json.plugins).toEqual([{
      name: 'PodSecurity',
      configuration: {
        apiVersion: 'pod-security.admission.config.k8s.io/v1',
        kind: 'PodSecurityConfiguration',
        defaults: { 'enforce': 'restricted', 'enforce-version': 'v1.37', 'audit': 'restricted', 'audit-version': 'latest', 'warn': 'restricted', 'warn-version': 'latest' },
        exemptions: { usernames: [], runtimeClasses: [], namespaces: [] },
      },
    }]);
  });

  test('every exemption and weaker default carries its reason, recorded in the output', () => {
    const { json } = defaults({
      enforce: PodSecurityLevel.BASELINE,
      weakerLevelReason: 'legacy batch namespaces migrate to restricted by Q3 (PLAT-88)',
      exemptNamespaces: [{ name: 'kube-system', reason: 'kube-proxy and the CNI run privileged there' }],
      exemptRuntimeClasses: [{ name: 'kata', reason: 'VM-isolated pods are checked by the Kata policy instead' }],
    });
    const configuration = json.plugins[0].configuration;
    expect(configuration.defaults.enforce).toBe('baseline');
    expect(configuration.exemptions).toEqual({ usernames: [], runtimeClasses: ['kata'], namespaces: ['kube-system'] });
    expect(json.metadata.annotations).toEqual({
      'exception.cdk8s-hardening.io/defaults': 'legacy batch namespaces migrate to restricted by Q3 (PLAT-88)',
      'exception.cdk8s-hardening.io/exemptions.namespaces': '{"kube-system":"kube-proxy and the CNI run privileged there"}',
      'exception.cdk8s-hardening.io/exemptions.runtimeclasses': '{"kata":"VM-isolated pods are checked by the Kata policy instead"}',
    });
  });

  test('a privileged default with its reason is acknowledged for the compliance engine', () => {
    const { chart } = defaults({ warn: PodSecurityLevel.PRIVILEGED, weakerLevelReason: 'lab cluster for kernel module development, no tenants' });
    const result = Compliance.check(chart);
    expect(result.findings).toEqual([]);
    expect(result.acknowledged.map(f => f.ruleId)).toEqual(['PodSecurityAdmissionDefaults']);
  });

  test('fails a weaker default without a reason, a reason without one, an exemption without a reason, bad names and versions', () => {
    expect(() => defaults({ enforce: PodSecurityLevel.BASELINE })).toThrow(/weakerLevelReason: an exception to a security default needs a reason of at least 10 characters; got nothing/);
    expect(() => defaults({ weakerLevelReason: 'because we can' })).toThrow(/weakerLevelReason: a reason is given but every default is restricted/);
    expect(() => defaults({ exemptNamespaces: [{ name: 'legacy', reason: 'old' }] })).toThrow(/exemptNamespaces\[0\]\.reason: an exception to a security default needs a reason/);
    expect(() => defaults({ exemptNamespaces: [{ name: 'Legacy', reason: 'the legacy team needs time' }] })).toThrow(/exemptNamespaces\[0\]\.name: not a valid name; got "Legacy"/);
    const twice = { name: 'legacy', reason: 'the legacy team needs time' };
    expect(() => defaults({ exemptNamespaces: [twice, twice] })).toThrow(/exemptNamespaces\[1\]\.name: listed twice/);
    expect(() => defaults({ enforceVersion: '1.30' })).toThrow(/enforceVersion: must be "latest" or a Kubernetes minor version "v1.NN" \(lowercase "v", no leading zeros\), as Pod Security Admission reads it; got "1.30"/);
  });

  test('fails a version HardenedNamespace refuses too: a newer pin than the library knows, a near miss with its fix', () => {
    expect(() => defaults({ auditVersion: 'v1.38' }))
      .toThrow('[control-plane/psa] auditVersion: is newer than the newest Kubernetes version whose Pod Security Standards this library knows (v1.37), so what it enforces cannot be checked; got "v1.38"');
    expect(() => defaults({ warnVersion: 'V1.030' })).toThrow(/warnVersion: must be "latest" .*; got "V1.030". Fix: write "v1.30"/);
    const { json } = defaults({ enforceVersion: 'v1.30', auditVersion: 'v1.37' });
    expect(json.plugins[0].configuration.defaults).toEqual({
      'enforce': 'restricted', 'enforce-version': 'v1.30', 'audit': 'restricted', 'audit-version': 'v1.37', 'warn': 'restricted', 'warn-version': 'latest',
    });
  });
});
