import { parseImageReference, validateImage } from '../src/validation';

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
