/**
 * The fold rows of bench/quality/cv-defaults.ts for one table, as JSON (the test rows of each fold),
 * for scoring scikit-learn on the same folds (sklearn-cv.py):
 *   node --import tsx bench/quality/write-folds.ts randhie 1 3 > /tmp/randhie-folds.json
 * Arguments: table, seed, folds.
 */
import { kFolds } from '../../src/auto/folds.js';
import { Rng } from '../../src/core/rng.js';
import { inferTask } from '../../src/data/index.js';
import { stratumLabels } from '../../src/cli/fit-config.js';
import { loadBenchTable } from './tables.js';
const [name = 'randhie', seedText = '1', foldsText = '3'] = process.argv.slice(2);
const seed = Number(seedText);
const bench = await loadBenchTable(name);
const task = inferTask(bench.train, bench.target);
const folds = kFolds(stratumLabels(bench.train, bench.target, task) ?? bench.train.rows, Number(foldsText), new Rng(1000 + seed));
console.log(JSON.stringify(folds.map((f) => Array.from(f.test))));
