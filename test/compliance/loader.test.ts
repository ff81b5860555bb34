import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Compliance, CompliancePack } from '../../src/compliance';
import { loadInputs, loadPaths, ManifestError, parseManifestText } from '../../src/compliance/loader';

const FIXTURES = path.join(__dirname, '../fixtures/compliance');
const fixture = (name: string) => path.join(FIXTURES, name);

function errorOf(fn: () => unknown): ManifestError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ManifestError) return e;
    throw e;
  }
  throw new Error('expected a ManifestError');
}

test('reads multi-document YAML with the line of each object', () => {
  const objects = parseManifestText('# c\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: b, namespace: a}\n', 'x.yaml');
  expect(objects.map(o => [o.kind, o.name, o.namespace, o.origin.line])).toEqual([['Namespace', 'a', undefined, 2], ['ServiceAccount', 'b', 'a', 8]]);
});

test('expands List objects, in YAML and JSON', () => {
  const yamlList = parseManifestText('apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Namespace\n    metadata: {name: a}\n  - apiVersion: v1\n    kind: Namespace\n    metadata: {name: b}\n', 'l.yaml');
  expect(yamlList.map(o => [o.name, o.origin.line])).toEqual([['a', 4], ['b', 7]]);
  expect(loadPaths([fixture('list.json')]).objects.map(o => o.kind)).toEqual(['Namespace', 'NetworkPolicy', 'ServiceAccount', 'ServiceAccount', 'Role', 'RoleBinding', 'Deployment']);
});

test('fails a folder holding a bad file, naming that file', () => {
  expect(errorOf(() => loadPaths([FIXTURES])).file).toBe(fixture('empty-documents.yaml'));
});

test('accepts custom resources (no rule applies to them)', () => {
  expect(loadPaths([fixture('custom-resource.yaml')]).objects.map(o => o.kind)).toEqual(['Certificate']);
});

test('fails malformed YAML with file and line', () => {
  const e = errorOf(() => loadPaths([fixture('malformed.yaml')]));
  expect(e.file).toBe(fixture('malformed.yaml'));
  expect(e.line).toBe(7);
  expect(e.message).toMatch(/malformed\.yaml:7: malformed YAML: bad indentation of a mapping entry/);
});

test('fails empty files and files of empty documents', () => {
  expect(errorOf(() => loadPaths([fixture('empty.yaml')])).message).toMatch(/empty\.yaml:1: empty file/);
  expect(errorOf(() => loadPaths([fixture('empty-documents.yaml')])).message).toMatch(/no Kubernetes objects/);
});

test('fails an unknown kind of a built-in API group, at its line', () => {
  expect(errorOf(() => loadPaths([fixture('unknown-kind.yaml')])).message)
    .toMatch(/unknown-kind\.yaml:6: unknown kind "Deploymnet" for apiVersion "apps\/v1"/);
});

test('fails documents that are not objects, and objects without kind', () => {
  expect(errorOf(() => loadPaths([fixture('not-an-object.yaml')])).message).toMatch(/not-an-object\.yaml:1: not a Kubernetes object: the document is a list/);
  expect(errorOf(() => parseManifestText('metadata: {name: x}\n', 'k.yaml')).message).toBe('k.yaml:1: not a Kubernetes object: apiVersion and kind are missing');
});

test('fails binary content, malformed JSON, and a missing path', () => {
  expect(errorOf(() => parseManifestText('\u0000\u0001ELF', 'a.out')).message).toBe('a.out: binary file, not YAML or JSON');
  expect(errorOf(() => parseManifestText('{\n  "kind": \n}', 'bad.json')).message).toMatch(/^bad\.json(:\d+)?: malformed JSON/);
  expect(errorOf(() => loadPaths([fixture('nope.yaml')])).message).toMatch(/nope\.yaml: no such file or directory/);
});

