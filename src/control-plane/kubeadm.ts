import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { HardenedAuditPolicy, validateAbsolutePath } from './audit-policy';
import { HardenedAuthenticationConfiguration } from './authentication';
import { ConfigurationObject } from './configuration-object';
import { SecretsEncryption } from './encryption';
import { HardenedKubeletConfiguration } from './kubelet';
import { PodSecurityAdmissionDefaults } from './pod-security-defaults';
import { TlsVersion, validateCipherSuites } from './tls';
import { invalidInput } from '../errors';
import {
  APISERVER_CONFIG_API_VERSION, AUTHENTICATION_CONFIG_V1_MINOR, DEFAULT_CERTIFICATES_DIR, FLAGS, KUBEADM_API_VERSION, LOOPBACK_ADDRESS,
  MIN_KUBEADM_MINOR, REQUIRED_ADMISSION_PLUGINS, REQUIRED_AUTHORIZATION_MODES,
} from '../standards/control-plane';
import { normalizedPath } from '../standards/filesystem';
import { releaseMinor } from '../standards/kubernetes-version';

/** The audit log the API server writes, and its rotation. */
export interface AuditLogOptions {
  /** The log file on each control-plane node. @default '/var/log/kubernetes/audit/audit.log' */
  readonly path?: string;
  /** Days a rotated file is kept. @default 30 — CIS 1.2.17 */
  readonly maxAgeDays?: number;
  /** Rotated files kept. @default 10 — CIS 1.2.18 */
  readonly maxBackups?: number;
  /** Size at which the file is rotated, in megabytes. @default 100 — CIS 1.2.19 */
  readonly maxSizeMegabytes?: number;
}

/** An etcd cluster outside the control-plane nodes, reached with mutual TLS. */
export interface ExternalEtcdOptions {
  /** Client URLs, each `https://`. */
  readonly endpoints: string[];
  /** The CA that signed etcd's server certificates: etcd's own CA, not the cluster CA. */
  readonly caFile: string;
  /** The API server's client certificate for etcd. */
  readonly certFile: string;
  /** Its key. */
  readonly keyFile: string;
}

/**
 * The cluster settings of kubeadm's ClusterConfiguration that are given as they are (not built
 * from other constructs): shared by `HardenedKubeadmConfigurationProps` and
 * `HardenedControlPlaneProps`.
 */
export interface KubeadmClusterOptions {
  /** The Kubernetes release to install, `v1.NN.P` (1.32 or newer): pinned, so every node runs the release you tested. */
  readonly kubernetesVersion: string;
  /** The audit log and its rotation. @default - see AuditLogOptions */
  readonly auditLog?: AuditLogOptions;
  /** Where kubeadm keeps the certificates. @default '/etc/kubernetes/pki' */
  readonly certificatesDir?: string;
  /** The cluster's name. @default - kubeadm's ("kubernetes") */
  readonly clusterName?: string;
  /** A stable address (load balancer) for the API server, `host:port`. @default - the first control-plane node's address */
  readonly controlPlaneEndpoint?: string;
  /** The pods' address range. @default - none (your network plugin's) */
  readonly podSubnet?: string;
  /** The Services' address range. @default - kubeadm's ("10.96.0.0/12") */
  readonly serviceSubnet?: string;
  /**
   * An etcd cluster of its own, reached with mutual TLS.
   * @default - kubeadm's local etcd on each control-plane node, client and peer TLS under its own CA
   */
  readonly externalEtcd?: ExternalEtcdOptions;
  /** Oldest TLS version of the API server, controller manager and scheduler. @default TlsVersion.TLS_1_2 */
  readonly tlsMinVersion?: TlsVersion;
  /** Their TLS 1.2 cipher suites, and etcd's. @default - ECDHE with AES-GCM or ChaCha20-Poly1305 only */
  readonly tlsCipherSuites?: string[];
}

/**
 * Props for `HardenedKubeadmConfiguration`.
 */
export interface HardenedKubeadmConfigurationProps extends KubeadmClusterOptions {
  /** The audit policy the API server loads (`--audit-policy-file`). */
  readonly auditPolicy: HardenedAuditPolicy;
  /** The encryption configuration the API server loads (`--encryption-provider-config`). */
  readonly encryption: SecretsEncryption;
  /** The Pod Security Admission defaults (`--admission-control-config-file`). */
  readonly podSecurity: PodSecurityAdmissionDefaults;
  /** The authentication configuration (`--authentication-config`). */
  readonly authentication: HardenedAuthenticationConfiguration;
  /**
   * The kubelet configuration of the nodes. When its serving certificates are bootstrapped from
   * the cluster CA, the API server verifies them (`--kubelet-certificate-authority`).
   * @default - the API server does not verify kubelet serving certificates
   */
  readonly kubelet?: HardenedKubeletConfiguration;
}

