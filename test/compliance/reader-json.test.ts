// JSON or YAML, as kubectl decides (apimachinery's YAMLOrJSONDecoder: `{` first within the first
// 4,096 bytes), and JSON streams read as kubectl reads them: each object is created as it is read,
// so the objects before text that is not JSON count, with the error. Expected values read with
// `kubectl label --local -f FILE -o name x=y`.
import { parseManifests } from '../../src/compliance/loader';

const CM = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"}}';
const POD = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"evil"},"spec":{"containers":[{"name":"c","image":"x","securityContext":{"privileged":true}}]}}';
const read = (text: string) => {
  const { objects, errors } = parseManifests(text, 's.json');
  return { names: objects.map(o => o.name), errors: errors.map(e => e.message) };
};

describe('JSON streams', () => {
  test('reads the objects before text that is not JSON, and fails with the error', () => {
    expect(read(`${CM}${POD}}garbage`)).toEqual({ names: ['cm', 'evil'], errors: [expect.stringMatching(/^s\.json:1: malformed JSON/)] });
    expect(read(`${CM}\n${POD}\nnonsense\n`)).toEqual({ names: ['cm', 'evil'], errors: [expect.stringMatching(/^s\.json:3: malformed JSON/)] });
    expect(read(`${CM}, ${POD}`)).toEqual({ names: ['cm'], errors: [expect.stringMatching(/^s\.json:1: malformed JSON/)] });
  });

  test('a value that is not an object fails on its own; null is nothing', () => {
    expect(read(`${CM} 3 ${POD}`)).toEqual({ names: ['cm', 'evil'], errors: [expect.stringMatching(/not a Kubernetes object: the document is a number/)] });
    expect(read(`${CM} null ${POD}`)).toEqual({ names: ['cm', 'evil'], errors: [] });
  });

  test('a number beyond float64 fails its object only', () => {
    expect(read(`${CM}\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"a":1e400}}\n${POD}`))
      .toEqual({ names: ['cm', 'evil'], errors: [expect.stringMatching(/^s\.json:2: malformed JSON: a number beyond float64/)] });
  });

  test('kubectl tells JSON from YAML by the first 4,096 bytes, whitespace included', () => {
    expect(read(`${' '.repeat(4090)}${CM}`).names).toEqual(['cm']);
    expect(read(`${'\n'.repeat(5000)}${CM}`).names).toEqual(['cm']);
    // beyond them, YAML: a flow mapping JSON cannot read is read
    expect(read(`${' '.repeat(4100)}{apiVersion: v1, kind: ConfigMap, metadata: {name: flow}}`).names).toEqual(['flow']);
    expect(read(`${' '.repeat(4095)}{apiVersion: v1, kind: ConfigMap, metadata: {name: flow}}`).errors).toEqual([expect.stringMatching(/malformed JSON/)]);
  });
});
