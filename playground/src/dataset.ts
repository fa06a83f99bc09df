import { Rng } from '../../src/index.js';
import { SYNTHETIC_GENERATORS, trainTestSplit, type Column, type Table } from '../../src/data/index.js';
import { pca, project } from './pca.js';
import { CLASSIFICATION_SETS, isSynthetic, type PlaygroundState } from './state.js';

/** The input plane: the rectangle the views draw and the grid is evaluated on. */
export interface Domain {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

export type Task = 'binary' | 'multiclass' | 'regression';

/** A two-feature data set ready for the network and the views. */
export interface PlaneData {
  task: Task;
  /** class names, in label order (empty for regression) */
  classes: string[];
  /** names of the two inputs */
  featureNames: [string, string];
  /** rows × 2, row-major: what the network gets */
  x: Float64Array;
  /** class index or target value, one per row */
  y: Float64Array;
  /** row indices of the two parts */
  train: Uint32Array;
  test: Uint32Array;
  domain: Domain;
  /** smallest and largest target (regression), for the colour scale */
  yRange: [number, number];
  /** a line for the page, e.g. how much variance the projection keeps */
  note: string;
  /** rows of the table left out for a missing value in a used column (0 for synthetic sets) */
  dropped: number;
}

/** The rectangle of the synthetic sets, as in TensorFlow Playground. */
export const SYNTHETIC_DOMAIN: Readonly<Domain> = Object.freeze({ xMin: -6, xMax: 6, yMin: -6, yMax: 6 });

/** Points of a synthetic set: generated and split with one generator seeded by `state.seed`. */
export function syntheticData(state: Readonly<PlaygroundState>): PlaneData {
  if (!isSynthetic(state.source)) throw new Error(`syntheticData: '${state.source}' is not a synthetic set`);
  const rng = new Rng(state.seed);
  const table = SYNTHETIC_GENERATORS[state.source]({ n: state.points, noise: state.noise, rng });
  const x1 = numeric(table.columns[0] as Column);
  const x2 = numeric(table.columns[1] as Column);
  const y = Float64Array.from(numeric(table.columns[2] as Column));
  const n = table.rows;
  const x = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = x1[i] as number;
    x[2 * i + 1] = x2[i] as number;
  }
  const classification = (CLASSIFICATION_SETS as readonly string[]).includes(state.source);
  const split = trainTestSplit(classification ? y : n, { testFraction: state.testRatio, rng });
  return {
    task: classification ? 'binary' : 'regression',
    classes: classification ? ['0', '1'] : [],
    featureNames: ['x1', 'x2'],
    x,
    y,
    train: split.train,
    test: split.test,
    domain: { ...SYNTHETIC_DOMAIN },
    yRange: classification ? [0, 1] : range(y),
    note: `${n} points, ${split.train.length} train / ${split.test.length} test`,
    dropped: 0,
  };
}

export interface TableChoice {
  projection: 'pca' | 'columns';
  /** feature columns in 'columns' projection ('' = the first two numeric features) */
  xColumn: string;
  yColumn: string;
  /** '' = the last column */
  target: string;
  testRatio: number;
  seed: number;
}

/**
 * A table (bundled set or the user's CSV) reduced to two standardized inputs: its first two
 * principal directions (of the standardized numeric features) or two chosen columns. Rows with a
 * missing value in a used column are dropped. A text target, or an integer one with few values,
 * makes a classification; any other numeric target a regression (standardized).
 */
