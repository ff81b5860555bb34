// The CEL writing helpers: literals, regular expressions translated for RE2, and the JavaScript
// case mappings the expressions reproduce.
import { evaluate } from './cel-harness';
import { LOWER_CASE_TO_ASCII, lowerCased, str, strList, toRe2, UPPER_CASE_TO_ASCII, upperCasedIs } from '../../src/admission/cel';
import { SENSITIVE_VALUE_PATTERNS, WORD_SEPARATORS } from '../../src/standards/credentials';
import { seeded as random } from '../random';

describe('str', () => {
  test.each([
    ['plain', "'plain'"],
    ["it's", "'it\\'s'"],
    ['a\\b', "'a\\\\b'"],
    ['tab\there', "'tab\\u0009here'"],
    ['\u00a0\u212a', "'\\u00a0\\u212a'"],
    ['\u{1f512}', "'\\U0001f512'"],
  ])('%j is written %s and reads back', (text, literal) => {
    expect(str(text)).toBe(literal);
    expect(evaluate(str(text), {})).toBe(text);
  });
  test('a list of strings reads back', () => {
    expect(evaluate(`${strList(['a', "b'c"])} == ['a', "b'c"]`, {})).toBe(true);
  });
});

describe('toRe2', () => {
  test('refuses what RE2 reads otherwise or not at all', () => {
    expect(() => toRe2('(?=a)', WORD_SEPARATORS)).toThrow(/unsupported group/);
    expect(() => toRe2('(a)\\1', WORD_SEPARATORS)).toThrow(/unsupported escape/);
    expect(() => toRe2('[\\s]', WORD_SEPARATORS)).toThrow(/inside a class/);
  });

  // Strings that come close to each pattern: pieces of the patterns, their letters in both cases,
  // JavaScript's white space, and the letters RE2's (?i) would fold (ſ, K).
  const pieces = ['BEGIN', 'begin', ' ', '\t', '\u00a0', '\u2028', 'PRIVATE', 'KEY', 'key', '\u212aey', '\u017fecret', 'eyJhbGciO', 'EYJHBGCIO', 'JWT',
    'Bearer', 'BEARER', '_key_', '_SECRET_', 'AKIA', 'akia', 'ghp_', 'GHO_', 'AIza', 'xoxb-', 'XOXS-', '-----', 'A', 'z', '0', '_', '-', '.', '/', '=',
    'abcdefghij0123456789', 'RSA', 'EC', 'PRIVATE KEY', 'private key', 'BEGIN RSA PRIVATE KEY', '-----BEGIN EC PRIVATE KEY-----', 'Begin\u00a0Ec Private Key',
    'postgres://', 'REDIS://', ':', '@', 'admin', 'S3cr3t', '$(PW)', "'", '%2F', '+', '~'];
  const samples = (() => {
    const next = random(7);
    // one that matches each pattern, then near misses
    const out: string[] = ['-----BEGIN RSA PRIVATE KEY-----', 'eyJhbGciOiJIUzI1NiJ9', 'jwt', 'bearer', 'a_KEY_b', 'x_Secret_y', 'AKIA0123456789ABCDEF',
      `ghp_${'a1'.repeat(18)}`, `AIza${'b'.repeat(35)}`, 'xoxb-1234567890', `gho_${'Z'.repeat(40)}`, 'Bearer abcdefgh==', 'postgres://admin:S3cr3t@db/app'];
    for (let i = 0; i < 3000; i++) {
      let s = '';
      const n = 1 + Math.floor(next() * 7);
      for (let j = 0; j < n; j++) s += pieces[Math.floor(next() * pieces.length)];
      out.push(s);
    }
    return out;
  })();

  test.each(SENSITIVE_VALUE_PATTERNS.map(p => [p.source] as const))('%s matches in RE2 (caseless) what it matches in JavaScript with the i flag', (source) => {
    const js = new RegExp(source, 'i');
    const re2 = toRe2(source, WORD_SEPARATORS, true);
    const differ = samples.filter(s => (evaluate(`${str(s)}.matches(${str(re2)})`, {}) === true) !== js.test(s));
    expect(differ).toEqual([]);
    expect(samples.some(s => js.test(s))).toBe(true);
  });
});

describe('JavaScript case mappings into ASCII', () => {
  const all = function* () {
    for (let cp = 0x80; cp <= 0x10ffff; cp++) if (cp < 0xd800 || cp > 0xdfff) yield String.fromCodePoint(cp);
  };
  test('UPPER_CASE_TO_ASCII lists every character outside ASCII that toUpperCase turns into ASCII only', () => {
    const found: Record<string, string> = {};
    for (const c of all()) {
      const u = c.toUpperCase();
      if (/^[\x00-\x7f]+$/.test(u)) found[c] = u;
    }
    expect(found).toEqual(UPPER_CASE_TO_ASCII);
  });
  test('LOWER_CASE_TO_ASCII lists every character outside ASCII that toLowerCase turns into text with ASCII letters', () => {
    const found: Record<string, string> = {};
    for (const c of all()) {
      const l = c.toLowerCase();
      if (/[a-z]/.test(l)) found[c] = l;
    }
    expect(found).toEqual(LOWER_CASE_TO_ASCII);
  });
  test('upperCasedIs matches what toUpperCase turns into the target, and lowerCased lower-cases as toLowerCase does', () => {
    const re = upperCasedIs('SYS_ADMIN');
    for (const s of ['sys_admin', 'SYS_ADMIN', '\u017fy\u017f_adm\u0131n', 'Sys_Admin']) {
      expect(s.toUpperCase()).toBe('SYS_ADMIN');
      expect(evaluate(`${str(s)}.matches(${str(`^${re}$`)})`, {})).toBe(true);
    }
    expect(evaluate(`${str('SYS_ADMlN')}.matches(${str(`^${re}$`)})`, {})).toBe(false);
    expect(() => upperCasedIs('PASS')).toThrow(/upper-cases to "SS"/);
    for (const s of ['API_\u212aEY', 'PASSWORD', '\u0130D']) expect(evaluate(lowerCased(str(s)), {})).toBe(s.toLowerCase());
  });
});
