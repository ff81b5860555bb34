// The real components that read the control-plane files without a running cluster: kubeadm, and
// the kubelet's own decoding and validation of its configuration file (kube/kubernetes/kubeletconfig),
// both built by kube/build.sh from the pinned k8s.io/kubernetes (the same build test/kubernetes/
// starts kube-apiserver from). These tests start no server: outside test/kubernetes/, jest's global
// setup starts nothing, and they build (or find in the cache) the binaries themselves.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Yaml } from 'cdk8s';
import { HardenedControlPlane, HardenedControlPlaneProps } from '../../src';
import { runCli } from '../../src/cli/run';
import { buildComponents } from '../kubernetes/cluster';

export type Json = Record<string, any>;

/** The first build compiles kubeadm from source: minutes; later runs find it in the cache. */
export const BUILD_TIMEOUT_MS = 30 * 60_000;

let binDir: string | undefined;

/** The folder of the binaries kube/build.sh built (building them on first use). */
export function bin(name: 'kubeadm' | 'kubeletconfig'): string {
  binDir ??= buildComponents();
  return path.join(binDir, name);
}

/** A scratch folder of the test run, removed when the process exits. */
export function scratch(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cdk8s-hardening-${prefix}-`));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a built component, never through a shell. */
export function run(name: 'kubeadm' | 'kubeletconfig', args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(bin(name), args, { encoding: 'utf-8', env: { ...process.env, ...env }, timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The release of the built kubeadm (`v1.NN.P`): the kubernetesVersion a configuration for it pins. */
export function kubeadmVersion(): string {
  return run('kubeadm', ['version', '-o', 'short']).stdout.trim();
}

/** The example's control plane (examples/control-plane.ts) at the built kubeadm's release, plus `props`. */
export function controlPlane(props: Partial<HardenedControlPlaneProps> = {}): HardenedControlPlane {
  return new HardenedControlPlane(new App(), 'control-plane', {
    kubernetesVersion: kubeadmVersion(),
    clusterName: 'shop',
    controlPlaneEndpoint: 'k8s-api.acme.example:6443',
    podSubnet: '10.244.0.0/16',
    kms: { name: 'vault', endpoint: 'unix:///var/run/vault-kms/socket.sock' },
    ...props,
  });
}

/**
 * The node's own part of `kubeadm init`, which the library leaves to each node: its name and
 * address (otherwise kubeadm takes the host's name and the address of its default route).
 */
export const INIT_CONFIGURATION: Json = {
  apiVersion: 'kubeadm.k8s.io/v1beta4',
  kind: 'InitConfiguration',
  localAPIEndpoint: { advertiseAddress: '10.0.0.10', bindPort: 6443 },
  nodeRegistration: { name: 'cp-1' },
};

/** Writes YAML documents to a file of `dir`; returns its path. */
export function writeYaml(dir: string, name: string, ...docs: unknown[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, Yaml.stringify(...docs));
  return file;
}

/**
 * Runs the kubeadm phases that only write files — certificates, kubeconfigs, the control-plane
 * static pods, local etcd's static pod — with `config`, in dry-run mode: everything goes to `out`
 * (kubeadm's KUBEADM_INIT_DRYRUN_DIR), the manifests still naming the configuration's paths
 * (`/etc/kubernetes/pki/...`). Needs neither root nor a node.
 */
export function initPhases(config: string, out: string): Run[] {
  const phases = [['certs', 'all'], ['kubeconfig', 'all'], ['control-plane', 'all'], ['etcd', 'local']];
  return phases.map(p => run('kubeadm', ['init', 'phase', ...p, '--config', config, '--dry-run'], { KUBEADM_INIT_DRYRUN_DIR: out }));
}

/** The four static pods kubeadm wrote to `dir`. */
export const STATIC_PODS = ['etcd.yaml', 'kube-apiserver.yaml', 'kube-controller-manager.yaml', 'kube-scheduler.yaml'];

/** `cdk8s-hardening check ARGS...`: exit code and output. */
export function check(...args: string[]): { code: number; text: string } {
  const out: string[] = [];
  const code = runCli(['check', ...args], { out: t => out.push(t), err: t => out.push(t) });
  return { code, text: out.join('') };
}

/** `openssl verify -CAfile ca ...certs`: whether every certificate verifies. */
export function opensslVerify(ca: string, purpose: 'sslclient' | 'sslserver', certs: string[]): boolean {
  try {
    execFileSync('openssl', ['verify', '-purpose', purpose, '-CAfile', ca, ...certs], { stdio: ['ignore', 'pipe', 'pipe'] });
    return true;
  } catch {
    return false;
  }
}
