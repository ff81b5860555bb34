// The control catalogues our findings cite: the NSA/CISA Kubernetes Hardening Guide v1.1 (its
// sections) and Kubescape's controls (kubescape/regolibrary controls/*.json: id and name).

/** The NSA/CISA Kubernetes Hardening Guide, the version we implement. @internal */
export const NSA_GUIDE = 'NSA/CISA Kubernetes Hardening Guide v1.1';

/** Sections of the guide (v1.1, March 2022) that rules cite. @internal */
export const NSA_SECTIONS = {
  POD: 'Kubernetes Pod security',
  NETWORK: 'Network separation and hardening',
  AUTH: 'Authentication and authorization',
  AUDIT: 'Audit logging and threat detection',
  UPGRADES: 'Upgrading and application security practices',
} as const;

/** A Kubescape control: its id and its name in Kubescape. @internal */
export interface KubescapeControl {
  readonly id: string;
  readonly name: string;
}

function ks(id: string, name: string): KubescapeControl {
  return { id, name };
}

/** Kubescape controls by id, with the names Kubescape gives them. @internal */
export const KUBESCAPE = {
  C0002: ks('C-0002', 'Prevent containers from allowing command execution'),
  C0005: ks('C-0005', 'API server insecure port is enabled'),
  C0009: ks('C-0009', 'Resource limits'),
  C0012: ks('C-0012', 'Applications credentials in configuration files'),
  C0013: ks('C-0013', 'Non-root containers'),
  C0015: ks('C-0015', 'List Kubernetes secrets'),
  C0016: ks('C-0016', 'Allow privilege escalation'),
  C0017: ks('C-0017', 'Immutable container filesystem'),
  C0030: ks('C-0030', 'Ingress and Egress blocked'),
  C0034: ks('C-0034', 'Automatic mapping of service account'),
  C0035: ks('C-0035', 'Administrative Roles'),
  C0038: ks('C-0038', 'Host PID/IPC privileges'),
  C0041: ks('C-0041', 'HostNetwork access'),
  C0044: ks('C-0044', 'Container hostPort'),
  C0046: ks('C-0046', 'Insecure capabilities'),
  C0048: ks('C-0048', 'HostPath mount'),
  C0054: ks('C-0054', 'Cluster internal networking'),
  C0055: ks('C-0055', 'Linux hardening'),
  C0057: ks('C-0057', 'Privileged container'),
  C0065: ks('C-0065', 'No impersonation'),
  C0066: ks('C-0066', 'Secret/etcd encryption enabled'),
  C0067: ks('C-0067', 'Audit logs enabled'),
  C0069: ks('C-0069', 'Disable anonymous access to Kubelet service'),
  C0070: ks('C-0070', 'Enforce Kubelet client TLS authentication'),
  C0185: ks('C-0185', 'Ensure that the cluster-admin role is only used where required'),
  C0186: ks('C-0186', 'Minimize access to secrets'),
  C0187: ks('C-0187', 'Minimize wildcard use in Roles and ClusterRoles'),
  C0188: ks('C-0188', 'Minimize access to create pods'),
  C0191: ks('C-0191', 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster'),
  C0260: ks('C-0260', 'Missing network policy'),
  C0262: ks('C-0262', 'Anonymous user has RoleBinding'),
  C0265: ks('C-0265', 'system:authenticated user has elevated roles'),
  C0270: ks('C-0270', 'Ensure CPU limits are set'),
  C0271: ks('C-0271', 'Ensure memory limits are set'),
  C0279: ks('C-0279', 'Minimize access to the proxy sub-resource of nodes'),
} as const;

/** Kubescape's documentation page of a control. @internal */
export function kubescapeUri(control: KubescapeControl): string {
  return `https://hub.armosec.io/docs/${control.id.toLowerCase()}`;
}

/** The Pod Security Standards page, with an anchor per profile. @internal */
export const PSS_URI = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';
