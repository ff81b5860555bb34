/** A seeded pseudo-random generator (Park-Miller), so a generated case that fails can be replayed. */
export function seeded(seed: number): () => number {
  let x = seed % 2147483647;
  if (x <= 0) x += 2147483646;
  return () => {
    x = (x * 48271) % 2147483647;
    return (x - 1) / 2147483646;
  };
}