describe('reads manifests as Kubernetes reads them (YAML 1.1, go-yaml v2)', () => {
  const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}`;
  const spec = (text: string) => parseManifestText(text, 'p.yaml')[0].json.spec as any;
  const check = (text: string) => Compliance.checkManifests(text, { packs: [CompliancePack.PSS_BASELINE, CompliancePack.PSS_RESTRICTED] }, 'p.yaml').findings;

  test('yes, on and YES are true; 0b0 and 0_0 are 0', () => {
    const s = spec(pod('  hostNetwork: on\n  hostPID: YES\n  containers:\n  - name: a\n    securityContext: {privileged: yes, runAsUser: 0b0}\n  - name: b\n    securityContext:\n      runAsUser: 0_0\n'));
    const [a, b] = s.containers.map((c: any) => c.securityContext);
    expect([s.hostNetwork, s.hostPID, a.privileged, a.runAsUser, b.runAsUser]).toEqual([true, true, true, 0, 0]);
    expect(spec(pod('  a: "yes"\n  b: \'on\'\n  c: !!str YES\n  d: 0o17\n  e: 017\n  f: 0x1F\n  g: 08\n  h: 2001-12-14\n  i: ~\n'))).toEqual({ a: 'yes', b: 'on', c: 'YES', d: 15, e: 15, f: 31, g: 8, h: '2001-12-14', i: null });
  });

  // Written out by hand from kubectl's output (`kubectl label --local -f FILE -o json x=y`,
  // kubectl v1.3x): go-yaml v2 reads these words as booleans in every case form YAML 1.1 lists
  // (lower, Capitalized, UPPER), in block and flow mappings and sequences, and as keys; any other
  // case mix, and a quoted or !!str word, stays a string.
  describe('YAML 1.1 booleans, as kubectl reads them', () => {
    const TRUE = ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'];
    const FALSE = ['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'];
    const STRINGS = ['yEs', 'oN', 'nO', 'oFF', 'tRUE'];
    const words = [...TRUE, ...FALSE, ...STRINGS];
    const expected = [...TRUE.map(() => true), ...FALSE.map(() => false), ...STRINGS];
    const text = pod([
      '  block:', ...words.map((w, i) => `    k${i}: ${w}`),
      `  flow: {${words.map((w, i) => `k${i}: ${w}`).join(', ')}}`,
      '  seq:', ...words.map(w => `  - ${w}`),
      `  flowseq: [${words.join(', ')}]`,
      '  keys:', '    on: 1', '    Off: 2', '    y: 3', '    NO: 4', '    yEs: 5',
      '  quoted: ["yes", \'on\', "N", !!str off]',
    ].join('\n') + '\n');

    test.each(['block', 'flow'])('as %s mapping values', form => {
      expect(Object.values(spec(text)[form])).toEqual(expected);
    });

    test.each(['seq', 'flowseq'])('as %s items', form => {
      expect(spec(text)[form]).toEqual(expected);
    });

    test('as keys (read as "true" and "false", the last one winning), and quoted', () => {
      expect(spec(text).keys).toEqual({ true: 3, false: 4, yEs: 5 });
      expect(spec(text).quoted).toEqual(['yes', 'on', 'N', 'off']);
    });
  });

  test('fails a pod whose privileged: yes, hostNetwork: on, hostPID: YES and runAsUser: 0b0 / 0_0 a YAML 1.2 reader takes for strings', () => {
    const findings = check(pod('  hostNetwork: on\n  hostPID: YES\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      privileged: yes\n      runAsUser: 0b0\n  - name: b\n    image: x\n    securityContext:\n      runAsUser: 0_0\n'));
    const paths = (rule: string) => findings.filter(f => f.ruleId === rule).map(f => f.fieldPath);
    expect(paths('HostNetwork')).toEqual(['spec.hostNetwork']);
    expect(paths('HostPidIpc')).toEqual(['spec.hostPID']);
    expect(paths('PrivilegedContainer')).toEqual(['spec.containers[0].securityContext.privileged']);
    expect(paths('RunAsUser')).toEqual(['spec.containers[0].securityContext.runAsUser', 'spec.containers[1].securityContext.runAsUser']);
  });

  test('fails a pod whose privileged: true hides behind a merge key', () => {
    const text = pod('  containers:\n  - name: a\n    image: x\n    securityContext:\n      privileged: false\n      <<: {privileged: true}\n');
    expect(spec(text).containers[0].securityContext).toEqual({ privileged: true });
    expect(check(text).filter(f => f.ruleId === 'PrivilegedContainer').map(f => f.fieldPath)).toEqual(['spec.containers[0].securityContext.privileged']);
    // an anchor merged in, and the order of merges (a later key overrides; in a list the first wins)
    expect(spec(pod('  a: &a {privileged: true}\n  b: {<<: *a}\n  c: {<<: [{p: 1}, {p: 2, q: 2}]}\n  d: {<<: *a, privileged: false}\n'))).toEqual({
      a: { privileged: true }, b: { privileged: true }, c: { p: 1, q: 2 }, d: { privileged: false },
    });
  });

  test('fails a pod whose privileged: true follows a comment holding U+2028 (a line break to Kubernetes)', () => {
    const text = pod('  containers:\n  - name: a\n    image: x\n    securityContext:\n      runAsNonRoot: true # checked\u2028      privileged: true\n');
    expect(spec(text).containers[0].securityContext).toEqual({ runAsNonRoot: true, privileged: true });
    expect(check(text).filter(f => f.ruleId === 'PrivilegedContainer')).toHaveLength(1);
    expect(spec(pod('  a: 1 # c\u0085  b: 2 # c\u2029  c: 3 # \ufeff  d: 4\n'))).toEqual({ a: 1, b: 2, c: 3 });
  });

  test('fails a pod whose privileged container follows an empty args item (js-yaml would read it into those args)', () => {
    for (const empty of ['-', '- ', '- # none', '-   ']) {
      const text = pod(`  containers:\n  - name: a\n    image: x\n    args:\n      - run\n      ${empty}\n  - name: b\n    image: x\n    securityContext:\n      privileged: true\n`);
      expect(spec(text).containers).toEqual([{ name: 'a', image: 'x', args: ['run', null] }, { name: 'b', image: 'x', securityContext: { privileged: true } }]);
      const found = check(text).filter(f => f.ruleId === 'PrivilegedContainer');
      expect(found.map(f => [f.fieldPath, f.line])).toEqual([['spec.containers[1].securityContext.privileged', 15]]);
    }
    // nested: each empty item closes its own sequence, as kubectl reads it
    expect(spec(pod('  a:\n    -\n        -\n            - 1\n            -\n        -\n            - 3\n'))).toEqual({ a: [[[1, null], [3]]] });
    // a "-" line inside a block scalar stays text
    expect(spec(pod('  s: |2\n        -\n    - x\n'))).toEqual({ s: '    -\n- x\n' });
  });

  test('a tab after a "-" that continues a plain scalar is blank space, as in kubectl', () => {
    expect(spec(pod('  args:\n  - --port=8080\n    - \t\n  env: []\n'))).toEqual({ args: ['--port=8080 -'], env: [] });
  });

  test('fails a tag "!!" without a name, as kubectl does', () => {
    for (const text of [pod('  a: !!\tx\n'), pod('  a: !!\n  b: 1\n')]) {
      expect(errorOf(() => parseManifestText(text, 'p.yaml')).message).toMatch(/did not find expected tag URI/);
    }
  });

  test('duplicate keys: the last one wins, as in kubectl', () => {
    expect(spec(pod('  hostPID: false\n  hostPID: true\n'))).toEqual({ hostPID: true });
  });

  test('lines: each object, List item and field has its own line', () => {
    const [o] = parseManifestText(pod('  containers:\n  - name: a\n    securityContext:\n      privileged: true\n'), 'p.yaml');
    expect(o.origin.line).toBe(1);
    expect(o.origin.lineOf?.('spec.containers[0].securityContext.privileged')).toBe(9);
    expect(o.origin.lineOf?.('spec.containers[0]')).toBe(7);
    expect(o.origin.lineOf?.('metadata.name')).toBe(4);
    expect(o.origin.lineOf?.('spec.nothing')).toBeUndefined();
    const [, b] = parseManifestText('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: b\n', 'l.yaml');
    expect([b.origin.line, b.origin.lineOf?.('metadata.name')]).toEqual([7, 10]);
  });

  test.each([
    ['a tab in the indentation', pod('\thostPID: true\n'), 6, 'tab character'],
    ['a tab on a blank line', pod('  a: 1\n\t\n  b: 2\n'), 7, 'found a tab character that violates indentation'],
    ['an infinity', pod('  a: .inf\n'), 6, 'json: unsupported value: +Inf'],
    ['a null key', pod('  ~: 1\n'), 6, 'unsupported map key of type: <nil>'],
    ['a merge of a scalar', pod('  a: {<<: 1}\n'), 6, 'map merge requires map or sequence of maps as the value'],
    ['an anchor name go-yaml does not allow', pod('  a: &x.y 1\n'), 6, 'did not find expected alphabetic or numeric character'],
    ['content after a separator', `${pod('  a: 1\n')}--- {b: 2}\n`, 7, 'invalid document separator'],
    ['"?" in a flow plain scalar', pod('  a: {url: http://x/?a=b}\n'), 6, 'inside a plain scalar in a flow collection'],
    ['keys of two types reading alike', pod('  a: {1: x, "1": y}\n'), 6, 'which one Kubernetes keeps is random'],
    ['excessive aliasing', pod(`  a: &a [${'x,'.repeat(99)}x]\n${[1, 2, 3, 4].map(i => `  b${i}: &b${i} [${`*${i === 1 ? 'a' : `b${i - 1}`},`.repeat(99)}*${i === 1 ? 'a' : `b${i - 1}`}]`).join('\n')}\n`), 8, 'excessive aliasing'],
  ])('fails what kubectl refuses: %s, at its line', (_, text, line, message) => {
    const e = errorOf(() => parseManifestText(text, 'p.yaml'));
    expect([e.line, e.problem]).toEqual([line, expect.stringContaining(message)]);
  });
});

describe('field lines of a large input, read again from its files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reread-'));
  const file = path.join(dir, 'app.yaml');
  const text = [
    'apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: shop', '---', '# the workload', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:',
    '  name: web', '  namespace: shop', 'spec:', '  template:', '    spec:', '      hostNetwork: true', '      containers:', '        - name: app', '          image: nginx:1.25',
  ].join('\n');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const lineOfHostNetwork = (rereadFrom: number | undefined) => {
    fs.writeFileSync(file, text);
    const { objects } = loadInputs([file], { rereadFrom });
    return { objects, line: () => objects[1].origin.lineOf!('spec.template.spec.hostNetwork') };
  };

  test('give the lines the kept text gives', () => {
    const kept = lineOfHostNetwork(undefined);
    const again = lineOfHostNetwork(0);
    expect(again.objects.map(o => o.json)).toEqual(kept.objects.map(o => o.json));
    expect(kept.line()).toBe(15);
    expect(again.line()).toBe(15);
    expect(again.objects[1].origin.lineOf!('spec.template.spec.containers[0].image')).toBe(18);
  });

  test('fails to give a line (rather than a wrong one) when the file has changed since', () => {
    const again = lineOfHostNetwork(0);
    fs.writeFileSync(file, text.replace('# the workload\n', ''));
    expect(again.line()).toBeUndefined();
    // the object's own line still stands
    expect(again.objects[1].origin.line).toBe(7);
  });
});
