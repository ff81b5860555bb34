import { commandLineCredentials, credentialProblem, passwordNamePart, sensitiveValueKind } from '../../src/standards/credentials';

// Expectations written out by hand from the patterns' sources, not computed from the pattern
// table: Kubescape's `sensitiveValues` (regolibrary default-config-inputs.json: "BEGIN \w+
// PRIVATE KEY", "PRIVATE KEY", "eyJhbGciO", "JWT", "Bearer", "_key_", "_secret_", AWS, GitHub,
// Google and Slack token forms), matched case-insensitively, and the forms we add (other GitHub
// token kinds, a bearer token written out, any PEM private key). A shape is a credential by its
// form alone; the others are words that may only talk about one.
describe('sensitiveValueKind', () => {
  // [value, what every pattern finds, what the shapes alone find]
  const cases: Array<[string, string | undefined, string | undefined]> = [
    ['info', undefined, undefined],
    ['', undefined, undefined],
    ['debug', undefined, undefined],
    ['8080', undefined, undefined],
    ['postgres://db:5432/app', undefined, undefined],
    ['not a credential at all', undefined, undefined],
    ['a_key_b', 'a key', undefined],
    ['A_KEY_B', 'a key', undefined],
    ['keyboard', undefined, undefined],
    ['my_secret_value', 'a secret', undefined],
    ['my_SECRET_value', 'a secret', undefined],
    ['secret', undefined, undefined],
    ['jwt', 'a JSON Web Token', undefined],
    ['Bearer', 'a bearer token', undefined],
    ['bearer abc', 'a bearer token', undefined],
    ['Bearer abcdefghijklmnop', 'a bearer token', 'a bearer token'],
    ['Bearer abcdefg', 'a bearer token', undefined],
    ['eyJhbGciOiJIUzI1NiJ9.e30.x', 'a JSON Web Token', 'a JSON Web Token'],
    ['AKIAABCDEFGHIJKLMNOP', 'an AWS access key id', 'an AWS access key id'],
    ['AKIAabc', undefined, undefined],
    [`ghp_${'a'.repeat(36)}`, 'a GitHub token', 'a GitHub token'],
    [`ghp_${'a'.repeat(35)}`, undefined, undefined],
    [`gho_${'b'.repeat(40)}`, 'a GitHub token', 'a GitHub token'],
    [`AIza${'c'.repeat(35)}`, 'a Google API key', 'a Google API key'],
    [`AIza${'c'.repeat(34)}`, undefined, undefined],
    ['xoxb-1234567890', 'a Slack token', 'a Slack token'],
    ['xoxb-123456789', undefined, undefined],
    ['-----BEGIN RSA PRIVATE KEY-----', 'a private key', 'a private key'],
    ['-----BEGIN ENCRYPTED PRIVATE KEY-----', 'a private key', 'a private key'],
    ['BEGIN OPENSSH PRIVATE KEY', 'a private key', 'a private key'],
    ['private key', 'a private key', undefined],
    ['Private Key', 'a private key', undefined],
    ['postgres://admin:S3cr3t@db/app', 'a password in a URL', 'a password in a URL'],
    ['redis://:pw@cache:6379', 'a password in a URL', 'a password in a URL'],
    ['https://user@host/x', undefined, undefined],
  ];

  test.each(cases)('%j: %s; by its form alone: %s', (value, any, shape) => {
    expect(sensitiveValueKind(value)).toBe(any);
    expect(sensitiveValueKind(value, true)).toBe(shape);
  });

  test('fails (finds nothing) for values of no credential\'s form', () => {
    expect(sensitiveValueKind('info')).toBeUndefined();
    expect(sensitiveValueKind('a_key_b', true)).toBeUndefined();
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
