import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PodSecurityLevel, PodSecurityLevelsOptions, resolvePodSecurityLevels } from './pod-security-levels';
import { invalidInput } from '../errors';
import { ackAnnotation, PRIVILEGED_REASON_ANNOTATION } from '../standards/annotations';
import { NAMESPACE_NAME_LABEL } from '../standards/names';
import { SIGSTORE_INCLUDE_LABEL } from '../standards/provenance';
import { PSA_LABEL_PREFIX, psaLevelLabel, psaVersionLabel } from '../standards/psa';
import { parseQuantity } from '../standards/quantity';
import { registerDuplicateObjectCheck } from '../unique-objects';
import { validateOwnNamespace, validateQuantity, validateReason } from '../validation';

/**
 * Pod Security Admission settings of a namespace: its labels. The compliance engine checks the
 * namespace's pods against the pinned `enforceVersion`.
 */
export interface PodSecurityAdmissionOptions extends PodSecurityLevelsOptions {
  /**
   * Why this namespace needs the `privileged` level in any mode. Required when any mode is
   * `privileged`; recorded in the namespace's annotations for auditors.
   * @default - no mode may be privileged
   */
  readonly privilegedReason?: string;
}

/**
 * Namespace-wide ResourceQuota. Quantities are Kubernetes quantities ("4", "500m", "8Gi").
 *
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/
 */
export interface NamespaceQuotaOptions {
  /** Sum of CPU requests. @default '4' */
  readonly requestsCpu?: string;
  /** Sum of memory requests. @default '8Gi' */
  readonly requestsMemory?: string;
  /** Sum of CPU limits. @default '8' */
  readonly limitsCpu?: string;
  /** Sum of memory limits. @default '16Gi' */
  readonly limitsMemory?: string;
  /** Number of pods. @default 50 */
  readonly pods?: number;
  /** Number of PersistentVolumeClaims. @default 20 */
  readonly persistentVolumeClaims?: number;
  /**
   * Number of Services of type LoadBalancer.
   * @default 0 — exposure outside the cluster is a deliberate, reviewed change.
   */
  readonly loadBalancers?: number;
  /**
   * Number of Services of type NodePort.
   * @default 0 — NodePorts open every node's address (NSA/CISA §"Network separation").
   */
  readonly nodePorts?: number;
}

/**
 * Per-container defaults and bounds (LimitRange), for containers that set no resources.
 *
 * @see https://kubernetes.io/docs/concepts/policy/limit-range/
 */
export interface NamespaceLimitsOptions {
  /** Default CPU request. @default '100m' */
  readonly defaultRequestCpu?: string;
  /** Default memory request. @default '128Mi' */
  readonly defaultRequestMemory?: string;
  /** Default CPU limit. @default '500m' */
  readonly defaultLimitCpu?: string;
  /** Default memory limit. @default '512Mi' */
  readonly defaultLimitMemory?: string;
  /** Largest CPU limit a container may ask for. @default '4' */
  readonly maxCpu?: string;
  /** Largest memory limit a container may ask for. @default '8Gi' */
  readonly maxMemory?: string;
}

/**
 * Props for `HardenedNamespace`.
 */
export interface HardenedNamespaceProps {
  /**
   * The namespace's name: a DNS-1123 label, neither a namespace Kubernetes creates (`default`,
   * `kube-system`, `kube-public`, `kube-node-lease`) nor under its `kube-` prefix.
   */
  readonly name: string;

  /**
   * Pod Security Admission levels and versions.
   * @default - enforce, audit and warn `restricted`; enforce pinned to the newest version this library knows (`v1.37`), audit and warn `latest`
   */
  readonly podSecurity?: PodSecurityAdmissionOptions;

  /**
   * Allow every pod in the namespace to resolve names through the cluster DNS (kube-system
   * pods labelled `k8s-app: kube-dns`, UDP and TCP 53), in a separate, named NetworkPolicy.
   * @default true — almost every workload resolves Service names; the allow is narrow.
   */
  readonly allowDnsEgress?: boolean;

  /**
   * Labels of the cluster DNS pods in kube-system.
   * @default { 'k8s-app': 'kube-dns' } — CoreDNS and kube-dns in kubeadm, EKS, GKE and AKS.
   */
  readonly dnsPodLabels?: { [key: string]: string };

  /**
   * The namespace's ResourceQuota.
   * @default - the defaults of `NamespaceQuotaOptions`
   */
  readonly quota?: NamespaceQuotaOptions;

  /**
   * The namespace's LimitRange for containers.
   * @default - the defaults of `NamespaceLimitsOptions`
   */
  readonly limits?: NamespaceLimitsOptions;

  /**
   * Extra labels for the Namespace object. Pod Security Admission labels cannot be set here.
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Extra annotations for the Namespace object.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * Opt the namespace in to sigstore policy-controller's signature checks (label
   * `policy.sigstore.dev/include: "true"`; see `ImageSignaturePolicy`).
   * @default false — policy-controller checks only the namespaces that opt in.
   */
  readonly requireSignedImages?: boolean;
}


