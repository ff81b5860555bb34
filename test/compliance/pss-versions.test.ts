// The Pod Security Standards evaluated at a version, as Pod Security Admission evaluates them:
// each check applies from its minimum version and changes where upstream changed it.
import { clone, hardenedPodSpec, Json, namespace, pod } from './fixtures';
import { buildContext, runCheck } from '../../src/compliance/engine';
import { toKubeObject } from '../../src/compliance/objects';
import { CompliancePack } from '../../src/compliance/packs';
import { RULES } from '../../src/compliance/rules';
import { LATEST_KNOWN_MINOR, LATEST_KNOWN_VERSION, parsePsaVersion } from '../../src/standards/kubernetes-version';
import { PSS_CHECKS, pssVariantAt } from '../../src/standards/pss';

/** The outcome status of one rule on a pod, at Kubernetes 1.`minor`. */
function statusAt(ruleId: string, minor: number, spec: Json, metadata: Json = {}): string {
  const target = pod(spec);
  target.metadata = { ...target.metadata, ...metadata };
  const object = toKubeObject(target);
  return RULES.get(ruleId)!.check(object, buildContext([object], minor)).status;
}

function withSpec(change: (spec: Json) => void): Json {
  const spec = clone(hardenedPodSpec());
  change(spec);
  return spec;
}

describe('PSA versions', () => {
  test('latest is the newest version the library knows, and newer versions read as it', () => {
    expect(parsePsaVersion('latest')).toBe(LATEST_KNOWN_MINOR);
    expect(parsePsaVersion('v1.25')).toBe(25);
    expect(parsePsaVersion(`v1.${LATEST_KNOWN_MINOR + 5}`)).toBe(LATEST_KNOWN_MINOR);
    expect(LATEST_KNOWN_VERSION).toBe(`v1.${LATEST_KNOWN_MINOR}`);
  });
  test.each(['v1.032', 'V1.30', 'v2.0', '1.30', 'v1.', ''])('fails to read %p as a version', text => {
    expect(parsePsaVersion(text)).toBeUndefined();
  });
  test('each check has variants in increasing version order, the first one where upstream introduced it', () => {
    for (const check of Object.values(PSS_CHECKS)) {
      const since = check.variants.map(v => v.since);
      expect([...since].sort((a, b) => a - b)).toEqual(since);
      expect(pssVariantAt(check, since[0] - 1)).toBeUndefined();
    }
    expect(PSS_CHECKS.runAsUser.variants[0].since).toBe(23);
    expect(PSS_CHECKS.hostProbesAndHostLifecycle.variants[0].since).toBe(34);
  });
});

describe('Sysctls', () => {
  const sysctl = (name: string) => withSpec(s => { s.securityContext.sysctls = [{ name, value: '1' }]; });
  test.each([
    ['net.ipv4.ip_local_reserved_ports', 26, 27],
    ['net.ipv4.tcp_keepalive_time', 28, 29],
    ['net.ipv4.tcp_rmem', 31, 32],
    ['net.ipv4.tcp_slow_start_after_idle', 36, 37],
  ])('%s: fails at v1.%d, allowed from v1.%d', (name, before, from) => {
    expect(statusAt('Sysctls', before, sysctl(name))).toBe('non-compliant');
    expect(statusAt('Sysctls', from, sysctl(name))).toBe('compliant');
  });
  test('fails for a sysctl no version allows', () => {
    expect(statusAt('Sysctls', LATEST_KNOWN_MINOR, sysctl('kernel.msgmax'))).toBe('non-compliant');
  });
});

describe('ProcMount and ProcMountRestricted', () => {
  const unmasked = (hostUsers?: boolean) => withSpec(s => {
    if (hostUsers !== undefined) s.hostUsers = hostUsers;
    s.containers[0].securityContext.procMount = 'Unmasked';
  });
  test('fails baseline for Unmasked in a user namespace before v1.35; allowed from v1.35', () => {
    expect(statusAt('ProcMount', 34, unmasked(false))).toBe('non-compliant');
    expect(statusAt('ProcMount', 35, unmasked(false))).toBe('compliant');
    expect(statusAt('ProcMount', 35, unmasked())).toBe('non-compliant');
  });
  test('fails restricted for Unmasked from v1.35, user namespace or not', () => {
    expect(statusAt('ProcMountRestricted', 34, unmasked(false))).toBe('not-applicable');
    expect(statusAt('ProcMountRestricted', 35, unmasked(false))).toBe('non-compliant');
  });
});

