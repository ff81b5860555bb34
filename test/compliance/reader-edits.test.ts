// Where js-yaml refuses what go-yaml reads (`\'` in a double-quoted scalar, a `-` alone in a flow
// collection), the reader edits the text; a like edit is made everywhere in one round, so a file
// of thousands of them is read, as kubectl reads it (expected values read with kubectl).
import { parseManifests } from '../../src/compliance/loader';

const HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';
const read = (text: string) => {
  const { objects, errors } = parseManifests(text, 'c.yaml');
  return { data: objects[0]?.json.data, errors: errors.map(e => e.problem) };
};

describe('edits made in one round', () => {
  test('reads 2,000 `\\\'` escapes (one round each used to stop at 1,000 and refuse the file)', () => {
    const r = read(`${HEAD}data:\n${Array.from({ length: 2000 }, (_, i) => `  k${i}: "a\\'${i}"\n`).join('')}`);
    expect(r.errors).toEqual([]);
    expect((r.data as Record<string, string>).k1999).toBe('a\'1999');
  });

  test('`\\\'` outside a double-quoted scalar stays as written', () => {
    const r = read(`${HEAD}data:\n  a: "x\\'y"\n  b: plain\\'s text\n  c: 'single\\'\n  d: "two \\' and \\\\' and \\\\\\' end"\n  e: |\n    block \\' text\n  f: "again \\'"\n`);
    expect(r).toEqual({ data: { a: 'x\'y', b: 'plain\\\'s text', c: 'single\\', d: 'two \' and \\\' and \\\' end', e: 'block \\\' text\n', f: 'again \'' }, errors: [] });
  });

  test('reads 2,000 `[-]` items; a `-` in a quoted scalar or a comment stays', () => {
    const r = read(`${HEAD}data:\n  a: [${Array.from({ length: 2000 }, () => '[-]').join(', ')}]\n  b: [[a, -], {x: -}, "[-]", [-,-]]\n  c: x, -]\n  d: [-]  # [-]\n`);
    expect(r.errors).toEqual([]);
    const data = r.data as Record<string, unknown>;
    expect((data.a as unknown[]).length).toBe(2000);
    expect([data.b, data.c, data.d]).toEqual([[['a', '-'], { x: '-' }, '[-]', ['-', '-']], 'x, -]', ['-']]);
  });
});

test('reads 2,000 tags with flow indicators (`!a[1]`, which go-yaml reads); one in a scalar or a comment stays', () => {
  const many = read(`${HEAD}data:\n${Array.from({ length: 2000 }, (_, i) => `  k${i}: !a[${i}] v${i}\n`).join('')}`);
  expect(many.errors).toEqual([]);
  expect((many.data as Record<string, string>).k1999).toBe('v1999');
  expect(read(`${HEAD}data:\n  a: !a[1] x\n  b: plain !b[2] text\n  c: "!c[3] q"\n  d: !d[4] y # !e[5] z\n  e: |\n    !f[6] t\n  f: !g,h w\n`))
    .toEqual({ data: { a: 'x', b: 'plain !b[2] text', c: '!c[3] q', d: 'y', e: '!f[6] t\n', f: 'w' }, errors: [] });
});
