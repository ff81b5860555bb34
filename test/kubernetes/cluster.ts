// A real control plane for the tests: etcd, kube-apiserver and kube-controller-manager, built from Kubernetes' own Go
// modules by kube/build.sh, started on loopback with certificates and service-account keys made
// for the run. One start per test run (test/kubernetes/global-setup.ts); the tests reach it through
// the state file whose path is in CDK8S_HARDENING_KUBE (test/kubernetes/client.ts). A test file may
// start one of its own with other API server flags (startCluster's options).
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/** The environment variable that holds the path of the running cluster's state file. */
export const STATE_ENV = 'CDK8S_HARDENING_KUBE';

/** A user of the test cluster, authenticated by a client certificate (CN the name, O the groups). */
export interface ClusterUser {
  readonly name: string;
  readonly groups: readonly string[];
  readonly certFile: string;
  readonly keyFile: string;
  readonly kubeconfig: string;
}

/** What the tests need to reach the running cluster. */
export interface ClusterState {
  readonly server: string;
  /** etcd's client URL, and the API server's client certificate for it (etcd requires one). */
  readonly etcdServer: string;
  readonly etcdCertFile: string;
  readonly etcdKeyFile: string;
  /** kube-apiserver's command-line flags, for restartApiServer. */
  readonly apiserverArgs: string[];
  readonly caFile: string;
  readonly dir: string;
  /** The folder of the etcd and kube-apiserver binaries (kube/build.sh's cache). */
  readonly binDir: string;
  readonly users: Record<string, ClusterUser>;
  /** Process ids of etcd, kube-apiserver and kube-controller-manager (when started). */
  readonly pids: number[];
  readonly etcdVersion: string;
  readonly apiserverVersion: string;
}

/**
 * The test users: `admin` is in system:masters; `tester` is an ordinary user that RBAC lets do
 * anything (the tests bind it), so that only admission decides; `nobody` is an ordinary user with
 * no binding at all; `auditor` is an ordinary user the tests give read access to (Kubernetes'
 * `view` role: no Secrets, no RBAC objects).
 */
export const USERS: Record<string, readonly string[]> = {
  admin: ['system:masters'],
  tester: ['cdk8s-hardening:testers'],
  nobody: [],
  auditor: ['cdk8s-hardening:auditors'],
};

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** An EC key and a certificate signed by the run's CA, with the subject and extensions given. */
function issue(dir: string, name: string, subject: string, extensions: string): void {
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
  fs.writeFileSync(path.join(dir, `${name}.ext`), extensions);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
    '-days', '2', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.crt`], dir);
}

/** The run's CA, the serving and client certificates, and the service-account key pair. */
function makeCertificates(dir: string): void {
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=cdk8s-hardening-test-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  const server = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n';
  const client = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n';
  issue(dir, 'etcd', '/CN=etcd', server);
  issue(dir, 'apiserver', '/CN=kube-apiserver', server);
  issue(dir, 'apiserver-etcd-client', '/CN=kube-apiserver-etcd-client', client);
  for (const [user, groups] of Object.entries(USERS)) {
    issue(dir, `user-${user}`, `/CN=${user}${groups.map(g => `/O=${g}`).join('')}`, client);
  }
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'sa.key'], dir);
  openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}

function kubeconfig(server: string, caFile: string, user: string, certFile: string, keyFile: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: test\n  cluster:\n    server: ${server}\n    certificate-authority: ${caFile}`,
    'users:',
    `- name: ${user}\n  user:\n    client-certificate: ${certFile}\n    client-key: ${keyFile}`,
    'contexts:',
    `- name: ${user}\n  context:\n    cluster: test\n    user: ${user}`,
    `current-context: ${user}`,
    '',
  ].join('\n');
}

