// Any object with an `items` field is a list to kubectl (k8s.io/apimachinery's unstructured
// decoder tests for the field, not for a kind ending in `List`): it creates the items, drops the
// outer object, and gives items without apiVersion and kind the outer object's. Each case was
// read with `kubectl label --local -f FILE -o json x=y`; kube-yaml-kubectl.test.ts generates more.
import { Compliance, CompliancePack } from '../../src/compliance';
import { parseManifests } from '../../src/compliance/loader';

const read = (text: string, file = 'l.yaml') => {
  const { objects, errors } = parseManifests(text, file);
  return { objects: objects.map(o => `${o.apiVersion} ${o.kind} ${o.name}`), errors: errors.map(e => e.message), parsed: objects };
};
const privilegedPod = (indent: string, name = 'evil') => [
  '- apiVersion: v1', '  kind: Pod', `  metadata: {name: ${name}}`,
  '  spec: {containers: [{name: c, image: x, securityContext: {privileged: true}}]}',
].map(l => `${indent}${l}`).join('\n');

describe('objects with an items field', () => {
  test.each([
    ['Pod', 'v1'], ['ConfigMap', 'v1'], ['Namespace', 'v1'], ['Deployment', 'apps/v1'], ['ServiceAccount', 'v1'], ['Widget', 'example.com/v1'],
  ])('a %s carrying items is a list: its privileged item is checked, the outer object dropped', (kind, apiVersion) => {
    const r = read(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: harmless}\nitems:\n${privilegedPod('')}\n`);
    expect(r.objects).toEqual(['v1 Pod evil']);
    expect(r.errors).toEqual([]);
    expect(r.parsed[0].origin.line).toBe(5);
  });

  test('fails a hardened-looking ConfigMap whose items hold a privileged pod (JSON, and through a merge key)', () => {
    const json = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"evil"},"spec":{"containers":[{"name":"c","image":"x","securityContext":{"privileged":true}}]}}]}';
    const merged = `base: &b\n  items:\n${privilegedPod('  ')}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n<<: *b\n`;
    for (const [text, file] of [[json, 'l.json'], [merged, 'l.yaml']]) {
      expect(read(text, file).objects).toEqual(['v1 Pod evil']);
      const findings = Compliance.checkManifests(text, { packs: [CompliancePack.PSS_BASELINE] }, file).findings;
      expect(findings.filter(f => f.resourceName === 'evil' && f.fieldPath.endsWith('privileged')).length).toBeGreaterThan(0);
    }
  });

  test('items: [] and items: null create nothing: a NetworkPolicy carrying them is no default deny', () => {
    for (const items of ['[]', 'null', '']) {
      const r = read(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec: {podSelector: {}, policyTypes: [Ingress]}\nitems: ${items}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ns}\n`);
      expect(r.objects).toEqual(['v1 Namespace ns']);
    }
  });

  test('items without apiVersion and kind take the outer object\'s (the kind less "List")', () => {
    expect(read('apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: p}\n  spec: {containers: [{name: c, image: x}]}\n- null\n').objects).toEqual(['v1 Pod p', 'v1 Pod ']);
    expect(read('apiVersion: apps/v1\nkind: DeploymentList\nitems:\n- metadata: {name: d}\n- kind: ""\n  metadata: {name: e}\n').objects).toEqual(['apps/v1 Deployment d', 'apps/v1 Deployment e']);
    expect(read('apiVersion: v1\nkind: ConfigMap\nitems:\n- metadata: {name: c}\n').objects).toEqual(['v1 ConfigMap c']);
    const r = read('apiVersion: v1\nkind: ConfigMap\nitems:\n- metadata: {name: c}\n').parsed[0];
    expect(r.json).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
  });

  test('lowercase kind: list is read as kubectl reads it', () => {
    const r = read('apiVersion: v1\nkind: list\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n- metadata: {name: q}\n');
    expect(r.objects).toEqual(['v1 Pod p']);
    expect(r.errors).toEqual([expect.stringMatching(/^l\.yaml:7: .*kind/)]);
  });

  test('fails an item with only one of apiVersion and kind, and a kind-less item of a List; the other items are read', () => {
    const r = read(`apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  metadata: {name: a}\n- apiVersion: v1\n  metadata: {name: b}\n- metadata: {name: c}\n${privilegedPod('')}\n`);
    expect(r.objects).toEqual(['v1 Pod evil']);
    expect(r.errors).toEqual([
      expect.stringMatching(/^l\.yaml:4: not a Kubernetes object: apiVersion is missing/),
      expect.stringMatching(/^l\.yaml:6: not a Kubernetes object: kind is missing/),
      expect.stringMatching(/^l\.yaml:8: not a Kubernetes object: kind is missing/),
    ]);
  });

  test('fails a nested list (kubectl refuses the whole document); an item with items: null is an object', () => {
    const nested = read(`apiVersion: v1\nkind: List\nitems:\n${privilegedPod('')}\n- apiVersion: v1\n  kind: List\n  items: []\n`);
    expect(nested.objects).toEqual([]);
    expect(nested.errors).toEqual([expect.stringMatching(/^l\.yaml:1: .*a list inside a list/)]);
    expect(read('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  items: null\n').objects).toEqual(['v1 ConfigMap c']);
  });

  test('fails items that are not a list, or a list holding anything but objects, as kubectl does', () => {
    for (const items of ['abc', '{a: b}', '1', '[3, {apiVersion: v1, kind: Pod, metadata: {name: p}}]']) {
      const r = read(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nitems: ${items}\n`);
      expect(r.objects).toEqual([]);
      expect(r.errors).toEqual([expect.stringMatching(/^l\.yaml:1: /)]);
    }
  });

  test('fails a list without kind; reads a list without apiVersion', () => {
    expect(read('items:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n').errors).toEqual([expect.stringMatching(/kind is missing/)]);
    expect(read('kind: Pod\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n').objects).toEqual(['v1 Pod p']);
  });
});
