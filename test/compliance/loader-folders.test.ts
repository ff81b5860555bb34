// Folders are read as `kubectl apply -f DIR` reads them: every .json, .yaml and .yml file
// (extensions matched case-sensitively), whatever its name. A file of a folder is skipped, with
// a notice, only for its content: when no document in it is a Kubernetes object (no kind).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadInputs } from '../../src/compliance/loader';

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-folders-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const PRIVILEGED = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec: {containers: [{name: c, image: x, securityContext: {privileged: true}}]}\n`;
const NAMES = ['values.yaml', 'values-prod.yaml', 'Chart.yaml', 'kustomization.yaml', 'cdk8s.yaml', 'construct-metadata.json'];

describe('folders read by content, not by name', () => {
  test.each(NAMES)('fails a privileged pod in %s of a folder, which kubectl apply -f DIR creates', name => {
    const dir = tree({ [name]: PRIVILEGED('in-file') });
    const loaded = loadInputs([dir]);
    expect(loaded.objects.map(o => o.name)).toEqual(['in-file']);
    expect(loaded.skipped).toEqual([]);
    expect(loaded.errors).toEqual([]);
  });

  test('skips, with a notice saying so, a file of a folder whose content is not Kubernetes objects', () => {
    const dir = tree({
      'Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 1.0.0\n',
      'values.yaml': 'replicaCount: 1\nimage: {repository: nginx}\n',
      'cdk8s.yaml': 'language: typescript\napp: npx ts-node main.ts\n',
      'construct-metadata.json': '{"version":"1.0.0","resources":{}}',
      'list.yaml': '- a\n- b\n',
      'app.yaml': PRIVILEGED('app'),
    });
    const loaded = loadInputs([dir]);
    expect(loaded.objects.map(o => o.name)).toEqual(['app']);
    expect(loaded.errors).toEqual([]);
    expect(loaded.skipped.map(s => [path.basename(s.file), s.reason])).toEqual([
      ['Chart.yaml', 'holds no Kubernetes objects (no document has a kind), so nothing in it is created'],
      ['cdk8s.yaml', 'holds no Kubernetes objects (no document has a kind), so nothing in it is created'],
      ['construct-metadata.json', 'holds no Kubernetes objects (no document has a kind), so nothing in it is created'],
      ['list.yaml', 'holds no Kubernetes objects (no document has a kind), so nothing in it is created'],
      ['values.yaml', 'holds no Kubernetes objects (no document has a kind), so nothing in it is created'],
    ]);
  });

  test('fails a file named on the command line, or one that mixes objects with other documents, as before', () => {
    const dir = tree({ 'values.yaml': 'replicaCount: 1\n', 'mixed.yaml': `replicaCount: 1\n---\n${PRIVILEGED('mixed')}` });
    const named = loadInputs([path.join(dir, 'values.yaml')]);
    expect(named.errors.map(e => e.problem)).toEqual(['not a Kubernetes object: apiVersion and kind are missing']);
    const mixed = loadInputs([dir]);
    expect(mixed.objects.map(o => o.name)).toEqual(['mixed']);
    expect(mixed.errors.map(e => [path.basename(e.file), e.line])).toEqual([['mixed.yaml', 1]]);
    expect(mixed.skipped.map(s => path.basename(s.file))).toEqual(['values.yaml']);
  });

  test('a folder with only extra.YAML holds nothing kubectl reads', () => {
    const dir = tree({ 'extra.YAML': PRIVILEGED('upper') });
    const loaded = loadInputs([dir]);
    expect(loaded.objects).toEqual([]);
    expect(loaded.errors.map(e => e.problem)).toEqual([expect.stringMatching(/^folder holds no \.json, \.yaml or \.yml files/)]);
  });
});
