import { clone, deployment, findingPaths, runRule } from './fixtures';
import { CompliancePack, Compliance } from '../../src';
import { controlPlaneObjects, KUBEADM_DEFAULT_GAPS, staticPod, withExtraArg, withFlag } from '../control-plane/fixtures';

const COMPLIANT = { status: 'compliant' };
const NA = { status: 'not-applicable' };

const cp = controlPlaneObjects();
const cluster = () => clone(cp.ClusterConfiguration);
const kubelet = () => clone(cp.KubeletConfiguration);
const apiServer = () => staticPod('kube-apiserver');

describe('static pods as kubeadm writes them', () => {
  test('Compliance: the hardened control plane\'s static pods pass the control-plane pack', () => {
    const pods = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'].map(c => staticPod(c as 'etcd'));
    const result = Compliance.checkManifests(pods.map(p => JSON.stringify(p)).join('\n'), { packs: [CompliancePack.CONTROL_PLANE] });
    expect(result.findings.map(f => Compliance.formatFinding(f))).toEqual([]);
    // 11 control-plane rules, and DuplicateObjects and PodSpecMissing, which every pack has
    expect(result.rules.filter(r => r.compliantObjects.length > 0).length).toBe(13);
  });

  test('fails kubeadm\'s defaults: no audit log, no encryption, anonymous requests, profiling, default cipher suites', () => {
    const pods = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'].map(c => staticPod(c as 'etcd', 'kubeadm-default'));
    const result = Compliance.checkManifests(pods.map(p => JSON.stringify(p)).join('\n'), { packs: [CompliancePack.CONTROL_PLANE] });
    expect(result.findings.map(f => `${f.ruleId} ${f.resourceName}`).sort()).toEqual([...KUBEADM_DEFAULT_GAPS]);
  });

  test('reads flags from args too (command ["kube-apiserver"], as RKE2 and k3s write it)', () => {
    const pod = apiServer();
    const [binary, ...flags] = pod.spec.containers[0].command;
    pod.spec.containers[0].command = [`/usr/local/bin/${binary}`];
    pod.spec.containers[0].args = flags;
    expect(runRule('ApiServerEncryptionConfig', pod)).toEqual(COMPLIANT);
    pod.spec.containers[0].args = flags.filter((f: string) => !f.startsWith('--encryption-provider-config'));
    expect(findingPaths('ApiServerEncryptionConfig', pod)).toEqual(['spec.containers[0].args']);
  });

  test('not applicable: a pod outside kube-system, a pod running something else, other kinds', () => {
    const elsewhere = apiServer();
    elsewhere.metadata.namespace = 'default';
    expect(runRule('ApiServerAuditLog', elsewhere)).toEqual(NA);
    expect(runRule('ApiServerAuditLog', staticPod('kube-scheduler'))).toEqual(NA);
    expect(runRule('ApiServerAuditLog', deployment())).toEqual(NA);
    expect(runRule('KubeletAnonymousAuth', apiServer())).toEqual(NA);
  });
});

describe('ApiServerInsecurePort', () => {
  test('Compliance: no --insecure-port, or 0', () => {
    expect(runRule('ApiServerInsecurePort', apiServer())).toEqual(COMPLIANT);
    expect(runRule('ApiServerInsecurePort', withFlag(apiServer(), 'insecure-port', '0'))).toEqual(COMPLIANT);
  });
  test('fails an insecure port, in a static pod and in a ClusterConfiguration', () => {
    const pod = withFlag(apiServer(), 'insecure-port', '8080');
    expect(findingPaths('ApiServerInsecurePort', pod)).toEqual([`spec.containers[0].command[${pod.spec.containers[0].command.length - 1}]`]);
    const config = cluster();
    withExtraArg(config.apiServer, 'insecure-port', '8080');
    expect(findingPaths('ApiServerInsecurePort', config)).toEqual([`apiServer.extraArgs[${config.apiServer.extraArgs.length - 1}]`]);
  });
});

