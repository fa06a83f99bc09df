import type { CategoricalFeature, NumericFeature, PreprocessorState } from '../../data/preprocess-schema.js';
import type { GraphBuilder } from './onnx-graph.js';

/** Names of the graph inputs that take raw columns. */
export const NUMERIC_INPUT = 'numeric';
export const TEXT_INPUT = 'text';

/** The raw-column input contract of a preprocessing state: which columns go into which tensor. */
export interface ColumnContract {
  /** numeric columns, in the order of the `numeric` tensor's columns */
  readonly numeric: readonly NumericFeature[];
  /** text columns, in the order of the `text` tensor's columns */
  readonly text: readonly CategoricalFeature[];
}

/** Splits the features into the numeric and text tensors, each in feature order. */
export function columnContract(state: PreprocessorState): ColumnContract {
  return {
    numeric: state.features.filter((f): f is NumericFeature => f.kind === 'numeric'),
    text: state.features.filter((f): f is CategoricalFeature => f.kind === 'categorical'),
  };
}

/**
 * Appends the fitted preprocessing to the graph and returns the name of the encoded batch
 * (N × width, the network's input). Inputs: `numeric` (float, N × numeric columns, NaN = missing)
 * and `text` (string, N × text columns, "" = missing), each present only when such columns exist.
 *
 * - numeric: x ← Where(IsNaN(x), fill, x) when some column imputes (a column without imputation
 *   gets fill NaN, so its missing value stays NaN and so does the prediction); then
 *   x' = (x − mean) / std, column-wise by broadcasting;
 * - text column j: c = Gather(text, [j], axis 1), N × 1; c ← Where(Equal(c, ""), fill, c) when it
 *   imputes; one-hot = Cast(Equal(c, categories), float), N × k by broadcasting against the 1 × k
 *   categories. An unseen category is all zeros (a graph cannot throw; mlpkit's
 *   `transform({unknown: 'ignore'})` does the same);
 * - with `clip`: x' ← x' / √(1 + (x'/c)²) after scaling; missing-value indicators: Cast(IsNaN(x)) of
 *   those columns, after every feature's encoding;
 * - piecewise-linear bins, after the indicators: the binned columns of x' gathered once per bin,
 *   u = Min(Max((x' − lo) / (hi − lo), floor), ceiling), floor 0 (−∞ in a first bin), ceiling 1
 *   (+∞ in a last bin);
 * - the pieces are concatenated in feature order (runs of numeric columns taken with Gather).
 */
export function appendPreprocessing(g: GraphBuilder, state: PreprocessorState, contract: ColumnContract): string {
  const scaled = contract.numeric.length > 0 ? appendNumeric(g, contract.numeric) : null;
  const pieces: string[] = [];
  let numericIndex = 0;
  let textIndex = 0;
  let run: number[] = [];
  const flushRun = (): void => {
    if (run.length === 0) return;
    // all numeric columns in one run: the scaled matrix as it is
    pieces.push(run.length === contract.numeric.length ? (scaled as string) : g.op('Gather', [scaled as string, g.int64s('numeric_cols', [run.length], run)], { attributes: [{ name: 'axis', kind: 'int', value: 1 }] }));
    run = [];
  };
  for (const f of state.features) {
    if (f.kind === 'numeric') {
      run.push(numericIndex++);
      continue;
    }
    flushRun();
    pieces.push(appendOneHot(g, f, textIndex++));
  }
  flushRun();
  const indicators = appendIndicators(g, contract.numeric);
  if (indicators !== null) pieces.push(indicators);
  const bins = scaled === null ? null : appendBins(g, scaled, contract.numeric);
  if (bins !== null) pieces.push(bins);
  if (pieces.length === 1) return pieces[0] as string;
  return g.op('Concat', pieces, { attributes: [{ name: 'axis', kind: 'int', value: 1 }], base: 'encoded' });
}

