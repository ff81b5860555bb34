import { Construct } from 'constructs';
import { AdmissionGuardrails, HardenedNamespace, ImageSignaturePolicy, ValidationActions } from '../src';

/**
 * The key the platform team signs the upstream images with that it admits after scanning them
 * (nginx, PostgreSQL, NATS from Docker Hub): the public half, as `cosign public-key` prints it.
 */
const PLATFORM_SIGNING_KEY = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEK/qXYwEDpdtiyZnExnu4Mzv7djp
GYO7mz/r//uKw0khUh35V0MYE+S4kPCk539wHaH3+mLSce9B4YEbHOeZ8Q==
-----END PUBLIC KEY-----`;

/** The example cluster's admission control: the guardrails and the signature policy. */
export interface ExampleAdmission {
  readonly guardrails: AdmissionGuardrails;
  readonly signatures: ImageSignaturePolicy;
}

/**
 * The example cluster's admission control, what the API server enforces whoever applies what:
 *
 * - the compliance rules that can be checked on one object, as ValidatingAdmissionPolicies that
 *   deny (the warning-level ones warn and audit), with images only from the shop's registry and
 *   Docker Hub; `CredentialsInConfig` is being rolled out and only warns, in every namespace but
 *   the two the platform team exempts with their reasons;
 * - image signatures, verified by sigstore policy-controller in the tenant namespaces: the shop's
 *   own images signed by its release workflow (keyless), the upstream images by the platform team.
 *
 * @param scope where to add it (the example's cluster-wide chart)
 * @param tenants the tenant namespaces, opted in to signature verification
 */
export function exampleAdmission(scope: Construct, tenants: HardenedNamespace[]): ExampleAdmission {
  const guardrails = new AdmissionGuardrails(scope, 'admission', {
    allowedRegistries: ['registry.acme.example', 'docker.io'],
    ruleValidationActions: [{ ruleId: 'CredentialsInConfig', actions: ValidationActions.WARN_AND_AUDIT }],
    exemptions: [
      { namespaceName: 'kube-system', reason: 'control-plane add-ons are installed and patched by the cloud provider (PLAT-7)' },
      { namespaceName: 'ingress-nginx', reason: 'vendor chart, runs as the ingress controller with its own review (SEC-88)' },
    ],
  });
  const signatures = new ImageSignaturePolicy(scope, 'signed-images', {
    images: ['registry.acme.example/**', 'index.docker.io/library/*', 'index.docker.io/nginxinc/*'],
    keylessSigners: [{
      issuer: 'https://token.actions.githubusercontent.com',
      subject: 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
    }],
    publicKeys: [PLATFORM_SIGNING_KEY],
    namespaces: tenants,
  });
  return { guardrails, signatures };
}