describe('ApiServerAnonymousAuth', () => {
  test('Compliance: --authentication-config, or --anonymous-auth=false', () => {
    expect(runRule('ApiServerAnonymousAuth', apiServer())).toEqual(COMPLIANT);
    expect(runRule('ApiServerAnonymousAuth', withFlag(withFlag(apiServer(), 'authentication-config', undefined), 'anonymous-auth', 'false'))).toEqual(COMPLIANT);
    expect(runRule('ApiServerAnonymousAuth', cluster())).toEqual(COMPLIANT);
  });
  test('Compliance: an AuthenticationConfiguration limited to the health endpoints, or with anonymous access off', () => {
    expect(runRule('ApiServerAnonymousAuth', clone(cp.AuthenticationConfiguration))).toEqual(COMPLIANT);
    const off = clone(cp.AuthenticationConfiguration);
    off.anonymous = { enabled: false };
    expect(runRule('ApiServerAnonymousAuth', off)).toEqual(COMPLIANT);
  });
  // the API server reads the flag with Go's strconv.ParseBool (pflag): 1, t, T, true, True and
  // TRUE all turn anonymous requests on, and so does the flag without a value
  test.each(['1', 't', 'T', 'true', 'True', 'TRUE'])('fails --anonymous-auth=%s (true to Go\'s ParseBool)', value => {
    const pod = withFlag(withFlag(apiServer(), 'authentication-config', undefined), 'anonymous-auth', value);
    expect(findingPaths('ApiServerAnonymousAuth', pod)).toEqual([`spec.containers[0].command[${pod.spec.containers[0].command.length - 1}]`]);
    const config = cluster();
    withExtraArg(config.apiServer, 'authentication-config', undefined);
    withExtraArg(config.apiServer, 'anonymous-auth', value);
    expect(findingPaths('ApiServerAnonymousAuth', config)).toHaveLength(1);
  });
  test.each(['0', 'f', 'F', 'false', 'False', 'FALSE'])('Compliance: --anonymous-auth=%s (false to Go\'s ParseBool)', value => {
    expect(runRule('ApiServerAnonymousAuth', withFlag(withFlag(apiServer(), 'authentication-config', undefined), 'anonymous-auth', value))).toEqual(COMPLIANT);
  });
  test('fails --anonymous-auth=no and =off: not booleans to Go (the API server does not start), and no false', () => {
    for (const value of ['no', 'off', 'FaLsE']) {
      expect(findingPaths('ApiServerAnonymousAuth', withFlag(withFlag(apiServer(), 'authentication-config', undefined), 'anonymous-auth', value))).toHaveLength(1);
    }
  });
  test('fails a bare --anonymous-auth (a boolean flag without a value is true)', () => {
    const pod = withFlag(withFlag(apiServer(), 'authentication-config', undefined), 'anonymous-auth', undefined);
    pod.spec.containers[0].command.push('--anonymous-auth');
    expect(findingPaths('ApiServerAnonymousAuth', pod)).toHaveLength(1);
  });
  test('fails --anonymous-auth=true and neither flag (anonymous on by default)', () => {
    expect(findingPaths('ApiServerAnonymousAuth', withFlag(apiServer(), 'anonymous-auth', 'true'))).toHaveLength(1);
    expect(findingPaths('ApiServerAnonymousAuth', staticPod('kube-apiserver', 'kubeadm-default'))).toEqual(['spec.containers[0].command']);
    const config = cluster();
    withExtraArg(config.apiServer, 'authentication-config', undefined);
    expect(findingPaths('ApiServerAnonymousAuth', config)).toEqual(['apiServer.extraArgs']);
  });
  test('fails an AuthenticationConfiguration open on every path, on another path, or leaving it to the flag', () => {
    const open = clone(cp.AuthenticationConfiguration);
    open.anonymous = { enabled: true };
    expect(findingPaths('ApiServerAnonymousAuth', open)).toEqual(['anonymous.conditions']);
    const api = clone(cp.AuthenticationConfiguration);
    api.anonymous.conditions.push({ path: '/api' });
    expect(findingPaths('ApiServerAnonymousAuth', api)).toEqual(['anonymous.conditions[3].path']);
    const none = clone(cp.AuthenticationConfiguration);
    delete none.anonymous;
    expect(findingPaths('ApiServerAnonymousAuth', none)).toEqual(['anonymous']);
  });
});

