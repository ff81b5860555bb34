import { credentialProblem, SENSITIVE_VALUE_PATTERNS, sensitiveValueKind } from '../../src/standards/credentials';

/** The first pattern (of the shapes only, if asked) a value matches, one by one. */
function oneByOne(value: string, shapesOnly: boolean): string | undefined {
  return SENSITIVE_VALUE_PATTERNS.find(p => (!shapesOnly || p.shape) && new RegExp(p.source, 'i').test(value))?.what;
}

describe('sensitiveValueKind', () => {
  const values = [
    'info', '', 'debug', '8080', 'postgres://db:5432/app', 'a_key_b', 'my_secret_value', 'jwt', 'Bearer',
    'Bearer abcdefghijklmnop', 'bearer abc', 'eyJhbGciOiJIUzI1NiJ9.e30.x', 'AKIAABCDEFGHIJKLMNOP', 'AKIAabc',
    `ghp_${'a'.repeat(36)}`, `gho_${'b'.repeat(40)}`, `AIza${'c'.repeat(35)}`, 'xoxb-1234567890', '-----BEGIN RSA PRIVATE KEY-----',
    'BEGIN OPENSSH PRIVATE KEY', 'private key', 'not a credential at all',
  ];

  test.each(values)('finds in %j what the patterns find one by one', (value) => {
    expect(sensitiveValueKind(value)).toBe(oneByOne(value, false));
    expect(sensitiveValueKind(value, true)).toBe(oneByOne(value, true));
  });

  test('fails (finds nothing) for values of no credential\'s form', () => {
    expect(sensitiveValueKind('info')).toBeUndefined();
    expect(sensitiveValueKind('a_key_b', true)).toBeUndefined();
    expect(sensitiveValueKind('a_key_b')).toBe('a key');
  });
});

describe('credentialProblem (names, written out by hand)', () => {
  // settings about a credential, or naming where one is: a plain value is fine
  test.each([
    'JWT_ISSUER', 'JWT_ALGORITHM', 'TOKEN_AUDIENCE', 'SECRET_ROTATION_DAYS', 'jwtIssuer', 'tokenAudience',
    'SECRET_NAME', 'TOKEN_TTL', 'PASSWORD_FILE', 'API_KEY_PATH', 'TOKEN_URL', 'PASSWORD_MIN_LENGTH', 'JWT_EXPIRY_SECONDS',
    'CACHE_KEY', 'PARTITION_KEY', 'KEY_ID', 'BYPASS_CACHE', 'PASSIVE_MODE', 'COMPASS_URL', 'TOKENIZER_MODEL', 'SECRETARY_EMAIL',
    'AWS_ACCESS_KEY_ID', 'LOG_LEVEL',
  ])('accepts a plain value under %s', (name) => {
    expect(credentialProblem(name, 'some-plain-value')).toBeUndefined();
  });

  test.each([
    'DB_PASS', 'DB_PASSWORD', 'dbPassword', 'DBPASSWORD', 'MYSQL_ROOT_PASSWORD', 'REDIS_PASSWD', 'SMTP_PWD', 'KEY_PASSPHRASE',
    'JWT_SECRET', 'jwtSecret', 'CLIENT_SECRET', 'SECRET', 'AUTH_JWT', 'JWT',
    'API_TOKEN', 'GITHUB_TOKEN', 'ACCESS_TOKEN', 'accessToken', 'BEARER_TOKEN', 'BEARER',
    'API_KEY', 'APIKEY', 'apiKey', 'AWS_SECRET_ACCESS_KEY', 'SSH_PRIVATE_KEY', 'SIGNING_KEY', 'ENCRYPTION_KEY', 'AUTH_KEY',
    'SECRET_KEY_BASE', 'CREDENTIALS', 'DB_CREDENTIAL', 'PASSWORD_VALUE',
  ])('fails (finds a credential) for a plain value under %s', (name) => {
    expect(credentialProblem(name, 'some-plain-value')).toBe('its name suggests a credential');
  });

  test('fails for a value of a credential\'s form whatever the name', () => {
    expect(credentialProblem('JWT_ISSUER', 'eyJhbGciOiJIUzI1NiJ9.e30.x')).toBe('its value looks like a JSON Web Token');
  });

  test('accepts paths, variable references and empty values under a credential name', () => {
    expect(credentialProblem('DB_PASSWORD', '/run/secrets/db')).toBeUndefined();
    expect(credentialProblem('DB_PASSWORD', '$(DB_PASSWORD_FROM_SECRET)')).toBeUndefined();
    expect(credentialProblem('DB_PASSWORD', ' ')).toBeUndefined();
  });
});
