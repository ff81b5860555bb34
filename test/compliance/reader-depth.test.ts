// No reading recurses as deep as its input: a document nested thousands of levels deep (kubectl
// reads up to 10,000) is read or refused on its own, and the other documents of the stream are read.
import { Compliance, CompliancePack } from '../../src/compliance';
import { parseManifests } from '../../src/compliance/loader';

const configMap = (name: string, data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata:${data}`;
const blockMappings = (n: number) => `\n${Array.from({ length: n }, (_, i) => `${' '.repeat(2 + i)}a:\n`).join('')}`;
const blockSequences = (n: number) => ` {}\nx:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}-\n`).join('')}`;
const flowSequences = (n: number) => ` {x: ${'['.repeat(n)}${']'.repeat(n)}}\n`;
const flowMappings = (n: number) => ` {x: ${'{a: '.repeat(n)}1${'}'.repeat(n)}}\n`;

describe('deep documents', () => {
  test.each([
    ['block mappings', 2500, blockMappings],
    ['block sequences', 2500, blockSequences],
    ['flow sequences', 5000, flowSequences],
    ['flow mappings', 5000, flowMappings],
    ['flow sequences at kubectl\'s limit', 10000, flowSequences],
  ] as const)('fails %s nested %d deep on their own, and reads the other documents', (_, depth, nest) => {
    const { objects, errors } = parseManifests(`${configMap('before', ' {}\n')}---\n${configMap('deep', nest(depth))}---\n${configMap('after', ' {}\n')}`, 'd.yaml');
    expect(objects.map(o => o.name)).toEqual(['before', 'after']);
    expect(errors.map(e => [e.line, e.problem])).toEqual([[6, expect.stringMatching(/nested too deeply/)]]);
  });

  test('reads documents nested a few hundred levels deep, as kubectl does', () => {
    const { objects, errors } = parseManifests(`${configMap('block', blockMappings(300))}---\n${configMap('flow', flowSequences(300))}`, 'd.yaml');
    expect(errors).toEqual([]);
    expect(objects.map(o => o.name)).toEqual(['block', 'flow']);
  });

  test('reads JSON nested 10,000 deep (the object and 9,999 lists)', () => {
    const { objects, errors } = parseManifests(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"x":${'['.repeat(9999)}${']'.repeat(9999)}}`, 'd.json');
    expect(errors).toEqual([]);
    expect(objects.map(o => o.name)).toEqual(['c']);
  });
});

test('fails JSON nested deeper than 10,000, as Go\'s decoder refuses it', () => {
  const { objects, errors } = parseManifests(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"x":${'['.repeat(10000)}${']'.repeat(10000)}}`, 'd.json');
  expect(objects).toEqual([]);
  expect(errors.map(e => e.problem)).toEqual(['malformed JSON: exceeded max depth of 10000']);
});

test('fails a label value nested 9,000 deep, and the check goes on (the message cannot show the value)', () => {
  const text = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":${'['.repeat(9000)}${']'.repeat(9000)}}}}`;
  const findings = Compliance.checkManifests(text, { packs: [CompliancePack.NSA_CISA, CompliancePack.PSS_RESTRICTED] }, 'd.json').findings;
  expect(findings.map(f => f.message)).toContainEqual(expect.stringMatching(/label "a" has the value a list nested too deeply to be shown, not a string/));
});
