import { parseQuantity, quantityMagnitude } from '../../src/standards/quantity';

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

describe('quantityMagnitude: quantities as Kubernetes reads them, however large', () => {
  test('1e400 is a quantity (the API server admits it), beyond any finite number', () => {
    expect(quantityMagnitude('1e400')).toBe(Infinity);
    expect(quantityMagnitude('-1e400')).toBe(-Infinity);
    expect(quantityMagnitude('1e-400')).toBe(1e-9);
    expect(quantityMagnitude('0e-400')).toBe(0);
    expect(quantityMagnitude('500m')).toBeCloseTo(0.5);
  });
  test.each(['', 'lots', '512MB', '1e2147483648', '1.5.5', 'Ki'])('fails %p, which is no quantity', text => {
    expect(quantityMagnitude(text)).toBeUndefined();
  });
});
