/**
 * The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt to about 1e-15, needed by exact GELU.
 * |x| < 2.5: its Maclaurin series; beyond: erfc by its continued fraction (Lentz's method).
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // erf(x) = 2/√π · Σₙ (−1)ⁿ x^(2n+1) / (n! (2n+1))
    const x2 = x * x;
    let power = x; // (−1)ⁿ x^(2n+1) / n!
    let sum = x;
    for (let n = 1; n < 100; n++) {
      power *= -x2 / n;
      const term = power / (2 * n + 1);
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  const value = 1 - erfcLarge(ax);
  return x < 0 ? -value : value;
}

/** erfc(x) for x ≥ 2.5: e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))). */
function erfcLarge(x: number): number {
  if (x > 27) return 0;
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    if (d === 0) d = tiny;
    c = x + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}
