// What a credential looks like in configuration: the names and values Kubescape's control C-0012
// "Applications credentials in configuration files" flags (kubescape/regolibrary
// default-config-inputs.json `sensitiveKeyNames` / `sensitiveValues`, read by the rules
// rule-credentials-in-env-var and rule-credentials-configmap), and a few more value forms.

/**
 * Parts of a name that announce a credential, matched case-insensitively anywhere in an env
 * variable name or ConfigMap key (Kubescape `sensitiveKeyNames`).
 * @internal
 */
export const SENSITIVE_KEY_NAMES: readonly string[] = [
  'aws_secret_access_key', 'azure_batchai_storage_key', 'azure_batch_key',
  'secret', 'key', 'password', 'pwd', 'token', 'jwt', 'bearer', 'credential',
];

/** A value pattern that marks a credential. @internal */
export interface CredentialValuePattern {
  /** Regular expression source, matched case-insensitively anywhere in the value. */
  readonly source: string;
  /** What it finds, for messages. */
  readonly what: string;
  /**
   * The pattern recognises a credential by its form alone (a key block, a token format), not by
   * a word that may only talk about one: these are also looked for in command lines.
   */
  readonly shape: boolean;
  /** Kubescape's `sensitiveValues` has it. */
  readonly kubescape: boolean;
}

function pattern(source: string, what: string, shape: boolean, kubescape = true): CredentialValuePattern {
  return { source, what, shape, kubescape };
}

/** The characters of a bearer token (RFC 6750 b64token, without its trailing "="). @internal */
export const BEARER_TOKEN_CHARACTERS = '[A-Za-z0-9\\-._~+/]';

/**
 * A URL with a password in its userinfo (`postgres://admin:S3cr3t@db/app`, `redis://:pw@cache`):
 * a scheme, "://", an optional user and ":" and a password of RFC 3986 userinfo characters, then
 * "@". A password that expands a variable (`$(DB_PASSWORD)`, `${PW}`) is a reference, not a
 * credential, so "$" is left out of the password's characters.
 * @internal
 */
export const URL_PASSWORD_SOURCE = "\\b[a-z][a-z0-9+.-]*://[a-z0-9._~!&'()*+,;=%-]*:[a-z0-9._~!&'()*+,;=%-]+@";

/** Values that are credentials whatever their name (Kubescape `sensitiveValues`, then ours). @internal */
export const SENSITIVE_VALUE_PATTERNS: readonly CredentialValuePattern[] = [
  pattern('BEGIN \\w+ PRIVATE KEY', 'a private key', true),
  pattern('PRIVATE KEY', 'a private key', false),
  pattern('eyJhbGciO', 'a JSON Web Token', true),
  pattern('JWT', 'a JSON Web Token', false),
  pattern('Bearer', 'a bearer token', false),
  pattern('_key_', 'a key', false),
  pattern('_secret_', 'a secret', false),
  pattern('AKIA[0-9A-Z]{16}', 'an AWS access key id', true),
  pattern('ghp_[0-9A-Za-z]{36}', 'a GitHub token', true),
  pattern('AIza[0-9A-Za-z\\-_]{35}', 'a Google API key', true),
  pattern('xox[baprs]-[0-9A-Za-z]{10,48}', 'a Slack token', true),
  // beyond Kubescape: the other GitHub token kinds, a bearer token written out, any PEM private key
  pattern('\\bgh[pousr]_[A-Za-z0-9]{36,}', 'a GitHub token', true, false),
  pattern(`\\bBearer\\s+${BEARER_TOKEN_CHARACTERS}{8,}=*`, 'a bearer token', true, false),
  pattern('-----BEGIN [A-Z ]*PRIVATE KEY-----', 'a private key', true, false),
  pattern(URL_PASSWORD_SOURCE, 'a password in a URL', true, false),
];

/**
 * Whether an env value is a file path (starts with "/"): where the credential is, not the
 * credential. Kubescape passes these.
 * @internal
 */
export function isFilePath(value: string): boolean {
  return value.startsWith('/');
}

/**
 * Whether a command-line value only expands a variable, which is checked itself: Kubernetes'
 * `$(VAR)`, or a shell's `$VAR` / `${VAR}`, optionally quoted.
 * @internal
 */
export function isVariableReference(value: string): boolean {
  return VARIABLE_REFERENCE.test(value);
}

const VARIABLE_FORMS = '(?:\\$\\([A-Za-z_][A-Za-z0-9_.-]*\\)|\\$[A-Za-z_][A-Za-z0-9_]*|\\$\\{[A-Za-z_][A-Za-z0-9_]*\\})';

/**
 * `isVariableReference` as a regular expression source that RE2 (CEL's `matches`, which has no
 * back-references) and JavaScript read alike: a variable form, bare or in matching quotes.
 * @internal
 */
