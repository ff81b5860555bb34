// Large inputs are read in segments, shared out between threads (loader.ts's
// `parseManyManifests`, kube-reader.ts's `segmentStream`). Reading a stream in segments must give
// what reading it whole gives: the same objects with the same lines and field lines, and the same
// errors at the same lines. The segments are made small here so that every stream is cut many
// times; the threads themselves are exercised by the command's tests (test/cli).
import { fieldPaths as paths, generateFiles, prng } from './kube-yaml-cases';
import { segmentStream } from '../../src/compliance/kube-reader';
import { parseManifests, parseManyManifests, ParsedManifests } from '../../src/compliance/loader';

function outcome(parsed: ParsedManifests) {
  return {
    objects: parsed.objects.map(o => ({ json: o.json, line: o.origin.line, lines: paths(o.json).slice(0, 60).map(p => o.origin.lineOf?.(p)) })),
    errors: parsed.errors.map(e => e.message),
  };
}

/** Streams of generated documents, good and bad, joined by separators (some with comments). */
function streams(seed: number, count: number): string[] {
  const r = prng(seed);
  const files = generateFiles(seed, count * 8).map(f => f.text);
  const out: string[] = [];
  for (let s = 0; s < count; s++) {
    const parts = files.slice(s * 8, s * 8 + 8);
    out.push(parts.map(p => (r() < 0.2 ? `${p}\n--- # next\n` : `${p}\n---\n`)).join(''));
  }
  return out;
}

test('a stream read in segments reads as the whole stream reads', () => {
  const texts = streams(9090, 200);
  let cut = 0;
  const disagreements: string[] = [];
  texts.forEach((text, i) => {
    const segments = segmentStream(text, 300);
    if (segments && segments.length > 1) cut++;
    const whole = outcome(parseManifests(text, `s${i}.yaml`));
    const parts = outcome(parseManyManifests([{ text, file: `s${i}.yaml` }], 2, 0, 300)[0]);
    if (JSON.stringify(whole) !== JSON.stringify(parts)) disagreements.push(`stream ${i}:\n  whole: ${JSON.stringify(whole).slice(0, 400)}\n  parts: ${JSON.stringify(parts).slice(0, 400)}`);
  });
  // eslint-disable-next-line no-console
  console.log(`${texts.length} streams, ${cut} cut into segments`);
  expect(cut).toBeGreaterThan(100);
  expect(disagreements.slice(0, 5)).toEqual([]);
});

test('segments are cut at lines that are exactly `---`, which neither segment keeps', () => {
  const text = ['a: 1', '---', 'b: 2', '--- # c', 'c: 3', '---', 'd: 4', ''].join('\n');
  const segments = segmentStream(text, 1)!;
  expect(segments.map(s => [s.text, s.lineOffset, s.continued])).toEqual([['a: 1\n', 0, false], ['b: 2\n--- # c\nc: 3\n', 2, true], ['d: 4\n', 6, true]]);
});

test('a JSON stream, or one with a separator kubectl refuses, is read whole', () => {
  expect(segmentStream('{"a": 1}\n---\n{"b": 2}\n', 1)).toBeUndefined();
  expect(segmentStream('a: 1\n--- b: 2\n---\nc: 3\n', 1)).toBeUndefined();
  expect(segmentStream('a: 1\n---\nc: 3\n', 1000)).toHaveLength(1);
});

test('fails the same way in segments as whole: a malformed document among good ones', () => {
  const good = (n: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${n}\n`;
  const text = [good(1), good(2), 'apiVersion: v1\nkind: [\n', good(3), good(4)].join('---\n');
  const whole = parseManifests(text, 'x.yaml');
  const parts = parseManyManifests([{ text, file: 'x.yaml' }], 2, 0, 10)[0];
  expect(parts.errors.map(e => e.message)).toEqual(whole.errors.map(e => e.message));
  expect(parts.errors).toHaveLength(1);
  expect(parts.errors[0].line).toBe(whole.errors[0].line);
  expect(parts.objects.map(o => [o.name, o.origin.line])).toEqual([['c1', 1], ['c2', 6], ['c3', 14], ['c4', 19]]);
});
