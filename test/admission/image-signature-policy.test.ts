import { Testing, Yaml } from 'cdk8s';
import { Compliance, CompliancePack, HardenedDeployment, HardenedNamespace, ImageSignaturePolicy, ImageSignaturePolicyProps, SignatureMode, SignatureVerifier } from '../../src';

type Json = Record<string, any>;

/** A P-256 public key (the public half of a key made for these tests). */
const KEY = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEy4FiruC9rtEwfxkNp0hKcS0tUc29
mY/7CH+NRKskZXDk7wiUmmdi9MEceBrVK8jVVpa/pfwGzxelyOPiorpFDg==
-----END PUBLIC KEY-----`;
const CI = { issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main' };

const REASON = 'rollout: warn for two weeks while the release workflow signs every image (SEC-41)';

function synth(props: ImageSignaturePolicyProps, id = 'signed-images'): Json[] {
  const chart = Testing.chart();
  new ImageSignaturePolicy(chart, id, props);
  return Testing.synth(chart) as Json[];
}

describe('ImageSignaturePolicy, sigstore policy-controller (the default)', () => {
  const [cip] = synth({ images: ['registry.acme.example/**', 'index.docker.io/library/*'], keylessSigners: [CI], publicKeys: [KEY] });

  test('defaults: an enforcing ClusterImagePolicy with a keyless and a key authority, both against the public transparency log', () => {
    expect(cip).toMatchSnapshot();
    expect(cip.apiVersion).toBe('policy.sigstore.dev/v1beta1');
    expect(cip.kind).toBe('ClusterImagePolicy');
    expect(cip.metadata.name).toBe('signed-images');
    expect(cip.spec.mode).toBe('enforce');
    expect(cip.spec.images).toEqual([{ glob: 'registry.acme.example/**' }, { glob: 'index.docker.io/library/*' }]);
    expect(cip.spec.authorities).toEqual([
      { name: 'keyless-1', keyless: { url: 'https://fulcio.sigstore.dev', identities: [CI] }, ctlog: { url: 'https://rekor.sigstore.dev' } },
      { name: 'key-1', key: { data: `${KEY}\n`, hashAlgorithm: 'sha256' }, ctlog: { url: 'https://rekor.sigstore.dev' } },
    ]);
  });

  test('warn mode, and a private Fulcio and Rekor', () => {
    const [p] = synth({ images: ['**'], keylessSigners: [CI], mode: SignatureMode.WARN, weakeningReason: REASON, fulcioUrl: 'https://fulcio.acme.example', rekorUrl: 'https://rekor.acme.example' });
    expect(p.spec.mode).toBe('warn');
    expect(p.spec.authorities[0]).toEqual({ name: 'keyless-1', keyless: { url: 'https://fulcio.acme.example', identities: [CI] }, ctlog: { url: 'https://rekor.acme.example' } });
  });

  test('opts the namespaces given in to policy-controller (HardenedNamespace.requireSignedImages)', () => {
    const chart = Testing.chart();
    const shop = new HardenedNamespace(chart, 'shop', { name: 'shop' });
    const other = new HardenedNamespace(chart, 'other', { name: 'other' });
    new ImageSignaturePolicy(chart, 'signed', { images: ['registry.acme.example/**'], keylessSigners: [CI], namespaces: [shop] });
    const namespaces = (Testing.synth(chart) as Json[]).filter(o => o.kind === 'Namespace');
    expect(namespaces.map(n => [n.metadata.name, n.metadata.labels['policy.sigstore.dev/include']])).toEqual([['shop', 'true'], ['other', undefined]]);
    expect(other.namespaceObject.metadata.getLabel('policy.sigstore.dev/include')).toBeUndefined();
  });
});

describe('ImageSignaturePolicy, Kyverno', () => {
  const [policy] = synth({ images: ['registry.acme.example/**', 'ghcr.io/acme/*', 'index.docker.io/library/*'], keylessSigners: [CI], publicKeys: [KEY], verifier: SignatureVerifier.KYVERNO });
  const verify = policy.spec.rules[0].verifyImages[0];

  test('a ClusterPolicy that verifies every pod\'s images, by digest, with either attestor', () => {
    expect(policy).toMatchSnapshot();
    expect([policy.apiVersion, policy.kind, policy.spec.validationFailureAction, policy.spec.background]).toEqual(['kyverno.io/v1', 'ClusterPolicy', 'Enforce', false]);
    expect(policy.spec.rules[0].match).toEqual({ any: [{ resources: { kinds: ['Pod'] } }] });
    expect([verify.mutateDigest, verify.verifyDigest, verify.required]).toEqual([true, true, true]);
    expect(verify.attestors).toEqual([{
      count: 1,
      entries: [
        { keyless: { ...CI, rekor: { url: 'https://rekor.sigstore.dev' } } },
        { keys: { publicKeys: `${KEY}\n`, rekor: { url: 'https://rekor.sigstore.dev' } } },
      ],
    }]);
  });

  test('globs become Kyverno patterns that cover at least as much: docker.io with and without library/, "*" for "**"', () => {
    expect(verify.imageReferences).toEqual(['registry.acme.example/*', 'ghcr.io/acme/*', 'docker.io/library/*', 'docker.io/*']);
  });

  test('warn mode audits and leaves tags as they are (Kyverno refuses to rewrite them in Audit)', () => {
    const [p] = synth({ images: ['**'], publicKeys: [KEY], verifier: SignatureVerifier.KYVERNO, mode: SignatureMode.WARN, weakeningReason: REASON });
    expect(p.spec.validationFailureAction).toBe('Audit');
    expect([p.spec.rules[0].verifyImages[0].mutateDigest, p.spec.rules[0].verifyImages[0].verifyDigest]).toEqual([false, true]);
    const [noDigest] = synth({ images: ['**'], publicKeys: [KEY], verifier: SignatureVerifier.KYVERNO, requireDigest: false, weakeningReason: REASON });
    expect([noDigest.spec.rules[0].verifyImages[0].mutateDigest, noDigest.spec.rules[0].verifyImages[0].verifyDigest]).toEqual([false, false]);
  });
});

describe('weakening: a reason recorded where check reads it (ImageSignatureWeakened)', () => {
  const ACK = 'acknowledged.cdk8s-hardening.io/ImageSignatureWeakened';
  const weakened = (docs: Json[]) => Compliance.checkManifests(Yaml.stringify(...docs), { packs: [CompliancePack.NSA_CISA] });
  const WILD = { issuer: 'https://*', subject: '*' };
  const cases: Array<[string, ImageSignaturePolicyProps]> = [
    ['sigstore warn', { images: ['**'], keylessSigners: [CI], mode: SignatureMode.WARN }],
    ['sigstore wildcard identity', { images: ['**'], keylessSigners: [WILD] }],
    ['kyverno audit', { images: ['**'], publicKeys: [KEY], verifier: SignatureVerifier.KYVERNO, mode: SignatureMode.WARN }],
    ['kyverno without digests', { images: ['**'], publicKeys: [KEY], verifier: SignatureVerifier.KYVERNO, requireDigest: false }],
    ['kyverno wildcard subject', { images: ['**'], keylessSigners: [{ ...CI, subject: 'https://github.com/acme/*' }], verifier: SignatureVerifier.KYVERNO }],
  ];

  test.each(cases)('%s: the reason is the acknowledgement on the policy, and check agrees; without it, check fails', (_name, props) => {
    const docs = synth({ ...props, weakeningReason: REASON });
    expect(docs[0].metadata.annotations).toEqual({ [ACK]: REASON });
    const withReason = weakened(docs);
    expect(withReason.findings).toEqual([]);
    expect(withReason.acknowledged.map(f => f.ruleId)).toEqual(expect.arrayContaining(['ImageSignatureWeakened']));
    const unrecorded = JSON.parse(JSON.stringify(docs)) as Json[];
    delete unrecorded[0].metadata.annotations;
    expect(weakened(unrecorded).findings.filter(f => f.ruleId === 'ImageSignatureWeakened').length).toBeGreaterThan(0);
  });

  test.each(cases)('fails %s without a reason', (_name, props) => {
    expect(() => synth(props)).toThrow(/\[test\/signed-images\] (mode|requireDigest|keylessSigners\[0\]\.(issuer|subject)): .*needs a reason; got .*\. Fix: give weakeningReason/);
  });

  test('fails a reason with nothing weakened, and a reason too short', () => {
    expect(() => synth({ images: ['**'], keylessSigners: [CI], weakeningReason: REASON })).toThrow(/weakeningReason: gives a reason, but the policy enforces/);
    expect(() => synth({ images: ['**'], keylessSigners: [CI], mode: SignatureMode.WARN, weakeningReason: 'rollout' })).toThrow(/weakeningReason: an exception to a security default needs a reason of at least 10 characters/);
  });

  test('the defaults need no reason and carry none', () => {
    for (const verifier of [SignatureVerifier.SIGSTORE_POLICY_CONTROLLER, SignatureVerifier.KYVERNO]) {
      const docs = synth({ images: ['**'], keylessSigners: [CI], verifier });
      expect(docs[0].metadata.annotations).toBeUndefined();
      expect(weakened(docs).findings).toEqual([]);
    }
  });
});

describe('the engine knows the signature policies (ImageProvenance)', () => {
  test('Compliance: a hardened workload whose registry the policy covers, in a namespace that opts in', () => {
    const chart = Testing.chart();
    const shop = new HardenedNamespace(chart, 'shop', { name: 'shop', requireSignedImages: true });
    new HardenedDeployment(chart, 'api', { metadata: { namespace: shop.namespaceName }, containers: [{ image: 'registry.acme.example/api:1.0.0' }] });
    new ImageSignaturePolicy(chart, 'signed', { images: ['registry.acme.example/**'], keylessSigners: [CI] });
    expect(Compliance.check(chart).findings.map(f => f.ruleId)).not.toContain('ImageProvenance');
  });
  test('fails (warning) a workload from a registry no policy covers', () => {
    const chart = Testing.chart();
    const shop = new HardenedNamespace(chart, 'shop', { name: 'shop', requireSignedImages: true });
    new HardenedDeployment(chart, 'api', { metadata: { namespace: shop.namespaceName }, containers: [{ image: 'ghcr.io/acme/api:1.0.0' }] });
    new ImageSignaturePolicy(chart, 'signed', { images: ['registry.acme.example/**'], keylessSigners: [CI] });
    const found = Compliance.check(chart).findings.filter(f => f.ruleId === 'ImageProvenance');
    expect(found.map(f => [f.severity, f.resourceKind, f.fieldPath])).toEqual([['warning', 'Deployment', 'spec.template.spec.containers[0].image']]);
  });
});

test('the command reads both kinds (custom API groups) and the admission kinds (built in)', () => {
  const docs = [
    ...synth({ images: ['**'], publicKeys: [KEY] }),
    ...synth({ images: ['**'], publicKeys: [KEY], verifier: SignatureVerifier.KYVERNO }, 'kyverno'),
    { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: 'b' }, spec: { policyName: 'p', validationActions: ['Deny'] } },
  ];
  const result = Compliance.checkManifests(Yaml.stringify(...docs), { packs: [CompliancePack.NSA_CISA] });
  expect(result.objectCount).toBe(3);
  expect(result.findings).toEqual([]);
});

describe('invalid input', () => {
  const base = { images: ['registry.acme.example/**'], keylessSigners: [CI] };
  test('fails globs policy-controller refuses or would read as Docker Hub images', () => {
    expect(() => synth({ ...base, images: [] })).toThrow(/\[test\/signed-images\] images: covers no image/);
    expect(() => synth({ ...base, images: ['registry.acme.example/[a-z]*'] })).toThrow(/images\[0\]: is not a policy-controller glob/);
    expect(() => synth({ ...base, images: ['*'] })).toThrow(/images\[0\]: does not start with a registry host/);
    expect(() => synth({ ...base, images: ['acme/*'] })).toThrow(/images\[0\]: does not start with a registry host \("\*" and "\*\/\*" would be read as Docker Hub images\); got "acme\/\*"\. Fix: name the registry first/);
    expect(() => synth({ ...base, images: ['registry.acme.example/'] })).toThrow(/images\[0\]: ends after the registry/);
    expect(() => synth({ ...base, images: ['-bad-.example/**'] })).toThrow(/images\[0\]: does not start with a registry host/);
  });
  test('Compliance: a wildcard in the registry host, a port, every image', () => {
    expect(() => synth({ ...base, images: ['*.acme.example/**', 'registry.acme.example:5000/team/*', '**'] })).not.toThrow();
  });
  test('fails a certificate authority with Kyverno, whose keyless attestor has no field for it', () => {
    expect(() => synth({ ...base, verifier: SignatureVerifier.KYVERNO, fulcioUrl: 'https://fulcio.acme.example' }))
      .toThrow(/fulcioUrl: sets a certificate authority, which Kyverno's keyless attestor has no field for .*got "https:\/\/fulcio\.acme\.example"/);
    expect(() => synth({ ...base, verifier: SignatureVerifier.KYVERNO, fulcioUrl: 'https://fulcio.sigstore.dev' })).not.toThrow();
  });
  test('fails without any signer or key', () => {
    expect(() => synth({ images: ['**'] })).toThrow(/keylessSigners: names no signer and publicKeys no key/);
  });
  test('fails an issuer that is no https URL, and a subject with spaces around it or none', () => {
    expect(() => synth({ ...base, keylessSigners: [{ ...CI, issuer: 'http://token.actions.githubusercontent.com' }] }))
      .toThrow(/keylessSigners\[0\]\.issuer: must be an https URL without credentials; got "http:\/\/token\.actions\.githubusercontent\.com"/);
    expect(() => synth({ ...base, keylessSigners: [{ ...CI, issuer: 'https://user:pw@issuer.example' }] })).toThrow(/keylessSigners\[0\]\.issuer: must be an https URL/);
    expect(() => synth({ ...base, keylessSigners: [{ ...CI, issuer: 'token.actions' }] })).toThrow(/keylessSigners\[0\]\.issuer/);
    expect(() => synth({ ...base, keylessSigners: [{ ...CI, subject: ' ci ' }] })).toThrow(/keylessSigners\[0\]\.subject: must be the exact identity/);
    expect(() => synth({ ...base, keylessSigners: [{ ...CI, subject: '' }] })).toThrow(/keylessSigners\[0\]\.subject/);
    expect(() => synth({ ...base, rekorUrl: 'ftp://rekor.example' })).toThrow(/rekorUrl: must be an https URL/);
  });
  test('fails what is not a PEM public key, and a private key without echoing it', () => {
    expect(() => synth({ ...base, publicKeys: ['MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE'] })).toThrow(/publicKeys\[0\]: is not a PEM public key/);
    const broken = KEY.replace('MFkw', 'AAAA');
    expect(() => synth({ ...base, publicKeys: [broken] })).toThrow(/publicKeys\[0\]: is not a public key that can be read/);
    const privateKey = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----';
    let message = '';
    try {
      synth({ ...base, publicKeys: [privateKey] });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/publicKeys\[0\]: is a private key, which must never be written into a manifest; got "<private key withheld>"/);
    expect(message).not.toContain('MIGHAgEA');
  });
  test('fails namespaces to opt in with Kyverno, which needs no label', () => {
    const chart = Testing.chart();
    const shop = new HardenedNamespace(chart, 'shop', { name: 'shop' });
    expect(() => new ImageSignaturePolicy(chart, 'k', { images: ['**'], publicKeys: [KEY], verifier: SignatureVerifier.KYVERNO, namespaces: [shop] }))
      .toThrow(/\[test\/k\] namespaces: opt namespaces in to policy-controller, but Kyverno verifies every namespace without a label; got \["shop"\]/);
  });
  test('fails a name the API server refuses', () => {
    expect(() => synth(base, 'Signed_Images')).toThrow(/name: must be a DNS-1123 subdomain/);
  });
});
