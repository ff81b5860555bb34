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

const NAME_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
// distribution/reference: algorithm components start with a letter; encoded is ≥ 32 hex digits
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[+._-][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const REGISTRY_HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;
const MAX_REFERENCE_LENGTH = 4096;

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

/** Whether a tag is `latest` in any letter case: a name that moves, never a pin. @internal */
export function isLatestTag(tag: string): boolean {
  return tag.toLowerCase() === DEFAULT_IMAGE_TAG;
}
