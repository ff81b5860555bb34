import { clone, cronJob, deployment, findingPaths, runRule } from './fixtures';
import { hardenedWorkloads, pathsOf, ruleFixtures, service, spec, withEphemeral, withInit } from './rule-fixtures';
import { RULES } from '../../src/compliance/rules';

const C0 = 'spec.template.spec.containers[0]';
const POD = 'spec.template.spec';
const F = ruleFixtures();

describe('every pod rule', () => {
  const podRules = ['HostProcess', 'HostNetwork', 'HostPidIpc', 'PrivilegedContainer', 'CapabilitiesBaseline', 'HostPathVolumes', 'HostPorts',
    'HostProbes', 'AppArmorProfile', 'SeLinuxOptions', 'ProcMount', 'SeccompBaseline', 'Sysctls', 'VolumeTypes', 'PrivilegeEscalation',
    'RunAsNonRoot', 'RunAsUser', 'SeccompRestricted', 'CapabilitiesRestricted', 'RunAsGroup', 'ReadOnlyRootFilesystem', 'CpuLimits',
    'MemoryLimits', 'CredentialsInConfig'];
  test.each(podRules)('%s: Compliance for the hardened Deployment, Pod, CronJob and with an init container', (id) => {
    for (const f of Object.values(hardenedWorkloads())) {
      expect(runRule(id, f.object)).toEqual({ status: 'compliant' });
    }
  });
  test.each(podRules)('%s: not applicable to a Service', (id) => {
    expect(runRule(id, service())).toEqual({ status: 'not-applicable' });
  });
});

describe('pod spec extraction', () => {
  test('fails every kind that carries a pod: ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController, PodTemplate', () => {
    const broken = spec(s => { s.hostNetwork = true; });
    for (const kind of ['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController']) {
      expect(findingPaths('HostNetwork', { ...deployment(broken), kind })).toEqual([`${POD}.hostNetwork`]);
    }
    expect(findingPaths('HostNetwork', { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 't' }, template: { spec: broken } }))
      .toEqual(['template.spec.hostNetwork']);
  });
  test('fails a CronJob through its nested job template', () => {
    expect(findingPaths('PrivilegedContainer', cronJob(spec(s => { s.containers[0].securityContext.privileged = true; }))))
      .toEqual(['spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged']);
  });
});

describe('HostProcess', () => {
  test('fails pod-level hostProcess', () => {
    expect(findingPaths('HostProcess', deployment(spec(s => { s.securityContext.windowsOptions = { hostProcess: true }; }))))
      .toEqual([`${POD}.securityContext.windowsOptions.hostProcess`]);
  });
  test('fails an ephemeral container with hostProcess', () => {
    expect(findingPaths('HostProcess', deployment(withEphemeral(c => { c.securityContext.windowsOptions = { hostProcess: true }; }))))
      .toEqual([`${POD}.ephemeralContainers[0].securityContext.windowsOptions.hostProcess`]);
  });
  test('Compliance: hostProcess false', () => {
    expect(findingPaths('HostProcess', deployment(spec(s => { s.securityContext.windowsOptions = { hostProcess: false }; })))).toEqual([]);
  });
});

describe('HostNetwork and HostPidIpc', () => {
  test('fails hostNetwork: true', () => {
    expect(findingPaths('HostNetwork', deployment(spec(s => { s.hostNetwork = true; })))).toEqual([`${POD}.hostNetwork`]);
  });
  test('fails hostPID and hostIPC', () => {
    expect(findingPaths('HostPidIpc', deployment(spec(s => { s.hostPID = true; s.hostIPC = true; }))))
      .toEqual([`${POD}.hostPID`, `${POD}.hostIPC`]);
  });
  test('Compliance: explicit false', () => {
    expect(findingPaths('HostNetwork', deployment(spec(s => { s.hostNetwork = false; })))).toEqual([]);
    expect(findingPaths('HostPidIpc', deployment(spec(s => { s.hostPID = false; })))).toEqual([]);
  });
});

