// Container image references: the distribution reference grammar and the OCI digest algorithms.
// https://github.com/distribution/reference/blob/main/reference.go (grammar)
// https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests (algorithms)

/** The parts of a container image reference. @internal */
export interface ImageReference {
  /** `[registry[:port]/]path`, without tag or digest. */
  readonly repository: string;
  readonly tag?: string;
  /** `algorithm:encoded`, as written. */
  readonly digest?: string;
}

// The grammar's parts as regular expression sources that RE2 (CEL's `matches`) and JavaScript
// read alike, so the admission policies match image references by the same grammar.
const NAME_COMPONENT_SOURCE = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';
/** A path component without ".": what a first component must be to not be read as a registry host. */
const PLAIN_COMPONENT_SOURCE = '[a-z0-9]+(?:(?:_|__|-+)[a-z0-9]+)*';
const TAG_SOURCE = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';
// distribution/reference: algorithm components start with a letter; encoded is ≥ 32 hex digits
const DIGEST_SOURCE = '[A-Za-z][A-Za-z0-9]*(?:[+._-][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const HOST_LABEL_SOURCE = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const IPV6_HOST_SOURCE = '\\[[0-9a-fA-F:]+\\]';
const REGISTRY_HOST_SOURCE = `(?:${HOST_LABEL_SOURCE}(?:\\.${HOST_LABEL_SOURCE})*|${IPV6_HOST_SOURCE})(?::[0-9]+)?`;
/**
 * A registry host as `parseImageReference` recognises one in the first component: a valid host
 * that has a "." or a port, an IPv6 address in brackets, or `localhost`.
 */
const MARKED_HOST_SOURCE = `(?:${HOST_LABEL_SOURCE}(?:\\.${HOST_LABEL_SOURCE})+(?::[0-9]+)?|${HOST_LABEL_SOURCE}:[0-9]+|${IPV6_HOST_SOURCE}(?::[0-9]+)?|localhost)`;

const NAME_COMPONENT = new RegExp(`^${NAME_COMPONENT_SOURCE}$`);
const TAG = new RegExp(`^${TAG_SOURCE}$`);
const DIGEST = new RegExp(`^${DIGEST_SOURCE}$`);
const REGISTRY_HOST = new RegExp(`^${REGISTRY_HOST_SOURCE}$`);
/** The longest image reference accepted. @internal */
export const MAX_IMAGE_REFERENCE_LENGTH = 4096;
const MAX_REFERENCE_LENGTH = MAX_IMAGE_REFERENCE_LENGTH;

/**
 * The whole reference grammar `parseImageReference` implements, as one anchored expression
 * (RE2 and JavaScript alike): `[host/]path[:tag][@digest]`, where a first path component that
 * looks like a host (".", ":", "[" or `localhost`) must be a valid one. Length is not part of it
 * (`MAX_IMAGE_REFERENCE_LENGTH`).
 * @internal
 */
export const IMAGE_REFERENCE_SOURCE = `^(?:${MARKED_HOST_SOURCE}/${NAME_COMPONENT_SOURCE}(?:/${NAME_COMPONENT_SOURCE})*`
  + `|${PLAIN_COMPONENT_SOURCE}(?:/${NAME_COMPONENT_SOURCE})+|${NAME_COMPONENT_SOURCE})(?::${TAG_SOURCE})?(?:@${DIGEST_SOURCE})?$`;

/** Whether a text is a registry host as image references write it (`registry.acme.example:5000`, `[::1]`). @internal */
export function isRegistryHost(text: string): boolean {
  return REGISTRY_HOST.test(text);
}

/**
 * The digest algorithms accepted, with the number of lowercase hex digits each must have.
 *
 * The OCI image spec registers `sha256` (every implementation MUST verify it), `sha512` and
 * `blake3`, all lowercase hex. go-digest, which containerd and CRI-O verify digests with,
 * enables `sha256` and `sha512` by default and `blake3` only when built with it, so `blake3`
 * is left out: the pin might not be checkable. Algorithms the OCI spec does not register
 * (`sha384`, `md5`) are refused.
 * @internal
 */
export const IMAGE_DIGEST_ALGORITHMS: Readonly<Record<string, number>> = {
  sha256: 64,
  sha512: 128,
};

/** The tag an untagged reference resolves to, and that moves with every push. @internal */
export const DEFAULT_IMAGE_TAG = 'latest';

/**
 * Parses an image reference following the distribution reference grammar
 * (`[registry[:port]/]path[:tag][@algorithm:encoded]`), or returns undefined when it is
 * malformed. The digest is only checked against the grammar here: `imageDigestProblem` says
 * whether its algorithm and encoding are ones a runtime verifies.
 * @internal
 */
export function parseImageReference(image: string): ImageReference | undefined {
  // the same images recur across a repository's workloads: each is parsed once
  let parsed = PARSED.get(image);
  if (parsed === undefined) {
    if (PARSED.size >= MAX_PARSED) PARSED.clear();
    PARSED.set(image, parsed = parseReference(image) ?? null);
  }
  return parsed ?? undefined;
}

const PARSED = new Map<string, ImageReference | null>();
const MAX_PARSED = 10000;

function parseReference(image: string): ImageReference | undefined {
  if (image.length === 0 || image.length > MAX_REFERENCE_LENGTH || /\s/.test(image)) return undefined;
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost' || parts[0].startsWith('['))) {
    const host = parts.shift()!;
    if (!REGISTRY_HOST.test(host)) return undefined;
  }
  if (parts.length === 0 || !parts.every(p => NAME_COMPONENT.test(p))) return undefined;
  return { repository: rest, tag, digest };
}

