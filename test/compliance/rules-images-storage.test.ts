import { deployment, findingPaths, Json, namespace, runRule } from './fixtures';
import { messagesOf, outcomeOf, pathsOf, ruleFixtures, withContainer } from './rule-fixtures';
import { runCheck } from '../../src/compliance/engine';
import { toKubeObject } from '../../src/compliance/objects';
import { CompliancePack } from '../../src/compliance/packs';

const C0 = 'spec.template.spec.containers[0]';
const F = ruleFixtures();

describe('ImagePinned', () => {
  const I = F.ImagePinned;
  test('Compliance: version tags, digests (sha256, sha512), a tag with a digest, registries with ports and IPv6 addresses', () => {
    const pinned = [I.versionTag, I.dockerHubTag, I.digest, I.tagAndDigest, I.latestWithDigest, I.sha512, I.localhostTag, I.ipv6Registry,
      I.hostPortTag];
    for (const f of pinned) {
      expect(outcomeOf('ImagePinned', f)).toEqual({ status: 'compliant' });
    }
  });
  test('fails latest in any case, no tag, and a registry port mistaken for a tag', () => {
    expect(messagesOf('ImagePinned', I.latest)).toEqual(['container "app" runs "nginx:latest": its tag "latest" moves with every push']);
    expect(pathsOf('ImagePinned', I.latestUpperCase)).toEqual([`${C0}.image`]);
    expect(messagesOf('ImagePinned', I.noTag)[0]).toMatch(/neither tag nor digest, so it resolves to "latest"/);
    expect(pathsOf('ImagePinned', I.hostPortNoTag)).toEqual([`${C0}.image`]);
  });
  test('fails digests no runtime verifies: upper-case hex, sha384, too short', () => {
    expect(messagesOf('ImagePinned', I.upperCaseDigest)[0]).toMatch(/lowercase hex/);
    expect(messagesOf('ImagePinned', I.sha384)[0]).toMatch(/"sha384" is not one container runtimes verify/);
    expect(messagesOf('ImagePinned', I.shortDigest)[0]).toMatch(/exactly 64 lowercase hex digits/);
  });
  test('fails references the grammar refuses, and a container without image', () => {
    for (const f of [I.upperCaseRepository, I.underscoreHost, I.whiteSpace, I.empty, I.tooLong]) {
      expect(messagesOf('ImagePinned', f)[0]).toMatch(/not a valid image reference/);
    }
    expect(messagesOf('ImagePinned', I.missing)).toEqual(['container "app" names no image']);
  });
  test('fails init and ephemeral containers', () => {
    expect(pathsOf('ImagePinned', I.initUnpinned)).toEqual(['spec.template.spec.initContainers[0].image']);
    expect(pathsOf('ImagePinned', I.ephemeralUnpinned)).toEqual(['spec.template.spec.ephemeralContainers[0].image']);
  });
  test('fails under the NSA/CISA pack as an error', () => {
    const findings = runCheck([toKubeObject(I.latest.object)], { packs: [CompliancePack.NSA_CISA] }).findings.filter(f => f.ruleId === 'ImagePinned');
    expect(findings.map(f => [f.severity, f.controls])).toEqual([['error', ['NSA/CISA: Trusted container images: pinned by tag or digest']]]);
  });
});

describe('PersistentVolumeHostPath', () => {
  const P = F.PersistentVolumeHostPath;
  test('fails a hostPath PersistentVolume, with or without path', () => {
    expect(messagesOf('PersistentVolumeHostPath', P.hostPath)).toEqual(['PersistentVolume "data" is the node directory "/var/lib/data": whoever claims it reads and writes the node\'s filesystem']);
    expect(pathsOf('PersistentVolumeHostPath', P.hostPathWithoutPath)).toEqual(['spec.hostPath']);
  });
  test('Compliance: CSI and local volumes, a null hostPath, no spec', () => {
    for (const f of [P.csi, P.local, P.nullHostPath, P.noSpec]) expect(outcomeOf('PersistentVolumeHostPath', f)).toEqual({ status: 'compliant' });
  });
  test('not applicable to pods (HostPathVolumes judges their volumes)', () => {
    expect(outcomeOf('PersistentVolumeHostPath', P.podHostPath)).toEqual({ status: 'not-applicable' });
  });
});

