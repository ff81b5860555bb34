import { createPublicKey } from 'crypto';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { invalidInput } from '../errors';
import { HardenedNamespace } from '../namespace/namespace';
import { ackAnnotation } from '../standards/annotations';
import { DEFAULT_REGISTRY, isRegistryHost } from '../standards/images';
import {
  CLUSTER_IMAGE_POLICY_KIND, DEFAULT_FULCIO_URL, DEFAULT_REKOR_URL, DOCKER_HUB_OFFICIAL, KYVERNO_API_VERSION, KYVERNO_CLUSTER_POLICY_KIND,
  isWildcardIdentity, SIGSTORE_API_VERSION, SIGSTORE_DOCKER_HUB, SIGSTORE_GLOB_SYNTAX,
} from '../standards/provenance';
import { registerDuplicateObjectCheck } from '../unique-objects';
import { validateObjectName, validateReason } from '../validation';

/** The rule that flags a weakened signature policy, acknowledged on it with the reason. */
const WEAKENED_RULE = 'ImageSignatureWeakened';

/**
 * The admission controller that verifies the signatures.
 */
export class SignatureVerifier {
  /**
   * sigstore policy-controller: a `ClusterImagePolicy` (policy.sigstore.dev/v1beta1). It checks
   * only namespaces labelled `policy.sigstore.dev/include: "true"` (`HardenedNamespace`
   * `requireSignedImages`), and resolves every tag it admits to a digest.
   */
  public static readonly SIGSTORE_POLICY_CONTROLLER = new SignatureVerifier('sigstore');
  /** Kyverno: a `ClusterPolicy` (kyverno.io/v1) with a `verifyImages` rule, in every namespace. */
  public static readonly KYVERNO = new SignatureVerifier('kyverno');

  private constructor(
    /** `sigstore` or `kyverno`. */
    public readonly name: string,
  ) {}
}

/**
 * What the verifier does with an image whose signature does not verify.
 */
export class SignatureMode {
  /** Refuse the pod. */
  public static readonly ENFORCE = new SignatureMode('enforce');
  /** Admit the pod with a warning (sigstore `mode: warn`, Kyverno `Audit`): the migration step before ENFORCE. */
  public static readonly WARN = new SignatureMode('warn');

  private constructor(
    /** `enforce` or `warn`. */
    public readonly name: string,
  ) {}
}

/**
 * A keyless signer: the OIDC identity a CI workflow signs with (sigstore Fulcio certificates).
 */
export interface KeylessSigner {
  /** The OIDC issuer, an https URL, e.g. `https://token.actions.githubusercontent.com`. */
  readonly issuer: string;
  /**
   * The identity the certificate names, exactly, e.g.
   * `https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main`.
   */
  readonly subject: string;
}

/**
 * Props for `ImageSignaturePolicy`.
 */
export interface ImageSignaturePolicyProps {
  /**
   * The images whose signatures are verified, as policy-controller globs that name their
   * registry: `registry.acme.example/**` (every repository), `ghcr.io/acme/*` (one level),
   * `index.docker.io/library/*` (Docker Hub's official images); or `**` for every image.
   */
  readonly images: string[];

  /**
   * Keyless signers, any of which may have signed an image.
   * @default - none; give `keylessSigners` or `publicKeys`
   */
  readonly keylessSigners?: KeylessSigner[];

  /**
   * PEM public keys (`-----BEGIN PUBLIC KEY-----`), any of which may have signed an image.
   * @default - none; give `keylessSigners` or `publicKeys`
   */
  readonly publicKeys?: string[];

  /**
   * The admission controller that verifies.
   * @default SignatureVerifier.SIGSTORE_POLICY_CONTROLLER
   */
  readonly verifier?: SignatureVerifier;

  /**
   * What the verifier does with an unsigned image.
   * @default SignatureMode.ENFORCE — NSA/CISA §"Pod security": only trusted images run.
   */
  readonly mode?: SignatureMode;

  /**
   * Verify by digest: Kyverno replaces every tag with the digest it verified (`mutateDigest`)
   * and requires digests (`verifyDigest`), so the image that runs is the one verified.
   * policy-controller resolves tags to digests itself, always.
   * @default true
   */
  readonly requireDigest?: boolean;

  /**
   * Why the policy is weaker than the default, in at least 10 characters: needed with
   * `SignatureMode.WARN`, with `requireDigest: false` (Kyverno), and with a keyless issuer or
   * subject that is a wildcard (`https://*`, `*`, `https://github.com/acme/*`: Kyverno matches
   * them as patterns). Recorded on the policy as the acknowledgement of ImageSignatureWeakened,
   * which `check` reads.
   * @default - none: enforce, by digest, for exact signer identities
   */
  readonly weakeningReason?: string;

