// Image provenance: the signature policies of sigstore's policy-controller (ClusterImagePolicy)
// and Kyverno (verifyImages), and how each matches an image reference against its patterns.
// https://docs.sigstore.dev/policy-controller/overview/
// https://kyverno.io/docs/writing-policies/verify-images/
import { DEFAULT_REGISTRY, parseImageReference } from './images';

/** sigstore policy-controller's API group. @internal */
export const SIGSTORE_GROUP = 'policy.sigstore.dev';
/** The version of ClusterImagePolicy emitted. @internal */
export const SIGSTORE_API_VERSION = `${SIGSTORE_GROUP}/v1beta1`;
/** sigstore's cluster-wide signature policy. @internal */
export const CLUSTER_IMAGE_POLICY_KIND = 'ClusterImagePolicy';
/**
 * The namespace label that opts a namespace into policy-controller's checks: its webhook selects
 * only namespaces labelled `"true"`.
 * @internal
 */
export const SIGSTORE_INCLUDE_LABEL = `${SIGSTORE_GROUP}/include`;

/** Kyverno's API group. @internal */
export const KYVERNO_GROUP = 'kyverno.io';
/** The version of Kyverno ClusterPolicy emitted. @internal */
export const KYVERNO_API_VERSION = `${KYVERNO_GROUP}/v1`;
/** Kyverno's cluster-wide and namespaced policy kinds. @internal */
export const KYVERNO_CLUSTER_POLICY_KIND = 'ClusterPolicy';
/** @internal */
export const KYVERNO_POLICY_KIND = 'Policy';

/** The public sigstore certificate authority, for keyless signatures. @internal */
export const DEFAULT_FULCIO_URL = 'https://fulcio.sigstore.dev';
/** The public sigstore transparency log. @internal */
export const DEFAULT_REKOR_URL = 'https://rekor.sigstore.dev';

/** The registry name go-containerregistry (policy-controller) gives Docker Hub. @internal */
export const SIGSTORE_DOCKER_HUB = 'index.docker.io';
/** Docker Hub's namespace of official images (`nginx` is `library/nginx`). @internal */
export const DOCKER_HUB_OFFICIAL = 'library';

/** The characters a policy-controller glob may have (policy-controller refuses others). @internal */
export const SIGSTORE_GLOB_SYNTAX = /^[a-zA-Z0-9-_:/*.]+$/;

/**
 * A policy-controller glob as the regular expression it compiles it to: `*` is any run of
 * characters other than "/", `**` any run at all, "." itself, the whole reference matched; the
 * globs `*` and `*\/*` stand for Docker Hub's official and user images. Undefined for a glob
 * policy-controller refuses.
 * @internal
 */
export function sigstoreGlobRegExp(glob: string): RegExp | undefined {
  const g = glob === '*/*' ? `${SIGSTORE_DOCKER_HUB}/*/*` : glob === '*' ? `${SIGSTORE_DOCKER_HUB}/${DOCKER_HUB_OFFICIAL}/*` : glob;
  if (!SIGSTORE_GLOB_SYNTAX.test(g)) return undefined;
  const source = g.replace(/\./g, '\\.').replace(/\*\*/g, '#').replace(/\*/g, '[^/]*').replace(/#/g, '.*');
  return new RegExp(`^${source}$`);
}

/**
 * The full name policy-controller matches globs against (go-containerregistry's `Name()`):
 * registry (Docker Hub is `index.docker.io`), repository (a one-component Docker Hub repository
 * is under `library/`), then `@digest`, or `:tag` (`latest` when there is none). Undefined when
 * go-containerregistry would not parse the reference (it knows sha256 digests only).
 * @internal
 */
export function sigstoreImageName(image: string): string | undefined {
  const ref = parseImageReference(image);
  if (!ref) return undefined;
  if (ref.digest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(ref.digest)) return undefined;
  const { host, path } = splitRegistry(ref.repository);
  // go-containerregistry reads `docker.io` as its default registry's alias, and nothing else
  const registry = host === undefined || host === DEFAULT_REGISTRY ? SIGSTORE_DOCKER_HUB : host;
  const repository = registry === SIGSTORE_DOCKER_HUB && !path.includes('/') ? `${DOCKER_HUB_OFFICIAL}/${path}` : path;
  return `${registry}/${repository}${ref.digest !== undefined ? `@${ref.digest}` : `:${ref.tag ?? 'latest'}`}`;
}

/**
 * Whether a policy-controller glob covers an image: its regular expression matches the full
 * name, or, as policy-controller still does for globs written without registry, the reference
 * as written.
 * @internal
 */
export function sigstoreGlobMatches(glob: string, image: string): boolean {
  const re = sigstoreGlobRegExp(glob);
  const name = sigstoreImageName(image);
  if (!re || name === undefined) return false;
  return re.test(name) || (name !== image && re.test(image));
}

/**
 * The name Kyverno matches `imageReferences` against: registry (Docker Hub is `docker.io`, with
 * no `library/` added), path, then `@digest`, or `:tag` (`latest` when there is none).
 * @internal
 */
export function kyvernoImageName(image: string): string | undefined {
  const ref = parseImageReference(image);
  if (!ref) return undefined;
  const { host, path } = splitRegistry(ref.repository);
  return `${host ?? DEFAULT_REGISTRY}/${path}${ref.digest !== undefined ? `@${ref.digest}` : `:${ref.tag ?? 'latest'}`}`;
}

/** Whether a Kyverno image pattern covers an image: `*` is any run of characters ("/" included), `?` one character. @internal */
export function kyvernoPatternMatches(pattern: string, image: string): boolean {
  const name = kyvernoImageName(image);
  if (name === undefined) return false;
  const source = [...pattern].map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+(){}[\]]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 's').test(name);
}

/** The registry host of a repository (`[host/]path`), when its first component is one. */
function splitRegistry(repository: string): { host?: string; path: string } {
  const slash = repository.indexOf('/');
  if (slash < 0) return { path: repository };
  const first = repository.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[')) {
    return { host: first, path: repository.slice(slash + 1) };
  }
  return { path: repository };
}

/** The mode of a ClusterImagePolicy that admits unsigned images with a warning. @internal */
export const SIGSTORE_WARN_MODE = 'warn';
/** The Kyverno failure action that admits a failing resource and reports it. @internal */
export const KYVERNO_AUDIT_ACTION = 'audit';

/**
 * Whether an issuer or subject of a keyless identity is a pattern rather than one identity:
 * Kyverno matches `issuer` and `subject` as wildcards (`*` any run of characters, `?` one), so
 * `https://*` or `*` admit any signer that Fulcio certified; policy-controller reads them exactly,
 * where a `*` names no real identity and can only be a mistaken wildcard.
 * @internal
 */
export function isWildcardIdentity(value: string): boolean {
  return /[*?]/.test(value);
}

/**
 * An identity no real signer has: a regular expression of a keyless identity (`issuerRegExp`,
 * `subjectRegExp`, in policy-controller and Kyverno alike, Go's unanchored `MatchString`) that
 * matches it matches any identity, as `.*` does.
 * @internal
 */
export const FOREIGN_IDENTITY = 'https://attacker.invalid/any/workflow.yml@refs/heads/any';

/**
 * Whether a keyless identity's regular expression matches any signer (it matches an identity no
 * real signer has); a pattern JavaScript cannot read is not judged.
 * @internal
 */
export function isMatchAnyIdentityRegExp(source: string): boolean {
  try {
    return new RegExp(source).test(FOREIGN_IDENTITY);
  } catch {
    return false;
  }
}
