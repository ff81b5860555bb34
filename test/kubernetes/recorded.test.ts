// Schema and validation of every construct configuration the suite records, by the real
// kube-apiserver: the construct tests run again in a child jest that records each app they
// synthesize from the library's constructs alone (test/support/recorded.ts, the recording
// test/self-check.test.ts checks), and every object of every recorded app is sent with
// server-side apply, dry run and strict field validation. A refusal or a warning fails the test,
// naming the test that synthesized the configuration and the object. The control plane's
// configuration files (kubeadm, kubelet, the API server's own files) are no API objects and are
// left out, as in schema.test.ts.
import { apply, closeConnections, create, messageOf, request } from './client';
import { installCrd, UPSTREAM_CRDS } from './objects';
import { parseManifestText } from '../../src/compliance/loader';
import { recordConfigurations } from '../support/recorded';

type Json = Record<string, any>;

/** The API groups of the control plane's configuration files (the control-plane chart's kinds, schema.test.ts), which no API server serves. */
const FILE_GROUPS = ['apiserver.config.k8s.io', 'audit.k8s.io', 'kubeadm.k8s.io', 'kubelet.config.k8s.io'];
const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/** Kyverno 1.19 deprecates kyverno.io/v1 ClusterPolicy (schema.test.ts): the one warning expected, on that kind only. */
const expectedWarning = (o: Json, w: string) => o.apiVersion === 'kyverno.io/v1' && o.kind === 'ClusterPolicy' && w.includes('kyverno.io/v1 ClusterPolicy is deprecated');

interface Sent {
  /** Where it was recorded: the test file and name, and the object. */
  readonly where: string;
  readonly object: Json;
}

let configurations = 0;
let recordedObjects = 0;
let fileObjects = 0;
/** Each distinct object once, with the first configuration that synthesized it. */
const distinct = new Map<string, Sent>();

beforeAll(async () => {
  const recorded = recordConfigurations();
  configurations = recorded.length;
  for (const c of recorded) {
    for (const o of parseManifestText(c.text, c.file)) {
      recordedObjects++;
      if (FILE_GROUPS.includes(groupOf(o.apiVersion))) {
        fileObjects++;
        continue;
      }
      const key = JSON.stringify(o.json);
      if (!distinct.has(key)) {
        distinct.set(key, { where: `${c.origin}: ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`, object: o.json as Json });
      }
    }
  }
  // namespaced objects need their namespace: every namespace they name exists, created bare when
  // missing (an existing one, another test's, is left as it is; the recorded Namespace objects are
  // themselves sent with dry run below)
  const namespaces = new Set([...distinct.values()].map(s => s.object.metadata?.namespace).filter((n): n is string => typeof n === 'string'));
  for (const name of namespaces) {
    const a = await create('admin', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    if (a.status !== 201 && a.status !== 409) throw new Error(`namespace ${name}: ${a.status} ${messageOf(a)}`);
  }
  await installCrd(UPSTREAM_CRDS.sigstore);
  await installCrd(UPSTREAM_CRDS.kyverno);
}, 1_200_000);

afterAll(() => closeConnections());

test('every object of every recorded construct configuration is accepted with strict field validation and no warning', async () => {
  // a recording that records nothing must not pass as "nothing refused"
  expect(configurations).toBeGreaterThan(100);
  expect(distinct.size).toBeGreaterThan(500);
  const refused: string[] = [];
  for (const { where, object } of distinct.values()) {
    const a = await apply('admin', object, { dryRun: true });
    if (a.status >= 300) refused.push(`${where}: ${a.status} ${messageOf(a)}`);
    for (const w of a.warnings.filter(x => !expectedWarning(object, x))) refused.push(`${where}: warning: ${w}`);
  }
  process.stderr.write(`recorded configurations: ${configurations} apps, ${recordedObjects} objects (${fileObjects} control-plane files left out), `
    + `${distinct.size} distinct objects sent with dry run; ${refused.length} refused or warned\n`);
  expect(refused).toEqual([]);
}, 900_000);

test('the objects left out are the control plane\'s configuration files, of groups no API server serves', async () => {
  expect(fileObjects).toBeGreaterThan(0);
  for (const group of FILE_GROUPS) expect((await request('admin', 'GET', `/apis/${group}`)).status).toBe(404);
});

test('fails a recorded object with a field the schema lacks: the check above can fail', async () => {
  const deployment = structuredClone([...distinct.values()].find(s => s.object.kind === 'Deployment')!.object);
  deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFilesytem = true;
  const a = await apply('admin', deployment, { dryRun: true });
  expect(a.status).toBeGreaterThanOrEqual(400);
  expect(messageOf(a)).toContain('readOnlyRootFilesytem: field not declared in schema');
});
