import { Testing } from 'cdk8s';
import { imageDigestProblem, parseImageReference } from '../src/standards/images';
import { nameProblem } from '../src/standards/names';
import { validateImage, validateObjectName, validateOwnNamespace, validateQuantity } from '../src/validation';
import { PodHardening } from '../src/workloads/pod-hardening';

const SHA256 = 'sha256:' + 'b'.repeat(64);
const SHA512 = 'sha512:' + 'c'.repeat(128);


describe('validateQuantity', () => {
  test('fails for a quantity too large to be a number, naming the bound', () => {
    expect(() => validateQuantity('chart/ns', 'quota.limitsCpu', '1e400')).toThrow('[chart/ns] quota.limitsCpu: must be a non-negative Kubernetes quantity no larger than 2^63-1 (about 9.2e18); got "1e400". Fix:');
  });
  test('fails for a finite quantity above what Kubernetes stores, which it would cap silently', () => {
    expect(() => validateQuantity('chart/ns', 'quota.limitsMemory', '1e30')).toThrow(/quota\.limitsMemory: is larger than any quantity Kubernetes stores \(2\^63-1, about 9\.2e18\), so the API server would silently cap it; got "1e30"/);
    expect(() => validateQuantity('chart/ns', 'quota.limitsMemory', '8Ei')).toThrow(/silently cap it; got "8Ei"/);
  });
  test('accepts quantities up to the bound', () => {
    expect(validateQuantity('chart/ns', 'q', '7Ei')).toBe('7Ei');
    expect(validateQuantity('chart/ns', 'q', '0')).toBe('0');
  });
});

describe('parseImageReference', () => {
  test.each([
    ['nginx:1.27', { repository: 'nginx', tag: '1.27' }],
    ['registry.acme.example/web:2.0.1', { repository: 'registry.acme.example/web', tag: '2.0.1' }],
    ['localhost:5000/web:1', { repository: 'localhost:5000/web', tag: '1' }],
    ['registry.internal:443/team/app', { repository: 'registry.internal:443/team/app', tag: undefined }],
    [`web@${SHA256}`, { repository: 'web', tag: undefined, digest: SHA256 }],
    [`web:1.0@${SHA256}`, { repository: 'web', tag: '1.0', digest: SHA256 }],
  ])('%s', (image, expected) => {
    expect(parseImageReference(image)).toEqual({ digest: undefined, ...expected });
  });
  test.each(['', 'Web:1', 'web:', 'web:-1', 'web@sha256:xyz', 'a b:1', 'web//x:1', '-web:1', 'web@:' + 'a'.repeat(64)])('fails to parse %p', image => {
    expect(parseImageReference(image)).toBeUndefined();
  });
});

describe('imageDigestProblem', () => {
  test.each([SHA256, SHA512])('accepts %s', digest => {
    expect(imageDigestProblem(digest)).toBeUndefined();
  });
  test.each([
    ['sha256:' + 'B'.repeat(64), /lowercase hex \(the OCI image spec forbids A-F\)/],
    ['sha256:' + 'b'.repeat(63), /exactly 64 lowercase hex digits; this one has 63 characters/],
    ['sha256:' + 'b'.repeat(65), /exactly 64 lowercase hex digits; this one has 65/],
    ['sha256:' + 'g'.repeat(64), /not all hex digits/],
    ['sha512:' + 'c'.repeat(64), /exactly 128 lowercase hex digits/],
    ['sha384:' + 'c'.repeat(96), /the digest algorithm "sha384" is not one container runtimes verify/],
    ['blake3:' + 'c'.repeat(64), /"blake3" is not one/],
    ['md5:' + 'c'.repeat(32), /"md5"/],
  ])('fails for %s', (digest, problem) => {
    expect(imageDigestProblem(digest)).toMatch(problem);
  });
});