/**
 * Why a digest (`algorithm:encoded`) is not a pin a container runtime verifies, or undefined
 * when it is one: a registered algorithm of `IMAGE_DIGEST_ALGORITHMS`, followed by exactly
 * its number of lowercase hex digits.
 * @internal
 */
export function imageDigestProblem(digest: string): string | undefined {
  const colon = digest.indexOf(':');
  const algorithm = colon >= 0 ? digest.slice(0, colon) : '';
  const encoded = colon >= 0 ? digest.slice(colon + 1) : digest;
  const accepted = Object.entries(IMAGE_DIGEST_ALGORITHMS).map(([a, n]) => `"${a}:" and ${n} lowercase hex digits`).join(', or ');
  const length = IMAGE_DIGEST_ALGORITHMS[algorithm];
  if (length === undefined) {
    return `the digest algorithm ${JSON.stringify(algorithm)} is not one container runtimes verify; a digest is ${accepted}`;
  }
  if (/[A-F]/.test(encoded) && /^[0-9a-fA-F]*$/.test(encoded)) {
    return `a ${algorithm} digest is lowercase hex (the OCI image spec forbids A-F), ${length} digits`;
  }
  if (!/^[0-9a-f]*$/.test(encoded) || encoded.length !== length) {
    return `a ${algorithm} digest is exactly ${length} lowercase hex digits; this one has ${encoded.length} characters${/^[0-9a-fA-F]*$/.test(encoded) ? '' : ' that are not all hex digits'}`;
  }
  return undefined;
}

/**
 * Tags that name a release channel, not a version: each moves to a new image with every push
 * to its channel (`latest`; Docker official images' `stable`, `mainline`, `edge`, `rolling`,
 * `lts`, `current`; and the branch and build channels many projects publish). A version tag that
 * contains one of these words (`1.27-stable`, `edge-1.2`) names a version and is not one of them.
 * @internal
 */
export const MOVING_TAGS: readonly string[] = [
  DEFAULT_IMAGE_TAG, 'stable', 'mainline', 'edge', 'rolling', 'lts', 'current', 'nightly', 'unstable', 'testing',
  'devel', 'dev', 'develop', 'main', 'master', 'head', 'trunk', 'canary', 'beta', 'alpha', 'snapshot',
];

/** Whether a tag is one of `MOVING_TAGS` in any letter case: a name that moves, never a pin. @internal */
export function isMovingTag(tag: string): boolean {
  return MOVING_TAGS.includes(tag.toLowerCase());
}

/**
 * A digest a runtime verifies, at the end of a reference: `@` and one of
 * `IMAGE_DIGEST_ALGORITHMS` with exactly its number of lowercase hex digits (RE2 and JavaScript).
 * @internal
 */
export const VERIFIED_DIGEST_SUFFIX_SOURCE = `@(?:${Object.entries(IMAGE_DIGEST_ALGORITHMS).map(([a, n]) => `${a}:[0-9a-f]{${n}}`).join('|')})$`;

/** A tag at the end of a reference without digest: after the last "/", a ":" (RE2 and JavaScript). @internal */
export const TAG_SUFFIX_SOURCE = ':[^/@]*$';

/** A moving tag (`MOVING_TAGS`) at the end of a reference, in any letter case (RE2 and JavaScript, `(?i)`-free). @internal */
export const MOVING_TAG_SUFFIX_SOURCE = `:(?:${MOVING_TAGS.map(tag => [...tag].map(c => `[${c.toLowerCase()}${c.toUpperCase()}]`).join('')).join('|')})$`;

/**
 * Why an image reference is not pinned, or undefined when it is: valid by the reference grammar,
 * and either a digest a runtime verifies or a tag other than a moving one (`MOVING_TAGS`, in any letter case). The
 * checks and their order are those of the constructs' image validation, without `requireImageDigest`.
 * @internal
 */
export function imagePinProblem(image: string): string | undefined {
  const at = image.indexOf('@');
  if (at >= 0) {
    const problem = imageDigestProblem(image.slice(at + 1));
    if (problem !== undefined) return problem;
  }
  const ref = parseImageReference(image);
  if (!ref) return 'it is not a valid image reference ([registry/]repository[:tag][@digest])';
  if (ref.digest) return undefined;
  if (ref.tag === undefined) return `it has neither tag nor digest, so it resolves to "${DEFAULT_IMAGE_TAG}", which moves with every push`;
  if (isMovingTag(ref.tag)) return `its tag "${ref.tag}" moves with every push`;
  return undefined;
}

/** The registry an image without a registry host is pulled from (Docker Hub). @internal */
export const DEFAULT_REGISTRY = 'docker.io';

/** Other names of the default registry, which runtimes read as `docker.io`. @internal */
export const DEFAULT_REGISTRY_ALIASES: readonly string[] = ['index.docker.io', 'registry-1.docker.io'];

/** A registry host as runtimes compare it: Docker Hub's aliases are `docker.io`. @internal */
export function normalizeRegistry(host: string): string {
  return DEFAULT_REGISTRY_ALIASES.includes(host) ? DEFAULT_REGISTRY : host;
}

/**
 * The registry an image is pulled from, as container runtimes resolve it: the first path
 * component when the reference has more than one and the first contains "." or ":" or is
 * `localhost`; otherwise Docker Hub. Docker Hub's aliases read as `docker.io`.
 * @internal
 */
export function imageRegistry(image: string): string {
  const parts = image.split('/');
  const first = parts[0];
  const host = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : DEFAULT_REGISTRY;
  return normalizeRegistry(host);
}