function appendNumeric(g: GraphBuilder, features: readonly NumericFeature[]): string {
  const n = features.length;
  let x = NUMERIC_INPUT;
  if (features.some((f) => f.fill !== null)) {
    // x ← fill where x is NaN
    const fill = g.floats('fill', [n], features.map((f) => f.fill ?? Number.NaN));
    x = g.op('Where', [g.op('IsNaN', [x]), fill, x], { base: 'imputed' });
  }
  // x' = (x − mean) / std
  const mean = g.floats('mean', [n], features.map((f) => f.mean));
  const std = g.floats('std', [n], features.map((f) => f.std));
  const scaled = g.op('Div', [g.op('Sub', [x, mean]), std], { base: 'scaled' });
  if (!features.some((f) => f.clip !== undefined)) return scaled;
  // smooth clipping: x' ← x' / √(1 + (x'/c)²), with 1/c = 0 for a column without clipping
  const inverse = g.floats('inv_clip', [n], features.map((f) => (f.clip === undefined ? 0 : 1 / f.clip)));
  const r = g.op('Mul', [scaled, inverse]);
  const root = g.op('Sqrt', [g.op('Add', [g.op('Mul', [r, r]), g.floats('one', [], [1])])]);
  return g.op('Div', [scaled, root], { base: 'clipped' });
}

/** One 0/1 column per numeric feature with an indicator: Cast(IsNaN(x[:, j])), N × m. */
function appendIndicators(g: GraphBuilder, features: readonly NumericFeature[]): string | null {
  const columns = features.flatMap((f, j) => (f.indicator === true ? [j] : []));
  if (columns.length === 0) return null;
  const picked = g.op('Gather', [NUMERIC_INPUT, g.int64s('indicator_cols', [columns.length], columns)], { attributes: [{ name: 'axis', kind: 'int', value: 1 }] });
  return g.op('Cast', [g.op('IsNaN', [picked])], { attributes: [{ name: 'to', kind: 'int', value: 1 }], base: 'missing' });
}

/** The piecewise-linear bins of the numeric features that have them, N × (their bins), in feature order. */
function appendBins(g: GraphBuilder, scaled: string, features: readonly NumericFeature[]): string | null {
  const columns: number[] = [];
  const lo: number[] = [];
  const span: number[] = [];
  const floor: number[] = [];
  const ceiling: number[] = [];
  features.forEach((f, j) => {
    const edges = f.bins;
    if (edges === undefined) return;
    const last = edges.length - 2;
    for (let t = 0; t <= last; t++) {
      columns.push(j);
      lo.push(edges[t] as number);
      span.push((edges[t + 1] as number) - (edges[t] as number));
      floor.push(t === 0 ? -FLOAT_MAX : 0);
      ceiling.push(t === last ? FLOAT_MAX : 1);
    }
  });
  if (columns.length === 0) return null;
  const n = columns.length;
  const picked = g.op('Gather', [scaled, g.int64s('bin_cols', [n], columns)], { attributes: [{ name: 'axis', kind: 'int', value: 1 }] });
  // uₜ = (x' − eₜ₋₁) / (eₜ − eₜ₋₁), held to [floor, ceiling]
  const u = g.op('Div', [g.op('Sub', [picked, g.floats('bin_lo', [n], lo)]), g.floats('bin_span', [n], span)]);
  return g.op('Min', [g.op('Max', [u, g.floats('bin_floor', [n], floor)]), g.floats('bin_ceiling', [n], ceiling)], { base: 'bins' });
}

/** The largest float32: an unbounded side of a first or last bin. */
const FLOAT_MAX = 3.4028234663852886e38;

function appendOneHot(g: GraphBuilder, f: CategoricalFeature, column: number): string {
  const axis1 = [{ name: 'axis', kind: 'int', value: 1 } as const];
  let c = g.op('Gather', [TEXT_INPUT, g.int64s('text_col', [1], [column])], { attributes: axis1, base: 'column' });
  if (f.fill !== null) {
    // c ← fill where c is ""
    const missing = g.op('Equal', [c, g.strings('empty', [], [''])]);
    c = g.op('Where', [missing, g.strings('fill', [], [f.fill]), c], { base: 'imputed' });
  }
  // one-hot: cₖ = [c = categoryₖ]
  const categories = g.strings('categories', [1, f.categories.length], f.categories);
  return g.op('Cast', [g.op('Equal', [c, categories])], { attributes: [{ name: 'to', kind: 'int', value: 1 }], base: 'onehot' });
}
