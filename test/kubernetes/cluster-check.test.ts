// `check --cluster`, against the real kube-apiserver: the command (lib/cli/main.js, compiled by
// `npx jsii`) reads the objects made here through a kubeconfig, judges them with the packs, reports
// what a user may not list as notices, keeps to the namespaces asked for, finds the drift from a
// folder of manifests in each direction, and writes PolicyReports the server accepts with the
// Policy WG's CRDs. The reader's paging is proven in-process on the same server.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dump, loadAll } from 'js-yaml';
import { applyAll, closeConnections, cluster, create, request } from './client';
import { installCrd } from './objects';
import { Connection } from '../../src/cluster/client';
import { readCluster } from '../../src/cluster/reader';

type Json = Record<string, any>;

const ROOT = path.join(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'lib', 'cli', 'main.js');

// unique names: the cluster is shared by the test files running in parallel
const run = `cc${Date.now().toString(36)}${process.pid.toString(36)}`;
const NS = `${run}-apps`;
const OTHER = `${run}-other`;

const hardenedContainer = (name: string) => ({
  name,
  image: 'registry.example.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  resources: { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '100m', memory: '64Mi' } },
  securityContext: {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: 10001,
    runAsGroup: 10001,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  },
});

function deployment(name: string, namespace: string, container: Json): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { automountServiceAccountToken: false, securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [container] },
      },
    },
  };
}

const namespace = (name: string, level: string): Json => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels: { 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/enforce-version': 'latest' } },
});

const denyAll: Json = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'default-deny', namespace: NS },
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
};
// no policyTypes, a port without protocol: the server fills both in
const allowWeb: Json = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'allow-web', namespace: NS },
  spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ ports: [{ port: 8080 }] }] },
};
const reader: Json = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name: 'reader', namespace: NS },
  rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
};
// a User subject without apiGroup: the server fills it in
const readerBinding: Json = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'reader', namespace: NS },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
  subjects: [{ kind: 'User', name: 'alice' }],
};

const web = deployment('web', NS, hardenedContainer('web'));
const weakened = deployment('weak', NS, { ...hardenedContainer('weak'), securityContext: { privileged: true } });
const extra = deployment('extra', NS, hardenedContainer('extra'));
const extraBinding: Json = { ...readerBinding, metadata: { name: 'extra', namespace: NS } };
const otherWorkload = deployment('elsewhere', OTHER, { ...hardenedContainer('elsewhere'), securityContext: { privileged: true } });

/** What the repository declares: web as hardened, and a policy never applied. */
const declared: Json[] = [
  namespace(NS, 'restricted'),
  web,
  weakened,
  denyAll,
  allowWeb,
  reader,
  readerBinding,
  { ...denyAll, metadata: { name: 'never-applied', namespace: NS } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'declared-secret', namespace: NS }, stringData: { key: 'value' } },
];

let dir: string;
let manifests: string;

/** A kubeconfig with a context per test user, `nobody` current. */
function kubeconfig(): string {
  const s = cluster();
  const users = ['admin', 'auditor', 'nobody'];
  const file = path.join(dir, 'kubeconfig');
  fs.writeFileSync(file, dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'test', cluster: { 'server': s.server, 'certificate-authority': s.caFile } }],
    users: users.map(u => ({ name: u, user: { 'client-certificate': s.users[u].certFile, 'client-key': s.users[u].keyFile } })),
    contexts: users.map(u => ({ name: u, context: { cluster: 'test', user: u } })),
    ['current-context']: 'nobody',
  }));
  return file;
}

/** Runs the command with the test kubeconfig. */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: dir,
    encoding: 'utf-8',
    timeout: 60_000,
    env: { ...process.env, KUBECONFIG: path.join(dir, 'kubeconfig'), KUBERNETES_SERVICE_HOST: '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(...args: string[]): { status: number | null; report: Json; stderr: string } {
  const r = cli('check', '--cluster', '--format', 'json', ...args);
  let report: Json;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`not JSON (exit ${r.status}): ${r.stdout.slice(0, 500)}\n${r.stderr}`);
  }
  return { status: r.status, report, stderr: r.stderr };
}

const findingsOf = (report: Json, ruleId: string): Json[] => report.findings.filter((f: Json) => f.ruleId === ruleId);

