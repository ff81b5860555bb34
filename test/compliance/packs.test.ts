import * as fs from 'fs';
import * as path from 'path';
import { CompliancePack } from '../../src/compliance';
import { RULES } from '../../src/compliance/rules';

const BASELINE = ['HostProcess', 'HostNetwork', 'HostPidIpc', 'PrivilegedContainer', 'CapabilitiesBaseline', 'HostPathVolumes', 'HostPorts',
  'HostProbes', 'AppArmorProfile', 'SeLinuxOptions', 'ProcMount', 'SeccompBaseline', 'Sysctls'];

/** The structural rules: DuplicateObjects ends every pack; InvalidNames only the NSA/CISA pack (the PSS packs are exactly PSA). */
const EVERY_PACK = ['DuplicateObjects', 'PodSpecMissing'];
const STRUCTURE = [...EVERY_PACK, 'InvalidNames'];

test('PssBaseline pins its rule ids', () => {
  expect(CompliancePack.PSS_BASELINE.ruleIds).toEqual([...BASELINE, ...EVERY_PACK]);
});

test('PssRestricted pins its rule ids: every baseline rule plus the restricted ones', () => {
  expect(CompliancePack.PSS_RESTRICTED.ruleIds).toEqual([...BASELINE,
    'VolumeTypes', 'PrivilegeEscalation', 'RunAsNonRoot', 'RunAsUser', 'SeccompRestricted', 'CapabilitiesRestricted', 'ProcMountRestricted', ...EVERY_PACK]);
});

test('NsaCisa pins its rule ids', () => {
  expect(CompliancePack.NSA_CISA.ruleIds).toEqual([
    'RunAsNonRoot', 'RunAsUser', 'RunAsGroup', 'ReadOnlyRootFilesystem', 'PrivilegeEscalation', 'PrivilegedContainer', 'SysAdminCapability', 'HostPidIpc',
    'HostNetwork', 'HostPorts', 'HostPathVolumes', 'CapabilitiesRestricted', 'SeccompRestricted', 'ServiceAccountToken', 'ProjectedServiceAccountToken',
    'WritableSystemPaths', 'CpuLimits',
    'MemoryLimits', 'CredentialsInConfig', 'PsaLabels', 'PsaRestricted', 'DefaultDenyNetworkPolicy', 'NetworkPolicySelectsWorkload', 'WideNetworkPolicy', 'ServiceExposure', 'RbacWildcards',
    'ClusterAdminBinding', 'AnonymousSubjects', 'SecretsAccess', 'PodExec', 'BroadSubjectPrivileges', 'PodCreate', 'NodeProxy', 'RbacEscalation',
    'RbacImpersonation', 'UnresolvedRoleRef', 'WorkloadAccountBinding', ...STRUCTURE,
    'ImagePinned', 'PersistentVolumeHostPath', 'ImageProvenance', 'AdmissionPolicyWeakened', 'ImageSignatureWeakened',
  ]);
});

test('NsaCisa carries the Kubescape control ids of the hardening guide', () => {
  const controls = new Set(CompliancePack.NSA_CISA.rules.flatMap(r => r.controls.map(c => c.id)));
  for (const id of ['C-0013', 'C-0016', 'C-0017', 'C-0030', 'C-0034', 'C-0038', 'C-0041', 'C-0044', 'C-0046', 'C-0054', 'C-0055',
    'C-0057', 'C-0270', 'C-0271', 'C-0009', 'C-0260', 'C-0012', 'C-0002', 'C-0035']) {
    expect(controls).toContain(id);
  }
  // RBAC: every Kubescape control whose semantics the RBAC rules implement (docs/compliance.md)
  for (const id of ['C-0015', 'C-0065', 'C-0185', 'C-0186', 'C-0187', 'C-0188', 'C-0191', 'C-0262', 'C-0265', 'C-0279']) {
    expect(controls).toContain(id);
  }
  for (const rule of CompliancePack.NSA_CISA.rules.filter(r => !STRUCTURE.includes(r.ruleId))) {
    expect(rule.controls.some(c => c.id.startsWith('NSA/CISA: '))).toBe(true);
  }
});

