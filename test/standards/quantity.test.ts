import { parseQuantity } from '../../src/standards/quantity';

describe('parseQuantity', () => {
  test.each([
    ['1', 1], ['500m', 0.5], ['1.5', 1.5], ['128Mi', 128 * 2 ** 20], ['1Gi', 2 ** 30], ['2k', 2000], ['1e3', 1000], ['.5', 0.5], ['2E', 2e18], ['1E3', 1000], ['+1', 1], ['2Ei', 2 * 2 ** 60], ['5e-1', 0.5],
  ])('%s is %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value);
  });
  test.each(['', 'lots', '512MB', '1 Gi', 'Mi', '1..2', ' 1', '1e400', '1.5.5', '1m3', 'Ki'])('fails to parse %p', text => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});
