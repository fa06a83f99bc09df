import type { StandaloneHelper } from '../../nn/activation-descriptor.js';
import { activationDescriptor, type ActivationName } from '../../nn/activations.js';

/**
 * JavaScript source text of the pieces a standalone module is assembled from. Each activation's
 * formula is its descriptor's `js` (nn/activation-registry.ts), written out so the generated file
 * needs nothing.
 */

/** Float arrays from base64 little-endian bytes (DataView: right on any host byte order). */
export const DECODE_SOURCE = `function decode(base64, bytesPerValue) {
  const text = atob(base64);
  const view = new DataView(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) view.setUint8(i, text.charCodeAt(i));
  const out = new Float64Array(text.length / bytesPerValue);
  for (let i = 0; i < out.length; i++) out[i] = bytesPerValue === 4 ? view.getFloat32(4 * i, true) : view.getFloat64(8 * i, true);
  return out;
}`;

/** z = x·W + b for one row, W inputs × units row-major; then φ in place. */
export const DENSE_SOURCE = `function dense(layer, x) {
  const { inputs, units, W, b } = layer;
  const z = new Float64Array(units);
  // z = x·W + b
  if (b !== null) z.set(b);
  for (let i = 0; i < inputs; i++) {
    const xi = x[i];
    const row = i * units;
    for (let j = 0; j < units; j++) z[j] += xi * W[row + j];
  }
  layer.activation(z);
  return z;
}`;

const SIGMOID_SOURCE = `// σ(z) = 1 / (1 + e^(−z)), without overflow for large |z|
function sigmoid(z) {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}`;

const ERF_SOURCE = `// erf(x) = 2/√π ∫₀ˣ e^(−t²) dt: Maclaurin series for |x| < 2.5, else erfc by its continued fraction
function erf(x) {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    const x2 = x * x;
    let power = x;
    let sum = x;
    for (let n = 1; n < 100; n++) {
      power *= -x2 / n;
      const term = power / (2 * n + 1);
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (ax > 27) return x < 0 ? -1 : 1;
  let f = ax, c = ax, d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = ax + a * d;
    if (d === 0) d = 1e-300;
    c = ax + a / c;
    if (c === 0) c = 1e-300;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const value = 1 - Math.exp(-ax * ax) / (Math.sqrt(Math.PI) * f);
  return x < 0 ? -value : value;
}`;

/** Source of an in-place activation `(z) => void` over one row. */
export function activationSource(name: ActivationName, alpha: number): string {
  const d = activationDescriptor(name);
  if (d.kind === 'rowwise') return d.jsRow;
  const expression = d.js(alpha);
  if (expression === 'v') return '() => {}';
  return `(z) => { for (let j = 0; j < z.length; j++) { const v = z[j]; z[j] = ${expression}; } }`;
}

const HELPER_SOURCES: Readonly<Record<StandaloneHelper, string>> = { sigmoid: SIGMOID_SOURCE, erf: ERF_SOURCE };

/** The helper functions the given activations call. */
export function helperSources(names: readonly ActivationName[]): string[] {
  const needed = new Set(names.flatMap((name) => {
    const d = activationDescriptor(name);
    return d.kind === 'elementwise' ? (d.jsHelpers ?? []) : [];
  }));
  return (Object.keys(HELPER_SOURCES) as StandaloneHelper[]).filter((h) => needed.has(h)).map((h) => HELPER_SOURCES[h]);
}

/**
 * Raw row → network input, the preprocessing of src/data/preprocess.ts with `FEATURES` and `WIDTH`
 * defined by the module: x' = (x − mean) / std for numbers (smoothly clipped when the feature has
 * `clip`), one-hot for text, fill for missing values, then one 0/1 column per missing-value indicator,
 * then the piecewise-linear bins of the features that have `bins`.
 */
export const ENCODE_SOURCE = `const MISSING = ['', 'NA', 'N/A', '?'];
const DECIMAL = /^\\s*[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?\\s*$/;

function isMissing(v) {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) || (typeof v === 'string' && MISSING.includes(v.trim()));
}

function encode(row, unknown) {
  if (row === null || typeof row !== 'object') throw new TypeError('predict: expected a row object keyed by column name (or an array in featureNames order), got ' + String(row));
  const x = new Float64Array(WIDTH);
  const at = [];
  let offset = 0;
  FEATURES.forEach((f, position) => {
    at.push(offset);
    const v = Array.isArray(row) ? row[position] : row[f.name];
    if (f.kind === 'numeric') {
      let value;
      if (isMissing(v)) {
        if (f.fill === null) throw new Error("column '" + f.name + "': missing value, and the model was trained without imputation");
        value = f.fill;
      } else if (typeof v === 'string' && DECIMAL.test(v)) {
        value = Number(v);
      } else {
        value = v;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error("column '" + f.name + "': expected a finite number, got " + JSON.stringify(v));
      // x' = (x − mean) / std
      const s = (value - f.mean) / f.std;
      // smooth clipping: x' ← x' / √(1 + (x'/c)²)
      x[offset] = f.clip === undefined ? s : s / Math.sqrt(1 + (s / f.clip) * (s / f.clip));
      offset += 1;
      return;
    }
    let text = v === null || v === undefined ? null : String(v);
    if (text === null || (!f.categories.includes(text) && isMissing(text))) {
      if (f.fill === null) throw new Error("column '" + f.name + "': missing value, and the model was trained without imputation");
      text = f.fill;
    }
    const k = f.categories.indexOf(text);
    if (k >= 0) x[offset + k] = 1;
    else if (unknown !== 'ignore') throw new Error("column '" + f.name + "': unknown category '" + text + "' (known: " + f.categories.join(', ') + "); pass { unknown: 'ignore' } to encode it as all zeros");
    offset += f.categories.length;
  });
  // missing-value indicators close the row, in feature order
  FEATURES.forEach((f, position) => {
    if (f.kind !== 'numeric' || f.indicator !== true) return;
    x[offset++] = isMissing(Array.isArray(row) ? row[position] : row[f.name]) ? 1 : 0;
  });
  // piecewise-linear bins close it: uₜ = (x' − eₜ₋₁) / (eₜ − eₜ₋₁), ≥ 0 but in the first bin, ≤ 1 but in the last
  FEATURES.forEach((f, position) => {
    if (f.kind !== 'numeric' || f.bins === undefined) return;
    const v = x[at[position]];
    const last = f.bins.length - 2;
    for (let t = 0; t <= last; t++) {
      let u = (v - f.bins[t]) / (f.bins[t + 1] - f.bins[t]);
      if (t > 0 && u < 0) u = 0;
      if (t < last && u > 1) u = 1;
      x[offset++] = u;
    }
  });
  return x;
}`;
