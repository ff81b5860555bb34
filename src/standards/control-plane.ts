// Control-plane and node settings: the components, the flags the hardening guide and the CIS
// benchmark name, their secure values, TLS, kubeadm's defaults and the configuration-file kinds.
// https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
// https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/
// https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/

import { apiGroupOf } from './kinds';

/** The namespace kubeadm writes the control-plane static pods into. @internal */
export const CONTROL_PLANE_NAMESPACE = 'kube-system';

/** The control-plane components whose flags the engine reads (the binary each container runs). @internal */
export const COMPONENTS = {
  API_SERVER: 'kube-apiserver',
  CONTROLLER_MANAGER: 'kube-controller-manager',
  SCHEDULER: 'kube-scheduler',
  ETCD: 'etcd',
} as const;

/** @internal */
export type ControlPlaneComponent = typeof COMPONENTS[keyof typeof COMPONENTS];

/**
 * A boolean flag's value as the component reads it: Go's `strconv.ParseBool` (pflag and Go's flag
 * package), so `1`, `t`, `T`, `true`, `True`, `TRUE` are true and `0`, `f`, `F`, `false`,
 * `False`, `FALSE` false; anything else is undefined (the component refuses to start).
 * @internal
 */
export function parseGoBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (['1', 't', 'T', 'true', 'True', 'TRUE'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'False', 'FALSE'].includes(value)) return false;
  return undefined;
}

/** Flag names (without the leading `--`, as kubeadm's `extraArgs` write them). @internal */
export const FLAGS = {
  ANONYMOUS_AUTH: 'anonymous-auth',
  AUTHENTICATION_CONFIG: 'authentication-config',
  AUTHORIZATION_MODE: 'authorization-mode',
  AUTHORIZATION_CONFIG: 'authorization-config',
  ENABLE_ADMISSION_PLUGINS: 'enable-admission-plugins',
  DISABLE_ADMISSION_PLUGINS: 'disable-admission-plugins',
  ADMISSION_CONTROL_CONFIG_FILE: 'admission-control-config-file',
  AUDIT_POLICY_FILE: 'audit-policy-file',
  AUDIT_LOG_PATH: 'audit-log-path',
  AUDIT_LOG_MAXAGE: 'audit-log-maxage',
  AUDIT_LOG_MAXBACKUP: 'audit-log-maxbackup',
  AUDIT_LOG_MAXSIZE: 'audit-log-maxsize',
  AUDIT_WEBHOOK_CONFIG_FILE: 'audit-webhook-config-file',
  ENCRYPTION_PROVIDER_CONFIG: 'encryption-provider-config',
  PROFILING: 'profiling',
  INSECURE_PORT: 'insecure-port',
  BIND_ADDRESS: 'bind-address',
  TLS_MIN_VERSION: 'tls-min-version',
  TLS_CIPHER_SUITES: 'tls-cipher-suites',
  SERVICE_ACCOUNT_LOOKUP: 'service-account-lookup',
  CLIENT_CA_FILE: 'client-ca-file',
  KUBELET_CERTIFICATE_AUTHORITY: 'kubelet-certificate-authority',
  ETCD_CAFILE: 'etcd-cafile',
  ETCD_CERTFILE: 'etcd-certfile',
  ETCD_KEYFILE: 'etcd-keyfile',
  ETCD_SERVERS: 'etcd-servers',
  USE_SERVICE_ACCOUNT_CREDENTIALS: 'use-service-account-credentials',
  // etcd's own flags
  ETCD_CERT_FILE: 'cert-file',
  ETCD_KEY_FILE: 'key-file',
  ETCD_TRUSTED_CA_FILE: 'trusted-ca-file',
  ETCD_CLIENT_CERT_AUTH: 'client-cert-auth',
  ETCD_AUTO_TLS: 'auto-tls',
  ETCD_PEER_CERT_FILE: 'peer-cert-file',
  ETCD_PEER_KEY_FILE: 'peer-key-file',
  ETCD_PEER_TRUSTED_CA_FILE: 'peer-trusted-ca-file',
  ETCD_PEER_CLIENT_CERT_AUTH: 'peer-client-cert-auth',
  ETCD_PEER_AUTO_TLS: 'peer-auto-tls',
  ETCD_CIPHER_SUITES: 'cipher-suites',
} as const;

