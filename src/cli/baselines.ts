import { loadModel, modelToJSON, type BackendName, type Matrix, type Model } from '../index.js';
import { binCount, type Preprocessor } from '../data/index.js';
import { trainLinear, trivialPrediction } from '../auto/baseline.js';
import { num, pct } from './format.js';
import { score, scoreConstant, type Scores } from './scores.js';

/** The two baselines beside every score: a constant prediction and a linear model from the same engine. */
export interface Baselines {
  /** encoded constant prediction: the majority class index, or the mean of the standardized target */
  readonly trivial: number;
  /** the network with no hidden layer (`--layers none`) */
  readonly linear: Model;
}

/** Their scores on a set of held-out rows. */
export interface BaselineScores {
  readonly trivial: Scores;
  readonly linear: Scores;
}

/** What the model file keeps of them (metadata.baseline), so that `evaluate` scores them too. */
export interface BaselineRecord {
  trivial: number;
  /** the linear model as a model document (see docs/model-format.md) */
  linear: unknown;
}

/**
 * Fits both baselines on encoded training rows. The linear model is linear in the table's
 * columns: it leaves out the piecewise-linear bins, which close x (what `--layers none` trains).
 */
export function fitBaselines(x: Matrix, y: Matrix, pre: Preprocessor, seed: number, backend?: BackendName): Baselines {
  const shape = { task: pre.task, rows: x.rows, inputs: x.cols, classes: pre.classes.length };
  const bins = pre.binned.reduce((w, f) => w + binCount(f), 0);
  return { trivial: trivialPrediction(y, pre.task), linear: trainLinear(x, y, shape, seed, backend, x.cols - bins) };
}

export function scoreBaselines(b: Baselines, pre: Preprocessor, x: Matrix, y: Matrix): BaselineScores {
  return { trivial: scoreConstant(pre, b.trivial, y), linear: score(b.linear, pre, x, y) };
}

export function baselineRecord(b: Baselines): BaselineRecord {
  return { trivial: b.trivial, linear: modelToJSON(b.linear, { optimizer: false }) };
}

/** The baselines kept in a model file, or null for a file saved without them (or unreadable ones). */
export function baselinesFromRecord(record: unknown, backend?: BackendName): Baselines | null {
  if (typeof record !== 'object' || record === null) return null;
  const r = record as Partial<BaselineRecord>;
  if (typeof r.trivial !== 'number' || !Number.isFinite(r.trivial) || r.linear === undefined) return null;
  try {
    return { trivial: r.trivial, linear: loadModel(r.linear, backend === undefined ? {} : { backend }).model };
  } catch {
    return null;
  }
}

/** The main number of a score: accuracy or R². */
export function mainScore(s: Scores): number {
  return s.task === 'classification' ? s.accuracy : s.r2;
}

function show(s: Scores): string {
  return s.task === 'classification' ? pct(s.accuracy) : `R² ${num(s.r2)}`;
}

/**
 * "baselines on the same rows: majority class 54.2 %   linear (--layers none) 90.1 %", and a
 * one-line warning when the network does not beat the linear model (null when it does).
 */
export function baselineText(network: Scores, b: BaselineScores): { line: string; warning: string | null } {
  const trivial = b.trivial.task === 'classification' ? 'majority class' : 'mean';
  const line = `baselines on the same rows: ${trivial} ${show(b.trivial)}   linear (--layers none) ${show(b.linear)}`;
  const warning =
    mainScore(network) > mainScore(b.linear)
      ? null
      : `the network (${show(network)}) does not beat the linear model (${show(b.linear)}) on these rows: it learned nothing a linear fit does not; try mlpkit tune, or --layers none`;
  return { line, warning };
}

/** --json: the baselines' main scores, and whether the network beats the linear model. */
export function baselineJson(network: Scores, b: BaselineScores): { trivial: Scores; linear: Scores; beatsLinear: boolean } {
  return { trivial: b.trivial, linear: b.linear, beatsLinear: mainScore(network) > mainScore(b.linear) };
}
