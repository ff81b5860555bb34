import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { validateAbsolutePath } from './audit-policy';
import { ConfigurationObject } from './configuration-object';
import { TlsVersion, validateCipherSuites } from './tls';
import { invalidInput } from '../errors';
import { DEFAULT_CERTIFICATES_DIR, KUBELET_API_VERSION, KUBELET_CONFIG_PATH, KUBELET_MAX_STREAMING_IDLE_MINUTES, KUBELET_PROTECTED_SYSCTLS, KUBELET_WEBHOOK } from '../standards/control-plane';

/**
 * Where the kubelet's serving certificate (port 10250, which the API server calls for logs,
 * exec and port-forward) comes from.
 */
export class KubeletServingCertificate {
  /**
   * The kubelet asks the cluster CA for its serving certificate, and renews it, through a
   * `kubernetes.io/kubelet-serving` CertificateSigningRequest (`serverTLSBootstrap: true`).
   * These requests are not approved automatically: approve them (`kubectl certificate approve`)
   * or run an approver that checks the node's addresses; until then the API server cannot reach
   * the kubelet.
   */
  public static bootstrap(): KubeletServingCertificate {
    return new KubeletServingCertificate();
  }

  /** A certificate and key you provision on every node, signed by a CA the API server trusts. */
  public static files(certFile: string, keyFile: string): KubeletServingCertificate {
    return new KubeletServingCertificate(certFile, keyFile);
  }

  private constructor(
    /** The certificate file; none when bootstrapped. */
    public readonly certFile?: string,
    /** The key file; none when bootstrapped. */
    public readonly keyFile?: string,
  ) {}

  /** Whether the kubelet bootstraps its serving certificate from the cluster CA. */
  public get bootstrapped(): boolean {
    return this.certFile === undefined;
  }
}

/**
 * Props for `HardenedKubeletConfiguration`.
 */
export interface HardenedKubeletConfigurationProps {
  /**
   * The CA that signs the client certificates the kubelet accepts (the API server's).
   * @default '/etc/kubernetes/pki/ca.crt' — kubeadm's cluster CA on every node; Kubescape C-0070.
   */
  readonly clientCaFile?: string;

  /**
   * Oldest TLS version the kubelet's server accepts.
   * @default TlsVersion.TLS_1_2 — NSA/CISA §"Control plane hardening": TLS everywhere; CIS 4.2.13.
   */
  readonly tlsMinVersion?: TlsVersion;

  /**
   * TLS 1.2 cipher suites the kubelet's server accepts (TLS 1.3 suites are always on).
   * @default - ECDHE with AES-GCM or ChaCha20-Poly1305 only (forward secrecy, authenticated encryption)
   */
  readonly tlsCipherSuites?: string[];

  /**
   * How long an idle `exec`, `attach` or `port-forward` stream stays open.
   * @default Duration.minutes(5) — CIS 4.2.5: an abandoned session does not stay open for the kubelet's default 4 hours.
   */
  readonly streamingConnectionIdleTimeout?: Duration;

  /**
   * Where the serving certificate comes from.
   * @default KubeletServingCertificate.bootstrap() — signed by the cluster CA and rotated (CIS 4.2.11), so the API server can verify the kubelet
   */
  readonly servingCertificate?: KubeletServingCertificate;
}

