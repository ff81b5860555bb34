/**
 * Reading time against input size, for the inputs that once read in quadratic time: a pod whose
 * args hold N `aN:` plain scalars (a colon before a flow indicator, which go-yaml keeps in the
 * scalar: one edit each to the text js-yaml reads), in flow and block style, and the inputs whose
 * edits were made one round at a time (`\'` escapes, `[-]`, tags with flow characters: a parse of
 * the piece each). Each size is read once in this process; a reading
 * that grows linearly takes about twice as long for twice the input.
 *
 *   npx ts-node --project examples/tsconfig.json --transpile-only bench/reader-size.ts [--scale 1]
 *
 * Figures (2 shared cores, Node 20, loaded machine), seconds:
 *
 * | input | before | after |
 * |---|---:|---:|
 * | flow args, 6,000 `aN:` (47 KB) | 1.1 | 0.1 |
 * | flow args, 12,000 `aN:` (97 KB) | 15.4 | 0.2 |
 * | flow args, 24,000 `aN:` (205 KB) | 66.9 | 0.3 |
 * | flow args, 60,000 `aN:` (529 KB) | 71 (reported; not rerun) | 1.7 |
 * | block args, 60,000 `- aN:` (829 KB) | 0.8 | 0.8 |
 *
 * Edits found one at a time (each a parse of the piece, 1,000 rounds at most) and now made
 * everywhere in one round, 2,000 of each: `"a\'N"` escapes (31 KB) 3.3 s and refused (before),
 * read (after, 0.3 s); `[-]` (10 KB) 3.8 s and refused, read (0.3 s); `!a[N]` tags (33 KB) 63 s
 * and refused, read (0.4 s; 8,000 in 0.3 s, once a verbatim tag is looked for among a node's
 * properties only, not to the end of the text). Still one a round: `*alias:` keys (kubectl
 * refuses the case tried).
 */
import { parseManifests } from '../src/compliance/loader';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const scale = Number(arg('--scale', '1'));
const HEAD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: x\n';
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const cases: [string, (n: number) => string, number[]][] = [
  ['flow args, `aN:` items', n => `${HEAD}    args: [${range(n).map(i => `a${i}:`).join(', ')}]\n`, [15000, 30000, 60000]],
  ['block args, `- aN:` items', n => `${HEAD}    args:\n${range(n).map(i => `    - a${i}:\n`).join('')}`, [15000, 30000, 60000]],
  ['flow args, plain items', n => `${HEAD}    args: [${range(n).map(i => `a${i}`).join(', ')}]\n`, [15000, 30000, 60000]],
  ['`"a\\\'N"` escapes', n => `${HEAD}    args:\n${range(n).map(i => `    - "a\\'${i}"\n`).join('')}`, [2000, 4000, 8000]],
  ['`[-]` items', n => `${HEAD}    args: [${range(n).map(() => '[-]').join(', ')}]\n`, [2000, 4000, 8000]],
  ['`!a[N]` tags', n => `${HEAD}    args:\n${range(n).map(i => `    - !a[${i}] x\n`).join('')}`, [2000, 4000, 8000]],
];

console.log('| input | items | KB | read s | objects | errors |');
console.log('|---|---:|---:|---:|---:|---|');
for (const [label, make, sizes] of cases) {
  for (const size of sizes.map(s => Math.round(s * scale))) {
    const text = make(size);
    const start = process.hrtime.bigint();
    const { objects, errors } = parseManifests(text, 'bench.yaml');
    const s = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(`| ${label} | ${size} | ${(Buffer.byteLength(text) / 1e3).toFixed(0)} | ${s.toFixed(2)} | ${objects.length} | ${errors.map(e => e.problem.slice(0, 60)).join('; ')} |`);
  }
}
