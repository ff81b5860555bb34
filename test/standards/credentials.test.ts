import { commandLineCredentials, credentialProblem, passwordNamePart, SENSITIVE_VALUE_PATTERNS, sensitiveValueKind } from '../../src/standards/credentials';

/** The first pattern (of the shapes only, if asked) a value matches, one by one. */
function oneByOne(value: string, shapesOnly: boolean): string | undefined {
  return SENSITIVE_VALUE_PATTERNS.find(p => (!shapesOnly || p.shape) && new RegExp(p.source, 'i').test(value))?.what;
}

describe('sensitiveValueKind', () => {
  const values = [
    'info', '', 'debug', '8080', 'postgres://db:5432/app', 'a_key_b', 'my_secret_value', 'jwt', 'Bearer',
    'Bearer abcdefghijklmnop', 'bearer abc', 'eyJhbGciOiJIUzI1NiJ9.e30.x', 'AKIAABCDEFGHIJKLMNOP', 'AKIAabc',
    `ghp_${'a'.repeat(36)}`, `gho_${'b'.repeat(40)}`, `AIza${'c'.repeat(35)}`, 'xoxb-1234567890', '-----BEGIN RSA PRIVATE KEY-----',
    'BEGIN OPENSSH PRIVATE KEY', 'private key', 'not a credential at all', 'postgres://admin:S3cr3t@db/app', 'https://user@host/x', 'redis://:pw@cache:6379',
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

describe('credentials in URLs', () => {
  test.each(['postgres://admin:S3cr3t@db/app', 'redis://:hunter2@cache:6379/0', 'amqp://guest:guest@rabbit', 'HTTPS://u:p@host'])('fails for %s: a password in the URL', value => {
    expect(sensitiveValueKind(value, true)).toBe('a password in a URL');
    expect(credentialProblem('DATABASE_URL', value)).toMatch(/password in a URL/);
  });

  test.each(['postgres://db:5432/app', 'https://user@host/x', 'postgres://app:$(DB_PASSWORD)@db/app', 'postgres://app:${PW}@db/app', 'mailto:a@b.example', 'https://host/a:b@c'])('accepts %s', value => {
    expect(sensitiveValueKind(value, true)).toBeUndefined();
  });
});

describe('password names', () => {
  test.each(['DB_PASS', 'db.pass', 'SMTP_PASSPHRASE', 'ADMIN_PW', 'pass'])('fails for %s with a literal value', name => {
    expect(passwordNamePart(name)).toBeDefined();
    expect(credentialProblem(name, 'x1')).toMatch(/name suggests a credential/);
  });

  test.each(['PASSTHROUGH', 'BYPASS_CACHE', 'COMPASS_URL', 'PASS_FILE', 'DB_PASS_PATH', 'PWD_DIR'])('accepts %s', name => {
    expect(credentialProblem(name, 'x1')).toBeUndefined();
  });
});

describe('commandLineCredentials', () => {
  test('fails for a credential flag given a literal, in either form, and for a password in a URL', () => {
    expect(commandLineCredentials(['--db-password=hunter2', '--verbose'])).toEqual([{ index: 0, why: 'flag --db-password is given a literal value' }]);
    expect(commandLineCredentials(['--token', 's3cr3t'])).toEqual([{ index: 1, why: 'flag --token is given a literal value' }]);
    expect(commandLineCredentials(['--dsn=postgres://admin:S3cr3t@db/app'])).toEqual([{ index: 0, why: 'it looks like a password in a URL' }]);
  });

  test('accepts references, files and flags without values', () => {
    expect(commandLineCredentials(['--db-password=$(DB_PASSWORD)', '--token', '/run/token', '--password', '--verbose'])).toEqual([]);
  });
});
