import type { InputFeature } from './state.js';

/**
 * The network's input features from the two plane coordinates (TensorFlow Playground's set):
 * x₁, x₂, x₁², x₂², x₁·x₂, sin x₁, sin x₂. Pure: the worker, the grid and the tests share it.
 */
export function featureValue(f: InputFeature, x1: number, x2: number): number {
  switch (f) {
    case 'x1':
      return x1;
    case 'x2':
      return x2;
    case 'x1sq':
      return x1 * x1;
    case 'x2sq':
      return x2 * x2;
    case 'x1x2':
      return x1 * x2;
    case 'sin1':
      return Math.sin(x1);
    case 'sin2':
      return Math.sin(x2);
  }
}

/** How an input is labelled, given the names of the two coordinates ('x1', 'PC1', a column name). */
export function featureLabel(f: InputFeature, names: readonly [string, string]): string {
  const [a, b] = names;
  switch (f) {
    case 'x1':
      return a;
    case 'x2':
      return b;
    case 'x1sq':
      return `${a}²`;
    case 'x2sq':
      return `${b}²`;
    case 'x1x2':
      return `${a}·${b}`;
    case 'sin1':
      return `sin ${a}`;
    case 'sin2':
      return `sin ${b}`;
  }
}

/** Rows × 2 plane coordinates → rows × features.length network inputs, row-major. */
export function expandFeatures(xy: ArrayLike<number>, features: readonly InputFeature[]): Float64Array {
  const rows = xy.length / 2;
  const k = features.length;
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    const x1 = xy[2 * i] as number;
    const x2 = xy[2 * i + 1] as number;
    for (let j = 0; j < k; j++) out[i * k + j] = featureValue(features[j] as InputFeature, x1, x2);
  }
  return out;
}