export function tableData(table: Table, choice: TableChoice): PlaneData {
  const names = table.columns.map((c) => c.name);
  const targetName = choice.target !== '' && names.includes(choice.target) ? choice.target : (names[names.length - 1] as string);
  const target = table.columns.find((c) => c.name === targetName) as Column;
  const features = table.columns.filter((c): c is Extract<Column, { kind: 'numeric' }> => c.kind === 'numeric' && c.name !== targetName);
  if (features.length < 2 && !(features.length === 1 && choice.projection === 'pca')) {
    throw new Error(`the table needs at least two numeric feature columns besides the target '${targetName}', found ${features.length}`);
  }
  // the target: class indices or values
  const { task, classes, values } = targetValues(target, table.rows);
  let used = features;
  if (choice.projection === 'columns') {
    const pick = (name: string, fallback: number) => features.find((c) => c.name === name) ?? (features[fallback] as (typeof features)[number]);
    used = [pick(choice.xColumn, 0), pick(choice.yColumn, 1)];
  }
  // keep complete rows only
  const keep: number[] = [];
  for (let i = 0; i < table.rows; i++) {
    if (!Number.isFinite(values[i] as number)) continue;
    if (used.some((c) => !Number.isFinite(c.values[i] as number))) continue;
    keep.push(i);
  }
  const n = keep.length;
  if (n < 4) throw new Error(`only ${n} complete rows; need at least 4`);
  const d = used.length;
  // standardize each used feature: (v − mean) / std
  const z = new Float64Array(n * d);
  used.forEach((c, j) => {
    const col = keep.map((i) => c.values[i] as number);
    const { mean, std } = moments(col);
    col.forEach((v, r) => (z[r * d + j] = (v - mean) / (std > 0 ? std : 1)));
  });
  let x: Float64Array;
  let featureNames: [string, string];
  let note: string;
  if (choice.projection === 'pca') {
    const p = pca(z, n, d, 2);
    const scores = project(p, z, n);
    x = scores.length === 2 * n ? scores : widen(scores, n);
    featureNames = ['PC1', 'PC2'];
    const kept = p.explained.reduce((s, e) => s + e, 0);
    note = `first two principal directions of ${d} standardized features keep ${(100 * kept).toFixed(1)}% of the variance`;
  } else {
    x = z;
    featureNames = [used[0]?.name ?? 'x1', used[1]?.name ?? 'x2'];
    note = `columns ${featureNames[0]} and ${featureNames[1]}, standardized`;
  }
  // both inputs to unit variance, so the network sees comparable scales
  for (let j = 0; j < 2; j++) {
    const col = Array.from({ length: n }, (_, r) => x[2 * r + j] as number);
    const { mean, std } = moments(col);
    for (let r = 0; r < n; r++) x[2 * r + j] = ((x[2 * r + j] as number) - mean) / (std > 0 ? std : 1);
  }
  let y = Float64Array.from(keep, (i) => values[i] as number);
  if (task === 'regression') {
    const { mean, std } = moments(Array.from(y));
    y = y.map((v) => (v - mean) / (std > 0 ? std : 1));
    note += `; target ${targetName} standardized`;
  }
  const rng = new Rng(choice.seed);
  const split = trainTestSplit(task === 'regression' ? n : y, { testFraction: choice.testRatio, rng });
  return {
    task,
    classes,
    featureNames,
    x,
    y,
    train: split.train,
    test: split.test,
    domain: paddedDomain(x, n),
    yRange: task === 'regression' ? range(y) : [0, Math.max(1, classes.length - 1)],
    note: `${n} rows, ${split.train.length} train / ${split.test.length} test${table.rows > n ? ` (${table.rows - n} with a missing value left out)` : ''}; ${note}`,
    dropped: table.rows - n,
  };
}

/** Class indices (text, or integer with ≤ 20 values) or raw values of the target column. */
function targetValues(target: Column, rows: number): { task: Task; classes: string[]; values: Float64Array } {
  const values = new Float64Array(rows);
  if (target.kind === 'text') {
    // classes in sorted order, so that label numbers do not depend on row order
    const sorted = [...target.categories].sort();
    const index = target.categories.map((c) => sorted.indexOf(c));
    for (let i = 0; i < rows; i++) {
      const code = target.codes[i] as number;
      values[i] = code < 0 ? Number.NaN : (index[code] as number);
    }
    return { task: sorted.length === 2 ? 'binary' : 'multiclass', classes: sorted, values };
  }
  const distinct = [...new Set(Array.from(target.values).filter((v) => Number.isFinite(v)))].sort((a, b) => a - b);
  const integer = distinct.every((v) => Number.isInteger(v));
  if (integer && distinct.length >= 2 && distinct.length <= 20 && distinct.length * 2 <= rows) {
    for (let i = 0; i < rows; i++) {
      const v = target.values[i] as number;
      values[i] = Number.isFinite(v) ? distinct.indexOf(v) : Number.NaN;
    }
    return { task: distinct.length === 2 ? 'binary' : 'multiclass', classes: distinct.map(String), values };
  }
  values.set(target.values);
  return { task: 'regression', classes: [], values };
}

/** The bounding box of the points, 10 % larger on each side. */
export function paddedDomain(x: ArrayLike<number>, n: number): Domain {
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (let i = 0; i < n; i++) {
    const a = x[2 * i] as number;
    const b = x[2 * i + 1] as number;
    xMin = Math.min(xMin, a);
    xMax = Math.max(xMax, a);
    yMin = Math.min(yMin, b);
    yMax = Math.max(yMax, b);
  }
  const px = 0.1 * (xMax - xMin || 1);
  const py = 0.1 * (yMax - yMin || 1);
  return { xMin: xMin - px, xMax: xMax + px, yMin: yMin - py, yMax: yMax + py };
}

function numeric(c: Column): ArrayLike<number> {
  if (c.kind !== 'numeric') throw new Error(`column ${c.name} is not numeric`);
  return c.values;
}

function moments(values: readonly number[]): { mean: number; std: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, n - 1);
  return { mean, std: Math.sqrt(variance) };
}

function range(y: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < y.length; i++) {
    lo = Math.min(lo, y[i] as number);
    hi = Math.max(hi, y[i] as number);
  }
  return lo < hi ? [lo, hi] : [lo - 1, hi + 1];
}

/** A single principal score becomes (score, 0). */
function widen(scores: Float64Array, n: number): Float64Array {
  const x = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) x[2 * i] = scores[i] as number;
  return x;
}
