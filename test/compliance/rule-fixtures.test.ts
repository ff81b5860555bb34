// The shared fixture table holds what it says: each case has the verdict it declares, and every
// rule has compliant and non-compliant cases.
import { outcomeOf, ruleFixtures } from './rule-fixtures';
import { RULES } from '../../src/compliance/rules';

const table = ruleFixtures();

describe.each(Object.keys(table))('%s', (ruleId) => {
  const cases = Object.entries(table[ruleId as keyof typeof table]);

  test('is a rule of the engine, with compliant and non-compliant cases', () => {
    expect(RULES.has(ruleId)).toBe(true);
    expect(cases.filter(([, f]) => f.verdict === 'compliant').length).toBeGreaterThan(0);
    expect(cases.filter(([, f]) => f.verdict === 'non-compliant').length).toBeGreaterThan(0);
  });

  test.each(cases)('%s has its declared verdict', (_name, f) => {
    expect(outcomeOf(ruleId, f).status).toBe(f.verdict);
  });
});