/**
 * The kubelet's configuration file (`kubelet.config.k8s.io/v1beta1` `KubeletConfiguration`),
 * for every node: with kubeadm, the companion document of the ClusterConfiguration (kubeadm
 * writes it to `/var/lib/kubelet/config.yaml` on each node it sets up); without, the file the
 * kubelet's `--config` flag names.
 *
 * - anonymous requests refused (`authentication.anonymous.enabled: false`; Kubescape C-0069);
 * - clients authenticated by certificate (`x509.clientCAFile`; C-0070) or bearer token checked
 *   with the API server (webhook), and authorized by the API server (`authorization.mode: Webhook`,
 *   so RBAC decides who may read logs or exec);
 * - no unauthenticated read-only port (`readOnlyPort: 0`);
 * - client and serving certificates rotated (`rotateCertificates`, `serverTLSBootstrap`);
 * - TLS 1.2 or newer, strong cipher suites only;
 * - `protectKernelDefaults: true`: the kubelet refuses to start, rather than changing them, when
 *   the node's kernel settings differ from what it needs (`requiredSysctls`: set them on the node
 *   first, e.g. in `/etc/sysctl.d/90-kubelet.conf`);
 * - `seccompDefault: true`: every container without a seccomp profile gets the runtime's default
 *   one (NSA/CISA §"Hardening container environments");
 * - `makeIPTablesUtilChains: true`, and idle streaming connections closed after 5 minutes.
 *
 * @see https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
 */
export class HardenedKubeletConfiguration extends Construct {
  /** The kernel settings the node needs before the kubelet starts (`protectKernelDefaults`). */
  public static get requiredSysctls(): { [key: string]: string } {
    return { ...KUBELET_PROTECTED_SYSCTLS };
  }

  /** Where kubeadm writes the file on each node. */
  public readonly path: string = KUBELET_CONFIG_PATH;
  /** The CA of the client certificates the kubelet accepts. */
  public readonly clientCaFile: string;
  /** Where the serving certificate comes from. */
  public readonly servingCertificate: KubeletServingCertificate;
  /** The configuration object (escape hatch). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: HardenedKubeletConfigurationProps = {}) {
    super(scope, id);
    this.clientCaFile = validateAbsolutePath(this, 'clientCaFile', props.clientCaFile ?? `${DEFAULT_CERTIFICATES_DIR}/ca.crt`);
    this.servingCertificate = props.servingCertificate ?? KubeletServingCertificate.bootstrap();
    if (!this.servingCertificate.bootstrapped) {
      validateAbsolutePath(this, 'servingCertificate.certFile', this.servingCertificate.certFile!);
      validateAbsolutePath(this, 'servingCertificate.keyFile', this.servingCertificate.keyFile!);
    }
    const idle = props.streamingConnectionIdleTimeout ?? Duration.minutes(5);
    const idleSeconds = idle.toSeconds();
    if (idleSeconds < 1 || idleSeconds > KUBELET_MAX_STREAMING_IDLE_MINUTES * 60) {
      throw invalidInput(this, 'streamingConnectionIdleTimeout', `must be from 1 second to ${KUBELET_MAX_STREAMING_IDLE_MINUTES / 60} hours (0 keeps idle streams open forever; CIS 4.2.5)`,
        idle.toHumanString(), 'use Duration.minutes(5)');
    }
    this.apiObject = new ConfigurationObject(this, 'Resource', {
      apiVersion: KUBELET_API_VERSION,
      kind: 'KubeletConfiguration',
      authentication: {
        anonymous: { enabled: false },
        webhook: { enabled: true },
        x509: { clientCAFile: this.clientCaFile },
      },
      authorization: { mode: KUBELET_WEBHOOK },
      readOnlyPort: 0,
      protectKernelDefaults: true,
      seccompDefault: true,
      makeIPTablesUtilChains: true,
      rotateCertificates: true,
      ...(this.servingCertificate.bootstrapped
        ? { serverTLSBootstrap: true }
        : { tlsCertFile: this.servingCertificate.certFile, tlsPrivateKeyFile: this.servingCertificate.keyFile }),
      tlsMinVersion: (props.tlsMinVersion ?? TlsVersion.TLS_1_2).value,
      tlsCipherSuites: validateCipherSuites(this, 'tlsCipherSuites', props.tlsCipherSuites),
      streamingConnectionIdleTimeout: idleSeconds % 60 === 0 ? `${idleSeconds / 60}m` : `${idleSeconds}s`,
    });
  }
}
