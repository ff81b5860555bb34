import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { collectInputs, globToRegExp, parseSize, readInput } from '../../src/compliance/inputs';

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-inputs-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const rel = (dir: string, files: readonly string[]) => files.map(f => path.relative(dir, f));

describe('collectInputs: folders as kubectl apply -f reads them', () => {
  test('reads .json, .yaml and .yml files in name order, dot-files included, not folders within', () => {
    const dir = tree({ 'b.yaml': '', 'a.yml': '', '.override.yaml': '', 'c.json': '', 'notes.txt': '', 'sub/d.yaml': '' });
    expect(rel(dir, collectInputs([dir]).files)).toEqual(['.override.yaml', 'a.yml', 'b.yaml', 'c.json']);
  });

  test('--recursive reads the folders within, as kubectl -R', () => {
    const dir = tree({ 'a.yaml': '', 'sub/d.yaml': '', 'sub/.hidden/e.yml': '' });
    expect(rel(dir, collectInputs([dir], { recursive: true }).files)).toEqual(['a.yaml', 'sub/.hidden/e.yml', 'sub/d.yaml']);
  });

  test('reads every .json, .yaml and .yml file whatever its name (values.yaml, Chart.yaml...), and skips what --exclude names', () => {
    const dir = tree({
      'construct-metadata.json': '{}',
      'cdk8s.yaml': '',
      'Chart.yaml': '',
      'values.yaml': '',
      'values-prod.yaml': '',
      'kustomization.yaml': '',
      'app.k8s.yaml': '',
      'generated/skip.yaml': '',
      'keep.yaml': '',
    });
    const found = collectInputs([dir], { recursive: true, exclude: ['generated/**', 'keep.*'] });
    expect(rel(dir, found.files)).toEqual(['Chart.yaml', 'app.k8s.yaml', 'cdk8s.yaml', 'construct-metadata.json', 'kustomization.yaml', 'values-prod.yaml', 'values.yaml']);
    expect(found.problems).toEqual([]);
  });

  test('matches extensions as kubectl does, case-sensitively: extra.YAML and a.Json are not read', () => {
    const dir = tree({ 'extra.YAML': '', 'a.Json': '', 'b.YML': '', 'c.yaml': '' });
    expect(rel(dir, collectInputs([dir]).files)).toEqual(['c.yaml']);
  });

  test('a file named on the command line is read whatever its name; - is standard input', () => {
    const dir = tree({ 'Chart.yaml': '', 'manifest.txt': '' });
    expect(collectInputs([path.join(dir, 'Chart.yaml'), path.join(dir, 'manifest.txt'), '-']).files)
      .toEqual([path.join(dir, 'Chart.yaml'), path.join(dir, 'manifest.txt'), '-']);
  });

  test('fails on missing paths, empty folders and special files, and keeps the rest', () => {
    const dir = tree({ 'a.yaml': '', 'empty/.keep': '' });
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const found = collectInputs([path.join(dir, 'nope.yaml'), path.join(dir, 'empty'), dir, '/dev/zero']);
    expect(rel(dir, found.files)).toEqual(['a.yaml']);
    expect(found.problems.map(p => [path.basename(p.file), p.problem])).toEqual([
      ['nope.yaml', 'no such file or directory'],
      ['empty', 'folder holds no .json, .yaml or .yml files (folders within it are read with --recursive)'],
      ['pipe.yaml', expect.stringMatching(/^is a named pipe \(FIFO\)/)],
      ['zero', 'is a device, not a file'],
    ]);
  });
});

describe('readInput', () => {
  test('fails for a file larger than the limit, before reading it', () => {
    const dir = tree({ 'big.yaml': 'x'.repeat(2048) });
    expect(readInput(path.join(dir, 'big.yaml'), 1024)).toEqual({ file: path.join(dir, 'big.yaml'), problem: expect.stringMatching(/^larger than the 1 KiB limit/) });
    expect(readInput(path.join(dir, 'big.yaml'), 4096)).toEqual(Buffer.from('x'.repeat(2048)));
  });
});

describe('globs and sizes', () => {
  test.each([
    ['*.yaml', 'a.yaml', true], ['*.yaml', 'dir/a.yaml', false], ['**/*.yaml', 'dir/sub/a.yaml', true], ['**/*.yaml', 'a.yaml', true],
    ['generated/**', 'generated/x/y.yaml', true], ['a?.yml', 'ab.yml', true], ['a?.yml', 'a.yml', false], ['[x].yaml', '[x].yaml', true],
  ])('%s matches %s: %s', (glob, file, matches) => {
    expect(globToRegExp(glob).test(file)).toBe(matches);
  });
  test.each([['1024', 1024], ['64M', 64 * 2 ** 20], ['64MiB', 64 * 2 ** 20], ['1G', 2 ** 30], ['500k', 500 * 1024], ['10MB', 10 * 2 ** 20]])('%s is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });
  test.each(['', '0', '-1', 'lots', '1.5G', '1T'])('fails to read %p as a size', text => {
    expect(parseSize(text)).toBeUndefined();
  });
});