/** The authorizers `--authorization-mode` must include: Node (kubelets) and RBAC. @internal */
export const REQUIRED_AUTHORIZATION_MODES: readonly string[] = ['Node', 'RBAC'];
/** The authorizer that allows every request. @internal */
export const ALWAYS_ALLOW = 'AlwaysAllow';
/** Admission plugins that must be enabled: NodeRestriction limits what a kubelet may change. @internal */
export const REQUIRED_ADMISSION_PLUGINS: readonly string[] = ['NodeRestriction'];
/** The admission plugin that admits everything. @internal */
export const ALWAYS_ADMIT = 'AlwaysAdmit';
/** The loopback address the controller manager and the scheduler serve on. @internal */
export const LOOPBACK_ADDRESS = '127.0.0.1';

/** The paths the API server lets anonymous requests reach when anonymous access is restricted to health checks. @internal */
export const HEALTH_ENDPOINTS: readonly string[] = ['/livez', '/readyz', '/healthz'];

/** Go's TLS version names, oldest first, as the components' `tls-min-version` flags take them. @internal */
export const TLS_VERSIONS: readonly string[] = ['VersionTLS10', 'VersionTLS11', 'VersionTLS12', 'VersionTLS13'];
/** The oldest TLS version the guide and the CIS benchmark accept. @internal */
export const MIN_TLS_VERSION = 'VersionTLS12';

/** Whether a `tls-min-version` value is TLS 1.2 or newer. @internal */
export function isSecureTlsVersion(version: string): boolean {
  return TLS_VERSIONS.indexOf(version) >= TLS_VERSIONS.indexOf(MIN_TLS_VERSION);
}

/**
 * TLS 1.2 cipher suites with forward secrecy (ECDHE) and authenticated encryption (GCM,
 * ChaCha20-Poly1305): the CIS benchmark's kubelet list without its static-RSA suites. The
 * default list the constructs write.
 * @internal
 */
export const STRONG_TLS12_CIPHER_SUITES: readonly string[] = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
];

/** Names Go also accepts for the ChaCha20 suites, and the TLS 1.3 suites (always enabled by Go). @internal */
const OTHER_STRONG_SUITES: readonly string[] = [
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
];

/** Whether a cipher suite name is one of the strong suites. @internal */
export function isStrongCipherSuite(name: string): boolean {
  return STRONG_TLS12_CIPHER_SUITES.includes(name) || OTHER_STRONG_SUITES.includes(name);
}

/** kubeadm's configuration API: the version the constructs write, and the one before it. @internal */
export const KUBEADM_API_VERSION = 'kubeadm.k8s.io/v1beta4';
/** @internal */
export const KUBEADM_V1BETA3 = 'kubeadm.k8s.io/v1beta3';
/** The oldest Kubernetes minor version kubeadm's v1beta4 API and anonymous health endpoints both serve (1.NN). @internal */
export const MIN_KUBEADM_MINOR = 32;
/** Where kubeadm keeps the cluster's certificates by default. @internal */
export const DEFAULT_CERTIFICATES_DIR = '/etc/kubernetes/pki';

/** The kubeadm ClusterConfiguration section of each component. @internal */
export const KUBEADM_SECTIONS: Readonly<Record<ControlPlaneComponent, string>> = {
  'kube-apiserver': 'apiServer',
  'kube-controller-manager': 'controllerManager',
  'kube-scheduler': 'scheduler',
  'etcd': 'etcd.local',
};

/** Where kubeadm's external etcd keeps each API server etcd flag. @internal */
export const KUBEADM_EXTERNAL_ETCD_FIELDS: Readonly<Record<string, string>> = {
  [FLAGS.ETCD_CAFILE]: 'caFile',
  [FLAGS.ETCD_CERTFILE]: 'certFile',
  [FLAGS.ETCD_KEYFILE]: 'keyFile',
};

