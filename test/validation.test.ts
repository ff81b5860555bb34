import { parseImageReference, parseQuantity, validateImage } from '../src/validation';

describe('parseQuantity', () => {
  test.each([
    ['1', 1], ['500m', 0.5], ['1.5', 1.5], ['128Mi', 128 * 2 ** 20], ['1Gi', 2 ** 30], ['2k', 2000], ['1e3', 1000], ['.5', 0.5],
  ])('%s is %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value);
  });
  test.each(['', 'lots', '512MB', '1 Gi', 'Mi', '1..2', ' 1'])('fails to parse %p', text => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

describe('parseImageReference', () => {
  const digest = 'sha256:' + 'b'.repeat(64);
  test.each([
    ['nginx:1.27', { repository: 'nginx', tag: '1.27' }],
    ['registry.acme.example/web:2.0.1', { repository: 'registry.acme.example/web', tag: '2.0.1' }],
    ['localhost:5000/web:1', { repository: 'localhost:5000/web', tag: '1' }],
    ['registry.internal:443/team/app', { repository: 'registry.internal:443/team/app', tag: undefined }],
    [`web@${digest}`, { repository: 'web', tag: undefined, digest }],
    [`web:1.0@${digest}`, { repository: 'web', tag: '1.0', digest }],
  ])('%s', (image, expected) => {
    expect(parseImageReference(image)).toEqual({ digest: undefined, ...expected });
  });
  test.each(['', 'Web:1', 'web:', 'web:-1', 'web@sha256:xyz', 'a b:1', 'web//x:1', '-web:1'])('fails to parse %p', image => {
    expect(parseImageReference(image)).toBeUndefined();
  });
  test('fails for an untagged image with a fix naming the repository', () => {
    expect(() => validateImage('chart/web', 'image', 'registry.acme.example/web', false)).toThrow('[chart/web] image: an image without a tag resolves to "latest", which is not reproducible; got "registry.acme.example/web". Fix: pin a version tag ("registry.acme.example/web:1.2.3") or a digest ("registry.acme.example/web@sha256:<digest>")');
  });
});
