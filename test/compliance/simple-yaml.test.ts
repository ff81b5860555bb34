// The quick reading of the simplest YAML (simple-yaml.ts) against js-yaml with the Kubernetes
// schema, the reading it stands in for: wherever it answers, it must give js-yaml's value, and
// the exact reading's field lines. Inputs: what generators write (js-yaml's dump in its styles,
// the files of the kubectl differential test) and thousands of mutations of them, where it must
// either agree or give up.
import { dump, loadAll } from 'js-yaml';
import { fieldPaths, generateFiles, generateFoldedFiles, prng } from './kube-yaml-cases';
import { namespaceObjects } from '../../bench/compliance';
import { lineOfPath as lineOf, readKubeManifests } from '../../src/compliance/kube-reader';
import { GoBigInt, GoFloat, KUBE_SCHEMA } from '../../src/compliance/kube-yaml';
import { readSimpleYaml } from '../../src/compliance/simple-yaml';

/** js-yaml's reading of one piece as JSON; `undefined` where it refuses, or finds several documents or a float JSON cannot hold. */
function jsYaml(text: string): { value: unknown } | undefined {
  const docs: unknown[] = [];
  try {
    loadAll(text, d => docs.push(d), { schema: KUBE_SCHEMA });
  } catch {
    return undefined;
  }
  if (docs.length > 1) return undefined;
  let finite = true;
  const json = (v: unknown): unknown => {
    if (v instanceof GoFloat) {
      finite &&= Number.isFinite(v.value);
      return v.value === 0 ? 0 : v.value;
    }
    if (v instanceof GoBigInt) return Number(v.value);
    if (Array.isArray(v)) return v.map(json);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, json(x)]));
    return v;
  };
  const value = json(docs.length === 0 ? null : docs[0]);
  return finite ? { value: value === undefined ? null : value } : undefined;
}

/** The pieces of a stream as the reader cuts it (at `---` lines), with the line each starts on. */
function pieces(stream: string): { text: string; firstLine: number }[] {
  const out: { text: string; firstLine: number }[] = [];
  let line = 1;
  for (const text of stream.split(/^---\n/m)) {
    out.push({ text, firstLine: line });
    line += text.split('\n').length;
  }
  return out;
}

/** Objects as generators write them, in every style js-yaml's dump has. */
function generated(): string[] {
  const objects = [...namespaceObjects('shop', 12), {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'odd-values', annotations: { 'a.b/c': 'x: y', 'quote': "it's", 'hash': 'a #b', 'empty': '' } },
    data: { yes: 'no', n: '1', float: '1.5', list: '[a, b]', spaces: ' padded ', colon: 'a:b', dash: '- x', unicode: 'café ☕ 😀', script: '#!/bin/sh\necho "hi"\n\nexit 0\n', multi: 'two\nlines', kept: 'a\n\n\n' },
  }, { apiVersion: 'v1', kind: 'List', items: [[], {}, [[1, 2], [3]], [{ a: null, b: true, c: -0.5, d: 1e21, e: 12345678901234567890 }]] }];
  const texts: string[] = [];
  for (const o of objects) {
    texts.push(dump(o, { noRefs: true, lineWidth: -1 }));
    texts.push(dump(o, { noRefs: true, lineWidth: -1, noArrayIndent: true }));
    texts.push(dump(o, { noRefs: true, lineWidth: -1, indent: 4 }));
    texts.push(dump(o, { noRefs: true, lineWidth: -1, flowLevel: 0 }));
    texts.push(dump(o, { noRefs: true, lineWidth: -1, flowLevel: 2 }));
    texts.push(`# generated\n---\n${dump(o, { noRefs: true, lineWidth: -1, quotingType: '"', forceQuotes: true })}`);
  }
  return texts;
}

/** What a mutation inserts: the characters that make YAML what it is. */
const SIGNIFICANT = [' ', '  ', ':', ': ', '-', '- ', '#', ' #', '"', "'", '{', '}', '[', ']', ',', '\n', '\n  ', 'y', '1', '0x', '.', '~', '&a ', '*a', '!', '|', '>', '?', '%', '---\n', '...\n', '<<: ', '__proto__: 1\n', '.inf', '\\'];