describe('RunAsUser and RunAsNonRoot', () => {
  const root = (hostUsers?: boolean) => withSpec(s => {
    if (hostUsers !== undefined) s.hostUsers = hostUsers;
    s.securityContext.runAsUser = 0;
    s.securityContext.runAsNonRoot = false;
    delete s.containers[0].securityContext.runAsNonRoot;
    delete s.containers[0].securityContext.runAsUser;
  });
  test('RunAsUser does not exist before v1.23 and fails from v1.23', () => {
    expect(statusAt('RunAsUser', 22, root())).toBe('not-applicable');
    expect(statusAt('RunAsUser', 23, root())).toBe('non-compliant');
  });
  test('fails for a root pod in a user namespace before v1.35; exempt from v1.35', () => {
    for (const id of ['RunAsUser', 'RunAsNonRoot']) {
      expect(statusAt(id, 34, root(false))).toBe('non-compliant');
      expect(statusAt(id, 35, root(false))).toBe('compliant');
      expect(statusAt(id, 35, root())).toBe('non-compliant');
    }
  });
});

describe('Windows pods and the restricted checks', () => {
  const windows = () => withSpec(s => {
    s.os = { name: 'windows' };
    delete s.securityContext.seccompProfile;
    s.containers[0].securityContext = {};
  });
  test.each(['PrivilegeEscalation', 'SeccompRestricted', 'CapabilitiesRestricted'])('%s fails a Windows pod at v1.24 and exempts it from v1.25', id => {
    expect(statusAt(id, 24, windows())).toBe('non-compliant');
    expect(statusAt(id, 25, windows())).toBe('compliant');
  });
  test('the checks do not exist before their versions', () => {
    expect(statusAt('PrivilegeEscalation', 7, windows())).toBe('not-applicable');
    expect(statusAt('SeccompRestricted', 18, windows())).toBe('not-applicable');
    expect(statusAt('CapabilitiesRestricted', 21, windows())).toBe('not-applicable');
  });
});

describe('SeccompBaseline', () => {
  const annotation = { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } };
  const unconfinedField = () => withSpec(s => { s.securityContext.seccompProfile = { type: 'Unconfined' }; });
  test('fails the alpha annotation before v1.19, ignores it from v1.19', () => {
    expect(statusAt('SeccompBaseline', 18, hardenedPodSpec(), annotation)).toBe('non-compliant');
    expect(statusAt('SeccompBaseline', 19, hardenedPodSpec(), annotation)).toBe('compliant');
  });
  test('fails the Unconfined field from v1.19, which earlier versions do not read', () => {
    expect(statusAt('SeccompBaseline', 18, unconfinedField())).toBe('compliant');
    expect(statusAt('SeccompBaseline', 19, unconfinedField())).toBe('non-compliant');
  });
  test('fails a seccompProfile without a type, as admission does', () => {
    expect(statusAt('SeccompBaseline', 19, withSpec(s => { s.securityContext.seccompProfile = {}; }))).toBe('non-compliant');
  });
  test('accepts the container annotation runtime/default, docker/default and localhost/*', () => {
    for (const value of ['runtime/default', 'docker/default', 'localhost/profile.json']) {
      expect(statusAt('SeccompBaseline', 18, hardenedPodSpec(), { annotations: { 'container.seccomp.security.alpha.kubernetes.io/app': value } })).toBe('compliant');
    }
  });
});

