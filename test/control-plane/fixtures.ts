// Control-plane objects for the tests: the static pods kubeadm writes (test/fixtures/control-plane:
// `kubeadm-default` as `kubeadm init` writes them without a configuration, `hardened` with the
// HardenedControlPlane's ClusterConfiguration applied), and what the constructs synthesize.
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { HardenedControlPlane, HardenedControlPlaneProps } from '../../src';

export type Json = Record<string, any>;

export const FIXTURES = path.join(__dirname, '../fixtures/control-plane');

export const KMS = { name: 'vault', endpoint: 'unix:///var/run/kms-plugin/socket.sock' };

/** A static pod manifest of kube-system, as kubeadm writes it. */
export function staticPod(component: 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'etcd', set: 'kubeadm-default' | 'hardened' = 'hardened'): Json {
  return parse(fs.readFileSync(path.join(FIXTURES, set, `${component}.yaml`), 'utf8'));
}

/** Sets (`value`) or removes (`undefined`) a `--name=value` item of a static pod's command. */
export function withFlag(pod: Json, name: string, value: string | undefined): Json {
  const command: string[] = pod.spec.containers[0].command;
  const rest = command.filter(c => !c.startsWith(`--${name}=`) && c !== `--${name}`);
  pod.spec.containers[0].command = value === undefined ? rest : [...rest, `--${name}=${value}`];
  return pod;
}

/** The objects a HardenedControlPlane synthesizes, by kind. */
export function controlPlaneObjects(props: Partial<HardenedControlPlaneProps> = {}): Record<string, Json> {
  const app = Testing.app();
  const cp = new HardenedControlPlane(app, 'control-plane', { kubernetesVersion: 'v1.33.2', kms: KMS, ...props });
  const objects: Record<string, Json> = {};
  for (const o of Testing.synth(cp) as Json[]) objects[o.kind] = o;
  return objects;
}

/** The value of a v1beta4 `extraArgs` entry. */
export function extraArg(section: Json, name: string): string | undefined {
  return (section.extraArgs as Array<{ name: string; value: string }>).find(a => a.name === name)?.value;
}

/** Sets (`value`) or removes (`undefined`) a v1beta4 `extraArgs` entry. */
export function withExtraArg(section: Json, name: string, value: string | undefined): void {
  const rest = (section.extraArgs as Array<{ name: string; value: string }>).filter(a => a.name !== name);
  section.extraArgs = value === undefined ? rest : [...rest, { name, value }];
}

/**
 * The control-plane pack's findings (`ruleId resourceName`, sorted) on the static pods of kubeadm's
 * defaults: the hand-written fixture ('kubeadm-default') and kubeadm's own output must both give these.
 */
export const KUBEADM_DEFAULT_GAPS: readonly string[] = [
  'ApiServerAnonymousAuth kube-apiserver',
  'ApiServerAuditLog kube-apiserver',
  'ApiServerAuditLog kube-apiserver',
  'ApiServerEncryptionConfig kube-apiserver',
  'ControlPlaneProfiling kube-apiserver',
  'ControlPlaneProfiling kube-controller-manager',
  'ControlPlaneProfiling kube-scheduler',
  'ControlPlaneTls kube-apiserver',
];

/** The kinds (`apiVersion kind`, sorted) of the example's control-plane chart: configuration files, no API objects. */
export const CONTROL_PLANE_FILE_KINDS: readonly string[] = [
  'apiserver.config.k8s.io/v1 AdmissionConfiguration',
  'apiserver.config.k8s.io/v1 EncryptionConfiguration',
  'apiserver.config.k8s.io/v1beta1 AuthenticationConfiguration',
  'audit.k8s.io/v1 Policy',
  'kubeadm.k8s.io/v1beta4 ClusterConfiguration',
  'kubelet.config.k8s.io/v1beta1 KubeletConfiguration',
];
