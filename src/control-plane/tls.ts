import { Construct } from 'constructs';
import { invalidInput } from '../errors';
import { isStrongCipherSuite, STRONG_TLS12_CIPHER_SUITES } from '../standards/control-plane';

/**
 * The oldest TLS version a component's server accepts.
 */
export class TlsVersion {
  /** TLS 1.2: the oldest version the hardening guide and the CIS benchmark accept. */
  public static readonly TLS_1_2 = new TlsVersion('VersionTLS12');
  /** TLS 1.3 only: every client (kubectl, kubelets, controllers) must speak it. */
  public static readonly TLS_1_3 = new TlsVersion('VersionTLS13');

  private constructor(
    /** The value of `tls-min-version` / `tlsMinVersion`. */
    public readonly value: string,
  ) {}
}

/** Checks a list of cipher suites: every one strong, none twice; the default when undefined. @internal */
export function validateCipherSuites(scope: Construct, field: string, suites: string[] | undefined): string[] {
  if (suites === undefined) return [...STRONG_TLS12_CIPHER_SUITES];
  if (suites.length === 0) {
    throw invalidInput(scope, field, 'an empty list lets Go choose, including suites without forward secrecy', suites, 'leave it unset for the strong default list');
  }
  for (const suite of suites) {
    if (!isStrongCipherSuite(suite)) {
      throw invalidInput(scope, field, 'only suites with forward secrecy (ECDHE) and authenticated encryption (GCM, ChaCha20-Poly1305) are accepted', suite,
        `use some of ${STRONG_TLS12_CIPHER_SUITES.join(', ')}`);
    }
  }
  return [...new Set(suites)];
}
