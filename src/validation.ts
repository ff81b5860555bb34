import { IConstruct } from 'constructs';
import { invalidInput } from './errors';
import { MIN_REASON_LENGTH } from './standards/annotations';
import { DEFAULT_IMAGE_TAG, imageDigestProblem, isMovingTag, parseImageReference } from './standards/images';
import { isDns1123Label, isDns1123Subdomain, isReservedNamespace, NAME_RULES, nameProblem, RESERVED_NAMESPACES, SYSTEM_NAMESPACE_PREFIX } from './standards/names';
import { parseQuantity, QUANTITY_BOUND } from './standards/quantity';

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

const NAMES_DOC = 'https://kubernetes.io/docs/concepts/overview/working-with-objects/names/';

/**
 * The `metadata.name` of an object of `kind`, by the rule the API server (and the controllers
 * that build other names and labels from it) apply to that kind: `NAME_RULES`.
 * @internal
 */
export function validateObjectName(scope: IConstruct | string, field: string, kind: string, name: string): string {
  const problem = nameProblem(kind, name);
  if (problem !== undefined) {
    const rule = NAME_RULES[kind];
    const example = rule?.syntax === 'path-segment' ? '"ci:deployer"' : rule?.syntax === 'dns1035-label' ? '"web-api"' : '"payments" or "web-api"';
    const length = rule?.maxLength !== undefined ? `, at most ${rule.maxLength} characters` : '';
    throw invalidInput(scope, field, problem, name, `choose a name such as ${example}${length}; see ${NAMES_DOC}`);
  }
  return name;
}

/**
 * The name of a namespace this library creates or grants access in: a DNS-1123 label that is
 * not one of the namespaces Kubernetes creates (`default`, `kube-system`, `kube-public`,
 * `kube-node-lease`) nor under its `kube-` prefix.
 * @internal
 */
export function validateOwnNamespace(scope: IConstruct | string, field: string, name: string): string {
  validateObjectName(scope, field, 'Namespace', name);
  if (isReservedNamespace(name)) {
    const problem = !RESERVED_NAMESPACES.includes(name)
      ? `the "${SYSTEM_NAMESPACE_PREFIX}" prefix is reserved for Kubernetes system namespaces`
      : `"${name}" is a namespace Kubernetes creates and uses itself, not a tenant's`;
    throw invalidInput(scope, field, problem, name,
      'give the tenant a namespace of its own, e.g. "payments", and leave the system namespaces to the cluster administrators');
  }
  return name;
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
  if (parsed === undefined || parsed < 0 || parsed >= QUANTITY_BOUND) {
    // parseQuantity refuses numbers too large to be finite ("1e400") as well as malformed text
    const problem = parsed !== undefined && parsed >= QUANTITY_BOUND
      ? 'is larger than any quantity Kubernetes stores (2^63-1, about 9.2e18), so the API server would silently cap it'
      : 'must be a non-negative Kubernetes quantity no larger than 2^63-1 (about 9.2e18)';
    throw invalidInput(scope, field, problem, value,
      'write it like "500m" or "2" for CPU and "256Mi" or "1Gi" for memory; see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/');
  }
  return value;
}

/**
 * An image reference that is pinned: a version tag other than a moving one (`MOVING_TAGS`: `latest`,
 * `stable`, `edge`... in any letter case), or
 * a digest a runtime verifies (`sha256:` and 64 lowercase hex digits, or `sha512:` and 128,
 * see `IMAGE_DIGEST_ALGORITHMS`); with `requireDigest`, a digest.
 * @internal
 */
export function validateImage(scope: IConstruct | string, field: string, image: string, requireDigest: boolean): string {
  const at = image.indexOf('@');
  if (at >= 0) {
    const problem = imageDigestProblem(image.slice(at + 1));
    if (problem !== undefined) {
      throw invalidInput(scope, field, `is not a valid image reference: ${problem}`, image,
        `pin the digest your registry reports for the image, e.g. "${image.slice(0, at)}@sha256:<64 lowercase hex digits>" (crane digest, docker buildx imagetools inspect)`);
    }
  }
  const ref = parseImageReference(image);
  if (!ref) {
    throw invalidInput(scope, field, 'is not a valid image reference', image,
      'write it as [registry/]repository:tag or [registry/]repository@sha256:<digest>, e.g. "registry.acme.example/api:1.4.2"');
  }
  const movingTag = ref.tag !== undefined && isMovingTag(ref.tag);
  if (requireDigest && !ref.digest) {
    const tag = ref.tag !== undefined && !movingTag ? ':' + ref.tag : '';
    throw invalidInput(scope, field, 'a digest is required because requireImageDigest is set', image,
      `pin the image by digest, e.g. "${ref.repository}${tag}@sha256:<digest>" (the digest your registry reports for the image you scanned)`);
  }
  if (!ref.digest && ref.tag === undefined) {
    throw invalidInput(scope, field, `an image without a tag resolves to "${DEFAULT_IMAGE_TAG}", which is not reproducible`, image,
      `pin a version tag ("${ref.repository}:1.2.3") or a digest ("${ref.repository}@sha256:<digest>")`);
  }
  // With a digest the runtime pulls the digest and ignores the tag, so the reference is pinned.
  if (!ref.digest && movingTag) {
    throw invalidInput(scope, field, `the "${ref.tag}" tag is not reproducible`, image,
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