  /**
   * The certificate authority of keyless signatures. policy-controller only: Kyverno's keyless
   * attestor has no such field (it checks the certificates against Fulcio's roots), so another
   * URL with `SignatureVerifier.KYVERNO` is an error.
   * @default 'https://fulcio.sigstore.dev'
   */
  readonly fulcioUrl?: string;

  /**
   * The transparency log signatures are looked up in.
   * @default 'https://rekor.sigstore.dev'
   */
  readonly rekorUrl?: string;

  /**
   * The policy's name.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Namespaces to opt in to policy-controller's checks (`requireSignedImages()` on each); not
   * with Kyverno, which checks every namespace.
   * @default - none
   */
  readonly namespaces?: HardenedNamespace[];
}

const PEM = /^-----BEGIN PUBLIC KEY-----\r?\n(?:[A-Za-z0-9+/=]+\r?\n)+-----END PUBLIC KEY-----\r?\n?$/;

/**
 * Image provenance at admission (NSA/CISA v1.1 §"Pod security": images from trusted sources,
 * signatures verified): a sigstore policy-controller `ClusterImagePolicy` or, as the
 * alternative, a Kyverno `ClusterPolicy` with `verifyImages`, for keyless (OIDC issuer and
 * subject, e.g. a CI workflow's identity) or public-key signatures. Every input is validated
 * (globs, PEM keys, issuer URLs) before anything is emitted. The compliance engine warns
 * (ImageProvenance) about workloads whose images no signature policy among the objects covers.
 *
 * @see https://docs.sigstore.dev/policy-controller/overview/
 * @see https://kyverno.io/docs/writing-policies/verify-images/
 */
export class ImageSignaturePolicy extends Construct {
  /** The policy object (ClusterImagePolicy or Kyverno ClusterPolicy). */
  public readonly policy: ApiObject;
  /** The verifier. */
  public readonly verifier: SignatureVerifier;
  /** The image globs, as given (policy-controller syntax). */
  public readonly images: string[];
  /** Why the policy is weaker than the default, when it is. */
  public readonly weakeningReason?: string;

  constructor(scope: Construct, id: string, props: ImageSignaturePolicyProps) {
    super(scope, id);
    registerDuplicateObjectCheck(this);
    this.verifier = props.verifier ?? SignatureVerifier.SIGSTORE_POLICY_CONTROLLER;
    const mode = props.mode ?? SignatureMode.ENFORCE;
    const name = validateObjectName(this, 'name', this.verifier === SignatureVerifier.KYVERNO ? KYVERNO_CLUSTER_POLICY_KIND : CLUSTER_IMAGE_POLICY_KIND, props.name ?? id);
    this.images = this.validateGlobs(props.images);
    const signers = (props.keylessSigners ?? []).map((s, i) => this.validateSigner(s, i));
    const keys = (props.publicKeys ?? []).map((k, i) => this.validateKey(k, i));
    if (signers.length === 0 && keys.length === 0) {
      throw invalidInput(this, 'keylessSigners', 'names no signer and publicKeys no key, so no image could be verified', undefined,
        'give the CI identity that signs (keylessSigners: [{ issuer, subject }]) or the signing key (publicKeys: [pem])');
    }
    const fulcio = this.validateUrl('fulcioUrl', props.fulcioUrl ?? DEFAULT_FULCIO_URL);
    if (this.verifier === SignatureVerifier.KYVERNO && fulcio !== DEFAULT_FULCIO_URL) {
      throw invalidInput(this, 'fulcioUrl', 'sets a certificate authority, which Kyverno\'s keyless attestor has no field for (its ClusterPolicy CRD declares issuer, subject, roots, rekor and ctlog)', fulcio,
        'leave fulcioUrl out with SignatureVerifier.KYVERNO (Kyverno checks keyless certificates against the Fulcio roots of its own configuration), or use SignatureVerifier.SIGSTORE_POLICY_CONTROLLER');
    }
    const rekor = this.validateUrl('rekorUrl', props.rekorUrl ?? DEFAULT_REKOR_URL);
    const requireDigest = props.requireDigest ?? true;
    const reason = this.checkWeakening(props, mode, requireDigest, signers);
    this.weakeningReason = reason;

    const spec = this.verifier === SignatureVerifier.KYVERNO
      ? kyvernoSpec(this.images, signers, keys, rekor, mode, requireDigest)
      : sigstoreSpec(this.images, signers, keys, fulcio, rekor, mode);
    this.policy = new ApiObject(this, 'Resource', {
      apiVersion: this.verifier === SignatureVerifier.KYVERNO ? KYVERNO_API_VERSION : SIGSTORE_API_VERSION,
      kind: this.verifier === SignatureVerifier.KYVERNO ? KYVERNO_CLUSTER_POLICY_KIND : CLUSTER_IMAGE_POLICY_KIND,
      metadata: { name, ...(reason !== undefined ? { annotations: { [ackAnnotation(WEAKENED_RULE)]: reason } } : {}) },
      spec,
    });
    if (props.namespaces && props.namespaces.length > 0 && this.verifier === SignatureVerifier.KYVERNO) {
      throw invalidInput(this, 'namespaces', 'opt namespaces in to policy-controller, but Kyverno verifies every namespace without a label', props.namespaces.map(n => n.namespaceName),
        'leave namespaces out with SignatureVerifier.KYVERNO (exclude namespaces in Kyverno\'s own configuration), or use SignatureVerifier.SIGSTORE_POLICY_CONTROLLER');
    }
    for (const ns of props.namespaces ?? []) ns.requireSignedImages();
  }