function mutations(texts: readonly string[], count: number): string[] {
  const r = prng(20261202);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let text = texts[Math.floor(r() * texts.length)];
    for (let n = 1 + Math.floor(r() * 3); n > 0; n--) {
      const at = Math.floor(r() * text.length);
      const edit = r();
      if (edit < 0.5) text = `${text.slice(0, at)}${SIGNIFICANT[Math.floor(r() * SIGNIFICANT.length)]}${text.slice(at)}`;
      else if (edit < 0.8) text = `${text.slice(0, at)}${text.slice(at + 1 + Math.floor(r() * 3))}`;
      else text = `${text.slice(0, at)}${SIGNIFICANT[Math.floor(r() * SIGNIFICANT.length)]}${text.slice(at + 1)}`;
    }
    out.push(text);
  }
  return out;
}

describe('the quick reading of simple YAML', () => {
  // (folded descriptions: multi-line plain and quoted scalars, escapes, as CRD generators write them)
  const base = [...generated(), ...generateFiles(777, 1500).map(f => f.text), ...generateFoldedFiles(1202, 800).map(f => f.text)];
  // mutations of what generators write, which the quick reading mostly takes, and of the rest
  const corpus = [...base, ...mutations(generated(), 12000), ...mutations(base, 8000)];

  test('gives js-yaml\'s value wherever it answers, and answers for what generators write', () => {
    let answered = 0;
    let total = 0;
    const disagreements: string[] = [];
    const notAnswered: string[] = [];
    const generatedCount = generated().length;
    corpus.forEach((stream, n) => {
      for (const piece of pieces(stream)) {
        total++;
        const simple = readSimpleYaml(piece.text);
        // (escapes in double quotes, which js-yaml writes for line breaks in flow style, are beyond it)
        if (!simple && n < generatedCount && !piece.text.includes('\\')) notAnswered.push(piece.text);
        if (!simple) continue;
        answered++;
        const reference = jsYaml(piece.text);
        if (!reference || JSON.stringify(reference.value) !== JSON.stringify(simple.value)) {
          disagreements.push(`${JSON.stringify(piece.text).slice(0, 600)}\n  simple: ${JSON.stringify(simple.value).slice(0, 300)}\n  js-yaml: ${JSON.stringify(reference?.value ?? 'refused').slice(0, 300)}`);
        }
      }
    });
    // eslint-disable-next-line no-console
    console.log(`${corpus.length} streams, ${total} pieces: ${answered} read the quick way; ${disagreements.length} disagreements`);
    expect(disagreements.slice(0, 40)).toEqual([]);
    // it must not give up on what generators write (every generated piece), nor answer everything
    expect(notAnswered).toEqual([]);
    expect(answered).toBeGreaterThan(5000);
    expect(answered).toBeLessThan(total);
  });

  test('gives the exact reading\'s line for every field', () => {
    let checked = 0;
    const disagreements: string[] = [];
    for (const stream of corpus) {
      for (const piece of pieces(stream)) {
        const simple = readSimpleYaml(piece.text, piece.firstLine);
        if (!simple || !simple.lines) continue;
        let exact;
        try {
          exact = readKubeManifests(piece.text, { exact: true, lines: true });
        } catch {
          continue;
        }
        if (exact.length !== 1) continue;
        const doc = exact[0];
        for (const path of fieldPaths(simple.value)) {
          checked++;
          const want = doc.lineOf!(path);
          const got = lineOf(simple.value, simple.lines, path);
          if (want === undefined ? got !== undefined : got !== want - 1 + piece.firstLine) {
            disagreements.push(`${JSON.stringify(piece.text).slice(0, 400)}\n  ${path}: quick ${got}, exact ${want === undefined ? want : want - 1 + piece.firstLine}`);
          }
        }
      }
    }
    // eslint-disable-next-line no-console
    console.log(`${checked} field lines compared; ${disagreements.length} disagreements`);
    expect(disagreements.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(20000);
  });

  test('fails to answer (gives up) on what it does not read', () => {
    for (const text of [
      'a: |2\n   x\n', 'a: >\n  x\n\n  y\n', 'a: |\n\n  x\n', 'a: |\nb: 1\n', 'a: |x\n  y\n', 'a: &x 1\nb: *x\n', 'a: !!str 1\n', '%YAML 1.1\n---\na: 1\n', 'a: 1\n...\n',
      '? a\n: b\n', 'a: 1\na: 2\n', '__proto__: 1\n', 'a: "x\\/y"\n', 'a: "x\\u00e9"\n', 'a: .inf\n', '{a: 1, }\n', 'a: {b: , c: 1}\n',
      // over several lines: a comment, a key, an item, an escaped line break, too little indentation, a number
      'a: b\n  # c\n  d\n', 'a: b\n  c: d\n', 'a: b\n  - c\n', 'a: "x\\\n  y"\n', '- a\n b\n', '- "a\n b"\n', 'a: \'x\n  # y\n  z\'\n', 'a: b\n  &c d\n',
      'yes: 1\n', '1: a\n', 'a: {b: c?d}\n', 'a: :x\n', 'a: [b:[c]]\n', `${'k'.repeat(1025)}: v\n`, 'a: "\ufeff"\n', 'a: b\rc: d\n', 'a b: c\n', 'a: b: c\n', '- a\nb: c\n', 'a:\n  - x\n  b: y\n', 'a: {b: 1\n', 'a: [x: 1]\n',
    ]) {
      expect([text, readSimpleYaml(text)]).toEqual([text, undefined]);
    }
  });

  test('reads scalars over several lines, escapes and a `:` before a bracket as js-yaml does (CRD descriptions)', () => {
    const text = [
      'spec:', '  description: Operation contains information about a requested or running', '    operation', '  refresh:',
      '    description: \'Refresh indicates if the latest revision should', '      be used on retry (default: false)\'',
      '  quoted: "Duration is the amount to back off. Default', '    unit is seconds (e.g.', '', '    \\"2m\\", \\"1h\\")\\n\\tend"',
      '  pattern: ^(([01][0-9])|(2[0-3])):[0-5][0-9]$', '  args:', '  - /bin/cp /usr/local/bin/argocd', '    /var/run/argocd --dry-run', '  - \'a', '    b\' # c', 'kind: X',
    ].join('\n');
    const simple = readSimpleYaml(text, 1)!;
    expect(simple.value).toEqual({
      spec: {
        description: 'Operation contains information about a requested or running operation',
        refresh: { description: 'Refresh indicates if the latest revision should be used on retry (default: false)' },
        quoted: 'Duration is the amount to back off. Default unit is seconds (e.g.\n"2m", "1h")\n\tend',
        pattern: '^(([01][0-9])|(2[0-3])):[0-5][0-9]$',
        args: ['/bin/cp /usr/local/bin/argocd /var/run/argocd --dry-run', 'a b'],
      },
      kind: 'X',
    });
    expect(simple.value).toEqual(jsYaml(text)!.value);
    const line = (path: string) => lineOf(simple.value, simple.lines!, path);
    expect(line('spec.refresh.description')).toBe(5);
    expect(line('spec.quoted')).toBe(7);
    expect(line('spec.args[1]')).toBe(15);
    expect(line('kind')).toBe(17);
  });

  test('reads a manifest as js-yaml does, with the lines of its fields', () => {
    const text = [
      '# a comment', '---', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web # trailing comment', '  labels: {app: web, "quoted key": \'it\'\'s\'}',
      'spec:', '  template:', '    spec:', '      containers:', '      - name: app', '        image: nginx:1.25', '        ports:', '          - containerPort: 8080',
      '        securityContext:', '          privileged: yes', '          runAsUser: 0x3e8', '      volumes:', '      -', '        name: data', '      - []',
    ].join('\n');
    const simple = readSimpleYaml(text, 1)!;
    expect(simple.value).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { 'app': 'web', 'quoted key': "it's" } },
      spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.25', ports: [{ containerPort: 8080 }], securityContext: { privileged: true, runAsUser: 1000 } }], volumes: [{ name: 'data' }, []] } } },
    });
    expect(simple.value).toEqual(jsYaml(text)!.value);
    const line = (path: string) => lineOf(simple.value, simple.lines!, path);
    expect(line('metadata.labels.app')).toBe(7);
    expect(line('spec.template.spec.containers[0].securityContext.privileged')).toBe(17);
    expect(line('spec.template.spec.volumes[0]')).toBe(21);
    expect(line('spec.template.spec.volumes[1]')).toBe(22);
  });
});