describe('ApiServerAuthorizationMode', () => {
  test('Compliance: Node,RBAC (kubeadm\'s default and the construct\'s)', () => {
    expect(runRule('ApiServerAuthorizationMode', apiServer())).toEqual(COMPLIANT);
    expect(runRule('ApiServerAuthorizationMode', cluster())).toEqual(COMPLIANT);
    const defaulted = cluster();
    withExtraArg(defaulted.apiServer, 'authorization-mode', undefined);
    expect(runRule('ApiServerAuthorizationMode', defaulted)).toEqual(COMPLIANT);
  });
  test('fails AlwaysAllow, RBAC without Node, and no mode at all', () => {
    expect(findingPaths('ApiServerAuthorizationMode', withFlag(apiServer(), 'authorization-mode', 'AlwaysAllow'))).toHaveLength(2);
    expect(findingPaths('ApiServerAuthorizationMode', withFlag(apiServer(), 'authorization-mode', 'RBAC'))).toHaveLength(1);
    expect(findingPaths('ApiServerAuthorizationMode', withFlag(apiServer(), 'authorization-mode', undefined))).toEqual(['spec.containers[0].command']);
    const config = cluster();
    withExtraArg(config.apiServer, 'authorization-mode', 'Node,RBAC,AlwaysAllow');
    expect(findingPaths('ApiServerAuthorizationMode', config)).toHaveLength(1);
  });
});

describe('ApiServerAdmissionPlugins', () => {
  test('Compliance: NodeRestriction enabled', () => {
    expect(runRule('ApiServerAdmissionPlugins', apiServer())).toEqual(COMPLIANT);
    expect(runRule('ApiServerAdmissionPlugins', cluster())).toEqual(COMPLIANT);
  });
  test('fails without NodeRestriction, with AlwaysAdmit, and with PodSecurity disabled', () => {
    expect(findingPaths('ApiServerAdmissionPlugins', withFlag(apiServer(), 'enable-admission-plugins', undefined))).toEqual(['spec.containers[0].command']);
    expect(findingPaths('ApiServerAdmissionPlugins', withFlag(apiServer(), 'enable-admission-plugins', 'AlwaysAdmit'))).toHaveLength(2);
    expect(findingPaths('ApiServerAdmissionPlugins', withFlag(apiServer(), 'disable-admission-plugins', 'PodSecurity'))).toHaveLength(1);
  });
});

describe('ApiServerEncryptionConfig', () => {
  test('Compliance: --encryption-provider-config set', () => {
    expect(runRule('ApiServerEncryptionConfig', apiServer())).toEqual(COMPLIANT);
    expect(runRule('ApiServerEncryptionConfig', cluster())).toEqual(COMPLIANT);
  });
  test('fails without it', () => {
    expect(findingPaths('ApiServerEncryptionConfig', withFlag(apiServer(), 'encryption-provider-config', undefined))).toEqual(['spec.containers[0].command']);
    const config = cluster();
    withExtraArg(config.apiServer, 'encryption-provider-config', undefined);
    expect(findingPaths('ApiServerEncryptionConfig', config)).toEqual(['apiServer.extraArgs']);
  });
});

