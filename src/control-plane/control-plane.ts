import { Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { AuditPolicyRule, AuditResource, HardenedAuditPolicy, validateAbsolutePath } from './audit-policy';
import { HardenedAuthenticationConfiguration } from './authentication';
import { asComponentReadsIt } from './configuration-object';
import { ControlPlaneChart } from './control-plane-chart';
import { KmsPluginOptions, PreviousEncryptionProvider, SecretsEncryption } from './encryption';
import { HardenedKubeadmConfiguration, KubeadmClusterOptions } from './kubeadm';
import { HardenedKubeletConfiguration, HardenedKubeletConfigurationProps } from './kubelet';
import { PodSecurityAdmissionDefaults, PodSecurityAdmissionDefaultsProps, PodSecurityExemption } from './pod-security-defaults';
import { CONTROL_PLANE_NAMESPACE, DEFAULT_CERTIFICATES_DIR } from '../standards/control-plane';

/** A file of the control plane: where it goes, what reads it, and its content. */
export interface ControlPlaneFile {
  /** Where the file goes on the node (for the kubeadm configuration: any path you give `kubeadm init --config`). */
  readonly path: string;
  /** What reads it. */
  readonly readBy: string;
  /** The YAML content. */
  readonly content: string;
}

/**
 * Props for `HardenedControlPlane`.
 */
export interface HardenedControlPlaneProps extends KubeadmClusterOptions {
  /** The KMS v2 plugin that encrypts Secrets at rest (it must run on every control-plane node). */
  readonly kms: KmsPluginOptions;
  /** Resources encrypted at rest besides Secrets. @default - Secrets only */
  readonly encryptedResources?: string[];
  /** Earlier encryption providers, for reading data they wrote. @default - none */
  readonly previousEncryptionProviders?: PreviousEncryptionProvider[];
  /** Audit rules of your own (see `HardenedAuditPolicy`). @default - none */
  readonly auditRules?: AuditPolicyRule[];
  /** Resources that carry credentials besides the built-in ones, logged at Metadata only. @default - none */
  readonly additionalCredentialResources?: AuditResource[];
  /**
   * Pod Security Admission defaults (see `PodSecurityAdmissionDefaults`).
   * @default - restricted everywhere, and `kube-system` exempt (see `exemptNamespaces`)
   */
  readonly podSecurity?: PodSecurityAdmissionDefaultsProps;
  /**
   * Anonymous requests reach the health endpoints only (see `HardenedAuthenticationConfiguration`).
   * @default true
   */
  readonly anonymousHealthChecks?: boolean;
  /**
   * The kubelet configuration of every node.
   * @default - see HardenedKubeletConfiguration; the client CA is `<certificatesDir>/ca.crt`, the cluster CA kubeadm writes
   */
  readonly kubelet?: HardenedKubeletConfigurationProps;
}

/**
 * The exemption a kubeadm cluster needs: kube-proxy and most network plugins run privileged
 * DaemonSets in kube-system, which kubeadm does not label.
 */
const KUBE_SYSTEM_EXEMPTION: PodSecurityExemption = {
  name: CONTROL_PLANE_NAMESPACE,
  reason: 'kube-proxy and the network plugin run privileged, host-network DaemonSets in kube-system, which kubeadm creates unlabelled',
};

/**
 * A hardened kubeadm control plane: a chart (output file `<id>.k8s.yaml`, never for
 * `kubectl apply`) holding kubeadm's ClusterConfiguration with the KubeletConfiguration every
 * node gets, and the files they wire in: the audit policy, the encryption configuration for
 * Secrets, the Pod Security Admission defaults and the authentication configuration. Each part
 * is one of this library's constructs, usable alone in a `ControlPlaneChart`.
 *
 * `kubeadm init --config <file>` reads the ClusterConfiguration and KubeletConfiguration and
 * ignores the other documents (with a warning); put those at their `path` on every
 * control-plane node first (`nodeFiles()` gives each file's path and content).
 *
 * Pod Security Admission exempts `kube-system` by default, with the reason recorded: kube-proxy
 * and network plugins run privileged there. Set `podSecurity.exemptNamespaces` to change that.
 */
export class HardenedControlPlane extends ControlPlaneChart {
  /** The audit policy. */
  public readonly auditPolicy: HardenedAuditPolicy;
  /** The encryption configuration. */
  public readonly encryption: SecretsEncryption;
  /** The Pod Security Admission defaults. */
  public readonly podSecurity: PodSecurityAdmissionDefaults;
  /** The API server's authentication configuration. */
  public readonly authentication: HardenedAuthenticationConfiguration;
  /** The kubelet configuration. */
  public readonly kubelet: HardenedKubeletConfiguration;
  /** kubeadm's ClusterConfiguration. */
  public readonly kubeadm: HardenedKubeadmConfiguration;

  constructor(scope: Construct, id: string, props: HardenedControlPlaneProps) {
    super(scope, id);
    this.auditPolicy = new HardenedAuditPolicy(this, 'AuditPolicy', {
      rules: props.auditRules,
      additionalCredentialResources: props.additionalCredentialResources,
    });
    this.encryption = new SecretsEncryption(this, 'Encryption', {
      kms: props.kms,
      resources: props.encryptedResources,
      previousProviders: props.previousEncryptionProviders,
    });
    this.podSecurity = new PodSecurityAdmissionDefaults(this, 'PodSecurity', {
      ...props.podSecurity,
      exemptNamespaces: props.podSecurity?.exemptNamespaces ?? [KUBE_SYSTEM_EXEMPTION],
    });
    this.authentication = new HardenedAuthenticationConfiguration(this, 'Authentication', {
      kubernetesVersion: props.kubernetesVersion,
      anonymousHealthChecks: props.anonymousHealthChecks,
    });
    // the kubelet trusts the cluster CA where kubeadm writes it (kubeadm warns about any other path)
    this.kubelet = new HardenedKubeletConfiguration(this, 'Kubelet', {
      ...props.kubelet,
      clientCaFile: props.kubelet?.clientCaFile ?? `${validateAbsolutePath(this, 'certificatesDir', props.certificatesDir ?? DEFAULT_CERTIFICATES_DIR)}/ca.crt`,
    });
    this.kubeadm = new HardenedKubeadmConfiguration(this, 'Kubeadm', {
      kubernetesVersion: props.kubernetesVersion,
      auditPolicy: this.auditPolicy,
      encryption: this.encryption,
      podSecurity: this.podSecurity,
      authentication: this.authentication,
      auditLog: props.auditLog,
      certificatesDir: props.certificatesDir,
      clusterName: props.clusterName,
      controlPlaneEndpoint: props.controlPlaneEndpoint,
      podSubnet: props.podSubnet,
      serviceSubnet: props.serviceSubnet,
      externalEtcd: props.externalEtcd,
      tlsMinVersion: props.tlsMinVersion,
      tlsCipherSuites: props.tlsCipherSuites,
      kubelet: this.kubelet,
    });
  }

  /**
   * Every file the control plane needs, five in all: `/etc/kubernetes/kubeadm-config.yaml` (the
   * ClusterConfiguration and the KubeletConfiguration in one file, for `kubeadm init --config`),
   * then the four files the API server reads (audit policy, encryption, admission and
   * authentication configurations), each with the path on the control-plane nodes the
   * ClusterConfiguration mounts. Each file is as its component reads it: the exceptions' reasons
   * (annotations) stay in the chart's output, out of the kinds that have no `metadata` (the
   * API server refuses to start on an AdmissionConfiguration that has one).
   */
  public nodeFiles(): ControlPlaneFile[] {
    const yaml = (...objects: Array<{ apiObject: { toJson(): Record<string, unknown> } }>) =>
      Yaml.stringify(...objects.map(o => asComponentReadsIt(o.apiObject.toJson())));
    return [
      { path: '/etc/kubernetes/kubeadm-config.yaml', readBy: 'kubeadm init --config (and kubeadm upgrade)', content: yaml(this.kubeadm, this.kubelet) },
      { path: this.auditPolicy.path, readBy: 'kube-apiserver --audit-policy-file', content: yaml(this.auditPolicy) },
      { path: this.encryption.path, readBy: 'kube-apiserver --encryption-provider-config', content: yaml(this.encryption) },
      { path: this.podSecurity.path, readBy: 'kube-apiserver --admission-control-config-file', content: yaml(this.podSecurity) },
      { path: this.authentication.path, readBy: 'kube-apiserver --authentication-config', content: yaml(this.authentication) },
    ];
  }
}
