import { SENSITIVE_VALUE_PATTERNS, sensitiveValueKind } from '../../src/standards/credentials';

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
