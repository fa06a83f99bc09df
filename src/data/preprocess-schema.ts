import { z } from 'zod';
import { ModelFormatError } from '../core/errors.js';

/** How missing feature values are filled: not at all (missing is an error), or from the training column. */
export type ImputeStrategy = 'none' | 'mean' | 'median' | 'most-frequent';
export const IMPUTE_STRATEGIES: readonly ImputeStrategy[] = ['none', 'mean', 'median', 'most-frequent'];

/**
 * A numeric input column, scaled: x' = (x − mean) / std, then, with `clip`, smoothly clipped:
 * x' ← x' / √(1 + (x'/clip)²) (near x' for small values, approaching ±clip for outliers).
 */
export interface NumericFeature {
  readonly name: string;
  readonly kind: 'numeric';
  /** The centre subtracted: the column's mean, or with `scaling: 'robust'` its median. */
  readonly mean: number;
  /**
   * The spread divided by: the column's standard deviation (1 when it was 0), or with
   * `scaling: 'robust'` its interquartile range q¾ − q¼ (else half its range, else 1).
   */
  readonly std: number;
  /** Value put in place of a missing one, or null when missing values are an error. */
  readonly fill: number | null;
  /** How `mean` and `std` were fitted (absent: 'standard'). */
  readonly scaling?: 'standard' | 'robust';
  /** Bound of the smooth clipping (absent: no clipping). */
  readonly clip?: number;
  /** True when x gets an extra 0/1 column "this value was missing" (placed after every feature's encoding). */
  readonly indicator?: boolean;
  /**
   * Edges e₀ < e₁ < … < e_T of T ≥ 2 piecewise-linear bins, on the scale of x' (after scaling and
   * clipping; absent: none). Each bin t adds a column uₜ = (x' − eₜ₋₁)/(eₜ − eₜ₋₁), held to ≥ 0
   * except in the first bin and to ≤ 1 except in the last; these columns close x, after the
   * indicators, in feature order (Gorishniy et al. 2022, "On Embeddings for Numerical Features").
   */
  readonly bins?: readonly number[];
}

/** A text input column, one-hot encoded over `categories` (sorted in code-unit order). */
export interface CategoricalFeature {
  readonly name: string;
  readonly kind: 'categorical';
  readonly categories: readonly string[];
  /**
   * Category put in place of a missing value, or null when missing values are an error. The empty
   * string '' (never a category of its own: an empty cell is missing) is the level "missing".
   */
  readonly fill: string | null;
}

/** A column the fit left out of x, and why (e.g. a text column with a distinct value per row). */
export interface DroppedColumn {
  readonly name: string;
  readonly reason: string;
}

export type FeatureSpec = NumericFeature | CategoricalFeature;

/** Classification target: label-encoded, class i is `classes[i]`. */
export interface ClassTarget {
  readonly name: string;
  readonly task: 'classification';
  /** Class names in index order: sorted numerically for a numeric column, in code-unit order for text. */
  readonly classes: readonly string[];
}

/** Regression target: standardized, y' = (y − mean) / std. */
export interface RegressionTarget {
  readonly name: string;
  readonly task: 'regression';
  readonly mean: number;
  readonly std: number;
}

export type TargetSpec = ClassTarget | RegressionTarget;

/** The fitted preprocessing as plain JSON data, saved inside a model file. */
export interface PreprocessorState {
  readonly format: 'mlpkit-preprocessor';
  readonly version: 1;
  readonly impute: ImputeStrategy;
  /** Input columns in the order their encodings appear in x. */
  readonly features: readonly FeatureSpec[];
  readonly target: TargetSpec;
  /** Columns left out by the fit (absent: none). */
  readonly dropped?: readonly DroppedColumn[];
}

/**
 * Width of the encoded rows: one column per numeric feature, one per category of each text
 * feature, one per missing-value indicator, one per piecewise-linear bin.
 */
export function encodedWidth(state: Pick<PreprocessorState, 'features'>): number {
  return state.features.reduce((w, f) => w + (f.kind === 'numeric' ? 1 + (f.indicator === true ? 1 : 0) + binCount(f) : f.categories.length), 0);
}

/** The piecewise-linear bins of a numeric feature (0 without). */
export function binCount(f: NumericFeature): number {
  return f.bins === undefined ? 0 : f.bins.length - 1;
}

/** A value as a numeric feature encodes it: x' = (x − mean) / std, then smoothly clipped, x' / √(1 + (x'/c)²), with `clip`. */
export function scaledValue(f: NumericFeature, v: number): number {
  // x' = (x − mean) / std
  const s = (v - f.mean) / f.std;
  const c = f.clip ?? 0;
  // smooth clipping: x' ← x' / √(1 + (x'/c)²)
  return c > 0 ? s / Math.sqrt(1 + (s / c) * (s / c)) : s;
}

