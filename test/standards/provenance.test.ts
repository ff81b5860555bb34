// How sigstore policy-controller and Kyverno match images, after their own tests
// (policy-controller pkg/apis/glob/glob_test.go), in our words.
import { kyvernoImageName, kyvernoPatternMatches, sigstoreGlobMatches, sigstoreGlobRegExp, sigstoreImageName } from '../../src/standards/provenance';

describe('policy-controller globs', () => {
  test.each([
    ['foo', 'index.docker.io/library/foo:latest', true],
    ['foo', 'index.docker.io/library/*', true],
    ['foo', 'index.docker.io/*/*', true],
    ['foo', 'index.docker.io/**', true],
    ['foo', '**', true],
    ['foo', 'foo', true],
    ['foo', '*', true],
    ['myuser/myapp', 'index.docker.io/myuser/*', true],
    ['myuser/myapp', '*/*', true],
    ['myuser/myapp', 'index.docker.io/library/*', false],
    ['ghcr.io/foo/bar', 'ghcr.io/*/*', true],
    ['ghcr.io/foo', 'ghcr.io/*/*', false],
    ['ghcr.io/foo', 'ghcr.io/**', true],
    ['prefix-ghcr.io/foo', 'ghcr.io/foo', false],
    ['ghcr.io/foo-suffix', 'ghcr.io/foo', false],
    ['ghcrxio/foo', 'ghcr.io/**', false],
    ['docker.io/nginx:1.27', 'index.docker.io/library/nginx:*', true],
    ['registry.acme.example/team/api:1.0', 'registry.acme.example/*', false],
    ['registry.acme.example/team/api:1.0', 'registry.acme.example/**', true],
    ['Invalid&Name', '**', false],
  ])('%s against %s: %s', (image, glob, covered) => {
    expect(sigstoreGlobMatches(glob, image)).toBe(covered);
  });
  test('refuses globs that are not globs', () => {
    expect(sigstoreGlobRegExp('.+')).toBeUndefined();
    expect(sigstoreGlobRegExp('[a-z]*')).toBeUndefined();
  });
  test('names images as go-containerregistry does: Docker Hub, library/, latest, digest without tag', () => {
    expect(sigstoreImageName('nginx')).toBe('index.docker.io/library/nginx:latest');
    expect(sigstoreImageName('docker.io/acme/app:1')).toBe('index.docker.io/acme/app:1');
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(sigstoreImageName(`ghcr.io/acme/app:1@${digest}`)).toBe(`ghcr.io/acme/app@${digest}`);
    expect(sigstoreImageName(`ghcr.io/acme/app@sha512:${'a'.repeat(128)}`)).toBeUndefined();
  });
});

describe('Kyverno image patterns', () => {
  test('names images with docker.io and no library/', () => {
    expect(kyvernoImageName('nginx')).toBe('docker.io/nginx:latest');
    expect(kyvernoImageName('registry.acme.example/api:1.0')).toBe('registry.acme.example/api:1.0');
  });
  test.each([
    ['registry.acme.example/team/api:1.0', 'registry.acme.example/*', true],
    ['nginx:1.27', 'docker.io/nginx:*', true],
    ['nginx:1.27', 'docker.io/library/*', false],
    ['ghcr.io/acme/app:1.0', 'ghcr.io/acme/ap?:*', true],
    ['ghcr.io/acme/app:1.0', 'ghcr.io/other/*', false],
  ])('%s against %s: %s', (image, pattern, covered) => {
    expect(kyvernoPatternMatches(pattern, image)).toBe(covered);
  });
});
