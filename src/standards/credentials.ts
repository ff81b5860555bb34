// What a credential written in plain configuration looks like: environment variable literals and
// ConfigMap values that should be Secret references (Kubescape C-0012, "Applications credentials
// in configuration files"; NSA/CISA "Secrets").

/** Names that announce a credential... */
const SENSITIVE_NAME = /(passw(or)?d|passwd|secret|token|api[-_.]?key|access[-_.]?key|private[-_.]?key|credential|auth[-_.]?key|bearer|jwt)/i;
/** ...unless they name where the credential is, not the credential itself. */
const REFERENCE_NAME = /([-_.](file|path|dir|name|ref|url|uri|endpoint|enabled|ttl|length|timeout|expiry|header)$)/i;
/** Values that are credentials whatever their name. */
const SENSITIVE_VALUE: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bAKIA[0-9A-Z]{16}\b/,
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/,
  /\bxox[abpors]-[A-Za-z0-9-]{10,}/,
];

/**
 * Why a literal `value` under `name` looks like a credential, or undefined when it does not.
 * @internal
 */
export function credentialProblem(name: string, value: string): string | undefined {
  if (value.trim() === '') return undefined;
  if (SENSITIVE_VALUE.some(re => re.test(value))) return 'its value looks like a credential';
  if (SENSITIVE_NAME.test(name) && !REFERENCE_NAME.test(name)) return 'its name suggests a credential';
  return undefined;
}