describe('PrivilegedContainer', () => {
  test('fails a privileged init container', () => {
    expect(findingPaths('PrivilegedContainer', deployment(withInit(c => { c.securityContext.privileged = true; }))))
      .toEqual([`${POD}.initContainers[0].securityContext.privileged`]);
  });
  test('Compliance: privileged unset', () => {
    expect(findingPaths('PrivilegedContainer', deployment(spec(s => { delete s.containers[0].securityContext.privileged; })))).toEqual([]);
  });
});

describe('CapabilitiesBaseline', () => {
  test('fails SYS_ADMIN', () => {
    expect(findingPaths('CapabilitiesBaseline', deployment(spec(s => { s.containers[0].securityContext.capabilities.add = ['CHOWN', 'SYS_ADMIN']; }))))
      .toEqual([`${C0}.securityContext.capabilities.add[1]`]);
  });
  test('Compliance: runtime default capabilities may be added', () => {
    expect(findingPaths('CapabilitiesBaseline', deployment(spec(s => { s.containers[0].securityContext.capabilities.add = ['CHOWN', 'NET_BIND_SERVICE']; })))).toEqual([]);
  });
});

describe('HostPathVolumes and VolumeTypes', () => {
  const hostPath = spec(s => { s.volumes = [{ name: 'logs', hostPath: { path: '/var/log' } }]; });
  test('fails a hostPath volume (baseline and restricted)', () => {
    expect(findingPaths('HostPathVolumes', deployment(hostPath))).toEqual([`${POD}.volumes[0].hostPath`]);
    expect(findingPaths('VolumeTypes', deployment(hostPath))).toEqual([`${POD}.volumes[0].hostPath`]);
  });
  test('fails an nfs volume under restricted only', () => {
    const nfs = spec(s => { s.volumes = [{ name: 'share', nfs: { server: 'nfs', path: '/' } }]; });
    expect(findingPaths('HostPathVolumes', deployment(nfs))).toEqual([]);
    expect(findingPaths('VolumeTypes', deployment(nfs))).toEqual([`${POD}.volumes[0].nfs`]);
  });
  test('Compliance: emptyDir, configMap, secret, projected, persistentVolumeClaim, csi, ephemeral, downwardAPI', () => {
    const ok = spec(s => {
      s.volumes = ['emptyDir', 'configMap', 'secret', 'projected', 'persistentVolumeClaim', 'csi', 'ephemeral', 'downwardAPI']
        .map((t, i) => ({ name: `v${i}`, [t]: {} }));
    });
    expect(findingPaths('VolumeTypes', deployment(ok))).toEqual([]);
  });
});

describe('HostPorts', () => {
  test('fails hostPort 8080', () => {
    expect(findingPaths('HostPorts', deployment(spec(s => { s.containers[0].ports = [{ containerPort: 80 }, { containerPort: 8080, hostPort: 8080 }]; }))))
      .toEqual([`${C0}.ports[1].hostPort`]);
  });
  test('Compliance: hostPort 0', () => {
    expect(findingPaths('HostPorts', deployment(spec(s => { s.containers[0].ports = [{ containerPort: 80, hostPort: 0 }]; })))).toEqual([]);
  });
});

describe('HostProbes', () => {
  test('fails a liveness probe and a preStop hook naming a host', () => {
    expect(findingPaths('HostProbes', deployment(spec(s => {
      s.containers[0].livenessProbe = { httpGet: { host: '10.0.0.1', port: 80 } };
      s.containers[0].lifecycle = { preStop: { tcpSocket: { host: 'node', port: 22 } } };
    })))).toEqual([`${C0}.livenessProbe.httpGet.host`, `${C0}.lifecycle.preStop.tcpSocket.host`]);
  });
  test('Compliance: probes without host', () => {
    expect(findingPaths('HostProbes', deployment(spec(s => { s.containers[0].readinessProbe = { httpGet: { port: 80, path: '/' } }; })))).toEqual([]);
  });
});

