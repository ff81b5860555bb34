// Structural rules: what the API server would reject, or keep only one copy of.
import { clone, cronJob, defaultDeny, deployment, findingPaths, hardenedSet, Json, namespace, runRule } from './fixtures';
import { buildContext, runCheck } from '../../src/compliance/engine';
import { parseManifestText } from '../../src/compliance/loader';
import { toKubeObject } from '../../src/compliance/objects';
import { CompliancePack } from '../../src/compliance/packs';
import { RULES } from '../../src/compliance/rules';
import { nameProblem } from '../../src/standards/names';

describe('DuplicateObjects', () => {
  test('Compliance: same name in another namespace, another kind or another group; generateName', () => {
    const other = deployment(undefined, 'other');
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: {} };
    const custom = { ...deployment(), apiVersion: 'example.com/v1' };
    expect(runRule('DuplicateObjects', deployment(), other, service, custom)).toEqual({ status: 'compliant' });
    const generated = { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'migrate-', namespace: 'shop' }, spec: {} };
    expect(runRule('DuplicateObjects', generated, clone(generated))).toEqual({ status: 'not-applicable' });
  });
  test('fails two Deployments with the same namespace and name, both copies, naming where the other is', () => {
    const objects = parseManifestText([
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec: {}',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 2',
    ].join('\n---\n'), 'app.yaml');
    const context = buildContext(objects);
    const rule = RULES.get('DuplicateObjects')!;
    expect(rule.check(objects[0], context)).toMatchObject({ findings: [{ path: 'metadata.name', message: expect.stringContaining('also at app.yaml:8') }] });
    expect(rule.check(objects[1], context)).toMatchObject({ findings: [{ message: expect.stringContaining('also at app.yaml:1') }] });
  });
  test('fails the same object under two versions of its group, and with the namespace unset versus default', () => {
    const beta = { ...deployment(), apiVersion: 'apps/v1beta2' };
    expect(findingPaths('DuplicateObjects', deployment(), beta)).toEqual(['metadata.name']);
    expect(findingPaths('DuplicateObjects', deployment(undefined, null), deployment(undefined, 'default'))).toEqual(['metadata.name']);
  });
  test('fails a cluster-scoped object declared twice even when one copy carries a namespace', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [] };
    const copy = { ...clone(role), metadata: { name: 'reader', namespace: 'shop' } };
    expect(findingPaths('DuplicateObjects', role, copy)).toEqual(['metadata.name']);
    expect(findingPaths('DuplicateObjects', namespace(), namespace())).toEqual(['metadata.name']);
  });
  test('fails many copies, counting those not listed', () => {
    const copies = Array.from({ length: 6 }, () => deployment());
    const outcome = runRule('DuplicateObjects', copies[0], ...copies.slice(1));
    expect(outcome).toMatchObject({ findings: [{ message: expect.stringContaining('declared 6 times') }] });
    expect(outcome).toMatchObject({ findings: [{ message: expect.stringContaining('and 2 more') }] });
  });
  test('finds duplicates in linear time: 50,000 objects with one pair', () => {
    const objects = Array.from({ length: 50000 }, (_, i) => toKubeObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c-${i}`, namespace: 'shop' } }));
    objects.push(toKubeObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c-7', namespace: 'shop' } }));
    const rule = RULES.get('DuplicateObjects')!;
    const start = Date.now();
    const context = buildContext(objects);
    const flagged = objects.filter(o => rule.check(o, context).status === 'non-compliant').map(o => o.name);
    expect(flagged).toEqual(['c-7', 'c-7']);
    expect(Date.now() - start).toBeLessThan(10000);
  });
});

describe('InvalidNames', () => {
  test('Compliance: the hardened objects, a generateName prefix, an empty label value', () => {
    for (const o of hardenedSet()) expect(runRule('InvalidNames', o)).toEqual({ status: 'compliant' });
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'migrate-', namespace: 'shop', labels: { 'example.com/flag': '' } } };
    expect(runRule('InvalidNames', job)).toEqual({ status: 'compliant' });
  });
  test('fails names the kind\'s rule refuses: upper case, a dotted Service, a long CronJob, a Namespace with a dot', () => {
    expect(findingPaths('InvalidNames', { ...deployment(), metadata: { name: 'Web', namespace: 'shop' } })).toEqual(['metadata.name']);
    expect(findingPaths('InvalidNames', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web.v2', namespace: 'shop' } })).toEqual(['metadata.name']);
    const long = cronJob();
    long.metadata.name = 'n'.repeat(53);
    expect(runRule('InvalidNames', long)).toMatchObject({ findings: [{ message: expect.stringContaining('at most 52 characters') }] });
    expect(findingPaths('InvalidNames', namespace('team.shop'))).toEqual(['metadata.name']);
  });
  test('fails a missing name, a bad generateName and a bad namespace', () => {
    expect(findingPaths('InvalidNames', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'shop' } })).toEqual(['metadata.name']);
    expect(findingPaths('InvalidNames', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'Cfg_', namespace: 'shop' } })).toEqual(['metadata.generateName']);
    expect(findingPaths('InvalidNames', { ...deployment(), metadata: { name: 'web', namespace: 'Shop_1' } })).toEqual(['metadata.namespace']);
  });
  test('fails label keys and values and annotation keys the API server refuses, in the object and its pod template', () => {
    const d: Json = deployment();
    d.metadata.labels = { 'app/name/x': 'web', 'tier': 'front end', 'version': 2 };
    d.metadata.annotations = { 'bad key': 'x', 'ok.example.com/note': 'anything goes here' };
    d.spec.template.metadata.labels = { app: 'web', [`k${'x'.repeat(63)}`]: 'v', release: '-rc1' };
    expect(findingPaths('InvalidNames', d)).toEqual([
      'metadata.labels["app/name/x"]',
      'metadata.labels["tier"]',
      'metadata.labels["version"]',
      'metadata.annotations["bad key"]',
      `spec.template.metadata.labels["k${'x'.repeat(63)}"]`,
      'spec.template.metadata.labels["release"]',
    ]);
  });
  test('fails under the NSA/CISA pack at error; the PSS packs judge a pod whatever its name, as PSA does', () => {
    const bad = { ...defaultDeny(), metadata: { name: 'Default_Deny', namespace: 'shop' } };
    const findings = (pack: CompliancePack) => runCheck([toKubeObject(bad)], { packs: [pack] }).findings.filter(f => f.ruleId === 'InvalidNames');
    expect(findings(CompliancePack.NSA_CISA).map(f => f.severity)).toEqual(['error']);
    expect(findings(CompliancePack.PSS_RESTRICTED)).toEqual([]);
  });
  test('DuplicateObjects fails under every pack', () => {
    for (const pack of CompliancePack.all()) {
      const found = runCheck([toKubeObject(deployment()), toKubeObject(deployment())], { packs: [pack] }).findings.filter(f => f.ruleId === 'DuplicateObjects');
      expect(found).toHaveLength(2);
    }
  });
});

describe('nameProblem', () => {
  test('a CronJob name is a DNS-1123 subdomain of at most 52 characters', () => {
    expect(nameProblem('CronJob', 'n'.repeat(52))).toBeUndefined();
    expect(nameProblem('CronJob', 'n'.repeat(53))).toContain('52');
    expect(nameProblem('CronJob', 'Nightly')).toContain('DNS-1123 subdomain');
  });
  test('a kind named like an Object property uses the default rule', () => {
    expect(nameProblem('constructor', 'web')).toBeUndefined();
    expect(nameProblem('toString', 'Web')).toContain('DNS-1123 subdomain');
  });
});

describe('PodSpecMissing', () => {
  test('compliant: every pod-carrying kind with its pod spec; other kinds not applicable', () => {
    for (const o of [deployment(), cronJob(), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { containers: [] } }]) {
      expect(runRule('PodSpecMissing', o)).toEqual({ status: 'compliant' });
    }
    expect(runRule('PodSpecMissing', namespace())).toEqual({ status: 'not-applicable' });
  });

  test('fails a Pod without spec, a Deployment without template spec, a CronJob whose template spec is a list', () => {
    expect(findingPaths('PodSpecMissing', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' } })).toEqual(['spec']);
    const d = deployment();
    delete d.spec.template.spec;
    expect(findingPaths('PodSpecMissing', d)).toEqual(['spec.template.spec']);
    const c = cronJob();
    c.spec.jobTemplate.spec.template.spec = [];
    expect(runRule('PodSpecMissing', c)).toMatchObject({ findings: [{ path: 'spec.jobTemplate.spec.template.spec', message: expect.stringContaining('a list, not an object') }] });
  });

  test('fails in every pack: a Pod without spec is never clean', () => {
    const objects = parseManifestText('apiVersion: v1\nkind: Pod\nmetadata: {name: empty, namespace: shop}\n', 'pod.yaml');
    for (const pack of CompliancePack.all()) {
      expect(runCheck(objects, { packs: [pack] }).findings.map(f => f.ruleId)).toContain('PodSpecMissing');
    }
  });
});
