// Kubernetes resource quantities.
// https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/

const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))((?:[KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;
const SUFFIX_FACTORS: Record<string, number> = {
  '': 1,
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

/**
 * The number a Kubernetes resource quantity stands for, as Kubernetes' quantity library reads it
 * (k8s.io/apimachinery `resource.ParseQuantity`): any decimal exponent that fits in 32 bits is a
 * quantity, so "1e400" is one, read here as Infinity, and "1e-400" is 1n (rounded up, as a
 * non-zero quantity is); undefined when the text is no quantity.
 * @internal
 */
export function quantityMagnitude(text: string): number | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, num, suffix = ''] = m;
  const value = Number(num);
  // "E" and "Ei" are suffixes (exa, exbi); "e"/"E" followed by digits is an exponent
  if (/^[eE][+-]?[0-9]/.test(suffix)) {
    const exponent = Number(suffix.slice(1));
    if (Math.abs(exponent) >= 2 ** 31) return undefined;
    const result = value * 10 ** exponent;
    // Kubernetes rounds a non-zero quantity up to its smallest unit (1n), never down to zero
    return result === 0 && value !== 0 ? Math.sign(value) * 1e-9 : result;
  }
  return value * SUFFIX_FACTORS[suffix];
}

/**
 * Parses a Kubernetes resource quantity ("500m", "1.5", "256Mi", "1e3") to a finite number, or
 * returns undefined when the text is not a quantity (or is too large to be one: "1e400").
 * @internal
 */
export function parseQuantity(text: string): number | undefined {
  const result = quantityMagnitude(text);
  return result !== undefined && Number.isFinite(result) ? result : undefined;
}

/**
 * The bound on the numbers a quantity may represent: they are below 2^63 in magnitude (at most
 * 2^63-1, "no quantity may represent a number greater than 2^63-1"); Kubernetes caps larger
 * ones, silently. A number, not 2^63-1 itself, which a float cannot hold.
 * @internal
 */
export const QUANTITY_BOUND = 2 ** 63;