describe('ApiServerAuditLog', () => {
  test('Compliance: a policy, a log file and its rotation; or a webhook; or stdout', () => {
    expect(runRule('ApiServerAuditLog', apiServer())).toEqual(COMPLIANT);
    expect(runRule('ApiServerAuditLog', cluster())).toEqual(COMPLIANT);
    const webhook = withFlag(withFlag(apiServer(), 'audit-log-path', undefined), 'audit-webhook-config-file', '/etc/kubernetes/audit/webhook.yaml');
    expect(runRule('ApiServerAuditLog', webhook)).toEqual(COMPLIANT);
    let stdout = withFlag(apiServer(), 'audit-log-path', '-');
    for (const f of ['audit-log-maxage', 'audit-log-maxbackup', 'audit-log-maxsize']) stdout = withFlag(stdout, f, undefined);
    expect(runRule('ApiServerAuditLog', stdout)).toEqual(COMPLIANT);
  });
  test('fails without a policy, without a backend, and without rotation', () => {
    expect(findingPaths('ApiServerAuditLog', withFlag(apiServer(), 'audit-policy-file', undefined))).toHaveLength(1);
    expect(findingPaths('ApiServerAuditLog', withFlag(apiServer(), 'audit-log-path', undefined))).toHaveLength(1);
    expect(findingPaths('ApiServerAuditLog', withFlag(apiServer(), 'audit-log-maxage', '0'))).toHaveLength(1);
    expect(findingPaths('ApiServerAuditLog', withFlag(apiServer(), 'audit-log-maxsize', undefined))).toHaveLength(1);
  });
});

describe('ApiServerServiceAccountLookup', () => {
  test('Compliance: true or unset (default true)', () => {
    expect(runRule('ApiServerServiceAccountLookup', apiServer())).toEqual(COMPLIANT);
    expect(runRule('ApiServerServiceAccountLookup', withFlag(apiServer(), 'service-account-lookup', undefined))).toEqual(COMPLIANT);
  });
  test.each(['0', 'f', 'F', 'false', 'False', 'FALSE'])('fails --service-account-lookup=%s (false to Go\'s ParseBool)', value => {
    expect(findingPaths('ApiServerServiceAccountLookup', withFlag(apiServer(), 'service-account-lookup', value))).toHaveLength(1);
  });
  test.each(['1', 't', 'T', 'true', 'True', 'TRUE'])('Compliance: --service-account-lookup=%s (true to Go\'s ParseBool)', value => {
    expect(runRule('ApiServerServiceAccountLookup', withFlag(apiServer(), 'service-account-lookup', value))).toEqual(COMPLIANT);
  });
  test('fails false', () => {
    expect(findingPaths('ApiServerServiceAccountLookup', withFlag(apiServer(), 'service-account-lookup', 'false'))).toHaveLength(1);
  });
});

describe('ControlPlaneProfiling', () => {
  test('Compliance: --profiling=false on the API server, controller manager and scheduler', () => {
    for (const c of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const) expect(runRule('ControlPlaneProfiling', staticPod(c))).toEqual(COMPLIANT);
    expect(runRule('ControlPlaneProfiling', cluster())).toEqual(COMPLIANT);
  });
  test.each(['0', 'f', 'F', 'false', 'False', 'FALSE'])('Compliance: --profiling=%s (false to Go\'s ParseBool)', value => {
    expect(runRule('ControlPlaneProfiling', withFlag(staticPod('kube-scheduler'), 'profiling', value))).toEqual(COMPLIANT);
  });
  test.each(['1', 't', 'T', 'true', 'True', 'TRUE'])('fails --profiling=%s (true to Go\'s ParseBool)', value => {
    expect(findingPaths('ControlPlaneProfiling', withFlag(staticPod('kube-scheduler'), 'profiling', value))).toHaveLength(1);
  });
  test('fails profiling on or unset, in each section of a ClusterConfiguration', () => {
    expect(findingPaths('ControlPlaneProfiling', withFlag(staticPod('kube-scheduler'), 'profiling', 'true'))).toHaveLength(1);
    expect(findingPaths('ControlPlaneProfiling', staticPod('kube-controller-manager', 'kubeadm-default'))).toEqual(['spec.containers[0].command']);
    const config = cluster();
    withExtraArg(config.scheduler, 'profiling', undefined);
    withExtraArg(config.controllerManager, 'profiling', 'true');
    expect(findingPaths('ControlPlaneProfiling', config)).toEqual([`controllerManager.extraArgs[${config.controllerManager.extraArgs.length - 1}]`, 'scheduler.extraArgs']);
  });
});