/** Bound of the saved means, fills and scales: |mean|, |fill|, std ≤ 1e30 and std ≥ 1e-30. */
export const SCALE_LIMIT = 1e30;

/** Most piecewise-linear bins a numeric feature may have. */
export const MAX_BINS = 256;

/** The state's schema, built on first use (not at import), so that zod runs only where validation happens. */
function buildStateSchema() {
  const name = z.string().min(1);
  // |value| ≤ 1e30 and scales ≥ 1e-30: beyond them (x − mean) / std overflows float32, and the model predicts NaN
  const value = z.number().min(-SCALE_LIMIT).max(SCALE_LIMIT);
  const scale = z.number().min(1 / SCALE_LIMIT).max(SCALE_LIMIT);
  const numericFeature = z.strictObject({
    name,
    kind: z.literal('numeric'),
    mean: value,
    std: scale,
    fill: value.nullable(),
    scaling: z.enum(['standard', 'robust']).optional(),
    clip: z.number().positive().optional(),
    indicator: z.boolean().optional(),
    bins: z.array(value).min(3).max(MAX_BINS + 1).optional(),
  });
  const categoricalFeature = z.strictObject({
    name,
    kind: z.literal('categorical'),
    categories: z.array(z.string()).min(1),
    fill: z.string().nullable(),
  });
  const classTarget = z.strictObject({
    name,
    task: z.literal('classification'),
    classes: z.array(z.string()).min(2),
  });
  const regressionTarget = z.strictObject({
    name,
    task: z.literal('regression'),
    mean: value,
    std: scale,
  });
  const stateSchema = z.strictObject({
    format: z.literal('mlpkit-preprocessor'),
    version: z.literal(1),
    impute: z.enum(['none', 'mean', 'median', 'most-frequent']),
    features: z.array(z.discriminatedUnion('kind', [numericFeature, categoricalFeature])).min(1),
    target: z.discriminatedUnion('task', [classTarget, regressionTarget]),
    dropped: z.array(z.strictObject({ name, reason: z.string() })).optional(),
  });
  return stateSchema;
}

let stateSchema: ReturnType<typeof buildStateSchema> | null = null;

/**
 * Checks that `json` is a valid preprocessing state and returns it typed. Throws a ModelFormatError
 * whose message gives the JSON path of the first problem (e.g. `preprocessing.features[2].std`).
 */
export function parsePreprocessorState(json: unknown, where = 'preprocessing'): PreprocessorState {
  if (isRecord(json) && json['format'] === 'mlpkit-preprocessor' && typeof json['version'] === 'number' && json['version'] > 1) {
    throw new ModelFormatError(`${where}.version: ${json['version']} is newer than this mlpkit understands (1); upgrade mlpkit`);
  }
  const result = (stateSchema ??= buildStateSchema()).safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue === undefined ? '' : issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    throw new ModelFormatError(`${where}${path}: ${issue?.message ?? 'invalid'}`);
  }
  const state = result.data;
  const names = new Set<string>();
  state.features.forEach((f, i) => {
    const at = `${where}.features[${i}]`;
    if (names.has(f.name) || f.name === state.target.name) throw new ModelFormatError(`${at}.name: column '${f.name}' appears twice`);
    names.add(f.name);
    if (f.kind === 'numeric' && f.indicator === true && f.fill === null) {
      throw new ModelFormatError(`${at}.indicator: a missing-value indicator needs a fill value`);
    }
    if (f.kind === 'numeric' && f.bins !== undefined) {
      const edges = f.bins;
      // each bin at least 1e-30 wide, as a scale: uₜ divides by its width
      const k = edges.findIndex((e, t) => t > 0 && !(e - (edges[t - 1] as number) >= 1 / SCALE_LIMIT));
      if (k > 0) throw new ModelFormatError(`${at}.bins[${k}]: bin edges must increase, by at least 1e-30`);
    }
    if (f.kind === 'categorical') {
      if (new Set(f.categories).size !== f.categories.length) throw new ModelFormatError(`${at}.categories: repeated category`);
      if (f.fill !== null && !f.categories.includes(f.fill)) {
        throw new ModelFormatError(`${at}.fill: '${f.fill}' is not one of the categories`);
      }
    }
  });
  if (state.target.task === 'classification' && new Set(state.target.classes).size !== state.target.classes.length) {
    throw new ModelFormatError(`${where}.target.classes: repeated class`);
  }
  // zod types an optional key as `T | undefined`; it never adds a key that was absent
  return state as PreprocessorState;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