describe('ImageProvenance', () => {
  const cip = (globs: string[]): Json => ({
    apiVersion: 'policy.sigstore.dev/v1beta1',
    kind: 'ClusterImagePolicy',
    metadata: { name: 'signed' },
    spec: { images: globs.map(glob => ({ glob })), authorities: [{ keyless: { identities: [{ issuer: 'https://issuer.example', subject: 'ci' }] } }] },
  });
  const kyverno = (kind: 'ClusterPolicy' | 'Policy', references: string[], ns?: string): Json => ({
    apiVersion: 'kyverno.io/v1',
    kind,
    metadata: { name: 'verify', ...(ns ? { namespace: ns } : {}) },
    spec: { rules: [{ name: 'r', match: {}, verifyImages: [{ imageReferences: references }] }] },
  });
  const optedIn = () => {
    const ns = namespace();
    ns.metadata.labels['policy.sigstore.dev/include'] = 'true';
    return ns;
  };
  const image = (i: string) => withContainer(c => { c.image = i; });

  test('not applicable without any signature policy among the objects (provenance not enabled)', () => {
    expect(runRule('ImageProvenance', deployment())).toEqual({ status: 'not-applicable' });
    const validateOnly = { ...kyverno('ClusterPolicy', []), spec: { rules: [{ name: 'v', validate: { pattern: {} } }] } };
    expect(runRule('ImageProvenance', deployment(), validateOnly)).toEqual({ status: 'not-applicable' });
    expect(runRule('ImageProvenance', namespace(), cip(['**']))).toEqual({ status: 'not-applicable' });
  });
  test('Compliance: a ClusterImagePolicy glob covers the image and the namespace opts in', () => {
    expect(runRule('ImageProvenance', deployment(), cip(['registry.example.com/**']), optedIn())).toEqual({ status: 'compliant' });
    expect(runRule('ImageProvenance', image('postgres:16.4'), cip(['index.docker.io/library/*']), optedIn())).toEqual({ status: 'compliant' });
  });
  test('Compliance: a ClusterImagePolicy covers a workload whose Namespace is not among the objects', () => {
    expect(runRule('ImageProvenance', deployment(), cip(['registry.example.com/*'])).status).toBe('compliant');
  });
  test('fails an image of a registry no policy covers, naming the registry', () => {
    const msgs = runRule('ImageProvenance', image('ghcr.io/acme/app:1.0'), cip(['registry.example.com/**']), optedIn());
    expect(msgs).toMatchObject({ status: 'non-compliant', findings: [{ path: `${C0}.image`, message: expect.stringContaining('(registry ghcr.io), which no signature policy among the objects covers') }] });
  });
  test('fails a glob that reaches one level only, and a Docker Hub glob without library/', () => {
    expect(findingPaths('ImageProvenance', image('registry.example.com/team/app:1.0'), cip(['registry.example.com/*']), optedIn())).toEqual([`${C0}.image`]);
    expect(findingPaths('ImageProvenance', image('postgres:16.4'), cip(['index.docker.io/*']), optedIn())).toEqual([`${C0}.image`]);
  });
  test('fails a covered image in a Namespace that does not opt in to policy-controller', () => {
    const out = runRule('ImageProvenance', deployment(), cip(['registry.example.com/**']), namespace());
    expect(out).toMatchObject({ findings: [{ message: expect.stringContaining('does not carry policy.sigstore.dev/include: "true"'), fix: expect.stringContaining('requireSignedImages') }] });
  });
  test('Compliance: Kyverno covers every namespace, opted in or not; a namespaced Policy covers its own', () => {
    expect(runRule('ImageProvenance', deployment(), kyverno('ClusterPolicy', ['registry.example.com/*']), namespace())).toEqual({ status: 'compliant' });
    expect(runRule('ImageProvenance', image('nginx:1.27'), kyverno('ClusterPolicy', ['docker.io/nginx:*']))).toEqual({ status: 'compliant' });
    expect(runRule('ImageProvenance', deployment(), kyverno('Policy', ['registry.example.com/*'], 'shop'))).toEqual({ status: 'compliant' });
    expect(findingPaths('ImageProvenance', deployment(), kyverno('Policy', ['registry.example.com/*'], 'other'))).toEqual([`${C0}.image`]);
  });
  test('fails under the NSA/CISA pack as a warning', () => {
    const objects = [image('ghcr.io/acme/app:1.0'), cip(['registry.example.com/**'])].map(o => toKubeObject(o));
    const findings = runCheck(objects, { packs: [CompliancePack.NSA_CISA] }).findings.filter(f => f.ruleId === 'ImageProvenance');
    expect(findings.map(f => f.severity)).toEqual(['warning']);
  });
});
