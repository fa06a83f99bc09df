/**
 * The experiment behind the defaults: k-fold cross-validation INSIDE the training files only (the
 * test files are never read here), the same candidate rules on every table, each fold run through
 * `train`'s own procedure (src/cli/fit-config.ts: the table preprocessing, the hold-out run that
 * picks the epoch, the refit on every row of the fold) with `defaultSettings` replaced by the
 * candidate's rule.
 *   nice -n 10 node --import tsx bench/quality/cv-defaults.ts --configs default,nodrop --tables friedman1,star98 --folds 3
 * Prints one JSON line per (table, config): mean CV score (accuracy or R²), the folds, seconds.
 */
import { parseArgs } from 'node:util';
import { kFolds } from '../../src/auto/folds.js';
import { defaultSettings, linearSettings, type DataShape, type TrainSettings } from '../../src/auto/settings.js';
import { Rng } from '../../src/core/rng.js';
import { inferTask, type FitOptions } from '../../src/data/index.js';
import { initWasmBackend } from '../../src/index.js';
import { fitConfig, foldTables, scoreOn, stratumLabels, type FitConfig } from '../../src/cli/fit-config.js';
import { mainScore } from '../../src/cli/baselines.js';
import { loadBenchTable } from './tables.js';

type Candidate = (shape: DataShape) => Partial<TrainSettings>;
const reg = (shape: DataShape): boolean => shape.task === 'regression';
/** Candidate rules, each a change to defaultSettings. */
const CANDIDATES: Record<string, Candidate> = {
  default: () => ({}),
  // the rule before weight decay 0.2 and batch rows/64 (until commit ae1e83c)
  prev: (shape) => ({ weightDecay: 0.02, batchSize: Math.min(256, Math.max(32, Math.round(Math.max(1, shape.rows) / 32))) }),
  linear: (shape) => linearSettings(shape),
  nodrop: () => ({ dropout: 0 }),
  // dropout only for classification
  nodropreg: (shape) => (reg(shape) ? { dropout: 0 } : {}),
  drop30: () => ({ dropout: 0.3 }),
  nowd: () => ({ weightDecay: 0 }),
  wd05: () => ({ weightDecay: 0.05 }),
  wd1: () => ({ weightDecay: 0.1 }),
  wd2: () => ({ weightDecay: 0.2 }),
  wd1_ens3: () => ({ weightDecay: 0.1, ensemble: 3 }),
  bs64_wd1: (shape) => ({ weightDecay: 0.1, batchSize: Math.min(256, Math.max(16, Math.round(shape.rows / 64))) }),
  bs64_wd2: (shape) => ({ weightDecay: 0.2, batchSize: Math.min(256, Math.max(16, Math.round(shape.rows / 64))) }),
  bs64_wd2_ens3: (shape) => ({ weightDecay: 0.2, ensemble: 3, batchSize: Math.min(256, Math.max(16, Math.round(shape.rows / 64))) }),
  bs64_wd1_ens3: (shape) => ({ weightDecay: 0.1, ensemble: 3, batchSize: Math.min(256, Math.max(16, Math.round(shape.rows / 64))) }),
  bs64_ens3: (shape) => ({ ensemble: 3, batchSize: Math.min(256, Math.max(16, Math.round(shape.rows / 64))) }),
  wd1_lr2: () => ({ weightDecay: 0.1, lr: 2e-3 }),
  nols: () => ({ labelSmoothing: 0 }),
  keep: () => ({ finish: 'keep' }),
  refit: () => ({ finish: 'refit' }),
  // more epochs on large tables: at most ~1,200,000 row passes, at least 48 epochs
  moreep: (shape) => ({ epochs: Math.min(128, Math.max(48, Math.ceil(1_200_000 / Math.max(1, shape.rows)))) }),
  e256: () => ({ epochs: 256 }),
  // batch rows/64 (more steps per epoch), 16 … 256
  bs64: (shape) => ({ batchSize: Math.min(256, Math.max(16, Math.round(shape.rows / 64))) }),
  bs32fixed: () => ({ batchSize: 32 }),
  lr2: () => ({ lr: 2e-3 }),
  lr10: () => ({ lr: 1e-2 }),
  ens3: () => ({ ensemble: 3 }),
  ens5: () => ({ ensemble: 5 }),
  nodropreg_ens3: (shape) => ({ ensemble: 3, ...(reg(shape) ? { dropout: 0 } : {}) }),
};

/** Candidate preprocessing, each a change to the table preprocessing (with the default settings). */
const PREPROCESSING: Record<string, Partial<Omit<FitOptions, 'target'>>> = {
  // no piecewise-linear bins (the table preprocessing until 2026-12-02)
  nobins: { bins: 0 },
  bins4: { bins: 4 },
  bins16: { bins: 16 },
};

const { values } = parseArgs({
  options: {
    configs: { type: 'string', default: 'default' },
    tables: { type: 'string', default: 'anes96,fair,friedman1,noisy-classes,randhie,star98,iris,digits,breast-cancer' },
    folds: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
  },
});

await initWasmBackend({ threads: 1 });
const k = Number(values.folds);
const seed = Number(values.seed);
for (const name of (values.tables as string).split(',')) {
  const bench = await loadBenchTable(name);
  const table = bench.train; // the training file only
  const task = inferTask(table, bench.target);
  const folds = kFolds(stratumLabels(table, bench.target, task) ?? table.rows, k, new Rng(1000 + seed));
  for (const config of (values.configs as string).split(',')) {
    const preprocessing = PREPROCESSING[config];
    const candidate = preprocessing === undefined ? CANDIDATES[config] : CANDIDATES.default;
    if (candidate === undefined) throw new Error(`unknown config ${config}; known: ${[...Object.keys(CANDIDATES), ...Object.keys(PREPROCESSING)].join(', ')}`);
    const rule = (shape: DataShape): TrainSettings => ({ ...defaultSettings(shape), ...candidate(shape) });
    const started = performance.now();
    const scores: number[] = [];
    const epochs: number[] = [];
    for (const fold of folds) {
      const part = foldTables(table, fold);
      const probe = rule({ task, rows: part.train.rows, inputs: 1, classes: 2 });
      const c: FitConfig = { seed, drop: [], impute: 'median', keep: 'best', refit: probe.finish === 'refit', l1: 0, l2: 0 };
      const fitted = fitConfig(part.train, bench.target, task, c, undefined, rule, preprocessing);
      scores.push(mainScore(scoreOn(fitted, part.test)));
      epochs.push(fitted.epochs);
    }
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    console.log(JSON.stringify({ table: name, config, seed, cv: Number(mean.toFixed(4)), folds: scores.map((s) => Number(s.toFixed(4))), keptEpochs: epochs, seconds: Math.round((performance.now() - started) / 100) / 10 }));
  }
}