type Args = Record<string, string>;

function extraArgs(args: Args): Array<{ name: string; value: string }> {
  return Object.keys(args).sort().map(name => ({ name, value: args[name] }));
}

/**
 * kubeadm's ClusterConfiguration (`kubeadm.k8s.io/v1beta4`), which `kubeadm init --config`
 * reads with the `KubeletConfiguration` next to it, wiring the hardened files into the control
 * plane:
 *
 * - API server: `--audit-policy-file` with `--audit-log-path` and rotation (NSA/CISA §"Audit
 *   logging"; Kubescape C-0067), `--encryption-provider-config` (§"Secrets"; C-0066),
 *   `--admission-control-config-file` (Pod Security Admission defaults), `--authentication-config`
 *   (anonymous requests only for health checks), `--authorization-mode=Node,RBAC`, the
 *   `NodeRestriction` admission plugin, `--profiling=false`, `--service-account-lookup=true`,
 *   TLS 1.2+ with strong cipher suites, `--kubelet-certificate-authority`; each file mounted
 *   read-only (`pathType: File`: a missing file stops the API server instead of being ignored),
 *   the audit log directory and the KMS plugin's socket directory read-write;
 * - controller manager and scheduler: profiling off, serving on 127.0.0.1 only, TLS as above;
 * - etcd: client and peer certificate authentication, no self-signed (auto) TLS, strong cipher
 *   suites, under kubeadm's separate etcd CA (`<certificatesDir>/etcd/ca.crt`; the guide v1.1:
 *   mutual TLS between etcd and the API server, a separate CA for etcd); or an external etcd over
 *   `https://` with its own CA.
 *
 * @see https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/
 */