/**
 * A namespace that is isolated and bounded from the start (NSA/CISA v1.1 §"Network separation
 * and hardening", §"Pod security"; Pod Security Admission):
 *
 * - Pod Security Admission labels: enforce, audit and warn `restricted`;
 * - a default-deny NetworkPolicy for Ingress and Egress selecting every pod, plus a separate
 *   policy allowing DNS to the cluster DNS (switchable off);
 * - a ResourceQuota and a LimitRange;
 * - its `default` ServiceAccount with token automount off.
 */
export class HardenedNamespace extends Construct {
  /** The namespace's name. */
  public readonly namespaceName: string;
  /** Effective Pod Security Admission labels. */
  public readonly podSecurityLabels: { [key: string]: string };
  /** Whether the DNS egress policy is emitted. */
  public readonly allowDnsEgress: boolean;

  /** The Namespace object. */
  public readonly namespaceObject: ApiObject;
  /** The default-deny NetworkPolicy (Ingress and Egress, every pod). */
  public readonly defaultDenyPolicy: ApiObject;
  /** The DNS egress NetworkPolicy, when `allowDnsEgress`. */
  public readonly dnsEgressPolicy?: ApiObject;
  /** The ResourceQuota. */
  public readonly resourceQuota: ApiObject;
  /** The LimitRange. */
  public readonly limitRange: ApiObject;
  /** The `default` ServiceAccount, with token automount off. */
  public readonly defaultServiceAccount: ApiObject;