/**
 * The security-relevant flags kubeadm writes into a component's static pod when the
 * configuration does not override them (cmd/kubeadm/app/phases/controlplane/manifests.go,
 * phases/etcd/local.go). The engine reads a ClusterConfiguration as these plus its `extraArgs`.
 * With external etcd, the API server's etcd flags come from `etcd.external` instead.
 * @internal
 */
export function kubeadmDefaultFlags(component: ControlPlaneComponent, certificatesDir: string, localEtcd: boolean): Record<string, string> {
  const pki = certificatesDir.replace(/\/+$/, '');
  switch (component) {
    case 'kube-apiserver':
      return {
        [FLAGS.AUTHORIZATION_MODE]: 'Node,RBAC',
        [FLAGS.ENABLE_ADMISSION_PLUGINS]: 'NodeRestriction',
        [FLAGS.CLIENT_CA_FILE]: `${pki}/ca.crt`,
        ...(localEtcd ? {
          [FLAGS.ETCD_CAFILE]: `${pki}/etcd/ca.crt`,
          [FLAGS.ETCD_CERTFILE]: `${pki}/apiserver-etcd-client.crt`,
          [FLAGS.ETCD_KEYFILE]: `${pki}/apiserver-etcd-client.key`,
          [FLAGS.ETCD_SERVERS]: 'https://127.0.0.1:2379',
        } : {}),
      };
    case 'kube-controller-manager':
      return { [FLAGS.BIND_ADDRESS]: LOOPBACK_ADDRESS, [FLAGS.USE_SERVICE_ACCOUNT_CREDENTIALS]: 'true' };
    case 'kube-scheduler':
      return { [FLAGS.BIND_ADDRESS]: LOOPBACK_ADDRESS };
    case 'etcd':
      return {
        [FLAGS.ETCD_CERT_FILE]: `${pki}/etcd/server.crt`,
        [FLAGS.ETCD_KEY_FILE]: `${pki}/etcd/server.key`,
        [FLAGS.ETCD_TRUSTED_CA_FILE]: `${pki}/etcd/ca.crt`,
        [FLAGS.ETCD_CLIENT_CERT_AUTH]: 'true',
        [FLAGS.ETCD_PEER_CERT_FILE]: `${pki}/etcd/peer.crt`,
        [FLAGS.ETCD_PEER_KEY_FILE]: `${pki}/etcd/peer.key`,
        [FLAGS.ETCD_PEER_TRUSTED_CA_FILE]: `${pki}/etcd/ca.crt`,
        [FLAGS.ETCD_PEER_CLIENT_CERT_AUTH]: 'true',
      };
  }
}

/** The kubelet's configuration file API. @internal */
export const KUBELET_API_VERSION = 'kubelet.config.k8s.io/v1beta1';
/** The kubelet's authorization modes: Webhook asks the API server (SubjectAccessReview). @internal */
export const KUBELET_WEBHOOK = 'Webhook';
/** Where kubeadm writes the kubelet's configuration file on every node. @internal */
export const KUBELET_CONFIG_PATH = '/var/lib/kubelet/config.yaml';
/** The kubelet's own default streaming idle timeout (4h), the upper bound the constructs accept. @internal */
export const KUBELET_MAX_STREAMING_IDLE_MINUTES = 240;

/**
 * The kernel settings a kubelet with `protectKernelDefaults: true` requires (it refuses to start
 * when they differ, instead of changing them): pkg/kubelet/cm/container_manager_linux.go.
 * @internal
 */
export const KUBELET_PROTECTED_SYSCTLS: Readonly<Record<string, string>> = {
  'vm.overcommit_memory': '1',
  'vm.panic_on_oom': '0',
  'kernel.panic': '10',
  'kernel.panic_on_oops': '1',
  'kernel.keys.root_maxkeys': '1000000',
  'kernel.keys.root_maxbytes': '25000000',
};

