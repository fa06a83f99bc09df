import { Rng } from '../../src/index.js';

/** The first principal directions of a data set and the share of variance each explains. */
export interface Pca {
  /** column means, used to centre rows before projecting */
  mean: Float64Array;
  /** unit vectors, one per component, each of length `features` */
  components: Float64Array[];
  /** eigenvalues of the covariance (variance along each component) */
  variances: number[];
  /** variance along each component / total variance */
  explained: number[];
}

/**
 * Principal components by power iteration on the covariance matrix C = XcᵀXc / (n − 1), with
 * deflation (C ← C − λ·v·vᵀ) after each component. `x` is row-major, rows × features.
 * Deterministic: the start vector comes from a seeded generator.
 */
export function pca(x: ArrayLike<number>, rows: number, features: number, components = 2, iterations = 200): Pca {
  if (rows < 2 || features < 1) throw new Error(`pca: need at least 2 rows and 1 feature, got ${rows} × ${features}`);
  const k = Math.min(components, features);
  const mean = new Float64Array(features);
  for (let i = 0; i < rows; i++) for (let j = 0; j < features; j++) mean[j] = (mean[j] as number) + (x[i * features + j] as number) / rows;
  // C = XcᵀXc / (n − 1)
  const c = new Float64Array(features * features);
  const row = new Float64Array(features);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < features; j++) row[j] = (x[i * features + j] as number) - (mean[j] as number);
    for (let a = 0; a < features; a++) {
      const ra = row[a] as number;
      if (ra === 0) continue;
      for (let b = a; b < features; b++) c[a * features + b] = (c[a * features + b] as number) + ra * (row[b] as number);
    }
  }
  for (let a = 0; a < features; a++) {
    for (let b = a; b < features; b++) {
      const v = (c[a * features + b] as number) / (rows - 1);
      c[a * features + b] = v;
      c[b * features + a] = v;
    }
  }
  let total = 0;
  for (let a = 0; a < features; a++) total += c[a * features + a] as number;
  const rng = new Rng(7);
  const result: Pca = { mean, components: [], variances: [], explained: [] };
  const next = new Float64Array(features);
  for (let comp = 0; comp < k; comp++) {
    let v = new Float64Array(features);
    for (let j = 0; j < features; j++) v[j] = rng.range(-1, 1);
    normalize(v);
    let lambda = 0;
    for (let it = 0; it < iterations; it++) {
      // v ← C·v / ‖C·v‖
      for (let a = 0; a < features; a++) {
        let s = 0;
        for (let b = 0; b < features; b++) s += (c[a * features + b] as number) * (v[b] as number);
        next[a] = s;
      }
      lambda = normalize(next);
      if (lambda === 0) break;
      let diff = 0;
      for (let j = 0; j < features; j++) diff = Math.max(diff, Math.abs((next[j] as number) - (v[j] as number)));
      v = Float64Array.from(next);
      if (diff < 1e-12) break;
    }
    // a fixed sign: the largest |coordinate| is positive
    let big = 0;
    for (let j = 1; j < features; j++) if (Math.abs(v[j] as number) > Math.abs(v[big] as number)) big = j;
    if ((v[big] as number) < 0) for (let j = 0; j < features; j++) v[j] = -(v[j] as number);
    result.components.push(v);
    result.variances.push(lambda);
    result.explained.push(total > 0 ? lambda / total : 0);
    // deflate: C ← C − λ·v·vᵀ
    for (let a = 0; a < features; a++) for (let b = 0; b < features; b++) c[a * features + b] = (c[a * features + b] as number) - lambda * (v[a] as number) * (v[b] as number);
  }
  return result;
}

/** Scores of every row on the components: (x − mean)·v, rows × components, row-major. */
export function project(p: Pca, x: ArrayLike<number>, rows: number): Float64Array {
  const features = p.mean.length;
  const k = p.components.length;
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < k; c++) {
      const v = p.components[c] as Float64Array;
      let s = 0;
      for (let j = 0; j < features; j++) s += ((x[i * features + j] as number) - (p.mean[j] as number)) * (v[j] as number);
      out[i * k + c] = s;
    }
  }
  return out;
}

/** Scales v to unit length in place; returns its former length. */
function normalize(v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += (v[j] as number) ** 2;
  const norm = Math.sqrt(s);
  if (norm > 0) for (let j = 0; j < v.length; j++) v[j] = (v[j] as number) / norm;
  return norm;
}