/** A TCP port free on loopback now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Builds (or finds in the cache) etcd and kube-apiserver: the folder holding them. */
export function buildComponents(): string {
  const out = execFileSync(path.join(ROOT, 'kube', 'build.sh'), { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = out.trim().split('\n');
  return lines[lines.length - 1];
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** GETs `url` with a client certificate: status and body, or undefined while nothing answers. */
function probe(url: string, ca: Buffer, cert: Buffer, key: Buffer): Promise<{ status: number; body: string } | undefined> {
  return new Promise(resolve => {
    const req = https.get(url, { ca, cert, key, timeout: 5000 }, res => {
      let body = '';
      res.setEncoding('utf-8');
      res.on('data', d => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => { req.destroy(); resolve(undefined); });
  });
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf-8').split('\n').slice(-30).join('\n');
  } catch {
    return '';
  }
}

async function waitFor(what: string, url: string, dir: string, certName: string, child: ChildProcess, log: string, timeoutMs: number): Promise<void> {
  const ca = fs.readFileSync(path.join(dir, 'ca.crt'));
  const cert = fs.readFileSync(path.join(dir, `${certName}.crt`));
  const key = fs.readFileSync(path.join(dir, `${certName}.key`));
  const deadline = Date.now() + timeoutMs;
  let failed: Error | undefined;
  child.once('error', e => { failed = e; });
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null || failed) {
      throw new Error(`${what} exited (${failed?.message ?? child.exitCode ?? child.signalCode}) before it was ready; the end of ${log}:\n${tail(log)}`);
    }
    const r = await probe(url, ca, cert, key);
    if (r && r.status === 200) return;
    last = r ? `${r.status} ${r.body.slice(0, 2000)}` : 'no answer';
    await sleep(250);
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000}s (${url}: ${last}); the end of ${log}:\n${tail(log)}`);
}

function version(binary: string): string {
  return execFileSync(binary, ['--version'], { encoding: 'utf-8' }).split('\n')[0].trim();
}

/** How a cluster differs from the shared test cluster. */
export interface ClusterOptions {
  /**
   * kube-apiserver flags (name without `--` → value) given the cluster's folder (where its CA,
   * `ca.crt`, is): added to the test cluster's, or replacing a flag of the same name.
   */
  readonly apiserverFlags?: (dir: string) => Record<string, string>;
  /** Start kube-controller-manager. @default true */
  readonly controllerManager?: boolean;
}

/**
 * Starts etcd and kube-apiserver on loopback, each on a free port, and waits until the API server
 * is ready (its RBAC bootstrap included). Everything lives in a fresh temporary folder.
 */
export async function startCluster(bin: string, options: ClusterOptions = {}): Promise<ClusterState> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-kube-'));
  const pids: number[] = [];
  try {
    return await start(bin, dir, pids, options);
  } catch (e) {
    killNow({ pids, dir });
    throw e;
  }
}

/** The test cluster's kube-apiserver flags. */
function apiserverFlags(dir: string, etcdClient: number, apiPort: number): Record<string, string> {
  const f = (name: string) => path.join(dir, name);
  return {
    'etcd-servers': `https://127.0.0.1:${etcdClient}`,
    'etcd-cafile': f('ca.crt'),
    'etcd-certfile': f('apiserver-etcd-client.crt'),
    'etcd-keyfile': f('apiserver-etcd-client.key'),
    'bind-address': '127.0.0.1',
    'advertise-address': '127.0.0.1',
    'secure-port': String(apiPort),
    'tls-cert-file': f('apiserver.crt'),
    'tls-private-key-file': f('apiserver.key'),
    'client-ca-file': f('ca.crt'),
    'service-account-issuer': 'https://kubernetes.default.svc.cluster.local',
    'service-account-key-file': f('sa.pub'),
    'service-account-signing-key-file': f('sa.key'),
    'service-cluster-ip-range': '10.96.0.0/16',
    'authorization-mode': 'Node,RBAC',
    // no kubernetes Service endpoints to keep: the server's address is loopback
    'endpoint-reconciler-type': 'none',
    // as kubeadm sets it: privileged pods are Pod Security Admission's to refuse, not validation's
    'allow-privileged': 'true',
    'cert-dir': f('apiserver-certs'),
    'profiling': 'false',
    'v': '0',
  };
}

/** Starts kube-apiserver with `args` and waits until `readyPath` answers 200 to the admin. */
async function startApiServer(bin: string, dir: string, args: string[], server: string, pids: number[], readyPath: string): Promise<number> {
  const apiLog = path.join(dir, 'kube-apiserver.log');
  const apiserver = spawn(path.join(bin, 'kube-apiserver'), args, { stdio: ['ignore', fs.openSync(apiLog, 'a'), fs.openSync(apiLog, 'a')] });
  pids.push(apiserver.pid!);
  watch([apiserver.pid!]);
  await waitFor('kube-apiserver', `${server}${readyPath}`, dir, 'user-admin', apiserver, apiLog, 180_000);
  return apiserver.pid!;
}

async function start(bin: string, dir: string, pids: number[], options: ClusterOptions): Promise<ClusterState> {
  makeCertificates(dir);
  const f = (name: string) => path.join(dir, name);
  const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];

  const etcdLog = f('etcd.log');
  const etcd = spawn(path.join(bin, 'etcd'), [
    '--name=test', `--data-dir=${f('etcd-data')}`,
    `--listen-client-urls=https://127.0.0.1:${etcdClient}`, `--advertise-client-urls=https://127.0.0.1:${etcdClient}`,
    `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
    `--initial-cluster=test=http://127.0.0.1:${etcdPeer}`,
    `--cert-file=${f('etcd.crt')}`, `--key-file=${f('etcd.key')}`, '--client-cert-auth', `--trusted-ca-file=${f('ca.crt')}`,
    '--listen-metrics-urls=', '--log-level=warn', '--unsafe-no-fsync', '--quota-backend-bytes=1073741824',
  ], { stdio: ['ignore', fs.openSync(etcdLog, 'a'), fs.openSync(etcdLog, 'a')] });
  pids.push(etcd.pid!);
  watch([etcd.pid!]);
  await waitFor('etcd', `https://127.0.0.1:${etcdClient}/health`, dir, 'apiserver-etcd-client', etcd, etcdLog, 60_000);

  const flags = { ...apiserverFlags(dir, etcdClient, apiPort), ...options.apiserverFlags?.(dir) };
  const apiserverArgs = Object.entries(flags).map(([name, value]) => `--${name}=${value}`);
  const server = `https://127.0.0.1:${apiPort}`;
  await startApiServer(bin, dir, apiserverArgs, server, pids, '/readyz');

  const users: Record<string, ClusterUser> = {};
  for (const [name, groups] of Object.entries(USERS)) {
    const user: ClusterUser = { name, groups, certFile: f(`user-${name}.crt`), keyFile: f(`user-${name}.key`), kubeconfig: f(`${name}.kubeconfig`) };
    fs.writeFileSync(user.kubeconfig, kubeconfig(server, f('ca.crt'), name, user.certFile, user.keyFile));
    users[name] = user;
  }

  if (options.controllerManager ?? true) {
    // only the controller that type-checks ValidatingAdmissionPolicies (status.typeChecking): the
    // tests do what the others would (ServiceAccounts, ResourceQuota status) where they need it
    const kcmLog = f('kube-controller-manager.log');
    const kcm = spawn(path.join(bin, 'kube-controller-manager'), [
      `--kubeconfig=${users.admin.kubeconfig}`,
      '--controllers=validatingadmissionpolicy-status-controller',
      '--leader-elect=false', '--bind-address=127.0.0.1', `--secure-port=${await freePort()}`, `--cert-dir=${f('kcm-certs')}`,
      '--profiling=false', '--v=0',
    ], { stdio: ['ignore', fs.openSync(kcmLog, 'a'), fs.openSync(kcmLog, 'a')] });
    pids.push(kcm.pid!);
    watch([kcm.pid!]);
    await sleep(1000);
    if (kcm.exitCode !== null) throw new Error(`kube-controller-manager exited (${kcm.exitCode}); the end of ${kcmLog}:\n${tail(kcmLog)}`);
  }
  return {
    server,
    etcdServer: `https://127.0.0.1:${etcdClient}`,
    etcdCertFile: f('apiserver-etcd-client.crt'),
    etcdKeyFile: f('apiserver-etcd-client.key'),
    apiserverArgs,
    caFile: f('ca.crt'),
    dir,
    binDir: bin,
    users,
    pids,
    etcdVersion: version(path.join(bin, 'etcd')),
    apiserverVersion: version(path.join(bin, 'kube-apiserver')),
  };
}