/** The API server's configuration files' API group and version (EncryptionConfiguration, AdmissionConfiguration). @internal */
export const APISERVER_CONFIG_API_VERSION = 'apiserver.config.k8s.io/v1';
/** AuthenticationConfiguration: v1 from Kubernetes 1.34, v1beta1 before. @internal */
export const AUTHENTICATION_CONFIG_V1_MINOR = 34;
/** @internal */
export const AUTHENTICATION_CONFIG_V1BETA1 = 'apiserver.config.k8s.io/v1beta1';

/** Encryption providers: KMS (keys in an external KMS), identity (plaintext). @internal */
export const KMS_PROVIDER = 'kms';
/** @internal */
export const IDENTITY_PROVIDER = 'identity';
/** The KMS plugin API version the constructs write. @internal */
export const KMS_API_VERSION = 'v2';
/** Providers whose key sits in the configuration file itself, next to the data it protects. @internal */
export const LOCAL_KEY_PROVIDERS: readonly string[] = ['aescbc', 'aesgcm', 'secretbox'];
/** The resource every encryption configuration must cover. @internal */
export const SECRETS_RESOURCE = 'secrets';

/** The RuntimeClass API group and version. @internal */
export const RUNTIME_CLASS_API_VERSION = 'node.k8s.io/v1';
/** Container runtime handlers of the sandboxed runtimes, as containerd and CRI-O name them by default. @internal */
export const SANDBOX_HANDLERS = { GVISOR: 'runsc', KATA: 'kata' } as const;

/**
 * Kinds of the configuration files the control plane and the kubelet read (never sent to the API
 * server), by API group.
 * @internal
 */
export const CONFIGURATION_FILE_KINDS: Readonly<Record<string, readonly string[]>> = {
  'audit.k8s.io': ['Event', 'Policy'],
  'apiserver.config.k8s.io': ['AdmissionConfiguration', 'AuthenticationConfiguration', 'AuthorizationConfiguration',
    'EgressSelectorConfiguration', 'EncryptionConfiguration', 'TracingConfiguration'],
  'kubelet.config.k8s.io': ['CredentialProviderConfig', 'KubeletConfiguration', 'SerializedNodeConfigSource'],
  'kubeadm.k8s.io': ['ClusterConfiguration', 'InitConfiguration', 'JoinConfiguration', 'ResetConfiguration', 'UpgradeConfiguration'],
  'pod-security.admission.config.k8s.io': ['PodSecurityConfiguration'],
};

/**
 * The configuration-file kinds whose Go type has object metadata (`metav1.ObjectMeta`). The
 * others are read strictly by their component: kube-apiserver refuses to start on an
 * AdmissionConfiguration, EncryptionConfiguration or AuthenticationConfiguration with a
 * `metadata` field ("strict decoding error: unknown field").
 * @internal
 */
export const CONFIGURATION_FILE_KINDS_WITH_METADATA: Readonly<Record<string, readonly string[]>> = {
  'audit.k8s.io': ['Policy'],
};

/** Whether a configuration-file kind has a `metadata` field its component reads. @internal */
export function configurationFileHasMetadata(apiVersion: string, kind: string): boolean {
  const group = apiGroupOf(apiVersion);
  return Object.prototype.hasOwnProperty.call(CONFIGURATION_FILE_KINDS_WITH_METADATA, group)
    && CONFIGURATION_FILE_KINDS_WITH_METADATA[group].includes(kind);
}

/** Whether an apiVersion/kind is one of the configuration-file kinds. @internal */
export function isConfigurationFileKind(apiVersion: string, kind: string): boolean {
  const group = apiGroupOf(apiVersion);
  return Object.prototype.hasOwnProperty.call(CONFIGURATION_FILE_KINDS, group) && CONFIGURATION_FILE_KINDS[group].includes(kind);
}

/** What a Kata Containers pod's VM costs on top of its containers (Kata's documented overhead). @internal */
export const KATA_POD_OVERHEAD: Readonly<{ cpu: string; memory: string }> = { cpu: '250m', memory: '160Mi' };