describe('ControlPlaneBindAddress', () => {
  test('Compliance: 127.0.0.1 (kubeadm\'s default)', () => {
    expect(runRule('ControlPlaneBindAddress', staticPod('kube-scheduler', 'kubeadm-default'))).toEqual(COMPLIANT);
    const config = cluster();
    withExtraArg(config.scheduler, 'bind-address', undefined);
    expect(runRule('ControlPlaneBindAddress', config)).toEqual(COMPLIANT);
  });
  test('fails every interface, and unset in a static pod', () => {
    expect(findingPaths('ControlPlaneBindAddress', withFlag(staticPod('kube-controller-manager'), 'bind-address', '0.0.0.0'))).toHaveLength(1);
    expect(findingPaths('ControlPlaneBindAddress', withFlag(staticPod('kube-scheduler'), 'bind-address', undefined))).toEqual(['spec.containers[0].command']);
    const config = cluster();
    withExtraArg(config.controllerManager, 'bind-address', '0.0.0.0');
    expect(findingPaths('ControlPlaneBindAddress', config)).toHaveLength(1);
  });
});

describe('ControlPlaneTls', () => {
  test('Compliance: TLS 1.2+, strong suites; the scheduler may leave its suites to Go', () => {
    expect(runRule('ControlPlaneTls', apiServer())).toEqual(COMPLIANT);
    expect(runRule('ControlPlaneTls', withFlag(apiServer(), 'tls-min-version', 'VersionTLS13'))).toEqual(COMPLIANT);
    expect(runRule('ControlPlaneTls', staticPod('kube-scheduler', 'kubeadm-default'))).toEqual(COMPLIANT);
  });
  test('fails TLS 1.0, a CBC suite, and an API server without named suites', () => {
    expect(findingPaths('ControlPlaneTls', withFlag(apiServer(), 'tls-min-version', 'VersionTLS10'))).toHaveLength(1);
    expect(findingPaths('ControlPlaneTls', withFlag(apiServer(), 'tls-cipher-suites', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_CBC_SHA'))).toHaveLength(1);
    expect(findingPaths('ControlPlaneTls', withFlag(apiServer(), 'tls-cipher-suites', undefined))).toEqual(['spec.containers[0].command']);
  });
});

describe('EtcdTls', () => {
  test('Compliance: kubeadm\'s etcd and API server, local and external etcd', () => {
    expect(runRule('EtcdTls', staticPod('etcd', 'kubeadm-default'), apiServer())).toEqual(COMPLIANT);
    expect(runRule('EtcdTls', apiServer())).toEqual(COMPLIANT);
    expect(runRule('EtcdTls', cluster())).toEqual(COMPLIANT);
    const external = controlPlaneObjects({ externalEtcd: { endpoints: ['https://etcd-0.internal:2379'], caFile: '/etc/etcd/ca.crt', certFile: '/etc/etcd/client.crt', keyFile: '/etc/etcd/client.key' } });
    expect(runRule('EtcdTls', external.ClusterConfiguration)).toEqual(COMPLIANT);
  });
  test('fails etcd without client certificate authentication, with auto TLS, or without a peer certificate', () => {
    const etcd = withFlag(withFlag(withFlag(staticPod('etcd'), 'client-cert-auth', 'false'), 'peer-auto-tls', 'true'), 'peer-cert-file', undefined);
    expect(findingPaths('EtcdTls', etcd)).toHaveLength(3);
    const config = cluster();
    withExtraArg(config.etcd.local, 'peer-client-cert-auth', 'false');
    expect(findingPaths('EtcdTls', config)).toEqual([`etcd.local.extraArgs[${config.etcd.local.extraArgs.length - 1}]`]);
  });
  test.each(['1', 't', 'T', 'true', 'True', 'TRUE'])('fails --auto-tls = %s (true to Go\'s ParseBool); the same value of --client-cert-auth requires client certificates', value => {
    expect(runRule('EtcdTls', withFlag(withFlag(staticPod('etcd'), 'client-cert-auth', value), 'peer-client-cert-auth', value))).toEqual(COMPLIANT);
    expect(findingPaths('EtcdTls', withFlag(withFlag(staticPod('etcd'), 'auto-tls', value), 'peer-auto-tls', value))).toHaveLength(2);
  });
  test.each(['0', 'f', 'F', 'false', 'False', 'FALSE'])('fails --client-cert-auth = %s (false to Go\'s ParseBool); --auto-tls of that value is off', value => {
    expect(findingPaths('EtcdTls', withFlag(staticPod('etcd'), 'client-cert-auth', value))).toHaveLength(1);
    expect(runRule('EtcdTls', withFlag(withFlag(staticPod('etcd'), 'auto-tls', value), 'peer-auto-tls', value))).toEqual(COMPLIANT);
  });
  test('fails etcd trusting the cluster CA (etcd-unique-ca), seen from either side', () => {
    const etcd = withFlag(staticPod('etcd'), 'trusted-ca-file', '/etc/kubernetes/pki/ca.crt');
    expect(findingPaths('EtcdTls', etcd, apiServer())).toHaveLength(1);
    expect(runRule('EtcdTls', etcd)).toEqual(COMPLIANT); // without the API server among the objects, nothing to compare with
    expect(findingPaths('EtcdTls', withFlag(apiServer(), 'etcd-cafile', '/etc/kubernetes/pki/ca.crt'))).toHaveLength(1);
  });
  test('fails the cluster CA spelled differently', () => {
    expect(findingPaths('EtcdTls', withFlag(apiServer(), 'etcd-cafile', '/etc/kubernetes/pki/./ca.crt'))).toHaveLength(1);
    expect(findingPaths('EtcdTls', withFlag(apiServer(), 'etcd-cafile', '/etc//kubernetes/pki/etcd/../ca.crt'))).toHaveLength(1);
    expect(findingPaths('EtcdTls', withFlag(staticPod('etcd'), 'trusted-ca-file', '/etc/kubernetes/./pki/ca.crt'), apiServer())).toHaveLength(1);
    expect(findingPaths('EtcdTls', withFlag(apiServer(), 'etcd-cafile', '/etc/kubernetes/pki/etcd/./ca.crt'))).toEqual([]);
  });
  test('fails an API server reaching etcd over http or without a client certificate', () => {
    expect(findingPaths('EtcdTls', withFlag(apiServer(), 'etcd-servers', 'http://127.0.0.1:2379'))).toHaveLength(1);
    expect(findingPaths('EtcdTls', withFlag(apiServer(), 'etcd-certfile', undefined))).toEqual(['spec.containers[0].command']);
  });
});

describe('KubeletAnonymousAuth', () => {
  test('Compliance: anonymous off, or unset (the file\'s default is off)', () => {
    expect(runRule('KubeletAnonymousAuth', kubelet())).toEqual(COMPLIANT);
    expect(runRule('KubeletAnonymousAuth', { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration' })).toEqual(COMPLIANT);
  });
  test('fails anonymous on (C-0069)', () => {
    const k = kubelet();
    k.authentication.anonymous.enabled = true;
    expect(findingPaths('KubeletAnonymousAuth', k)).toEqual(['authentication.anonymous.enabled']);
  });
});

describe('KubeletClientTls', () => {
  test('Compliance: a client CA', () => {
    expect(runRule('KubeletClientTls', kubelet())).toEqual(COMPLIANT);
  });
  test('fails without a client CA (C-0070)', () => {
    const k = kubelet();
    delete k.authentication.x509;
    expect(findingPaths('KubeletClientTls', k)).toEqual(['authentication.x509.clientCAFile']);
  });
});

describe('KubeletAuthorization', () => {
  test('Compliance: webhook authentication and authorization, or unset (the file\'s defaults)', () => {
    expect(runRule('KubeletAuthorization', kubelet())).toEqual(COMPLIANT);
    expect(runRule('KubeletAuthorization', { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration' })).toEqual(COMPLIANT);
  });
  test('fails AlwaysAllow and webhook authentication off', () => {
    const k = kubelet();
    k.authorization.mode = 'AlwaysAllow';
    k.authentication.webhook.enabled = false;
    expect(findingPaths('KubeletAuthorization', k)).toEqual(['authentication.webhook.enabled', 'authorization.mode']);
  });
});

describe('KubeletReadOnlyPort', () => {
  test('Compliance: 0 or unset', () => {
    expect(runRule('KubeletReadOnlyPort', kubelet())).toEqual(COMPLIANT);
  });
  test('fails 10255', () => {
    const k = kubelet();
    k.readOnlyPort = 10255;
    expect(findingPaths('KubeletReadOnlyPort', k)).toEqual(['readOnlyPort']);
  });
});

describe('KubeletTls', () => {
  test('Compliance: the construct\'s, and serving certificate files instead of bootstrap', () => {
    expect(runRule('KubeletTls', kubelet())).toEqual(COMPLIANT);
    const files = kubelet();
    delete files.serverTLSBootstrap;
    files.tlsCertFile = '/etc/kubelet/serving.crt';
    expect(runRule('KubeletTls', files)).toEqual(COMPLIANT);
  });
  test('fails TLS 1.1, weak or default suites, rotation off, and a self-signed serving certificate', () => {
    const k = kubelet();
    k.tlsMinVersion = 'VersionTLS11';
    k.tlsCipherSuites = ['TLS_RSA_WITH_3DES_EDE_CBC_SHA'];
    k.rotateCertificates = false;
    delete k.serverTLSBootstrap;
    expect(findingPaths('KubeletTls', k)).toEqual(['tlsMinVersion', 'tlsCipherSuites', 'rotateCertificates', 'serverTLSBootstrap']);
    const defaults = kubelet();
    delete defaults.tlsCipherSuites;
    expect(findingPaths('KubeletTls', defaults)).toEqual(['tlsCipherSuites']);
  });
});

describe('KubeletHardening', () => {
  test('Compliance: the construct\'s', () => {
    expect(runRule('KubeletHardening', kubelet())).toEqual(COMPLIANT);
  });
  test('fails kernel defaults unprotected, no default seccomp, idle streams kept forever, iptables chains off', () => {
    const k = kubelet();
    delete k.protectKernelDefaults;
    k.seccompDefault = false;
    k.streamingConnectionIdleTimeout = '0s';
    k.makeIPTablesUtilChains = false;
    expect(findingPaths('KubeletHardening', k)).toEqual(['protectKernelDefaults', 'seccompDefault', 'streamingConnectionIdleTimeout', 'makeIPTablesUtilChains']);
    const zero = kubelet();
    zero.streamingConnectionIdleTimeout = '0h0m0s';
    expect(findingPaths('KubeletHardening', zero)).toEqual(['streamingConnectionIdleTimeout']);
  });
  test('fails unsafe sysctls allowed, every one and a named one', () => {
    const k = kubelet();
    k.allowedUnsafeSysctls = ['*', 'net.core.somaxconn'];
    expect(findingPaths('KubeletHardening', k)).toEqual(['allowedUnsafeSysctls[0]', 'allowedUnsafeSysctls[1]']);
    const outcome = runRule('KubeletHardening', k);
    expect(outcome.status === 'non-compliant' && outcome.findings[0].message).toMatch(/every unsafe sysctl matching "\*"/);
  });
});

describe('AuditPolicySecrets', () => {
  test('Compliance: the construct\'s policy; a policy that logs nothing', () => {
    expect(runRule('AuditPolicySecrets', clone(cp.Policy))).toEqual(COMPLIANT);
    expect(runRule('AuditPolicySecrets', { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'None' }] })).toEqual(COMPLIANT);
  });
  test('fails the guide\'s sample (everything at RequestResponse)', () => {
    const sample = { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'RequestResponse' }] };
    const outcome = runRule('AuditPolicySecrets', sample);
    expect(outcome.status === 'non-compliant' && outcome.findings.map(f => [f.path, f.message])).toEqual([
      ['rules[0].level', 'rule 0 logs bodies (RequestResponse) of requests that carry credentials: core/secrets, core/configmaps, core/serviceaccounts/token, authentication.k8s.io/tokenreviews'],
    ]);
  });
  test('fails a body-logging rule that one user, one namespace or a wildcard can reach before the Metadata rule', () => {
    const policy = clone(cp.Policy);
    policy.rules.unshift({ level: 'Request', users: ['ci'], namespaces: ['payments'], resources: [{ group: '', resources: ['*'] }] });
    expect(findingPaths('AuditPolicySecrets', policy)).toEqual(['rules[0].level']);
    const late = { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'Metadata', verbs: ['get'], resources: [{ group: '', resources: ['secrets'] }] }, { level: 'Request' }] };
    expect(findingPaths('AuditPolicySecrets', late)).toEqual(['rules[1].level']);
  });
});

describe('EncryptionProviders', () => {
  test('Compliance: KMS first, identity last', () => {
    expect(runRule('EncryptionProviders', clone(cp.EncryptionConfiguration))).toEqual(COMPLIANT);
  });
  test('fails identity first, and no entry for Secrets', () => {
    const config = clone(cp.EncryptionConfiguration);
    config.resources[0].providers.reverse();
    expect(findingPaths('EncryptionProviders', config)).toEqual(['resources[0].providers[0]']);
    const other = clone(cp.EncryptionConfiguration);
    other.resources[0].resources = ['configmaps'];
    expect(findingPaths('EncryptionProviders', other)).toEqual(['resources']);
    const empty = clone(cp.EncryptionConfiguration);
    empty.resources[0].providers = [];
    expect(findingPaths('EncryptionProviders', empty)).toEqual(['resources[0].providers', 'resources']);
  });
});

describe('PodSecurityAdmissionDefaults', () => {
  test('Compliance: restricted defaults; a PodSecurityConfiguration file of its own; baseline', () => {
    expect(runRule('PodSecurityAdmissionDefaults', clone(cp.AdmissionConfiguration))).toEqual(COMPLIANT);
    const standalone = clone(cp.AdmissionConfiguration.plugins[0].configuration);
    standalone.defaults.enforce = 'baseline';
    expect(runRule('PodSecurityAdmissionDefaults', standalone)).toEqual(COMPLIANT);
  });
  test('fails a privileged default, a missing mode, no PodSecurity plugin and a plugin without configuration', () => {
    const config = clone(cp.AdmissionConfiguration);
    config.plugins[0].configuration.defaults.enforce = 'privileged';
    delete config.plugins[0].configuration.defaults.warn;
    expect(findingPaths('PodSecurityAdmissionDefaults', config)).toEqual(['plugins[0].configuration.defaults.enforce', 'plugins[0].configuration.defaults.warn']);
    expect(findingPaths('PodSecurityAdmissionDefaults', { apiVersion: 'apiserver.config.k8s.io/v1', kind: 'AdmissionConfiguration', plugins: [] })).toEqual(['plugins']);
    expect(findingPaths('PodSecurityAdmissionDefaults', { apiVersion: 'apiserver.config.k8s.io/v1', kind: 'AdmissionConfiguration', plugins: [{ name: 'PodSecurity' }] })).toEqual(['plugins[0]']);
  });
  test('not applicable: the plugin configured through a file of its own (checked there)', () => {
    expect(runRule('PodSecurityAdmissionDefaults', { apiVersion: 'apiserver.config.k8s.io/v1', kind: 'AdmissionConfiguration', plugins: [{ name: 'PodSecurity', path: '/etc/kubernetes/psa.yaml' }] })).toEqual(NA);
  });
});