export const VARIABLE_REFERENCE_SOURCE = `^(?:${VARIABLE_FORMS}|"${VARIABLE_FORMS}"|'${VARIABLE_FORMS}')$`;
const VARIABLE_REFERENCE = new RegExp(VARIABLE_REFERENCE_SOURCE);

/**
 * The characters command lines are split into words at: JavaScript's `\\s` (ECMAScript
 * WhiteSpace and LineTerminator), listed, so that CEL, whose `\\s` is ASCII only, splits alike.
 * @internal
 */
export const WORD_SEPARATORS: readonly string[] = [
  '\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005',
  '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff',
];

const WORD_SEPARATOR = new RegExp(`[${WORD_SEPARATORS.join('')}]+`);

/** The words of a command-line argument (a shell script's words included), empty ones left out. @internal */
export function commandLineWords(argument: string): string[] {
  return argument.split(WORD_SEPARATOR).filter(w => w !== '');
}

/** A token that is exactly the word "bearer", in any letter case: the next token may be its credential. @internal */
export const BEARER_WORD = /^bearer$/i;

/**
 * Words that, as the last word of a command-line flag (`--db-password`, `--client-secret`,
 * `--api-key`), announce that the flag's value is a credential. A flag whose last word says
 * where or what the credential is (`--secret-name`, `--token-ttl`, `--key-file`) does not.
 * @internal
 */
export const SENSITIVE_FLAG_WORDS: readonly string[] = [
  'password', 'passwd', 'pwd', 'secret', 'token', 'key', 'apikey', 'credential', 'credentials', 'jwt', 'bearer',
];

/** Whether a command-line flag (`--db-password`, `-token`) takes a credential as its value. @internal */
export function isSensitiveFlag(flag: string): boolean {
  const words = flag.replace(/^-+/, '').toLowerCase().split(/[-_.]/);
  return flag.startsWith('-') && SENSITIVE_FLAG_WORDS.includes(words[words.length - 1]);
}

/**
 * A word of a name that is a password's usual short form (`DB_PASS`, `ADMIN_PW`,
 * `SMTP_PASSPHRASE`): a whole word between "-", "_" or "." (case-insensitive), so that
 * `PASSTHROUGH` or `BYPASS` are not one. Kubescape's name parts (`SENSITIVE_KEY_NAMES`) miss it.
 * @internal
 */
export const PASSWORD_NAME_SOURCE = '(?:^|[-_.])(pass|pw|passphrase)(?:$|[-_.])';
const PASSWORD_NAME = new RegExp(PASSWORD_NAME_SOURCE, 'i');

/** The password word (`PASSWORD_NAME_SOURCE`) a name contains, if any. @internal */
export function passwordNamePart(name: string): string | undefined {
  return PASSWORD_NAME.exec(name)?.[1].toLowerCase();
}

/** A credential written on a command line: the index of the argument, and why. @internal */
export interface CommandLineCredential {
  readonly index: number;
  readonly why: string;
}

/** A literal credential value on a command line: not empty, not a flag, not a path, not a variable. */
function isCommandLineLiteral(value: string | undefined): value is string {
  return value !== undefined && value !== '' && !value.startsWith('-') && !isFilePath(value) && !isVariableReference(value);
}

/**
 * The credentials written into a `command` or `args` list, one per argument at most: a word of a
 * credential's form (a token, a key block, a password in a URL; "Bearer" and the next word), or
 * a credential flag (`isSensitiveFlag`) given a literal value, as `--db-password=x` or
 * `--db-password x`. The words of each argument are its `commandLineWords` (a shell script's
 * words too). The engine's CredentialsInConfig and the hardened constructs read command lines by it.
 * @internal
 */
export function commandLineCredentials(list: readonly unknown[]): CommandLineCredential[] {
  const tokens: Array<{ text: string; index: number }> = [];
  list.forEach((arg, index) => {
    if (typeof arg !== 'string') return;
    for (const text of commandLineWords(arg)) tokens.push({ text, index });
  });
  const found: CommandLineCredential[] = [];
  const flag = (index: number, why: string) => {
    if (!found.some(f => f.index === index)) found.push({ index, why });
  };
  tokens.forEach((t, k) => {
    const kind = sensitiveValueKind(t.text, true) ?? (k + 1 < tokens.length && BEARER_WORD.test(t.text) ? sensitiveValueKind(`${t.text} ${tokens[k + 1].text}`, true) : undefined);
    if (kind) return flag(t.index, `it looks like ${kind}`);
    const eq = t.text.indexOf('=');
    if (eq > 0) {
      const name = t.text.slice(0, eq);
      if (isSensitiveFlag(name) && isCommandLineLiteral(t.text.slice(eq + 1))) flag(t.index, `flag ${name} is given a literal value`);
    } else if (isSensitiveFlag(t.text) && isCommandLineLiteral(tokens[k + 1]?.text)) {
      flag(tokens[k + 1].index, `flag ${t.text} is given a literal value`);
    }
  });
  return found;
}