  /** What makes the policy weaker than the default, and the reason it needs then (refused without one, and without anything to explain). */
  private checkWeakening(props: ImageSignaturePolicyProps, mode: SignatureMode, requireDigest: boolean,
    signers: readonly KeylessSigner[]): string | undefined {
    const reason = props.weakeningReason === undefined ? undefined : validateReason(this, 'weakeningReason', props.weakeningReason);
    const weakenings: Array<{ field: string; value: unknown; problem: string }> = [];
    if (mode === SignatureMode.WARN) weakenings.push({ field: 'mode', value: mode.name, problem: 'admits images whose signature does not verify, with a warning' });
    if (!requireDigest && this.verifier === SignatureVerifier.KYVERNO) {
      weakenings.push({ field: 'requireDigest', value: false, problem: 'lets tags through unresolved, so the image that runs may not be the one verified' });
    }
    signers.forEach((s, i) => {
      for (const field of ['issuer', 'subject'] as const) {
        if (isWildcardIdentity(s[field])) {
          weakenings.push({ field: `keylessSigners[${i}].${field}`, value: s[field], problem: 'is a wildcard (Kyverno matches "*" and "?" as patterns): any signer it matches passes, not one identity' });
        }
      }
    });
    if (reason !== undefined && weakenings.length === 0) {
      throw invalidInput(this, 'weakeningReason', 'gives a reason, but the policy enforces, by digest, for exact signer identities', reason,
        'remove weakeningReason, or give it with the weakening it explains');
    }
    if (reason === undefined && weakenings.length > 0) {
      const w = weakenings[0];
      throw invalidInput(this, w.field, `${w.problem}, and that weakening needs a reason`, w.value,
        'give weakeningReason (at least 10 characters: why, until when, the ticket), or enforce, by digest, for the exact issuer and subject of the signing workflow');
    }
    return reason;
  }

  private validateGlobs(globs: string[]): string[] {
    if (globs.length === 0) {
      throw invalidInput(this, 'images', 'covers no image', globs, 'name the images to verify, e.g. ["registry.acme.example/**"]');
    }
    const fix = `name the registry first, e.g. "registry.acme.example/**", "ghcr.io/acme/*", "${SIGSTORE_DOCKER_HUB}/${DOCKER_HUB_OFFICIAL}/*" (Docker Hub), or "**" for every image`;
    globs.forEach((glob, i) => {
      const field = `images[${i}]`;
      if (!SIGSTORE_GLOB_SYNTAX.test(glob)) {
        throw invalidInput(this, field, 'is not a policy-controller glob: only letters, digits, "-", "_", ":", "/", "." and "*" ("*" within a path component, "**" across them)', glob, fix);
      }
      if (glob === '**') return;
      const slash = glob.indexOf('/');
      const host = slash < 0 ? glob : glob.slice(0, slash);
      const literalHost = host.replace(/\*/g, 'x');
      if (slash < 0 || !(host.includes('.') || host.includes(':') || host === 'localhost') || !isRegistryHost(literalHost)) {
        throw invalidInput(this, field, 'does not start with a registry host ("*" and "*/*" would be read as Docker Hub images)', glob, fix);
      }
      if (slash === glob.length - 1) throw invalidInput(this, field, 'ends after the registry, so it matches no image', glob, fix);
    });
    return [...globs];
  }