describe('AppArmorProfile', () => {
  test('fails Unconfined at pod and container level and in the annotation', () => {
    const d = deployment(spec(s => {
      s.securityContext.appArmorProfile = { type: 'Unconfined' };
      s.containers[0].securityContext.appArmorProfile = { type: 'Unconfined' };
    }));
    d.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' };
    expect(findingPaths('AppArmorProfile', d)).toEqual([
      `${POD}.securityContext.appArmorProfile.type`,
      `${C0}.securityContext.appArmorProfile.type`,
      'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]',
    ]);
  });
  test('Compliance: RuntimeDefault, Localhost and runtime/default annotation', () => {
    const d = deployment(spec(s => {
      s.securityContext.appArmorProfile = { type: 'RuntimeDefault' };
      s.containers[0].securityContext.appArmorProfile = { type: 'Localhost', localhostProfile: 'k8s-app' };
    }));
    d.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' };
    expect(findingPaths('AppArmorProfile', d)).toEqual([]);
  });
});

describe('SeLinuxOptions', () => {
  test('fails a custom type, user and role', () => {
    expect(findingPaths('SeLinuxOptions', deployment(spec(s => {
      s.securityContext.seLinuxOptions = { type: 'spc_t' };
      s.containers[0].securityContext.seLinuxOptions = { user: 'system_u', role: 'system_r' };
    })))).toEqual([
      `${POD}.securityContext.seLinuxOptions.type`,
      `${C0}.securityContext.seLinuxOptions.user`,
      `${C0}.securityContext.seLinuxOptions.role`,
    ]);
  });
  test('Compliance: container_t and container_engine_t with a level', () => {
    expect(findingPaths('SeLinuxOptions', deployment(spec(s => {
      s.securityContext.seLinuxOptions = { type: 'container_t', level: 's0:c123,c456' };
      s.containers[0].securityContext.seLinuxOptions = { type: 'container_engine_t' };
    })))).toEqual([]);
  });
});

describe('ProcMount', () => {
  test('fails Unmasked', () => {
    expect(findingPaths('ProcMount', deployment(spec(s => { s.containers[0].securityContext.procMount = 'Unmasked'; }))))
      .toEqual([`${C0}.securityContext.procMount`]);
  });
  test('Compliance: Default', () => {
    expect(findingPaths('ProcMount', deployment(spec(s => { s.containers[0].securityContext.procMount = 'Default'; })))).toEqual([]);
  });
});

describe('Sysctls', () => {
  test('fails an unsafe sysctl', () => {
    expect(findingPaths('Sysctls', deployment(spec(s => {
      s.securityContext.sysctls = [{ name: 'net.ipv4.tcp_syncookies', value: '1' }, { name: 'kernel.msgmax', value: '65536' }];
    })))).toEqual([`${POD}.securityContext.sysctls[1].name`]);
  });
  test('Compliance: the safe set, including the 1.29 keepalive sysctls', () => {
    expect(findingPaths('Sysctls', deployment(spec(s => {
      s.securityContext.sysctls = [{ name: 'net.ipv4.tcp_keepalive_time', value: '60' }, { name: 'net.ipv4.ip_local_reserved_ports', value: '30000' }];
    })))).toEqual([]);
  });
});

