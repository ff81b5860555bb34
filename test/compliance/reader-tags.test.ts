// A tag (or anchor) alone at the end of its line applies to the scalar on the lines below, as
// go-yaml applies it (each expected value read with `kubectl label --local -f FILE -o json`).
import { Compliance, CompliancePack } from '../../src/compliance';
import { parseManifestText, parseManifests } from '../../src/compliance/loader';

const data = (body: string) => {
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n${body.split('\n').map(l => `  ${l}`).join('\n')}\n`;
  return parseManifestText(text, 'c.yaml')[0].json.data;
};

describe('tags on their own line before a scalar', () => {
  test.each([
    ['a: !!bool\n  |-\n  true', true],
    ['a: !!bool\n  >-\n  true', true],
    ['a: !!bool # why\n  |-\n  true', true],
    ['a: !!int\n  |-\n  0', 0],
    ['a: !!int\n  \'0\'', 0],
    ['a: !!float\n  >-\n  1', 1],
    ['a: !!null\n  |-\n  ~', null],
    ['a: !!binary\n  |\n  Kg==', '*'],
    ['a: !!binary\n  |\n  Y2x1c3Rlci1hZG1pbg==', 'cluster-admin'],
    ['a: !!binary\n  >\n  c3lzdGVtOmFub255bW91cw==', 'system:anonymous'],
    ['a: !!str\n  true', 'true'],
    ['a: !\n  true', 'true'],
    ['a: !\n  "x"', 'x'],
    ['a: !!bool\n\n  # c\n  |-\n  true', true],
  ])('%p reads as go-yaml reads it', (body, value) => {
    expect(data(body).a).toEqual(value);
  });

  test('in a sequence, and with an anchor on the tag\'s line', () => {
    expect(data('a:\n- !!bool\n  |-\n  true')).toEqual({ a: [true] });
    expect(data('a: &x !!bool\n  |-\n  true\nb: *x')).toEqual({ a: true, b: true });
    expect(data('a: &x\n  |-\n  true\nb: *x')).toEqual({ a: 'true', b: 'true' });
  });

  test('the lines of the fields stay those of the file', () => {
    const [pod] = parseManifests('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: x\n    securityContext:\n      privileged: !!bool\n        |-\n        true\n      runAsUser: 0\n', 'p.yaml').objects;
    expect(pod.origin.lineOf?.('spec.containers[0].securityContext.privileged')).toBe(9);
    expect(pod.origin.lineOf?.('spec.containers[0].securityContext.runAsUser')).toBe(12);
  });

  test('fails a pod made privileged by a tag on the line before a block scalar', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: !!bool\n    |-\n    true\n  containers:\n  - name: c\n    image: x\n    securityContext:\n      privileged: !!bool\n        >-\n        true\n';
    const failed = Compliance.checkManifests(text, { packs: [CompliancePack.PSS_BASELINE] }, 'p.yaml').findings.map(f => f.fieldPath);
    expect(failed).toEqual(expect.arrayContaining(['spec.hostNetwork', 'spec.containers[0].securityContext.privileged']));
  });
});
