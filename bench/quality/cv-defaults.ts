/**
 * The experiment behind the defaults: k-fold cross-validation INSIDE the training files only (the
 * test files are never read here), the same candidate settings on every table.
 *   nice -n 10 node --import tsx bench/quality/cv-defaults.ts --configs base,wd --tables anes96,star98 --folds 3
 * Prints one JSON line per (table, config): mean CV score (accuracy or R²) and seconds.
 */
import { parseArgs } from 'node:util';
import { kFolds } from '../../src/auto/folds.js';
import { defaultSettings, linearSettings, type DataShape, type TrainSettings } from '../../src/auto/settings.js';
import { trainNetwork } from '../../src/auto/train-network.js';
import { Rng } from '../../src/core/rng.js';
import { getColumn, inferTask, Preprocessor, selectRows, type Table } from '../../src/data/index.js';
import { initWasmBackend, type Matrix } from '../../src/index.js';
import { loadBenchTable } from './tables.js';
import { scoreEncoded } from './score.js';

type Candidate = (shape: DataShape) => Partial<TrainSettings>;
/** Candidate settings, each a change to defaultSettings. */
const CANDIDATES: Record<string, Candidate> = {
  default: () => ({}),
  linear: (shape) => linearSettings(shape),
  big: () => ({ layers: [256, 256, 256] }),
  lr2: () => ({ lr: 2e-3 }),
  lr10: () => ({ lr: 1e-2 }),
  old: () => ({ layers: [32], activation: 'relu', dropout: 0, lr: 0.01, weightDecay: 0, beta2: 0.999, epochs: 100, batchSize: 32, schedule: 'constant', labelSmoothing: 0, validationFraction: 0, finish: 'keep' }),
  small: () => ({ layers: [128, 128] }),
  relu: () => ({ activation: 'relu' }),
  selu: () => ({ activation: 'selu' }),
  nodrop: () => ({ dropout: 0 }),
  nowd: () => ({ weightDecay: 0 }),
  wd1: () => ({ weightDecay: 0.1 }),
  lr1: () => ({ lr: 1e-3 }),
  lr5: () => ({ lr: 5e-3 }),
  nols: () => ({ labelSmoothing: 0 }),
  refit: () => ({ finish: 'refit' }),
  e64: () => ({ epochs: 64 }),
  const: () => ({ schedule: 'constant' }),
};

const { values } = parseArgs({
  options: {
    configs: { type: 'string', default: 'default' },
    tables: { type: 'string', default: 'anes96,fair,friedman1,noisy-classes,randhie,star98,iris,digits,breast-cancer' },
    folds: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    pre: { type: 'string', default: 'standard' },
  },
});

await initWasmBackend({ threads: 1 });
const k = Number(values.folds);
for (const name of (values.tables as string).split(',')) {
  const bench = await loadBenchTable(name);
  const table = bench.train; // the training file only
  const task = inferTask(table, bench.target);
  const column = getColumn(table, bench.target);
  const labels = task !== 'classification' ? null : column.kind === 'text' ? Float64Array.from(column.codes) : Float64Array.from(column.values);
  const folds = kFolds(labels ?? table.rows, k, new Rng(1000 + Number(values.seed)));
  for (const config of (values.configs as string).split(',')) {
    const candidate = CANDIDATES[config];
    if (candidate === undefined) throw new Error(`unknown config ${config}`);
    const started = performance.now();
    const scores: number[] = [];
    const epochs: number[] = [];
    for (const fold of folds) {
      const trainPart = selectRows(table, fold.train);
      const testPart = selectRows(table, fold.test);
      const pre = fitPre(trainPart, bench.target, task, values.pre as string);
      const tr = pre.transform(trainPart, { requireTarget: true });
      const te = pre.transform(testPart, { requireTarget: true, unknown: 'ignore' });
      const shape: DataShape = { task, rows: tr.x.rows, inputs: tr.x.cols, classes: pre.classes.length };
      const settings = { ...defaultSettings(shape), ...candidate(shape) };
      const net = trainNetwork(tr.x, tr.y as Matrix, shape, settings, { seed: Number(values.seed) });
      scores.push(scoreEncoded(net.model, task, te.x, te.y as Matrix));
      epochs.push(net.bestEpoch ?? settings.epochs - 1);
    }
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    console.log(JSON.stringify({ table: name, config, pre: values.pre, seed: Number(values.seed), cv: Number(mean.toFixed(4)), folds: scores.map((s) => Number(s.toFixed(4))), bestEpochs: epochs, seconds: Math.round((performance.now() - started) / 100) / 10 }));
  }
}

/** Preprocessing variants: 'standard' (mean/std), 'robust' (median/IQR + smooth clipping at 3), 'stdclip' (mean/std + clipping). */
function fitPre(table: Table, target: string, task: 'classification' | 'regression', variant: string): Preprocessor {
  const base = { target, task, impute: 'median' as const, markMissing: true };
  if (variant === 'robust') return Preprocessor.fit(table, { ...base, scaling: 'robust', clip: 3 });
  if (variant === 'stdclip') return Preprocessor.fit(table, { ...base, clip: 3 });
  return Preprocessor.fit(table, base);
}