describe('SeLinuxOptions and HostProbes', () => {
  test('container_engine_t fails at v1.30 and is allowed from v1.31', () => {
    const engine = withSpec(s => { s.securityContext.seLinuxOptions = { type: 'container_engine_t' }; });
    expect(statusAt('SeLinuxOptions', 30, engine)).toBe('non-compliant');
    expect(statusAt('SeLinuxOptions', 31, engine)).toBe('compliant');
  });
  test('host probes are checked from v1.34', () => {
    const probe = withSpec(s => { s.containers[0].livenessProbe = { httpGet: { host: '10.0.0.1', port: 80 } }; });
    expect(statusAt('HostProbes', 33, probe)).toBe('not-applicable');
    expect(statusAt('HostProbes', 34, probe)).toBe('non-compliant');
  });
});

describe('AppArmorProfile', () => {
  test('accepts an empty annotation value (the runtime default)', () => {
    expect(statusAt('AppArmorProfile', LATEST_KNOWN_MINOR, hardenedPodSpec(), { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': '' } })).toBe('compliant');
  });
  test('fails an appArmorProfile without a type, as admission does', () => {
    expect(statusAt('AppArmorProfile', LATEST_KNOWN_MINOR, withSpec(s => { s.securityContext.appArmorProfile = {}; }))).toBe('non-compliant');
  });
});

describe('version of a check', () => {
  const rootPod = () => {
    const p = pod(withSpec(s => { s.securityContext.runAsUser = 0; }));
    return toKubeObject(p);
  };
  const pinned = (version: string) => {
    const ns = namespace();
    ns.metadata.labels['pod-security.kubernetes.io/enforce-version'] = version;
    return toKubeObject(ns);
  };

  test('a Namespace that pins enforce-version decides the version of its objects', () => {
    const result = runCheck([pinned('v1.22'), rootPod()], { packs: [CompliancePack.PSS_RESTRICTED] });
    expect(result.findings.filter(f => f.ruleId === 'RunAsUser')).toEqual([]);
    const latest = runCheck([pinned('latest'), rootPod()], { packs: [CompliancePack.PSS_RESTRICTED] });
    expect(latest.findings.filter(f => f.ruleId === 'RunAsUser').map(f => f.pssVersion)).toEqual([LATEST_KNOWN_VERSION]);
  });

  test('without a pinning Namespace, the version asked for applies, and findings name it', () => {
    const at22 = runCheck([rootPod()], { packs: [CompliancePack.PSS_RESTRICTED], pssMinor: 22 });
    expect(at22.findings.filter(f => f.ruleId === 'RunAsUser')).toEqual([]);
    const at23 = runCheck([rootPod()], { packs: [CompliancePack.PSS_RESTRICTED], pssMinor: 23 });
    expect(at23.findings.filter(f => f.ruleId === 'RunAsUser').map(f => f.pssVersion)).toEqual(['v1.23']);
  });

  test('the NSA/CISA pack is not versioned: it sees the root pod a v1.22 namespace admits', () => {
    const result = runCheck([pinned('v1.22'), rootPod()], { packs: [CompliancePack.PSS_RESTRICTED, CompliancePack.NSA_CISA] });
    const runAsUser = result.findings.filter(f => f.ruleId === 'RunAsUser');
    expect(runAsUser.map(f => [f.packs, f.pssVersion])).toEqual([[['nsa-cisa'], undefined]]);
    expect(runAsUser[0].controls).toContain('C-0013');
    expect(runAsUser[0].controls.some(c => c.startsWith('PSS'))).toBe(false);
  });

  test('at the newest version both packs share one finding', () => {
    const result = runCheck([rootPod()], { packs: [CompliancePack.PSS_RESTRICTED, CompliancePack.NSA_CISA] });
    const runAsUser = result.findings.filter(f => f.ruleId === 'RunAsUser');
    expect(runAsUser).toHaveLength(1);
    expect(runAsUser[0].packs.sort()).toEqual(['nsa-cisa', 'pss-restricted']);
  });

  test('a version newer than the library knows is evaluated as the newest', () => {
    const result = runCheck([pinned('v1.99'), rootPod()], { packs: [CompliancePack.PSS_RESTRICTED] });
    expect(result.findings.filter(f => f.ruleId === 'RunAsUser').map(f => f.pssVersion)).toEqual([LATEST_KNOWN_VERSION]);
  });
});
