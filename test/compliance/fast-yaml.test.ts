import * as fs from 'fs';
import * as path from 'path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { cronJob, deployment, hardenedSet, namespace, role } from './fixtures';
import { readFast, splitDocuments } from '../../src/compliance/fast-yaml';

/** Reads with the fast path, document by document; undefined where it defers to the general parser. */
function fast(text: string): unknown[] | undefined {
  const docs = splitDocuments(text);
  if (!docs) return undefined;
  const values: unknown[] = [];
  for (const d of docs) {
    const r = readFast(d);
    if (!r) return undefined;
    values.push(r.value);
  }
  return values;
}

const general = (text: string) => parseAllDocuments(text).map(d => d.toJS());

describe('the fast YAML reader agrees with the general parser', () => {
  const samples: Array<[string, string]> = [
    ...hardenedSet().map((o): [string, string] => [`${o.kind} from the fixtures`, stringify(o)]),
    ['a CronJob', stringify(cronJob())],
    ['the compliant fixture file', fs.readFileSync(path.join(__dirname, '../fixtures/compliance/compliant.yaml'), 'utf-8')],
    ['scalars of every type', stringify({
      a: 1,
      b: -2.5,
      c: '1',
      d: 'true',
      e: true,
      f: null,
      g: '',
      h: 'x: y',
      i: '#no',
      j: 'it\'s',
      k: '"q"',
      l: 'a #b',
      m: '0x1F',
      n: '1e3',
      o: 'null',
      p: ' lead',
      q: 'trail ',
      r: 'café ☕',
      t: [],
      u: {},
      v: ['a', 1, false],
      w: [[]],
      x: '- dash',
      y: 'key:',
      z: '@at',
    })],
    ['hand-written YAML with comments and quotes', [
      '# leading comment', 'apiVersion: v1   # trailing', 'kind: "ConfigMap"', 'metadata:', '  name: \'cfg\'', '  labels: {}',
      'data:', '  plain: hello world', '  colon: a:b', '  hash: a#b', '  num: 010', '  hex: 0x1f', '  float: .5', '  neg: -1',
      '  yes: yes', '  tilde: ~', '  empty:', '  dq: "tab\\there \\u00e9 \\"x\\""', '  sq: \'it\'\'s\'', 'items:', '- a', '- b: 1', '  c: 2', '-', '  - x',
    ].join('\n')],
    ['CRLF line endings', 'a: 1\r\nb:\r\n  - x\r\n'],
    ['documents separated by --- and ...', 'a: 1\n---\nb: 2\n...\n---\n# only a comment\n---\nc: 3\n'],
  ];
  test.each(samples)('%s', (_name, text) => {
    const mine = fast(text);
    expect(mine).toBeDefined();
    expect(mine).toEqual(general(text));
  });

  test('a whole namespace of objects round-trips', () => {
    const objects = [namespace(), role([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }]), deployment()];
    const text = objects.map(o => stringify(o)).join('---\n');
    expect(fast(text)).toEqual(objects);
  });
});

describe('the fast YAML reader defers what it does not fully read', () => {
  test.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['tags', 'a: !!str 1\n'],
    ['block scalars', 'a: |\n  line1\n  line2\n'],
    ['multi-line plain scalars', 'a: one\n  two\n'],
    ['multi-line quoted scalars', 'a: "one\n  two"\n'],
    ['flow collections', 'a: {b: 1}\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['tabs in indentation', 'a:\n\tb: 1\n'],
    ['directives', '%YAML 1.2\n---\na: 1\n'],
    ['content after ---', '--- a: 1\n'],
    ['complex keys', '? a\n: 1\n'],
    ['nested sequences on one line', '- - a\n'],
    ['a byte order mark', '\ufeffa: 1\n'],
    ['special floats', 'a: .inf\n'],
    ['malformed indentation', 'a:\n  b: 1\n c: 2\n'],
    ['tabs inside plain scalars', 's: tab\tin\n'],
  ])('%s', (_name, text) => {
    expect(fast(text)).toBeUndefined();
    // the general parser decides; where it accepts the text, so does the loader
    expect(() => parse(text)).toBeDefined();
  });
});