test('C-0057 is carried by privileged: true and by an added SYS_ADMIN; C-0009 by both limit rules', () => {
  const carriers = (id: string) => CompliancePack.NSA_CISA.rules.filter(r => r.controls.some(c => c.id === id)).map(r => r.ruleId);
  expect(carriers('C-0057')).toEqual(['PrivilegedContainer', 'SysAdminCapability']);
  expect(carriers('C-0009')).toEqual(['CpuLimits', 'MemoryLimits']);
  expect(carriers('C-0030')).toEqual(['NetworkPolicySelectsWorkload']);
  expect(carriers('C-0260')).toEqual(['NetworkPolicySelectsWorkload']);
});

test('every pack has DuplicateObjects, the NSA/CISA pack InvalidNames too, at error, with a Kubernetes API control', () => {
  for (const pack of CompliancePack.all()) {
    const structural = pack.rules.filter(r => STRUCTURE.includes(r.ruleId));
    expect(structural.map(r => r.ruleId)).toEqual(pack === CompliancePack.NSA_CISA ? STRUCTURE : EVERY_PACK);
    for (const r of structural) {
      expect(r.severity).toBe('error');
      expect(r.controls.map(c => c.framework)).toEqual(['Kubernetes API validation']);
    }
  }
});

test('ControlPlane pins its rule ids, each with an NSA/CISA section, and the Kubescape control-plane ids', () => {
  expect(CompliancePack.CONTROL_PLANE.ruleIds).toEqual([
    'ApiServerInsecurePort', 'ApiServerAnonymousAuth', 'ApiServerAuthorizationMode', 'ApiServerAdmissionPlugins', 'ApiServerEncryptionConfig',
    'ApiServerAuditLog', 'ApiServerServiceAccountLookup', 'ControlPlaneProfiling', 'ControlPlaneBindAddress', 'ControlPlaneTls', 'EtcdTls',
    'KubeletAnonymousAuth', 'KubeletClientTls', 'KubeletAuthorization', 'KubeletReadOnlyPort', 'KubeletTls', 'KubeletHardening',
    'AuditPolicyLogs', 'AuditPolicySecrets', 'EncryptionProviders', 'PodSecurityAdmissionDefaults', ...EVERY_PACK,
  ]);
  const controls = new Set(CompliancePack.CONTROL_PLANE.rules.flatMap(r => r.controls.map(c => c.id)));
  for (const id of ['C-0005', 'C-0066', 'C-0067', 'C-0069', 'C-0070']) expect(controls).toContain(id);
  for (const rule of CompliancePack.CONTROL_PLANE.rules.filter(r => !STRUCTURE.includes(r.ruleId))) expect(rule.controls.some(c => c.id.startsWith('NSA/CISA: '))).toBe(true);
  expect(CompliancePack.fromName('control-plane')).toBe(CompliancePack.CONTROL_PLANE);
});

test('every pack rule exists and every rule is in some pack', () => {
  const used = new Set(CompliancePack.all().flatMap(p => p.ruleIds));
  expect([...used].filter(id => !RULES.has(id))).toEqual([]);
  expect([...RULES.keys()].filter(id => !used.has(id))).toEqual([]);
});

test('each rule lives in a file named after its id', () => {
  const dir = path.join(__dirname, '../../src/compliance/rules');
  const files = ['pod', 'namespace', 'rbac', 'structure', 'cluster', 'storage', 'admission'].flatMap(area => fs.readdirSync(path.join(dir, area)))
    .filter(f => /^[A-Z].*\.ts$/.test(f)).map(f => f.replace(/\.ts$/, ''));
  expect(files.sort()).toEqual([...RULES.keys()].sort());
});

test('fromName finds packs by name and refuses others', () => {
  expect(CompliancePack.fromName('NSA-CISA')).toBe(CompliancePack.NSA_CISA);
  expect(CompliancePack.fromName('cis')).toBeUndefined();
});
