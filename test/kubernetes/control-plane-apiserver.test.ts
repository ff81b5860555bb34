// The API server started with the files HardenedControlPlane generates: a kube-apiserver of its own
// (and its own etcd), started with the flags of the generated kubeadm ClusterConfiguration
// (`apiServer.extraArgs`; the node paths there replaced by this test's copies of the files), and
// a KMS v2 plugin (kube/kms, built on k8s.io/kms) on the socket the EncryptionConfiguration names.
// It shows what the files promise: Secrets encrypted in etcd, and unreadable without the plugin;
// an audit log that holds no credential but the bodies of RBAC changes and every exec, attach and
// proxy request; anonymous requests answered on the health endpoints only; Pod Security's
// cluster defaults and exemptions.
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { Answer, ANONYMOUS, closeConnections, create, eventually, messageOf, request, useCluster } from './client';
import { buildComponents, ClusterState, restartApiServer, startCluster, stopCluster, stopProcesses, watch } from './cluster';
import { HardenedControlPlane } from '../../src/control-plane';

type Json = Record<string, any>;

const KMS_NAME = 'test-kms';
const EXEMPT_NAMESPACE = 'legacy-tools';
const EXEMPT_USER = 'ci-deployer';

/** The folder of this test's files: the generated configuration, the plugin's key and socket, the audit log. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-cp-'));
const socket = path.join(dir, 'kms.sock');
const auditLog = path.join(dir, 'audit', 'audit.log');
let cluster: ClusterState | undefined;
let plugin: ChildProcess | undefined;
let controlPlane: HardenedControlPlane;

/** The control plane as the library generates it for the release the test's API server runs. */
function generate(kubernetesVersion: string): HardenedControlPlane {
  return new HardenedControlPlane(new App(), 'control-plane', {
    kubernetesVersion,
    kms: { name: KMS_NAME, endpoint: `unix://${socket}` },
    podSecurity: {
      exemptNamespaces: [
        { name: 'kube-system', reason: 'kube-proxy and the network plugin run privileged DaemonSets there' },
        { name: EXEMPT_NAMESPACE, reason: 'the legacy backup agent needs host access until PLAT-12 replaces it' },
      ],
      exemptUsers: [{ name: EXEMPT_USER, reason: 'the CI deployer installs the node agents (reviewed in SEC-40)' }],
    },
  });
}

/**
 * The API server's flags from the generated ClusterConfiguration, each path on the node replaced
 * by this test's copy of the file the library generated for it; any other node path fails.
 */