/**
 * Stops kube-apiserver and starts it again with the same flags (etcd and its data kept), waiting
 * until `readyPath` answers 200 (`/livez` when a readiness check is expected to fail).
 */
export async function restartApiServer(state: ClusterState, readyPath = '/readyz'): Promise<void> {
  const old = state.pids[1];
  await stopProcesses([old]);
  const started: number[] = [];
  try {
    await startApiServer(state.binDir, state.dir, state.apiserverArgs, state.server, started, readyPath);
  } finally {
    state.pids[1] = started[0] ?? old;
  }
}

/**
 * A watchdog process that ends processes of the tests when this process ends in any way, a
 * SIGKILL included (exit handlers do not run then).
 */
export function watch(pids: number[]): void {
  const script = `const [parent, ...pids] = process.argv.slice(1).map(Number);
const alive = p => { try { process.kill(p, 0); return true; } catch { return false; } };
setInterval(() => { if (!alive(parent)) { for (const p of pids) { try { process.kill(p, 'SIGTERM'); } catch {} } process.exit(0); } }, 500);`;
  const w = spawn(process.execPath, ['-e', script, String(process.pid), ...pids.map(String)], { stdio: 'ignore', detached: true });
  w.unref();
}

/** Ends etcd and kube-apiserver and removes the run's folder. */
export async function stopCluster(state: ClusterState): Promise<void> {
  await stopProcesses([...state.pids].reverse());
  fs.rmSync(state.dir, { recursive: true, force: true });
}

/** Sends SIGTERM to the processes, and SIGKILL to those still there after 10 s. */
export async function stopProcesses(pids: number[]): Promise<void> {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 10_000;
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  while (pids.some(alive) && Date.now() < deadline) await sleep(100);
  for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
}

/** Ends the processes at once, for exit handlers (no waiting there). */
export function killNow(state: Pick<ClusterState, 'pids' | 'dir'>): void {
  for (const pid of state.pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  try {
    fs.rmSync(state.dir, { recursive: true, force: true });
  } catch {
    // best effort while exiting
  }
}
