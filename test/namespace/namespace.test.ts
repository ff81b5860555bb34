import { Testing } from 'cdk8s';
import { Compliance, HardenedNamespace, PodSecurityLevel } from '../../src';
import { LATEST_KNOWN_VERSION } from '../../src/standards/kubernetes-version';

type Json = Record<string, any>;

function synth(props: any): Json[] {
  const chart = Testing.chart();
  new HardenedNamespace(chart, 'ns', props);
  return Testing.synth(chart) as Json[];
}

function byName(manifests: Json[], kind: string, name: string): Json | undefined {
  return manifests.find(m => m.kind === kind && m.metadata.name === name);
}

describe('HardenedNamespace', () => {
  test('defaults: restricted PSA labels, default deny, DNS egress, quota, limits, default service account', () => {
    // GIVEN / WHEN
    const chart = Testing.chart();
    const ns = new HardenedNamespace(chart, 'payments', { name: 'payments' });
    const manifests = Testing.synth(chart) as Json[];

    // THEN
    expect(manifests).toMatchSnapshot();
    expect(ns.namespaceName).toBe('payments');
    expect(manifests.map(m => m.kind)).toEqual(['Namespace', 'NetworkPolicy', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'ServiceAccount']);

    const namespace = byName(manifests, 'Namespace', 'payments')!;
    expect(namespace.metadata.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': LATEST_KNOWN_VERSION,
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'latest',
    });

    const deny = byName(manifests, 'NetworkPolicy', 'default-deny-all')!;
    expect(deny.metadata.namespace).toBe('payments');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

    const dns = byName(manifests, 'NetworkPolicy', 'allow-dns-egress')!;
    expect(dns.spec.podSelector).toEqual({});
    expect(dns.spec.policyTypes).toEqual(['Egress']);
    expect(dns.spec.ingress).toBeUndefined();
    expect(dns.spec.egress).toEqual([{
      to: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    }]);

    const quota = byName(manifests, 'ResourceQuota', 'quota')!;
    expect(quota.spec.hard).toEqual({
      'requests.cpu': '4',
      'requests.memory': '8Gi',
      'limits.cpu': '8',
      'limits.memory': '16Gi',
      'pods': '50',
      'persistentvolumeclaims': '20',
      'services.loadbalancers': '0',
      'services.nodeports': '0',
    });

    const limits = byName(manifests, 'LimitRange', 'container-limits')!;
    expect(limits.spec.limits).toEqual([{
      type: 'Container',
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      default: { cpu: '500m', memory: '512Mi' },
      max: { cpu: '4', memory: '8Gi' },
    }]);

    const sa = byName(manifests, 'ServiceAccount', 'default')!;
    expect(sa.metadata.namespace).toBe('payments');
    expect(sa.automountServiceAccountToken).toBe(false);
  });

  test('levels and versions are configurable; baseline needs no reason', () => {
    const manifests = synth({
      name: 'legacy',
      podSecurity: { enforce: PodSecurityLevel.BASELINE, enforceVersion: 'v1.30', warnVersion: 'v1.31' },
    });
    expect(byName(manifests, 'Namespace', 'legacy')!.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.30',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.31',
    });
  });

  test('privileged is possible only with a reason, which is recorded', () => {
    const manifests = synth({
      name: 'node-agents',
      podSecurity: {
        enforce: PodSecurityLevel.PRIVILEGED,
        audit: PodSecurityLevel.PRIVILEGED,
        warn: PodSecurityLevel.PRIVILEGED,
        privilegedReason: 'CNI agent needs host networking (SEC-42)',
      },
    });
    const ns = byName(manifests, 'Namespace', 'node-agents')!;
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(ns.metadata.annotations).toEqual({
      'cdk8s-hardening.io/privileged-reason': 'CNI agent needs host networking (SEC-42)',
      // recorded when the construct is created, so the YAML passes `cdk8s-hardening check`
      'acknowledged.cdk8s-hardening.io/PsaLabels': 'privileged namespace: CNI agent needs host networking (SEC-42)',
      'acknowledged.cdk8s-hardening.io/PsaRestricted': 'privileged namespace: CNI agent needs host networking (SEC-42)',
    });
  });

  test('the compliance engine accepts a reasoned privileged namespace, and warns about baseline', () => {
    const chart = Testing.chart();
    new HardenedNamespace(chart, 'agents', {
      name: 'node-agents',
      podSecurity: { enforce: PodSecurityLevel.PRIVILEGED, privilegedReason: 'CNI agent needs host networking (SEC-42)' },
    });
    new HardenedNamespace(chart, 'legacy', { name: 'legacy', podSecurity: { enforce: PodSecurityLevel.BASELINE } });
    const result = Compliance.check(chart);
    expect(result.findings.map(f => `${f.severity} ${f.ruleId} ${f.resourceName}`)).toEqual(['warning PsaRestricted legacy']);
    expect(result.acknowledged.map(f => `${f.ruleId} ${f.resourceName} ${f.acknowledgement}`)).toEqual([
      'PsaLabels node-agents privileged namespace: CNI agent needs host networking (SEC-42)',
      'PsaRestricted node-agents privileged namespace: CNI agent needs host networking (SEC-42)',
    ]);
  });

  test('DNS egress can be switched off, and its selector customised', () => {
    expect(byName(synth({ name: 'a', allowDnsEgress: false }), 'NetworkPolicy', 'allow-dns-egress')).toBeUndefined();
    const dns = byName(synth({ name: 'b', dnsPodLabels: { 'k8s-app': 'coredns' } }), 'NetworkPolicy', 'allow-dns-egress')!;
    expect(dns.spec.egress[0].to[0].podSelector).toEqual({ matchLabels: { 'k8s-app': 'coredns' } });
  });

  test('quota and limits are overridable', () => {
    const manifests = synth({
      name: 'big',
      quota: { requestsCpu: '16', limitsCpu: '32', requestsMemory: '32Gi', limitsMemory: '64Gi', pods: 200, loadBalancers: 1 },
      limits: { defaultLimitCpu: '1', maxCpu: '8', defaultRequestMemory: '256Mi' },
    });
    expect(byName(manifests, 'ResourceQuota', 'quota')!.spec.hard).toMatchObject({ 'requests.cpu': '16', 'limits.cpu': '32', 'pods': '200', 'services.loadbalancers': '1', 'services.nodeports': '0' });
    expect(byName(manifests, 'LimitRange', 'container-limits')!.spec.limits[0]).toMatchObject({ default: { cpu: '1', memory: '512Mi' }, defaultRequest: { memory: '256Mi' }, max: { cpu: '8' } });
  });

  test('opts in to sigstore policy-controller only when asked, by prop or method', () => {
    expect(byName(synth({ name: 'team' }), 'Namespace', 'team')!.metadata.labels['policy.sigstore.dev/include']).toBeUndefined();
    expect(byName(synth({ name: 'team', requireSignedImages: true }), 'Namespace', 'team')!.metadata.labels['policy.sigstore.dev/include']).toBe('true');
    const chart = Testing.chart();
    const ns = new HardenedNamespace(chart, 'ns', { name: 'later' });
    ns.requireSignedImages();
    expect(byName(Testing.synth(chart) as Json[], 'Namespace', 'later')!.metadata.labels).toMatchObject({ 'policy.sigstore.dev/include': 'true', 'pod-security.kubernetes.io/enforce': 'restricted' });
  });

  test('extra labels and annotations are kept', () => {
    const ns = byName(synth({ name: 'team', labels: { team: 'blue' }, annotations: { owner: 'blue@acme.example' } }), 'Namespace', 'team')!;
    expect(ns.metadata.labels.team).toBe('blue');
    expect(ns.metadata.annotations).toEqual({ owner: 'blue@acme.example' });
  });

  describe('rejected input', () => {
    const make = (props: any) => () => synth(props);
    test('fails for an invalid name', () => {
      expect(make({ name: 'Payments' })).toThrow(/\[test\/ns\] name: must be a DNS-1123 label .*; got "Payments"\. Fix:/);
      expect(make({ name: 'a'.repeat(64) })).toThrow(/name: must be a DNS-1123 label/);
      expect(make({ name: 'kube-apps' })).toThrow(/name: the "kube-" prefix is reserved/);
      expect(make({ name: 'pay.ments' })).toThrow(/name: must be a DNS-1123 label/);
    });
    test.each(['default', 'kube-system', 'kube-public', 'kube-node-lease'])('fails for the namespace %p, which Kubernetes creates itself', name => {
      expect(make({ name })).toThrow(new RegExp(`^\\[test/ns\\] name: "${name}" is a namespace Kubernetes creates and uses itself, not a tenant's; got "${name}"\\. Fix: give the tenant a namespace of its own`));
    });
    test('fails for privileged without a reason', () => {
      expect(make({ name: 'x', podSecurity: { enforce: PodSecurityLevel.PRIVILEGED, audit: PodSecurityLevel.PRIVILEGED, warn: PodSecurityLevel.PRIVILEGED } }))
        .toThrow(/podSecurity\.privilegedReason \(needed because enforce, audit, warn are privileged\): an exception to a security default needs a reason of at least 10 characters; got nothing/);
      expect(make({ name: 'x', podSecurity: { warn: PodSecurityLevel.PRIVILEGED, privilegedReason: 'short' } })).toThrow(/got "short"/);
    });
    test('fails for a reason without a privileged mode', () => {
      expect(make({ name: 'x', podSecurity: { privilegedReason: 'because we always did it' } })).toThrow(/privilegedReason: a reason is given but no mode is privileged/);
    });
    test('fails for audit or warn weaker than enforce', () => {
      expect(make({ name: 'x', podSecurity: { audit: PodSecurityLevel.BASELINE } })).toThrow(/podSecurity\.audit: is weaker than enforce \(restricted\), so violations would be enforced without being audited; got "baseline"/);
    });
    test.each([
      ['1.30', 'write it like "v1.37" or "latest"'],
      ['v1.032', 'write "v1.32"'],
      ['V1.30', 'write "v1.30"'],
      ['v2.0', 'write it like "v1.37" or "latest"'],
      ['Latest', 'write it like "v1.37" or "latest"'],
      ['v1.30 ', 'write "v1.30"'],
    ])('fails for the version %p, which Pod Security Admission cannot read', (version, fix) => {
      for (const mode of ['enforce', 'audit', 'warn']) {
        expect(make({ name: 'x', podSecurity: { [`${mode}Version`]: version } }))
          .toThrow(`[test/ns] podSecurity.${mode}Version: must be "latest" or a Kubernetes minor version "v1.NN" (lowercase "v", no leading zeros), as Pod Security Admission reads it; got ${JSON.stringify(version)}. Fix: ${fix}`);
      }
    });
    test('fails for a version newer than the newest this library knows', () => {
      expect(make({ name: 'x', podSecurity: { enforceVersion: 'v1.38' } }))
        .toThrow('[test/ns] podSecurity.enforceVersion: is newer than the newest Kubernetes version whose Pod Security Standards this library knows (v1.37), so what it enforces cannot be checked; got "v1.38". Fix: pin v1.37 or an older version, use "latest", or upgrade cdk8s-hardening');
      expect(make({ name: 'x', podSecurity: { warnVersion: 'v1.320' } })).toThrow(/podSecurity\.warnVersion: is newer than the newest/);
    });
    test('accepts older pins and the newest known version', () => {
      const labels = byName(synth({ name: 'pinned', podSecurity: { enforceVersion: 'v1.0', auditVersion: 'v1.37', warnVersion: 'v1.25' } }), 'Namespace', 'pinned')!.metadata.labels;
      expect(labels).toMatchObject({
        'pod-security.kubernetes.io/enforce-version': 'v1.0',
        'pod-security.kubernetes.io/audit-version': 'v1.37',
        'pod-security.kubernetes.io/warn-version': 'v1.25',
      });
    });
    test('fails for PSA labels given as plain labels', () => {
      expect(make({ name: 'x', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } })).toThrow(/labels\["pod-security\.kubernetes\.io\/enforce"\]: Pod Security Admission labels are set through podSecurity/);
    });
    test('fails for bad quantities and counts', () => {
      expect(make({ name: 'x', quota: { requestsCpu: 'lots' } })).toThrow(/quota\.requestsCpu: must be a non-negative Kubernetes quantity no larger than 2\^63-1 \(about 9\.2e18\); got "lots"/);
      expect(make({ name: 'x', quota: { pods: -1 } })).toThrow(/quota\.pods: must be a whole number, 0 or more; got -1/);
      expect(make({ name: 'x', limits: { defaultLimitMemory: '512MB' } })).toThrow(/limits\.defaultLimitMemory: must be a non-negative Kubernetes quantity no larger than 2\^63-1 .*; got "512MB"/);
    });
    test('fails for quantities too large for Kubernetes, which would otherwise compare as nothing', () => {
      // 1e400 is not a finite number: before, it compared as 0 and passed every ordering check
      expect(make({ name: 'x', quota: { limitsCpu: '1e400' } })).toThrow('[test/ns] quota.limitsCpu: must be a non-negative Kubernetes quantity no larger than 2^63-1 (about 9.2e18); got "1e400". Fix: write it like');
      expect(make({ name: 'x', quota: { requestsMemory: '1e400', limitsMemory: '1e401' } })).toThrow(/quota\.requestsMemory: must be a non-negative Kubernetes quantity no larger than 2\^63-1/);
      expect(make({ name: 'x', limits: { maxMemory: '1e400' } })).toThrow(/limits\.maxMemory: must be a non-negative Kubernetes quantity no larger than/);
      expect(make({ name: 'x', limits: { maxCpu: '1e19' } })).toThrow(/limits\.maxCpu: is larger than any quantity Kubernetes stores \(2\^63-1, about 9\.2e18\), so the API server would silently cap it; got "1e19"/);
      expect(make({ name: 'x', quota: { pods: 1e400 } })).toThrow(/quota\.pods: must be a whole number, 0 or more; got Infinity/);
    });
    test('fails for contradictory quantities', () => {
      expect(make({ name: 'x', quota: { requestsCpu: '10', limitsCpu: '8' } })).toThrow(/quota\.requestsCpu: is larger than quota\.limitsCpu \(8\); got "10"/);
      expect(make({ name: 'x', limits: { defaultRequestMemory: '1Gi', defaultLimitMemory: '512Mi' } })).toThrow(/limits\.defaultRequestMemory: is larger than limits\.defaultLimitMemory/);
      expect(make({ name: 'x', limits: { defaultLimitCpu: '8', maxCpu: '4' } })).toThrow(/limits\.defaultLimitCpu: is larger than limits\.maxCpu/);
    });
    test('fails for an empty DNS selector', () => {
      expect(make({ name: 'x', dnsPodLabels: {} })).toThrow(/dnsPodLabels: an empty selector would allow port 53 to every pod in kube-system/);
    });
  });
});