function apiserverFlags(cp: HardenedControlPlane, clusterDir: string): Record<string, string> {
  const local = new Map<string, string>();
  for (const file of cp.nodeFiles().slice(1)) {
    const copy = path.join(dir, file.path.replace(/^\/etc\/kubernetes\//, '').replace(/\//g, '-'));
    fs.writeFileSync(copy, file.content);
    local.set(file.path, copy);
  }
  const flags: Record<string, string> = {};
  for (const [name, value] of Object.entries(cp.kubeadm.apiServerArgs)) {
    if (name === 'audit-log-path') {
      flags[name] = auditLog;
    } else if (name === 'kubelet-certificate-authority') {
      flags[name] = path.join(clusterDir, 'ca.crt');
    } else if (value.startsWith('/')) {
      const copy = local.get(value);
      if (!copy) throw new Error(`--${name}=${value}: a file on the node that the test does not know`);
      flags[name] = copy;
    } else {
      flags[name] = value;
    }
  }
  return flags;
}

/** Starts the KMS plugin with a key of the test's own and waits for its socket. */
async function startPlugin(bin: string): Promise<ChildProcess> {
  const keyFile = path.join(dir, 'kms.key');
  if (!fs.existsSync(keyFile)) fs.writeFileSync(keyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  const log = path.join(dir, 'kms-plugin.log');
  const p = spawn(path.join(bin, 'kms-plugin'), [`--listen=${socket}`, `--key-file=${keyFile}`], { stdio: ['ignore', fs.openSync(log, 'a'), fs.openSync(log, 'a')] });
  watch([p.pid!]);
  await eventually('the KMS plugin listens', async () => {
    if (p.exitCode !== null) throw new Error(`kms-plugin exited (${p.exitCode}): ${fs.readFileSync(log, 'utf-8')}`);
    return fs.existsSync(socket);
  }, 10_000);
  return p;
}

beforeAll(async () => {
  const bin = buildComponents();
  const version = execFileSync(path.join(bin, 'kube-apiserver'), ['--version'], { encoding: 'utf-8' }).trim().split(' ').pop()!;
  controlPlane = generate(version);
  plugin = await startPlugin(bin);
  cluster = await startCluster(bin, { controllerManager: false, apiserverFlags: d => apiserverFlags(controlPlane, d) });
  useCluster(cluster);
}, 300_000);

afterAll(async () => {
  closeConnections();
  if (cluster) await stopCluster(cluster);
  if (plugin?.pid) await stopProcesses([plugin.pid]);
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** A random value no request or log holds by chance. */
const secretValue = (what: string) => `${what}-${randomBytes(12).toString('hex')}`;
const b64 = (s: string) => Buffer.from(s).toString('base64');

async function ok(a: Promise<Answer>, what: string): Promise<Answer> {
  const answer = await a;
  if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${messageOf(answer)}`);
  return answer;
}

/** A namespace with no labels, and its default ServiceAccount (no controller makes it here). */
async function namespace(name: string, labels?: Record<string, string>): Promise<void> {
  await ok(create('admin', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }), `namespace ${name}`);
  await ok(create('admin', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } }), `default ServiceAccount of ${name}`);
}

/** The events of the audit log. */
function auditEvents(): Json[] {
  return fs.readFileSync(auditLog, 'utf-8').split('\n').filter(l => l.trim() !== '').map(l => JSON.parse(l));
}

/**
 * A streaming request as kubectl exec and attach send it (a WebSocket upgrade, Kubernetes'
 * v5.channel.k8s.io protocol): the status the API server answers with, and its message (after an
 * upgrade, what it sends on the stream until it closes it: the error channel's status).
 */
function upgrade(user: string, urlPath: string): Promise<{ status: number; message: string }> {
  const s = cluster!;
  const [ca, cert, key] = [s.caFile, s.users[user].certFile, s.users[user].keyFile].map(f => fs.readFileSync(f));
  return new Promise((resolve, reject) => {
    const req = https.request(s.server + urlPath, {
      method: 'GET',
      ca,
      cert,
      key,
      headers: {
        'Connection': 'Upgrade',
        'Upgrade': 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        'Sec-WebSocket-Protocol': 'v5.channel.k8s.io',
      },
    });
    req.on('upgrade', (res, sock, head) => {
      const chunks: Buffer[] = [head];
      const done = () => {
        clearTimeout(timer);
        sock.destroy();
        resolve({ status: res.statusCode ?? 0, message: Buffer.concat(chunks).toString('latin1').replace(/[^\x20-\x7e]/g, ' ') });
      };
      const timer = setTimeout(done, 15_000);
      sock.on('data', (d: Buffer) => chunks.push(d));
      sock.on('close', done);
      sock.on('end', done);
      sock.on('error', done);
    });
    req.on('response', res => {
      let text = '';
      res.setEncoding('utf-8');
      res.on('data', d => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, message: text.slice(0, 500) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** etcd's stored value of a key, read with etcd's gRPC gateway and the API server's client certificate. */
function etcdValue(key: string): Promise<Buffer | undefined> {
  const s = cluster!;
  const [ca, cert, k] = [s.caFile, s.etcdCertFile, s.etcdKeyFile].map(f => fs.readFileSync(f));
  return new Promise((resolve, reject) => {
    const req = https.request(`${s.etcdServer}/v3/kv/range`, { method: 'POST', ca, cert, key: k, headers: { 'Content-Type': 'application/json' } }, res => {
      let text = '';
      res.setEncoding('utf-8');
      res.on('data', d => { text += d; });
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`etcd range ${key}: ${res.statusCode} ${text}`));
        const kvs = JSON.parse(text).kvs as Array<{ value: string }> | undefined;
        resolve(kvs?.[0] ? Buffer.from(kvs[0].value, 'base64') : undefined);
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify({ key: b64(key) }));
  });
}

describe('authentication: the generated AuthenticationConfiguration', () => {
  test('is the structured anonymous authenticator, limited to the health endpoints', () => {
    expect(controlPlane.authentication.apiObject.toJson()).toMatchObject({
      kind: 'AuthenticationConfiguration',
      anonymous: { enabled: true, conditions: [{ path: '/livez' }, { path: '/readyz' }, { path: '/healthz' }] },
    });
  });

  test('anonymous requests reach /livez, /readyz and /healthz', async () => {
    for (const p of ['/livez', '/readyz', '/healthz']) {
      const a = await request(ANONYMOUS, 'GET', p);
      expect({ path: p, status: a.status }).toEqual({ path: p, status: 200 });
    }
  });

  test('fails every other anonymous request with 401, where a client certificate is answered', async () => {
    const paths = [
      '/', '/api', '/api/v1', '/apis', '/version', '/metrics', '/openapi/v2', '/openapi/v3',
      '/api/v1/namespaces', '/api/v1/namespaces/default/secrets', '/api/v1/namespaces/kube-system/configmaps',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles', '/.well-known/openid-configuration', '/openid/v1/jwks',
      '/livez/etcd', '/readyz/ping', '/healthz/log', '/livez/', '/livez?verbose',
    ];
    const anonymous: Record<string, number> = {};
    const admin: Record<string, number> = {};
    for (const p of paths) {
      anonymous[p] = (await request(ANONYMOUS, 'GET', p)).status;
      admin[p] = (await request('admin', 'GET', p)).status;
    }
    // a query string is no other path: /livez?verbose is /livez
    expect(anonymous).toEqual(Object.fromEntries(paths.map(p => [p, p === '/livez?verbose' ? 200 : 401])));
    expect(Object.entries(admin).filter(([, status]) => status === 401)).toEqual([]);
  });
});

describe('Pod Security defaults: the generated AdmissionConfiguration', () => {
  const restrictedPod = (name: string, ns: string): Json => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns },
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'app',
        image: 'registry.acme.example/app:1.0.0',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      }],
    },
  });
  const privilegedPod = (name: string, ns: string): Json => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns },
    spec: { containers: [{ name: 'app', image: 'registry.acme.example/app:1.0.0', securityContext: { privileged: true } }] },
  });
  // baseline admits it, restricted does not (no seccomp profile, runs as root, keeps capabilities)
  const baselinePod = (name: string, ns: string): Json => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns },
    spec: { containers: [{ name: 'app', image: 'registry.acme.example/app:1.0.0' }] },
  });
  const verdict = (a: Answer) => a.status === 201 ? 'admit' : a.status === 403 && messageOf(a).includes('violates PodSecurity') ? 'deny' : `${a.status} ${messageOf(a)}`;
  /** admin, or a user the admin impersonates (in system:masters too, so that only admission decides) */
  const as = (user?: string) => user ? { user: 'admin', impersonate: { user, groups: ['system:masters'] } } : 'admin';

  beforeAll(async () => {
    await namespace('psa-unlabelled');
    await namespace(EXEMPT_NAMESPACE);
    await namespace('psa-privileged', { 'pod-security.kubernetes.io/enforce': 'privileged' });
    for (const ns of ['kube-system', 'default']) {
      await ok(create('admin', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } }), `${ns} default ServiceAccount`);
    }
  });

  test('a namespace without labels enforces restricted at the pinned version', async () => {
    const defaults = controlPlane.podSecurity.defaults;
    expect(defaults).toMatchObject({ 'enforce': 'restricted', 'enforce-version': expect.stringMatching(/^v1\.\d+$/) });
    const denied = await create('admin', privilegedPod('privileged', 'psa-unlabelled'), { dryRun: true });
    expect(verdict(denied)).toBe('deny');
    expect(messageOf(denied)).toContain(`"restricted:${defaults['enforce-version']}"`);
    expect(verdict(await create('admin', baselinePod('baseline', 'psa-unlabelled'), { dryRun: true }))).toBe('deny');
    expect(verdict(await create('admin', restrictedPod('restricted', 'psa-unlabelled'), { dryRun: true }))).toBe('admit');
  });

  test('a namespace\'s own label still wins over the default', async () => {
    expect(verdict(await create('admin', privilegedPod('privileged', 'psa-privileged'), { dryRun: true }))).toBe('admit');
  });

  test('the exempt namespaces, and only they, admit a pod that violates restricted', async () => {
    for (const ns of ['kube-system', EXEMPT_NAMESPACE]) {
      expect({ ns, verdict: verdict(await create('admin', privilegedPod('privileged', ns), { dryRun: true })) }).toEqual({ ns, verdict: 'admit' });
    }
    expect(verdict(await create('admin', privilegedPod('privileged', 'default'), { dryRun: true }))).toBe('deny');
  });

  test('the exempt user, and only that user, creates a pod that violates restricted', async () => {
    expect(verdict(await create(as(EXEMPT_USER), privilegedPod('privileged', 'psa-unlabelled'), { dryRun: true }))).toBe('admit');
    for (const user of [undefined, 'ci-deployer-2', 'system:serviceaccount:psa-unlabelled:ci-deployer']) {
      expect({ user, verdict: verdict(await create(as(user), privilegedPod('privileged', 'psa-unlabelled'), { dryRun: true })) }).toEqual({ user, verdict: 'deny' });
    }
  });
});

describe('audit: the generated audit Policy and log', () => {
  const ns = 'audited';
  const values: string[] = [];
  const rbacMarker = secretValue('rbac-marker');
  let token = '';

  beforeAll(async () => {
    await namespace(ns);
    const [created, updated, patched] = [secretValue('secret-created'), secretValue('secret-updated'), secretValue('secret-patched')];
    const [cmPassword, cmUpdated] = [secretValue('cm-password'), secretValue('cm-updated')];
    values.push(created, updated, patched, cmPassword, cmUpdated);

    // Secrets: create (data), read, list, update (stringData), patch, list across namespaces
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: ns }, data: { password: b64(created) } };
    await ok(create('admin', secret), 'create Secret');
    await ok(request('admin', 'GET', `/api/v1/namespaces/${ns}/secrets/db`), 'get Secret');
    await ok(request('admin', 'GET', `/api/v1/namespaces/${ns}/secrets`), 'list Secrets');
    await ok(request('admin', 'PUT', `/api/v1/namespaces/${ns}/secrets/db`, { ...secret, data: undefined, stringData: { password: updated } }), 'update Secret');
    await ok(request('admin', 'PATCH', `/api/v1/namespaces/${ns}/secrets/db`, { data: { password: b64(patched) } }, 'application/merge-patch+json'), 'patch Secret');
    await ok(request('admin', 'GET', '/api/v1/secrets'), 'list Secrets of every namespace');

    // ConfigMaps holding a password
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns }, data: { DB_PASSWORD: cmPassword } };
    await ok(create('admin', cm), 'create ConfigMap');
    await ok(request('admin', 'GET', `/api/v1/namespaces/${ns}/configmaps/settings`), 'get ConfigMap');
    await ok(request('admin', 'PUT', `/api/v1/namespaces/${ns}/configmaps/settings`, { ...cm, data: { DB_PASSWORD: cmUpdated } }), 'update ConfigMap');
    await ok(request('admin', 'GET', `/api/v1/namespaces/${ns}/configmaps`), 'list ConfigMaps');

    // a service-account token (TokenRequest)
    await ok(create('admin', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: ns } }), 'create ServiceAccount');
    const tr = await ok(request('admin', 'POST', `/api/v1/namespaces/${ns}/serviceaccounts/app/token`,
      { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 600 } }), 'TokenRequest');
    token = tr.body.status.token;
    expect(token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    await ok(request('admin', 'POST', '/apis/authentication.k8s.io/v1/tokenreviews',
      { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } }), 'TokenReview');

    // RBAC: a Role created and updated, a binding, a ClusterRole
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: ns }, rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: [rbacMarker], verbs: ['get'] }] };
    await ok(create('admin', role), 'create Role');
    await ok(request('admin', 'PUT', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles/reader`, { ...role, rules: [{ ...role.rules[0], verbs: ['get', 'list'] }] }), 'update Role');
    await ok(create('admin', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'reader', namespace: ns }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects: [{ kind: 'User', name: rbacMarker }] }), 'create RoleBinding');
    await ok(create('admin', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'audited-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], resourceNames: [rbacMarker], verbs: ['get'] }] }), 'create ClusterRole');

    // exec, attach and proxy, to a pod on a node whose kubelet does not answer
    await ok(create('admin', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'audited-node' } }), 'create Node');
    await ok(request('admin', 'PATCH', '/api/v1/nodes/audited-node/status', {
      status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: 1 } } },
    }, 'application/merge-patch+json'), 'node status');
    await ok(create('admin', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'shell', namespace: ns },
      spec: {
        nodeName: 'audited-node',
        securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'app', image: 'registry.acme.example/app:1.0.0', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      },
    }), 'create Pod');
  }, 60_000);

  // each fails, after the API server has logged it: exec and attach (upgraded to a WebSocket, as
  // kubectl sends them) when the API server dials the kubelet, which does not listen; an exec
  // without the upgrade at once; a proxy to a loopback address is refused by the API server
  const interactive = [
    { subresource: 'exec', method: 'UPGRADE', url: `/api/v1/namespaces/${ns}/pods/shell/exec?container=app&command=id&stdout=true`, level: 'RequestResponse', answer: /^101 .*dial tcp 127\.0\.0\.1:1: connect: connection refused/ },
    { subresource: 'attach', method: 'UPGRADE', url: `/api/v1/namespaces/${ns}/pods/shell/attach?container=app&stdout=true`, level: 'RequestResponse', answer: /^101 .*dial tcp 127\.0\.0\.1:1: connect: connection refused/ },
    { subresource: 'exec', method: 'POST', url: `/api/v1/namespaces/${ns}/pods/shell/exec?container=app&command=ls&stdout=true`, level: 'RequestResponse', answer: /^400 Upgrade request required$/ },
    { subresource: 'proxy', method: 'GET', url: `/api/v1/namespaces/${ns}/pods/shell/proxy/metrics`, level: 'Metadata', answer: /^400 address not allowed$/ },
    { subresource: 'proxy', method: 'GET', url: '/api/v1/nodes/audited-node/proxy/pods', level: 'Metadata', answer: /^400 address not allowed$/ },
  ];

  test('logs exec, attach and proxy requests, which fail without a kubelet', async () => {
    const answers: Array<{ status: number; message: string }> = [];
    for (const r of interactive) {
      answers.push(r.method === 'UPGRADE' ? await upgrade('admin', r.url) : await request('admin', r.method, r.url).then(a => ({ status: a.status, message: messageOf(a) })));
    }
    interactive.forEach((r, i) => expect(`${answers[i].status} ${answers[i].message}`).toMatch(r.answer));
    await eventually('the audit log holds the exec, attach and proxy requests', async () =>
      interactive.every(r => auditEvents().some(e => e.requestURI === r.url)));
    for (const r of interactive) {
      const events = auditEvents().filter(x => x.requestURI === r.url)
        .map(e => ({ url: e.requestURI, level: e.level, subresource: e.objectRef?.subresource, user: e.user.username }));
      expect(events.length).toBeGreaterThan(0);
      expect(events).toEqual(events.map(() => ({ url: r.url, level: r.level, subresource: r.subresource, user: 'admin' })));
    }
  });

  test('logs the changes to RBAC objects with their request and response bodies', async () => {
    const rbac = auditEvents().filter(e => e.objectRef?.apiGroup === 'rbac.authorization.k8s.io' && e.user.username === 'admin' && ['create', 'update'].includes(e.verb));
    const summary = rbac.map(e => ({
      verb: e.verb,
      resource: e.objectRef.resource,
      level: e.level,
      request: JSON.stringify(e.requestObject ?? null).includes(rbacMarker),
      response: JSON.stringify(e.responseObject ?? null).includes(rbacMarker),
    }));
    expect(summary).toEqual([
      { verb: 'create', resource: 'roles', level: 'RequestResponse', request: true, response: true },
      { verb: 'update', resource: 'roles', level: 'RequestResponse', request: true, response: true },
      { verb: 'create', resource: 'rolebindings', level: 'RequestResponse', request: true, response: true },
      { verb: 'create', resource: 'clusterroles', level: 'RequestResponse', request: true, response: true },
    ]);
    const update = rbac[1];
    expect(update.requestObject.rules[0].verbs).toEqual(['get', 'list']);
  });

  test('logs every request on Secrets, ConfigMaps and tokens at Metadata, without their values, plain or base64', async () => {
    const events = auditEvents();
    const of = (resource: string, subresource?: string) => events
      .filter(e => e.objectRef?.resource === resource && e.objectRef?.subresource === subresource && e.user.username === 'admin' && [ns, undefined].includes(e.objectRef.namespace))
      .map(e => ({ verb: e.verb, level: e.level, bodies: e.requestObject !== undefined || e.responseObject !== undefined }));
    const metadata = (...verbs: string[]) => verbs.map(verb => ({ verb, level: 'Metadata', bodies: false }));
    expect(of('secrets')).toEqual(metadata('create', 'get', 'list', 'update', 'patch', 'list'));
    expect(of('configmaps')).toEqual(metadata('create', 'get', 'update', 'list'));
    expect(of('serviceaccounts', 'token')).toEqual(metadata('create'));
    expect(of('tokenreviews')).toEqual(metadata('create'));

    const text = fs.readFileSync(auditLog, 'utf-8');
    const forbidden = [...values, ...values.map(b64), token, b64(token), token.split('.')[2]];
    expect(forbidden.filter(v => text.includes(v))).toEqual([]);
    // the log is read as it is: the RBAC bodies in it are found
    expect(text).toContain(rbacMarker);
  });
});