describe('validateImage', () => {
  test('fails for an untagged image with a fix naming the repository', () => {
    expect(() => validateImage('chart/web', 'image', 'registry.acme.example/web', false)).toThrow('[chart/web] image: an image without a tag resolves to "latest", which is not reproducible; got "registry.acme.example/web". Fix: pin a version tag ("registry.acme.example/web:1.2.3") or a digest ("registry.acme.example/web@sha256:<digest>")');
  });
  test.each(['web:latest', 'web:Latest', 'web:LATEST', 'registry.acme.example/team/web:lAtEsT'])('fails for the moving tag %p in any letter case', image => {
    expect(() => validateImage('chart/web', 'image', image, false)).toThrow(/\[chart\/web\] image: the "latest" tag is not reproducible|the "[lL][aA][tT][eE][sS][tT]" tag is not reproducible/);
  });
  test('accepts a latest tag pinned by a digest: the runtime pulls the digest', () => {
    expect(validateImage('chart/web', 'image', `web:latest@${SHA256}`, true)).toBe(`web:latest@${SHA256}`);
  });
  test.each([
    [`web@sha256:${'A'.repeat(64)}`, /image: is not a valid image reference: a sha256 digest is lowercase hex/],
    [`web@sha256:${'a'.repeat(40)}`, /image: is not a valid image reference: a sha256 digest is exactly 64 lowercase hex digits; this one has 40 characters/],
    ['web@sha256:xyz', /is not a valid image reference: a sha256 digest is exactly 64/],
    [`web:1.0@blake3:${'a'.repeat(64)}`, /the digest algorithm "blake3" is not one container runtimes verify; a digest is "sha256:" and 64 lowercase hex digits, or "sha512:" and 128 lowercase hex digits/],
  ])('fails for the malformed digest %p, also with requireImageDigest', (image, problem) => {
    for (const requireDigest of [false, true]) {
      expect(() => validateImage('chart/web', 'image', image, requireDigest)).toThrow(problem);
      expect(() => validateImage('chart/web', 'image', image, requireDigest)).toThrow(/Fix: pin the digest your registry reports for the image, e\.g\. "web(:1\.0)?@sha256:<64 lowercase hex digits>"/);
    }
  });
  test('accepts sha256 and sha512 digests with requireImageDigest', () => {
    expect(validateImage('chart/web', 'image', `web@${SHA256}`, true)).toBe(`web@${SHA256}`);
    expect(validateImage('chart/web', 'image', `web:2@${SHA512}`, true)).toBe(`web:2@${SHA512}`);
  });
  test('fails with requireImageDigest for a tag, with a fix keeping the version tag', () => {
    expect(() => validateImage('chart/web', 'image', 'web:2.1', true)).toThrow(/a digest is required because requireImageDigest is set; got "web:2\.1"\. Fix: pin the image by digest, e\.g\. "web:2\.1@sha256:<digest>"/);
    expect(() => validateImage('chart/web', 'image', 'web:Latest', true)).toThrow(/Fix: pin the image by digest, e\.g\. "web@sha256:<digest>"/);
  });
});

describe('object names', () => {
  test.each([
    ['Service', 'web.v2', /must be a DNS-1035 label .*because a Service name is a DNS label/],
    ['Service', '9web', /must be a DNS-1035 label/],
    ['Service', 'a'.repeat(64), /must be a DNS-1035 label/],
    ['StatefulSet', 'orders.db', /must be a DNS-1123 label .*because its pods carry the labels statefulset\.kubernetes\.io\/pod-name/],
    ['StatefulSet', 'a'.repeat(53), /a StatefulSet name is at most 52 characters \(this one has 53\), because its pods carry the labels .*controller-revision-hash = <name>-<10-character hash>/],
    ['Job', 'a'.repeat(64), /a Job name is at most 63 characters/],
    ['CronJob', 'a'.repeat(53), /a CronJob name is at most 52 characters .*appends 11 characters/],
    ['Namespace', 'pay.ments', /must be a DNS-1123 label/],
    ['Deployment', 'Web', /must be a DNS-1123 subdomain/],
    ['Role', 'a/b', /may not be empty, "\." or "\.\.", nor contain "\/" or "%"/],
  ])('fails for a %s named %p', (kind, name, problem) => {
    expect(nameProblem(kind, name)).toMatch(problem);
    expect(() => validateObjectName('chart/x', 'metadata.name', kind, name)).toThrow(/^\[chart\/x\] metadata\.name: .*; got ".*"\. Fix: choose a name such as .*; see https:\/\/kubernetes\.io\/docs\/concepts\/overview\/working-with-objects\/names\/$/);
  });
  test.each([
    ['Service', 'web-api'], ['StatefulSet', 'a'.repeat(52)], ['Job', 'a'.repeat(63)], ['CronJob', 'a'.repeat(52)],
    ['Deployment', 'web.v2'], ['Role', 'hardening:deployer'], ['Pod', 'a'.repeat(253)],
  ])('accepts a %s named %p', (kind, name) => {
    expect(nameProblem(kind, name)).toBeUndefined();
    expect(validateObjectName('chart/x', 'metadata.name', kind, name)).toBe(name);
  });
  test('fails for a StatefulSet name with a dot in the pod-hardening core, which checks the name by kind', () => {
    const chart = Testing.chart();
    expect(() => PodHardening.podProps(chart, 'db', { metadata: { name: 'orders.db' } }, 'StatefulSet'))
      .toThrow(/\[test\/db\] metadata\.name: must be a DNS-1123 label .*statefulset\.kubernetes\.io\/pod-name.*; got "orders\.db"/);
    expect(() => PodHardening.podProps(chart, 'db', { metadata: { name: 'o'.repeat(53) } }, 'StatefulSet')).toThrow(/at most 52 characters/);
    expect(PodHardening.podProps(chart, 'web', { metadata: { name: 'web.v2' } }, 'Deployment').metadata?.name).toBe('web.v2');
  });
  test.each(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'kube-tenant'])('fails for the reserved namespace %p', name => {
    expect(() => validateOwnNamespace('chart/x', 'name', name)).toThrow(/^\[chart\/x\] name: .*(namespace Kubernetes creates|prefix is reserved)/);
  });
});