  private validateSigner(signer: KeylessSigner, i: number): KeylessSigner {
    const issuer = this.validateUrl(`keylessSigners[${i}].issuer`, signer.issuer);
    if (signer.subject.trim() === '' || signer.subject !== signer.subject.trim()) {
      throw invalidInput(this, `keylessSigners[${i}].subject`, 'must be the exact identity the signing certificate names, without surrounding spaces', signer.subject,
        'give the workflow identity, e.g. "https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main"');
    }
    return { issuer, subject: signer.subject };
  }

  private validateKey(pem: string, i: number): string {
    const field = `publicKeys[${i}]`;
    const fix = 'give the public half of the signing key (cosign public-key --key ...), "-----BEGIN PUBLIC KEY-----" ... "-----END PUBLIC KEY-----"';
    if (/PRIVATE KEY/.test(pem)) {
      throw invalidInput(this, field, 'is a private key, which must never be written into a manifest', '<private key withheld>', `${fix}, and rotate the private key, which has now been copied`);
    }
    const text = pem.trim() + '\n';
    if (!PEM.test(text)) throw invalidInput(this, field, 'is not a PEM public key', pem, fix);
    try {
      createPublicKey(text);
    } catch (e) {
      throw invalidInput(this, field, `is not a public key that can be read (${e instanceof Error ? e.message : String(e)})`, pem, fix);
    }
    return text;
  }

  private validateUrl(field: string, url: string): string {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.protocol !== 'https:' || parsed.hostname === '' || parsed.username !== '' || parsed.password !== '' || url !== url.trim()) {
      throw invalidInput(this, field, 'must be an https URL without credentials', url, 'write it like "https://token.actions.githubusercontent.com"');
    }
    return url;
  }
}

function sigstoreSpec(images: readonly string[], signers: readonly KeylessSigner[], keys: readonly string[], fulcio: string, rekor: string,
  mode: SignatureMode): Record<string, unknown> {
  return {
    mode: mode.name,
    images: images.map(glob => ({ glob })),
    authorities: [
      ...signers.map((s, i) => ({ name: `keyless-${i + 1}`, keyless: { url: fulcio, identities: [{ issuer: s.issuer, subject: s.subject }] }, ctlog: { url: rekor } })),
      ...keys.map((data, i) => ({ name: `key-${i + 1}`, key: { data, hashAlgorithm: 'sha256' }, ctlog: { url: rekor } })),
    ],
  };
}

/**
 * A policy-controller glob as Kyverno image patterns: Docker Hub as `docker.io`, official images
 * with and without `library/` (Kyverno adds none); `**` and `*` become Kyverno's `*`, which also
 * crosses "/" (Kyverno has no one-component wildcard), so Kyverno verifies at least the images
 * policy-controller would.
 */
function kyvernoPatterns(glob: string): string[] {
  const toKyverno = (g: string) => g.replace(/\*\*/g, '*');
  const hub = `${SIGSTORE_DOCKER_HUB}/`;
  if (!glob.startsWith(hub)) return [toKyverno(glob)];
  const rest = glob.slice(hub.length);
  const official = `${DOCKER_HUB_OFFICIAL}/`;
  const patterns = [`${DEFAULT_REGISTRY}/${rest}`];
  if (rest.startsWith(official)) patterns.push(`${DEFAULT_REGISTRY}/${rest.slice(official.length)}`);
  return patterns.map(toKyverno);
}

function kyvernoSpec(images: readonly string[], signers: readonly KeylessSigner[], keys: readonly string[], rekor: string,
  mode: SignatureMode, requireDigest: boolean): Record<string, unknown> {
  const enforce = mode === SignatureMode.ENFORCE;
  return {
    validationFailureAction: enforce ? 'Enforce' : 'Audit',
    background: false,
    webhookTimeoutSeconds: 30,
    rules: [{
      name: 'verify-image-signatures',
      match: { any: [{ resources: { kinds: ['Pod'] } }] },
      verifyImages: [{
        imageReferences: [...new Set(images.flatMap(kyvernoPatterns))],
        // Kyverno refuses to rewrite tags to digests in Audit mode
        mutateDigest: requireDigest && enforce,
        verifyDigest: requireDigest,
        required: true,
        attestors: [{
          count: 1,
          entries: [
            ...signers.map(s => ({ keyless: { issuer: s.issuer, subject: s.subject, rekor: { url: rekor } } })),
            ...keys.map(publicKeys => ({ keys: { publicKeys, rekor: { url: rekor } } })),
          ],
        }],
      }],
    }],
  };
}