beforeAll(async () => {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: compile with npx jsii first`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-cluster-check-'));
  manifests = path.join(dir, 'manifests');
  fs.mkdirSync(manifests);
  fs.writeFileSync(path.join(manifests, 'app.yaml'), declared.map(o => dump(o)).join('---\n'));
  kubeconfig();
  // live: the namespace relaxed to baseline, web's container allowed to escalate, never-applied
  // and the Secret not applied, an undeclared workload and binding
  await applyAll([
    namespace(NS, 'baseline'),
    namespace(OTHER, 'privileged'),
    { ...web, spec: { ...web.spec, template: { ...web.spec.template, spec: { ...web.spec.template.spec, containers: [{ ...hardenedContainer('web'), securityContext: { ...hardenedContainer('web').securityContext, allowPrivilegeEscalation: true } }] } } } },
    weakened, denyAll, allowWeb, reader, readerBinding, extra, extraBinding, otherWorkload,
    // the auditor reads in the namespace what Kubernetes' `view` role lets it read: no Secrets, no
    // RBAC objects (`view` itself is empty here: the controller that aggregates its rules does not run)
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'auditor-view', namespace: NS },
      rules: [
        { apiGroups: [''], resources: ['pods', 'podtemplates', 'replicationcontrollers', 'configmaps', 'serviceaccounts', 'services', 'persistentvolumeclaims'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apps'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies', 'ingresses'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'auditor-view', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'auditor-view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'auditor' }],
    },
  ]);
}, 120_000);

afterAll(async () => {
  for (const ns of [NS, OTHER]) await request('admin', 'DELETE', `/api/v1/namespaces/${ns}`);
  closeConnections();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('check --cluster', () => {
  test('judges the live objects of a namespace with the packs: the weakened workload fails, the hardened one passes', () => {
    const { status, report } = json('--context', 'admin', '--namespace', NS);
    expect(status).toBe(1);
    const privileged = findingsOf(report, 'PrivilegedContainer');
    expect(privileged.map((f: Json) => `${f.resourceNamespace}/${f.resourceName}`)).toEqual([`${NS}/weak`]);
    expect(privileged[0].fieldPath).toBe('spec.template.spec.containers[0].securityContext.privileged');
    // web escalates live: that rule fails for it, the other securityContext rules pass
    const webRules = report.findings.filter((f: Json) => f.resourceName === 'web' && f.resourceKind === 'Deployment').map((f: Json) => f.ruleId);
    expect(webRules).toContain('PrivilegeEscalation');
    for (const passes of ['PrivilegedContainer', 'RunAsNonRoot', 'CapabilitiesRestricted', 'SeccompRestricted']) expect(webRules).not.toContain(passes);
    // the namespace scope: nothing of another namespace was read
    expect(report.findings.filter((f: Json) => f.resourceNamespace && f.resourceNamespace !== NS)).toEqual([]);
    expect(report.findings.some((f: Json) => f.resourceName === 'elsewhere')).toBe(false);
    // cluster-wide kinds are not read in a namespace scope, and the report says so
    const notices = findingsOf(report, 'ClusterKindNotRead');
    expect(notices.map((f: Json) => f.resourceKind)).toEqual(expect.arrayContaining(['ClusterRole', 'ClusterRoleBinding']));
    expect(notices.every((f: Json) => f.severity === 'info')).toBe(true);
  });

  test('reads the whole cluster without --namespace, through the current context of KUBECONFIG', () => {
    // admin made current by a kubeconfig of its own
    const own = path.join(dir, 'admin.kubeconfig');
    fs.writeFileSync(own, fs.readFileSync(path.join(dir, 'kubeconfig'), 'utf-8').replace(/current-context: nobody/, 'current-context: admin'));
    const r = spawnSync(process.execPath, [MAIN, 'check', '--cluster', '--format', 'json', '--pack', 'pss-baseline'], {
      cwd: dir, encoding: 'utf-8', timeout: 60_000, env: { ...process.env, KUBECONFIG: own },
    });
    const report = JSON.parse(r.stdout);
    expect(r.status).toBe(1);
    const names = findingsOf(report, 'PrivilegedContainer').map((f: Json) => `${f.resourceNamespace}/${f.resourceName}`);
    expect(names).toEqual(expect.arrayContaining([`${NS}/weak`, `${OTHER}/elsewhere`]));
    expect(findingsOf(report, 'ClusterKindNotRead')).toEqual([]);
  });

  test('skips the kinds the user may not list with a notice, not an error (no Secrets, no RBAC objects)', () => {
    const { status, report, stderr } = json('--context', 'auditor', '--namespace', NS, '--against', manifests);
    // the findings, not an unusable input (2)
    expect({ status, stderr }).toEqual({ status: 1, stderr: expect.any(String) });
    const notRead = findingsOf(report, 'ClusterKindNotRead');
    const kinds = notRead.map((f: Json) => f.resourceKind);
    expect(kinds).toEqual(expect.arrayContaining(['Secret', 'Role', 'RoleBinding', 'Namespace']));
    const secret = notRead.find((f: Json) => f.resourceKind === 'Secret')!;
    expect(secret.resourceNamespace).toBe(NS);
    expect(secret.message).toMatch(/forbidden/);
    expect(stderr).toMatch(new RegExp(`not read: Secret in ${NS}: .*forbidden`));
    // what it may list is judged
    expect(findingsOf(report, 'PrivilegedContainer').map((f: Json) => f.resourceName)).toEqual(['weak']);
    // a kind not read is never reported missing
    expect(findingsOf(report, 'DriftMissing').map((f: Json) => f.resourceKind)).not.toContain('Secret');
    expect(findingsOf(report, 'DriftMissing').map((f: Json) => f.resourceKind)).not.toContain('RoleBinding');
  });

  test('fails with a clear error for a context the kubeconfig does not have', () => {
    const r = cli('check', '--cluster', '--context', 'nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--context nope: the kubeconfig has no such context \(it has admin, auditor, nobody\)/);
  });

  test('fails with exit 2 when the user may not even discover the API (a user the server does not know)', () => {
    const bad = path.join(dir, 'bad.kubeconfig');
    fs.writeFileSync(bad, dump({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'test', cluster: { 'server': cluster().server, 'certificate-authority': cluster().caFile } }],
      users: [{ name: 'x', user: { token: 'not-a-token' } }],
      contexts: [{ name: 'x', context: { cluster: 'test', user: 'x' } }],
      ['current-context']: 'x',
    }));
    const r = spawnSync(process.execPath, [MAIN, 'check', '--cluster'], { cwd: dir, encoding: 'utf-8', timeout: 60_000, env: { ...process.env, KUBECONFIG: bad } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot check the cluster: discovery of the API groups \(\/apis\): 401/);
  });
});

describe('check --cluster --against DIR', () => {
  let report: Json;
  beforeAll(() => {
    const r = json('--context', 'admin', '--namespace', NS, '--against', manifests);
    expect(r.status).toBe(1);
    report = r.report;
  });

  test('reports the declared objects missing live', () => {
    const missing = findingsOf(report, 'DriftMissing');
    expect(missing.map((f: Json) => `${f.resourceKind} ${f.resourceName}`).sort()).toEqual(['NetworkPolicy never-applied', 'Secret declared-secret']);
    expect(missing[0].file).toBe(path.join(manifests, 'app.yaml'));
    expect(missing[0].severity).toBe('error');
  });

  test('reports the hardening fields changed live, with the path on both sides', () => {
    const changed = findingsOf(report, 'DriftChanged');
    expect(changed.map((f: Json) => `${f.resourceKind} ${f.resourceName} ${f.fieldPath}`).sort()).toEqual([
      'Deployment web spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
      `Namespace ${NS} metadata.labels["pod-security.kubernetes.io/enforce"]`,
    ]);
    const webDrift = changed.find((f: Json) => f.resourceName === 'web')!;
    expect(webDrift.message).toMatch(/the manifest \(.*app\.yaml:\d+\) has spec\.template\.spec\.containers\[0\]\.securityContext\.allowPrivilegeEscalation = false; /);
    expect(webDrift.message).toContain('the cluster admin has spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation = true');
    expect(webDrift.line).toBeGreaterThan(1);
    const label = changed.find((f: Json) => f.resourceKind === 'Namespace')!;
    expect(label.message).toMatch(/= "restricted"; the cluster admin has metadata.labels\["pod-security.kubernetes.io\/enforce"\] = "baseline"/);
  });

  test('does not take the server\'s defaults for drift (policyTypes, protocol, a subject\'s apiGroup)', () => {
    const names = report.findings.filter((f: Json) => f.ruleId.startsWith('Drift')).map((f: Json) => f.resourceName);
    for (const n of ['allow-web', 'default-deny', 'reader', 'weak']) expect(names).not.toContain(n);
  });

  test('reports the live workloads and bindings no manifest declares', () => {
    const undeclared = findingsOf(report, 'DriftUndeclared');
    expect(undeclared.map((f: Json) => `${f.resourceKind} ${f.resourceName}`).sort()).toEqual(['Deployment extra', 'RoleBinding auditor-view', 'RoleBinding extra']);
    expect(undeclared[0].severity).toBe('warning');
    expect(undeclared[0].file).toBeUndefined();
  });

  test('carries the drift in every output format', () => {
    const sarif = JSON.parse(cli('check', '--cluster', '--context', 'admin', '--namespace', NS, '--against', manifests, '--format', 'sarif').stdout);
    const ruleIds = sarif.runs[0].results.map((r: Json) => r.ruleId);
    expect(ruleIds).toEqual(expect.arrayContaining(['DriftMissing', 'DriftChanged', 'DriftUndeclared']));
    for (const format of ['text', 'markdown', 'policyreport']) {
      const out = cli('check', '--cluster', '--context', 'admin', '--namespace', NS, '--against', manifests, '--format', format).stdout;
      for (const id of ['DriftMissing', 'DriftChanged', 'DriftUndeclared']) expect({ format, has: out.includes(id) }).toEqual({ format, has: true });
    }
  });
});

describe('check --cluster --format policyreport', () => {
  test('writes PolicyReports the API server accepts with the Policy WG\'s CRDs (dry-run create, strict field validation)', async () => {
    await installCrd('wgpolicyk8s-policyreport.yaml');
    await installCrd('wgpolicyk8s-clusterpolicyreport.yaml');
    const r = cli('check', '--cluster', '--context', 'admin', '--namespace', NS, '--against', manifests, '--format', 'policyreport');
    expect(r.status).toBe(1);
    const documents = loadAll(r.stdout) as Json[];
    expect(documents.map(d => `${d.kind} ${d.metadata.namespace ?? ''}`)).toEqual(['ClusterPolicyReport ', `PolicyReport ${NS}`]);
    const policyReport = documents[1];
    const weak = policyReport.results.find((x: Json) => x.policy === 'PrivilegedContainer' && x.result === 'fail');
    expect(weak.resources).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'weak', namespace: NS }]);
    expect(weak.severity).toBe('high');
    expect(policyReport.summary.fail).toBeGreaterThan(0);
    expect(policyReport.summary.pass).toBeGreaterThan(0);
    for (const d of documents) {
      const answer = await create('admin', d, { dryRun: true });
      const refused = answer.status === 201 ? undefined : answer.body;
      expect({ kind: d.kind, status: answer.status, refused }).toEqual({ kind: d.kind, status: 201, refused: undefined });
      expect(answer.warnings).toEqual([]);
    }
  });
});

describe('the reader', () => {
  test('lists in pages (limit and continue) on the real server', async () => {
    const configMaps = Array.from({ length: 7 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `page-${i}`, namespace: OTHER }, data: { i: String(i) } }));
    await applyAll(configMaps);
    const paths: string[] = [];
    const connection: Connection = {
      context: 'admin',
      server: cluster().server,
      get: async (p) => {
        paths.push(p);
        const a = await request('admin', 'GET', p);
        return { status: a.status, body: a.body };
      },
    };
    const read = await readCluster(connection, { kinds: ['ConfigMap'], namespaces: [OTHER], pageSize: 3 });
    const names = read.objects.filter(o => o.name.startsWith('page-')).map(o => o.name).sort();
    expect(names).toEqual(configMaps.map(c => c.metadata.name));
    const lists = paths.filter(p => p.includes(`/namespaces/${OTHER}/configmaps`));
    // 7 maps (and the namespace's kube-root-ca.crt, when a controller made it) in pages of 3
    expect(lists.length).toBeGreaterThanOrEqual(3);
    expect(lists.slice(1).every(p => /[?&]continue=/.test(p))).toBe(true);
    expect(read.objects.every(o => o.apiVersion === 'v1' && o.kind === 'ConfigMap')).toBe(true);
    expect(read.listed.has('/ConfigMap')).toBe(true);
  });
});