export class HardenedKubeadmConfiguration extends Construct {
  /** The API server's flags, as the ClusterConfiguration sets them. */
  public readonly apiServerArgs: { [name: string]: string };
  /** The ClusterConfiguration object (escape hatch). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: HardenedKubeadmConfigurationProps) {
    super(scope, id);
    const minor = releaseMinor(props.kubernetesVersion);
    if (minor === undefined || minor < MIN_KUBEADM_MINOR) {
      throw invalidInput(this, 'kubernetesVersion', `must be a Kubernetes release v1.NN.P, 1.${MIN_KUBEADM_MINOR} or newer (kubeadm's v1beta4 API and anonymous access limited to health checks)`,
        props.kubernetesVersion, `pin the release you install, e.g. "v1.${MIN_KUBEADM_MINOR + 1}.2"`);
    }
    if (props.authentication.apiObject.apiVersion === APISERVER_CONFIG_API_VERSION && minor < AUTHENTICATION_CONFIG_V1_MINOR) {
      throw invalidInput(this, 'authentication', `the authentication configuration is ${APISERVER_CONFIG_API_VERSION}, which the API server reads from 1.${AUTHENTICATION_CONFIG_V1_MINOR}`,
        props.kubernetesVersion, `give the HardenedAuthenticationConfiguration kubernetesVersion: "${props.kubernetesVersion}"`);
    }
    const pki = validateAbsolutePath(this, 'certificatesDir', props.certificatesDir ?? DEFAULT_CERTIFICATES_DIR);
    const log = props.auditLog ?? {};
    const logPath = validateAbsolutePath(this, 'auditLog.path', log.path ?? '/var/log/kubernetes/audit/audit.log');
    const count = (field: string, value: number | undefined, fallback: number): string => {
      const v = value ?? fallback;
      if (!Number.isInteger(v) || v < 1) throw invalidInput(this, `auditLog.${field}`, 'must be a whole number, at least 1 (0 keeps logs forever or never rotates them)', v, `use ${fallback}`);
      return String(v);
    };
    const tls: Args = {
      [FLAGS.TLS_MIN_VERSION]: (props.tlsMinVersion ?? TlsVersion.TLS_1_2).value,
      [FLAGS.TLS_CIPHER_SUITES]: validateCipherSuites(this, 'tlsCipherSuites', props.tlsCipherSuites).join(','),
    };

    const apiServer: Args = {
      [FLAGS.AUTHENTICATION_CONFIG]: props.authentication.path,
      [FLAGS.AUTHORIZATION_MODE]: REQUIRED_AUTHORIZATION_MODES.join(','),
      [FLAGS.ENABLE_ADMISSION_PLUGINS]: REQUIRED_ADMISSION_PLUGINS.join(','),
      [FLAGS.ADMISSION_CONTROL_CONFIG_FILE]: props.podSecurity.path,
      [FLAGS.AUDIT_POLICY_FILE]: props.auditPolicy.path,
      [FLAGS.AUDIT_LOG_PATH]: logPath,
      [FLAGS.AUDIT_LOG_MAXAGE]: count('maxAgeDays', log.maxAgeDays, 30),
      [FLAGS.AUDIT_LOG_MAXBACKUP]: count('maxBackups', log.maxBackups, 10),
      [FLAGS.AUDIT_LOG_MAXSIZE]: count('maxSizeMegabytes', log.maxSizeMegabytes, 100),
      [FLAGS.ENCRYPTION_PROVIDER_CONFIG]: props.encryption.path,
      [FLAGS.PROFILING]: 'false',
      [FLAGS.SERVICE_ACCOUNT_LOOKUP]: 'true',
      ...tls,
    };
    if (props.kubelet?.servingCertificate.bootstrapped) apiServer[FLAGS.KUBELET_CERTIFICATE_AUTHORITY] = `${pki}/ca.crt`;
    this.apiServerArgs = apiServer;

    const file = (name: string, path: string) => ({ name, hostPath: path, mountPath: path, readOnly: true, pathType: 'File' });
    const directory = (name: string, path: string) => ({ name, hostPath: path, mountPath: path, readOnly: false, pathType: 'DirectoryOrCreate' });
    const volumes = [
      file('audit-policy', props.auditPolicy.path),
      directory('audit-log', logPath.replace(/\/[^/]*$/, '') || '/'),
      file('encryption-config', props.encryption.path),
      ...props.encryption.socketDirectories.map((d, i) => directory(`kms-socket${i === 0 ? '' : `-${i}`}`, d)),
      file('admission-config', props.podSecurity.path),
      file('authentication-config', props.authentication.path),
    ];
    const mounts = volumes.map(v => v.mountPath);
    const clash = mounts.find((m, i) => mounts.indexOf(m) !== i);
    if (clash) throw invalidInput(this, 'paths', 'two files or directories of the control plane are mounted at the same path', clash, 'give each file its own path');

    const local = props.externalEtcd === undefined;
    const etcd = local
      ? {
        local: {
          extraArgs: extraArgs({
            [FLAGS.ETCD_CLIENT_CERT_AUTH]: 'true',
            [FLAGS.ETCD_PEER_CLIENT_CERT_AUTH]: 'true',
            [FLAGS.ETCD_AUTO_TLS]: 'false',
            [FLAGS.ETCD_PEER_AUTO_TLS]: 'false',
            [FLAGS.ETCD_CIPHER_SUITES]: tls[FLAGS.TLS_CIPHER_SUITES],
          }),
        },
      }
      : { external: this.externalEtcd(props.externalEtcd!, pki) };

    const loopback: Args = { [FLAGS.BIND_ADDRESS]: LOOPBACK_ADDRESS, [FLAGS.PROFILING]: 'false', ...tls };
    this.apiObject = new ConfigurationObject(this, 'Resource', {
      apiVersion: KUBEADM_API_VERSION,
      kind: 'ClusterConfiguration',
      kubernetesVersion: props.kubernetesVersion,
      clusterName: props.clusterName,
      controlPlaneEndpoint: props.controlPlaneEndpoint,
      certificatesDir: pki,
      networking: props.podSubnet || props.serviceSubnet ? { podSubnet: props.podSubnet, serviceSubnet: props.serviceSubnet } : undefined,
      apiServer: { extraArgs: extraArgs(apiServer), extraVolumes: volumes },
      controllerManager: { extraArgs: extraArgs(loopback) },
      scheduler: { extraArgs: extraArgs(loopback) },
      etcd,
    });
  }

  private externalEtcd(options: ExternalEtcdOptions, pki: string): ExternalEtcdOptions {
    if (options.endpoints.length === 0) {
      throw invalidInput(this, 'externalEtcd.endpoints', 'at least one etcd endpoint is needed', options.endpoints, 'list the client URLs, e.g. ["https://etcd-0.internal:2379"]');
    }
    options.endpoints.forEach((e, i) => {
      if (!/^https:\/\/[^\s/]+/.test(e)) {
        throw invalidInput(this, `externalEtcd.endpoints[${i}]`, 'etcd is reached over TLS only (NSA/CISA §"Control plane hardening")', e, 'write it like "https://etcd-0.internal:2379"');
      }
    });
    for (const field of ['caFile', 'certFile', 'keyFile'] as const) validateAbsolutePath(this, `externalEtcd.${field}`, options[field]);
    if (normalizedPath(options.caFile) === normalizedPath(`${pki}/ca.crt`)) {
      throw invalidInput(this, 'externalEtcd.caFile', 'etcd needs a CA of its own: with the cluster CA, every client certificate of the cluster (any kubelet, any user) is also accepted by etcd', options.caFile,
        'sign etcd\'s certificates with a separate CA, e.g. /etc/kubernetes/pki/etcd/ca.crt');
    }
    return { endpoints: [...options.endpoints], caFile: options.caFile, certFile: options.certFile, keyFile: options.keyFile };
  }
}