  constructor(scope: Construct, id: string, props: HardenedNamespaceProps) {
    super(scope, id);
    registerDuplicateObjectCheck(this);
    this.namespaceName = validateOwnNamespace(this, 'name', props.name);
    this.podSecurityLabels = this.resolvePodSecurity(props.podSecurity ?? {});
    this.allowDnsEgress = props.allowDnsEgress ?? true;

    for (const key of Object.keys(props.labels ?? {})) {
      if (key.startsWith(PSA_LABEL_PREFIX)) {
        throw invalidInput(this, `labels["${key}"]`, 'Pod Security Admission labels are set through podSecurity', props.labels![key], 'use podSecurity: { enforce: PodSecurityLevel.BASELINE, ... } instead');
      }
    }
    const annotations: { [key: string]: string } = { ...props.annotations };
    if (props.podSecurity?.privilegedReason) {
      const reason = props.podSecurity.privilegedReason.trim();
      annotations[PRIVILEGED_REASON_ANNOTATION] = reason;
      // The exception is declared here, with its reason, and recorded in the Namespace's
      // annotations as accepted, so the compliance engine (in synth or on the YAML) accepts it.
      annotations[ackAnnotation('PsaLabels')] = `privileged namespace: ${reason}`;
      annotations[ackAnnotation('PsaRestricted')] = `privileged namespace: ${reason}`;
    }

    this.namespaceObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: this.namespaceName,
        labels: { ...props.labels, ...this.podSecurityLabels },
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      },
    });

    const metadata = (name: string) => ({ name, namespace: this.namespaceName });

    this.defaultDenyPolicy = new ApiObject(this, 'DefaultDeny', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata('default-deny-all'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });

    if (this.allowDnsEgress) {
      const dnsPodLabels = props.dnsPodLabels ?? { 'k8s-app': 'kube-dns' };
      if (Object.keys(dnsPodLabels).length === 0) {
        throw invalidInput(this, 'dnsPodLabels', 'an empty selector would allow port 53 to every pod in kube-system', dnsPodLabels, 'give the labels of the cluster DNS pods, e.g. { "k8s-app": "kube-dns" }');
      }
      this.dnsEgressPolicy = new ApiObject(this, 'AllowDnsEgress', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: metadata('allow-dns-egress'),
        spec: {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [{
            to: [{
              namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } },
              podSelector: { matchLabels: { ...dnsPodLabels } },
            }],
            ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
          }],
        },
      });
    }

    this.resourceQuota = new ApiObject(this, 'Quota', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: metadata('quota'),
      spec: { hard: this.resolveQuota(props.quota ?? {}) },
    });

    this.limitRange = new ApiObject(this, 'Limits', {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: metadata('container-limits'),
      spec: { limits: [this.resolveLimits(props.limits ?? {})] },
    });

    this.defaultServiceAccount = new ApiObject(this, 'DefaultServiceAccount', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: metadata('default'),
      automountServiceAccountToken: false,
    });
    if (props.requireSignedImages) this.requireSignedImages();
  }

  /**
   * Opts the namespace in to sigstore policy-controller's signature checks: labels it
   * `policy.sigstore.dev/include: "true"` (`ImageSignaturePolicy` calls it for its namespaces).
   */
  public requireSignedImages(): void {
    this.namespaceObject.metadata.addLabel(SIGSTORE_INCLUDE_LABEL, 'true');
  }

  private resolvePodSecurity(psa: PodSecurityAdmissionOptions): { [key: string]: string } {
    const modes = resolvePodSecurityLevels(this, 'podSecurity.', psa);
    const privileged = modes.filter(m => m.level === PodSecurityLevel.PRIVILEGED).map(m => m.mode);
    if (privileged.length > 0) {
      validateReason(this, `podSecurity.privilegedReason (needed because ${privileged.join(', ')} ${privileged.length > 1 ? 'are' : 'is'} privileged)`, psa.privilegedReason);
    } else if (psa.privilegedReason !== undefined) {
      throw invalidInput(this, 'podSecurity.privilegedReason', 'a reason is given but no mode is privileged', psa.privilegedReason, 'remove privilegedReason');
    }
    const enforce = modes[0].level;
    for (const { mode, level } of modes.slice(1)) {
      if (level._strictness < enforce._strictness) {
        throw invalidInput(this, `podSecurity.${mode}`, `is weaker than enforce (${enforce.value}), so violations would be enforced without being ${mode === 'audit' ? 'audited' : 'warned about'}`, level.value,
          `set ${mode} to ${enforce.value} or stricter`);
      }
    }
    const labels: { [key: string]: string } = {};
    for (const { mode, level, version } of modes) {
      labels[psaLevelLabel(mode)] = level.value;
      labels[psaVersionLabel(mode)] = version;
    }
    return labels;
  }

  private resolveQuota(q: NamespaceQuotaOptions): { [key: string]: string } {
    const count = (field: string, value: number) => {
      if (!Number.isInteger(value) || value < 0) {
        throw invalidInput(this, `quota.${field}`, 'must be a whole number, 0 or more', value, 'give a count such as 10');
      }
      return String(value);
    };
    const hard = {
      'requests.cpu': validateQuantity(this, 'quota.requestsCpu', q.requestsCpu ?? '4'),
      'requests.memory': validateQuantity(this, 'quota.requestsMemory', q.requestsMemory ?? '8Gi'),
      'limits.cpu': validateQuantity(this, 'quota.limitsCpu', q.limitsCpu ?? '8'),
      'limits.memory': validateQuantity(this, 'quota.limitsMemory', q.limitsMemory ?? '16Gi'),
      'pods': count('pods', q.pods ?? 50),
      'persistentvolumeclaims': count('persistentVolumeClaims', q.persistentVolumeClaims ?? 20),
      'services.loadbalancers': count('loadBalancers', q.loadBalancers ?? 0),
      'services.nodeports': count('nodePorts', q.nodePorts ?? 0),
    };
    compareQuantities(this, 'quota', 'requestsCpu', hard['requests.cpu'], 'limitsCpu', hard['limits.cpu']);
    compareQuantities(this, 'quota', 'requestsMemory', hard['requests.memory'], 'limitsMemory', hard['limits.memory']);
    return hard;
  }

  private resolveLimits(l: NamespaceLimitsOptions): { [key: string]: unknown } {
    const v = (field: keyof NamespaceLimitsOptions, fallback: string) => validateQuantity(this, `limits.${field}`, l[field] ?? fallback);
    const requestCpu = v('defaultRequestCpu', '100m');
    const requestMemory = v('defaultRequestMemory', '128Mi');
    const limitCpu = v('defaultLimitCpu', '500m');
    const limitMemory = v('defaultLimitMemory', '512Mi');
    const maxCpu = v('maxCpu', '4');
    const maxMemory = v('maxMemory', '8Gi');
    compareQuantities(this, 'limits', 'defaultRequestCpu', requestCpu, 'defaultLimitCpu', limitCpu);
    compareQuantities(this, 'limits', 'defaultRequestMemory', requestMemory, 'defaultLimitMemory', limitMemory);
    compareQuantities(this, 'limits', 'defaultLimitCpu', limitCpu, 'maxCpu', maxCpu);
    compareQuantities(this, 'limits', 'defaultLimitMemory', limitMemory, 'maxMemory', maxMemory);
    return {
      type: 'Container',
      defaultRequest: { cpu: requestCpu, memory: requestMemory },
      default: { cpu: limitCpu, memory: limitMemory },
      max: { cpu: maxCpu, memory: maxMemory },
    };
  }
}

function compareQuantities(scope: Construct, prefix: string, smallField: string, small: string, largeField: string, large: string): void {
  // Both were validated as quantities already.
  const a = parseQuantityOrZero(small);
  const b = parseQuantityOrZero(large);
  if (a > b) {
    throw invalidInput(scope, `${prefix}.${smallField}`, `is larger than ${prefix}.${largeField} (${large})`, small, `make ${smallField} at most ${largeField}`);
  }
}

function parseQuantityOrZero(text: string): number {
  return parseQuantity(text) ?? 0;
}
