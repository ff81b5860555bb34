import { IConstruct } from 'constructs';
import { invalidInput } from './errors';
import { MIN_REASON_LENGTH } from './standards/annotations';
import { isDns1123Label, isDns1123Subdomain } from './standards/names';
import { parseQuantity } from './standards/quantity';

// Validators shared by every construct. Each throws `invalidInput` (construct path, field, value,
// fix) and returns the value when it is acceptable, so callers can validate inline.


/**
 * A DNS-1123 label (namespaces, services, container names): lowercase alphanumerics and '-',
 * starting and ending alphanumeric, at most 63 characters.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
 * @internal
 */
export function validateDnsLabel(scope: IConstruct | string, field: string, value: string): string {
  if (!isDns1123Label(value)) {
    throw invalidInput(scope, field, 'must be a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)', value,
      'choose a name such as "payments" or "web-api"; see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names');
  }
  return value;
}

/**
 * A DNS-1123 subdomain (most object names): labels joined by '.', at most 253 characters.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names
 * @internal
 */
export function validateDnsSubdomain(scope: IConstruct | string, field: string, value: string): string {
  if (!isDns1123Subdomain(value)) {
    throw invalidInput(scope, field, 'must be a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", at most 253 characters)', value,
      'choose a name such as "web" or "web.v2"; see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names');
  }
  return value;
}

/**
 * A TCP/UDP port number, 1 to 65535.
 * @internal
 */
export function validatePort(scope: IConstruct | string, field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw invalidInput(scope, field, 'must be a whole port number from 1 to 65535', value, 'use the port the container listens on, e.g. 8080');
  }
  return value;
}

/**
 * A Linux user or group id for a non-root workload: a whole number from 1 to 2147483647.
 * @internal
 */
export function validateNonRootId(scope: IConstruct | string, field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 2147483647) {
    const problem = value === 0 ? 'id 0 is root, which NSA/CISA "Non-root containers" and the Pod Security Standards (restricted, "Running as Non-root user") forbid' : 'must be a whole number from 1 to 2147483647';
    throw invalidInput(scope, field, problem, value, 'use the non-root id your image runs as (65532 for distroless "nonroot" images), or leave it unset for the documented default');
  }
  return value;
}

/**
 * A non-negative Kubernetes quantity, returned unchanged.
 * @internal
 */
export function validateQuantity(scope: IConstruct | string, field: string, value: string): string {
  const parsed = parseQuantity(value);
  if (parsed === undefined || parsed < 0) {
    throw invalidInput(scope, field, 'must be a non-negative Kubernetes quantity', value,
      'write it like "500m" or "2" for CPU and "256Mi" or "1Gi" for memory; see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/');
  }
  return value;
}

/** The parts of a container image reference. @internal */
export interface ImageReference {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

const IMAGE_NAME_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const IMAGE_DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const REGISTRY_HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;

/**
 * Parses an image reference following the distribution reference grammar
 * (`[registry[:port]/]path[:tag][@algorithm:digest]`), or returns undefined when it is malformed.
 * @internal
 */
export function parseImageReference(image: string): ImageReference | undefined {
  if (image.length === 0 || image.length > 4096 || /\s/.test(image)) return undefined;
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!IMAGE_DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!IMAGE_TAG.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost' || parts[0].startsWith('['))) {
    const host = parts.shift()!;
    if (!REGISTRY_HOST.test(host)) return undefined;
  }
  if (parts.length === 0 || !parts.every(p => IMAGE_NAME_COMPONENT.test(p))) return undefined;
  return { repository: rest, tag, digest };
}

/**
 * An image reference that is pinned: a version tag other than `latest`, or a digest; with
 * `requireDigest`, a digest.
 * @internal
 */
export function validateImage(scope: IConstruct | string, field: string, image: string, requireDigest: boolean): string {
  const ref = parseImageReference(image);
  if (!ref) {
    throw invalidInput(scope, field, 'is not a valid image reference', image,
      'write it as [registry/]repository:tag or [registry/]repository@sha256:<digest>, e.g. "registry.acme.example/api:1.4.2"');
  }
  if (requireDigest && !ref.digest) {
    throw invalidInput(scope, field, 'a digest is required because requireImageDigest is set', image,
      `pin the image by digest, e.g. "${ref.repository}${ref.tag ? ':' + ref.tag : ''}@sha256:<digest>" (the digest your registry reports for the image you scanned)`);
  }
  if (!ref.digest && ref.tag === undefined) {
    throw invalidInput(scope, field, 'an image without a tag resolves to "latest", which is not reproducible', image,
      `pin a version tag ("${ref.repository}:1.2.3") or a digest ("${ref.repository}@sha256:<digest>")`);
  }
  if (!ref.digest && ref.tag === 'latest') {
    throw invalidInput(scope, field, 'the "latest" tag is not reproducible', image,
      `pin a version tag ("${ref.repository}:1.2.3") or a digest ("${ref.repository}@sha256:<digest>")`);
  }
  return image;
}

/**
 * An explicit exception to a security default needs a reason an auditor can read.
 * @internal
 */
export function validateReason(scope: IConstruct | string, field: string, reason: string | undefined): string {
  if (reason === undefined || reason.trim().length < MIN_REASON_LENGTH) {
    throw invalidInput(scope, field, `an exception to a security default needs a reason of at least ${MIN_REASON_LENGTH} characters`, reason,
      'say why, for the auditor who will read it, e.g. "legacy batch job needs baseline until Q3 migration (TICKET-123)"');
  }
  return reason.trim();
}
