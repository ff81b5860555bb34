import { Construct } from 'constructs';
import { AuditLevel, HardenedControlPlane } from '../src/control-plane';

/**
 * The example cluster's control plane, built with kubeadm: a chart of its own, synthesized to
 * `control-plane.k8s.yaml` (for `kubeadm init --config` and the control-plane nodes, never for
 * `kubectl apply`). Secrets are encrypted by the Vault KMS plugin every control-plane node runs;
 * Prometheus's reads are left out of the audit log.
 *
 * @param scope the App (the control-plane chart sits next to the workloads' chart)
 */
export function exampleControlPlane(scope: Construct): HardenedControlPlane {
  return new HardenedControlPlane(scope, 'control-plane', {
    kubernetesVersion: 'v1.33.2',
    clusterName: 'shop',
    controlPlaneEndpoint: 'k8s-api.acme.example:6443',
    podSubnet: '10.244.0.0/16',
    kms: { name: 'vault', endpoint: 'unix:///var/run/vault-kms/socket.sock' },
    auditRules: [{
      level: AuditLevel.NONE,
      users: ['system:serviceaccount:monitoring:prometheus'],
      verbs: ['get', 'list', 'watch'],
    }],
  });
}
