import {
  IMAGE_REFERENCE_SOURCE, imagePinProblem, imageRegistry, MOVING_TAG_SUFFIX_SOURCE, MOVING_TAGS, MAX_IMAGE_REFERENCE_LENGTH, parseImageReference,
  TAG_SUFFIX_SOURCE, VERIFIED_DIGEST_SUFFIX_SOURCE,
} from '../../src/standards/images';
import { seeded as random } from '../random';

/** References built from the grammar's own pieces, broken at random: most are near misses. */
function references(count: number): string[] {
  const next = random(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const pieces = ['a', 'b0', 'app', 'my-app', 'a_b', 'a__b', 'a.b', 'A', '-', '_', '.', ':', '/', '@', '[', ']', '::1', '5000', 'localhost',
    'registry.acme.example', 'latest', 'LATEST', 'stable', 'Edge', 'rolling', 'v1.2', 'sha256:', 'sha512:', 'a'.repeat(64), 'F'.repeat(64), ' ', 'é'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    const n = 1 + Math.floor(next() * 8);
    for (let j = 0; j < n; j++) s += pick(pieces);
    out.push(s);
  }
  return out;
}

describe('the reference grammar as one regular expression', () => {
  const re = new RegExp(IMAGE_REFERENCE_SOURCE);
  test('accepts exactly what parseImageReference parses, on 20,000 generated references', () => {
    const differ = references(20000).filter(r => r.length <= MAX_IMAGE_REFERENCE_LENGTH && re.test(r) !== (parseImageReference(r) !== undefined));
    expect(differ).toEqual([]);
  });
  test('the pin check by suffixes agrees with imagePinProblem on those references', () => {
    const pinned = (i: string) => i.length <= MAX_IMAGE_REFERENCE_LENGTH && re.test(i)
      && (i.includes('@') ? new RegExp(VERIFIED_DIGEST_SUFFIX_SOURCE).test(i) : new RegExp(TAG_SUFFIX_SOURCE).test(i) && !new RegExp(MOVING_TAG_SUFFIX_SOURCE).test(i));
    const differ = references(20000).filter(r => pinned(r) !== (imagePinProblem(r) === undefined));
    expect(differ).toEqual([]);
  });
});

describe('imageRegistry', () => {
  test.each([
    ['nginx:1.27', 'docker.io'],
    ['library/nginx:1.27', 'docker.io'],
    ['index.docker.io/library/nginx:1.27', 'docker.io'],
    ['registry.acme.example/api:1.0', 'registry.acme.example'],
    ['registry.acme.example:5000/api:1.0', 'registry.acme.example:5000'],
    ['localhost/app:1', 'localhost'],
    ['localhost:5000', 'docker.io'],
    ['[::1]:5000/app:1', '[::1]:5000'],
  ])('%s is pulled from %s', (image, registry) => {
    expect(imageRegistry(image)).toBe(registry);
  });
});

describe('moving tags', () => {
  test.each(['nginx:stable', 'alpine:edge', 'ubuntu:rolling', 'nginx:mainline', 'node:lts', 'app:Nightly', 'app:LATEST', 'registry.acme.example/app:main'])('fails for %s: the tag names a channel, not a version', image => {
    expect(imagePinProblem(image)).toMatch(/moves with every push/);
    expect(new RegExp(MOVING_TAG_SUFFIX_SOURCE).test(image)).toBe(true);
  });

  test.each(['nginx:1.27-stable', 'alpine:3.20', 'ubuntu:24.04', 'app:edge-1.2', 'app:stable2', `nginx:stable@sha256:${'a'.repeat(64)}`])('accepts %s', image => {
    expect(imagePinProblem(image)).toBeUndefined();
  });

  test('every moving tag is lowercase, and latest is one of them', () => {
    expect(MOVING_TAGS).toContain('latest');
    expect(MOVING_TAGS.every(t => t === t.toLowerCase())).toBe(true);
  });
});