describe('encryption at rest: the generated EncryptionConfiguration with the KMS v2 plugin', () => {
  const ns = 'encrypted';
  const value = secretValue('encrypted-password');
  const configValue = secretValue('plain-setting');
  const pluginLog = () => fs.readFileSync(path.join(dir, 'kms-plugin.log'), 'utf-8');

  beforeAll(async () => {
    await namespace(ns);
    await ok(create('admin', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: ns }, stringData: { password: value } }), 'create Secret');
    await ok(create('admin', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns }, data: { setting: configValue } }), 'create ConfigMap');
  });

  test('names the test\'s plugin first and identity last, for reading only', () => {
    const config = controlPlane.encryption.apiObject.toJson() as Json;
    expect(config.resources).toEqual([{
      resources: ['secrets'],
      providers: [{ kms: { apiVersion: 'v2', name: KMS_NAME, endpoint: `unix://${socket}`, timeout: '3s' } }, { identity: {} }],
    }]);
  });

  test('stores a Secret in etcd under the KMS v2 prefix, without its value', async () => {
    const stored = await etcdValue(`/registry/secrets/${ns}/db`);
    expect(stored).toBeDefined();
    expect(stored!.subarray(0, 40).toString('latin1')).toMatch(new RegExp(`^k8s:enc:kms:v2:${KMS_NAME}:`));
    expect(stored!.includes(value)).toBe(false);
    expect(stored!.includes(b64(value))).toBe(false);
    expect(pluginLog()).toMatch(/encrypt uid=/);
    // through the API server, the value is read back
    const read = await ok(request('admin', 'GET', `/api/v1/namespaces/${ns}/secrets/db`), 'get Secret');
    expect(Buffer.from(read.body.data.password, 'base64').toString()).toBe(value);
  });

  test('stores a ConfigMap (not listed for encryption) as it is: the etcd read sees plaintext', async () => {
    const stored = await etcdValue(`/registry/configmaps/${ns}/settings`);
    expect(stored!.subarray(0, 4).toString('latin1')).toBe('k8s\u0000');
    expect(stored!.includes(configValue)).toBe(true);
  });

  test('fails to read the Secret when the plugin is stopped, rather than falling back to plaintext', async () => {
    await stopProcesses([plugin!.pid!]);
    expect(fs.existsSync(socket)).toBe(false);
    // a restarted API server holds no data key in memory: it must ask the plugin
    // (live but for the storage-readiness hook, which waits a minute for the Secrets' cache, which
    // cannot be filled)
    await restartApiServer(cluster!, '/livez?exclude=poststarthook/storage-readiness');
    const a = await request('admin', 'GET', `/api/v1/namespaces/${ns}/secrets/db`);
    expect(a.status).toBe(500);
    expect(messageOf(a)).toMatch(/data from the storage is not transformable/);
    expect(JSON.stringify(a.body)).not.toContain(value);
    expect(JSON.stringify(a.body)).not.toContain(b64(value));
    const readyz = await request('admin', 'GET', '/readyz?verbose');
    expect(readyz.status).toBe(500);
    expect(readyz.body).toMatch(/\[-\]kms-providers failed/);
    // the ConfigMap, not encrypted, is still served
    expect((await request('admin', 'GET', `/api/v1/namespaces/${ns}/configmaps/settings`)).status).toBe(200);
  }, 240_000);
});
