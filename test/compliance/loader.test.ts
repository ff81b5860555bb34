import * as path from 'path';
import { loadPaths, ManifestError, parseManifestText } from '../../src/compliance/loader';

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