/** The sensitive name part a name contains, if any (case-insensitive). @internal */
export function sensitiveNamePart(name: string): string | undefined {
  const lower = name.toLowerCase();
  return SENSITIVE_KEY_NAMES.find(k => lower.includes(k));
}

const COMPILED = SENSITIVE_VALUE_PATTERNS.map(p => ({ ...p, re: new RegExp(p.source, 'i') }));

/** What credential a value looks like, if any; `shapesOnly` keeps to patterns that recognise a form. @internal */
export function sensitiveValueKind(value: string, shapesOnly = false): string | undefined {
  // one pass for the usual value, which matches none of them
  if (!(shapesOnly ? ANY_SHAPE : ANY_PATTERN).test(value)) return undefined;
  return COMPILED.find(p => (!shapesOnly || p.shape) && p.re.test(value))?.what;
}

/** Any of the patterns (none has a back-reference, so they join as alternatives), and any of the shapes. */
const ANY_PATTERN = new RegExp(COMPILED.map(p => `(?:${p.source})`).join('|'), 'i');
const ANY_SHAPE = new RegExp(COMPILED.filter(p => p.shape).map(p => `(?:${p.source})`).join('|'), 'i');

// The constructs refuse a literal credential at construct time, so they act only on what is
// certainly one: a value of a credential's form, or a name that says "credential" and not where
// to find one. Kubescape's broader name list above (any name containing "key", ...) is a warning
// of the engine, not an error.

/**
 * Words that name a credential itself (`DB_PASSWORD`, `JWT_SECRET`, `API_TOKEN`).
 * @internal
 */
export const CREDENTIAL_WORDS: readonly string[] = [
  'password', 'passwd', 'pass', 'pwd', 'pw', 'passphrase', 'secret', 'token', 'jwt', 'bearer', 'credential', 'credentials', 'apikey',
];
/** Of those, the ones that also end a name written as one word (`DBPASSWORD`, `accesstoken`). */
const CREDENTIAL_WORD_ENDINGS: readonly string[] = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'credentials'];
/** "key" is a credential only after one of these (`API_KEY`, `SIGNING_KEY`; not `CACHE_KEY`). */
const SECRET_KEY_QUALIFIERS: readonly string[] = ['api', 'access', 'private', 'auth', 'secret', 'signing', 'encryption', 'master', 'hmac', 'session'];
/**
 * Words that may follow the credential's word and still name its value (`SECRET_KEY_BASE`,
 * `PASSWORD_B64`). Any other word after it says something about the credential (`JWT_ISSUER`,
 * `TOKEN_AUDIENCE`, `SECRET_ROTATION_DAYS`) or where it is (`PASSWORD_FILE`, `SECRET_NAME`).
 */
const VALUE_WORDS: readonly string[] = ['value', 'base', 'b64', 'base64', 'hex', 'raw', 'plain', 'plaintext', 'string', 'str', 'data'];

/** The words of a name: split at `-`, `_`, `.` and other separators, and where camelCase changes case; lower-cased. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(w => w !== '')
    .map(w => w.toLowerCase());
}

/** Whether word `i` of `words` names a credential. */
function isCredentialWord(words: readonly string[], i: number): boolean {
  const word = words[i].replace(/[0-9]+$/, '');
  if (CREDENTIAL_WORDS.includes(word) || CREDENTIAL_WORD_ENDINGS.some(e => word.endsWith(e))) return true;
  return word === 'key' && i > 0 && SECRET_KEY_QUALIFIERS.includes(words[i - 1]);
}

/**
 * Whether a name announces a credential: a word of it names one, and the words after it (if
 * any) only name its value or number it. Settings about a credential are not credentials.
 * @internal
 */
export function isCredentialName(name: string): boolean {
  const words = nameWords(name);
  for (let i = words.length - 1; i >= 0; i--) {
    if (isCredentialWord(words, i)) return true;
    if (!VALUE_WORDS.includes(words[i]) && !/^[0-9]+$/.test(words[i])) return false;
  }
  return false;
}

/**
 * Why a literal `value` under `name` is certainly a credential, or undefined: the test the
 * constructs refuse literals by (`env.addVariable`, `envVariables`).
 * @internal
 */
export function credentialProblem(name: string, value: string): string | undefined {
  if (value.trim() === '' || isFilePath(value) || isVariableReference(value)) return undefined;
  const kind = sensitiveValueKind(value, true);
  if (kind) return `its value looks like ${kind}`;
  if (isCredentialName(name)) return 'its name suggests a credential';
  return undefined;
}