describe('SeccompBaseline and SeccompRestricted', () => {
  test('Compliance: pod-level RuntimeDefault covers every container (containers set nothing)', () => {
    const d = deployment(withInit());
    expect(findingPaths('SeccompRestricted', d)).toEqual([]);
    expect(findingPaths('SeccompBaseline', d)).toEqual([]);
  });
  test('Compliance: no pod-level profile, every container sets Localhost or RuntimeDefault', () => {
    const d = deployment(withInit(c => { c.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' }; }));
    delete d.spec.template.spec.securityContext.seccompProfile;
    d.spec.template.spec.containers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' };
    expect(findingPaths('SeccompRestricted', d)).toEqual([]);
  });
  test('fails (restricted) when neither the pod nor an init container sets a profile', () => {
    const d = deployment(withInit());
    delete d.spec.template.spec.securityContext.seccompProfile;
    d.spec.template.spec.containers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' };
    expect(findingPaths('SeccompRestricted', d)).toEqual([`${POD}.initContainers[0].securityContext.seccompProfile`]);
    expect(findingPaths('SeccompBaseline', d)).toEqual([]);
  });
  test('fails a container overriding the pod with Unconfined (both levels)', () => {
    const d = deployment(spec(s => { s.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }; }));
    expect(findingPaths('SeccompRestricted', d)).toEqual([`${C0}.securityContext.seccompProfile.type`]);
    expect(findingPaths('SeccompBaseline', d)).toEqual([`${C0}.securityContext.seccompProfile.type`]);
  });
  test('fails a pod-level Unconfined even when every container sets RuntimeDefault', () => {
    const d = deployment(spec(s => {
      s.securityContext.seccompProfile = { type: 'Unconfined' };
      s.containers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' };
    }));
    expect(findingPaths('SeccompRestricted', d)).toEqual([`${POD}.securityContext.seccompProfile.type`]);
  });
  test('fails an ephemeral container without a profile when the pod sets none', () => {
    const d = deployment(withEphemeral(() => undefined));
    delete d.spec.template.spec.securityContext.seccompProfile;
    d.spec.template.spec.containers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' };
    expect(findingPaths('SeccompRestricted', d)).toEqual([`${POD}.ephemeralContainers[0].securityContext.seccompProfile`]);
  });
  test('Compliance: Windows pods are out of scope for restricted seccomp', () => {
    const d = deployment(spec(s => { s.os = { name: 'windows' }; delete s.securityContext.seccompProfile; }));
    expect(findingPaths('SeccompRestricted', d)).toEqual([]);
  });
});

describe('PrivilegeEscalation', () => {
  test('fails a container that leaves allowPrivilegeEscalation unset', () => {
    expect(findingPaths('PrivilegeEscalation', deployment(spec(s => { delete s.containers[0].securityContext.allowPrivilegeEscalation; }))))
      .toEqual([`${C0}.securityContext.allowPrivilegeEscalation`]);
  });
  test('fails an ephemeral container with allowPrivilegeEscalation: true', () => {
    expect(findingPaths('PrivilegeEscalation', deployment(withEphemeral(c => { c.securityContext.allowPrivilegeEscalation = true; }))))
      .toEqual([`${POD}.ephemeralContainers[0].securityContext.allowPrivilegeEscalation`]);
  });
});

describe('RunAsNonRoot', () => {
  test('Compliance: pod-level true covers containers that set nothing', () => {
    expect(findingPaths('RunAsNonRoot', deployment(withInit(c => { delete c.securityContext.runAsNonRoot; })))).toEqual([]);
  });
  test('fails a container overriding the pod with false', () => {
    expect(findingPaths('RunAsNonRoot', deployment(withInit(c => { c.securityContext.runAsNonRoot = false; }))))
      .toEqual([`${POD}.initContainers[0].securityContext.runAsNonRoot`]);
  });
  test('fails when neither pod nor container sets it', () => {
    expect(findingPaths('RunAsNonRoot', deployment(spec(s => {
      delete s.securityContext.runAsNonRoot;
      delete s.containers[0].securityContext.runAsNonRoot;
    })))).toEqual([`${C0}.securityContext.runAsNonRoot`]);
  });
  test('fails a pod-level false even when containers set true', () => {
    expect(findingPaths('RunAsNonRoot', deployment(spec(s => { s.securityContext.runAsNonRoot = false; }))))
      .toEqual([`${POD}.securityContext.runAsNonRoot`]);
  });
  test('Compliance: no pod-level value, every container true', () => {
    expect(findingPaths('RunAsNonRoot', deployment(spec(s => { delete s.securityContext.runAsNonRoot; })))).toEqual([]);
  });
});

describe('RunAsUser and RunAsGroup', () => {
  test('fails runAsUser 0 at pod and container level', () => {
    expect(findingPaths('RunAsUser', deployment(spec(s => { s.securityContext.runAsUser = 0; s.containers[0].securityContext.runAsUser = 0; }))))
      .toEqual([`${POD}.securityContext.runAsUser`, `${C0}.securityContext.runAsUser`]);
  });
  test('fails an unset runAsGroup at both levels, and fsGroup 0', () => {
    expect(pathsOf('RunAsGroup', F.RunAsGroup.unsetAtBothLevelsAndFsGroup0)).toEqual([`${POD}.securityContext.fsGroup`, `${C0}.securityContext.runAsGroup`]);
  });
  test('fails a pod-level group 0 inherited by a container', () => {
    expect(pathsOf('RunAsGroup', F.RunAsGroup.podGroup0Inherited)).toEqual([`${POD}.securityContext.runAsGroup`]);
  });
  test('Compliance: a container overriding a root pod group with a non-root one', () => {
    expect(pathsOf('RunAsGroup', F.RunAsGroup.containerOverridesRootPodGroup)).toEqual([]);
  });
  test('fails fsGroup 0 alone, a container group 0, and no pod security context without a container group', () => {
    expect(pathsOf('RunAsGroup', F.RunAsGroup.fsGroup0Only)).toEqual([`${POD}.securityContext.fsGroup`]);
    expect(pathsOf('RunAsGroup', F.RunAsGroup.containerGroup0)).toEqual([`${C0}.securityContext.runAsGroup`]);
    expect(pathsOf('RunAsGroup', F.RunAsGroup.noPodSecurityContext)).toEqual([`${C0}.securityContext.runAsGroup`]);
  });
  test('Compliance: an ephemeral container without a group inherits the pod\'s', () => {
    expect(pathsOf('RunAsGroup', F.RunAsGroup.podGroupCoversEphemeral)).toEqual([]);
  });
});

describe('CapabilitiesRestricted', () => {
  test('fails a container that does not drop ALL, and one adding CHOWN', () => {
    expect(findingPaths('CapabilitiesRestricted', deployment(withInit(c => { c.securityContext.capabilities = { drop: ['NET_RAW'], add: ['CHOWN'] }; }))))
      .toEqual([`${POD}.initContainers[0].securityContext.capabilities.drop`, `${POD}.initContainers[0].securityContext.capabilities.add[0]`]);
  });
  test('Compliance: drop ALL, add NET_BIND_SERVICE', () => {
    expect(findingPaths('CapabilitiesRestricted', deployment(spec(s => { s.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE']; })))).toEqual([]);
  });
});

describe('ReadOnlyRootFilesystem', () => {
  test('fails unset and false', () => {
    expect(pathsOf('ReadOnlyRootFilesystem', F.ReadOnlyRootFilesystem.initContainerFalse))
      .toEqual([`${POD}.initContainers[0].securityContext.readOnlyRootFilesystem`]);
    expect(pathsOf('ReadOnlyRootFilesystem', F.ReadOnlyRootFilesystem.unset)).toEqual([`${C0}.securityContext.readOnlyRootFilesystem`]);
    expect(pathsOf('ReadOnlyRootFilesystem', F.ReadOnlyRootFilesystem.noSecurityContext)).toEqual([`${C0}.securityContext.readOnlyRootFilesystem`]);
    expect(pathsOf('ReadOnlyRootFilesystem', F.ReadOnlyRootFilesystem.ephemeralUnset)).toEqual([`${POD}.ephemeralContainers[0].securityContext.readOnlyRootFilesystem`]);
  });
});

describe('CpuLimits and MemoryLimits', () => {
  test('fails missing limits and an invalid quantity', () => {
    expect(pathsOf('CpuLimits', F.CpuLimits.missingAndInvalid)).toEqual([`${POD}.initContainers[0].resources.limits.cpu`]);
    expect(pathsOf('MemoryLimits', F.MemoryLimits.missingAndInvalid)).toEqual([`${POD}.initContainers[0].resources.limits.memory`]);
  });
  test('Compliance: ephemeral containers (which cannot have resources) are skipped', () => {
    expect(pathsOf('CpuLimits', F.CpuLimits.ephemeralSkipped)).toEqual([]);
    expect(pathsOf('MemoryLimits', F.MemoryLimits.ephemeralSkipped)).toEqual([]);
  });
  test('fails limits of zero in any notation, and quantities too large to be one', () => {
    for (const f of [F.CpuLimits.zero, F.CpuLimits.zeroMillis, F.CpuLimits.numberZero, F.CpuLimits.tooLarge]) {
      expect(pathsOf('CpuLimits', f)).toEqual([`${C0}.resources.limits.cpu`]);
    }
    expect(pathsOf('MemoryLimits', F.MemoryLimits.zero)).toEqual([`${C0}.resources.limits.memory`]);
    expect(pathsOf('MemoryLimits', F.MemoryLimits.invalid)).toEqual([`${C0}.resources.limits.memory`]);
  });
  test('Compliance: a whole number, an exponent, a binary suffix', () => {
    expect(pathsOf('CpuLimits', F.CpuLimits.wholeNumber)).toEqual([]);
    expect(pathsOf('CpuLimits', F.CpuLimits.exponent)).toEqual([]);
    expect(pathsOf('MemoryLimits', F.MemoryLimits.binarySuffix)).toEqual([]);
  });
});

describe('ServiceAccountToken', () => {
  const T = F.ServiceAccountToken;
  test('Compliance: pod unset, its ServiceAccount sets false', () => {
    expect(pathsOf('ServiceAccountToken', T.podUnsetAccountFalse)).toEqual([]);
  });
  test('fails pod unset with no ServiceAccount in the set, or one that allows mounting', () => {
    expect(pathsOf('ServiceAccountToken', T.podUnsetNoAccount)).toEqual([`${POD}.automountServiceAccountToken`]);
    expect(pathsOf('ServiceAccountToken', T.podUnsetAccountUnset)).toEqual([`${POD}.automountServiceAccountToken`]);
    expect(pathsOf('ServiceAccountToken', T.podUnsetAccountElsewhere)).toEqual([`${POD}.automountServiceAccountToken`]);
  });
  test('fails pod-level true even when the account says false', () => {
    expect(pathsOf('ServiceAccountToken', T.podTrue)).toEqual([`${POD}.automountServiceAccountToken`]);
  });
  test('fails a ServiceAccount without automountServiceAccountToken: false', () => {
    expect(pathsOf('ServiceAccountToken', T.accountUnset)).toEqual(['automountServiceAccountToken']);
    expect(pathsOf('ServiceAccountToken', T.accountTrue)).toEqual(['automountServiceAccountToken']);
    expect(runRule('ServiceAccountToken', T.accountFalse.object)).toEqual({ status: 'compliant' });
  });
  test('the fix gives a pod that calls the API a token and only the permissions it uses', () => {
    const fix = RULES.get('ServiceAccountToken')!.fix;
    expect(fix).not.toMatch(/empty Role/);
    expect(fix).toContain('automountServiceAccountToken: false');
    expect(fix).toMatch(/Kubernetes API.*only the permissions it uses.*acknowledge/);
  });
});

describe('CredentialsInConfig', () => {
  const K = F.CredentialsInConfig;
  test('fails a password literal in env and a private key in a ConfigMap', () => {
    expect(pathsOf('CredentialsInConfig', K.passwordLiteral)).toEqual([`${C0}.env[1].value`]);
    expect(pathsOf('CredentialsInConfig', K.configMapPrivateKey)).toEqual(['data["tls.key"]']);
  });
  test('Compliance: secretKeyRef, file paths and harmless ConfigMaps', () => {
    expect(pathsOf('CredentialsInConfig', K.secretKeyRefAndFilePath)).toEqual([]);
    expect(runRule('CredentialsInConfig', K.harmlessConfigMap.object)).toEqual({ status: 'compliant' });
  });
});

test('rule checks do not modify their input', () => {
  const d = deployment(withInit());
  const before = clone(d);
  runRule('RunAsNonRoot', d);
  expect(d).toEqual(before);
});
