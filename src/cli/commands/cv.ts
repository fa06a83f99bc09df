import { Option, type Command } from 'commander';
import type { Task } from '../../data/index.js';
import { addBackendOptions, prepareBackend, type BackendOptions } from '../backend.js';
import { addCommonOptions, openOutput, type CommonOptions } from '../common.js';
import { addCrossValidationOptions, loadFoldedTable } from '../cross-validation.js';
import type { DataOptions } from '../data-source.js';
import { duration, num, pct } from '../format.js';
import { fitConfig, foldTables, scoreOn, type FitConfig } from '../fit-config.js';
import { addModelOptions } from '../model-options.js';
import * as parse from '../parse.js';
import { mainScore } from '../baselines.js';
import type { CliCommand } from './command.js';

interface CvOptions extends FitConfig, BackendOptions, Omit<DataOptions, 'seed'>, CommonOptions {
  target?: string;
  task: Task | 'auto';
  folds: number;
}

/** Adds the options of `cv` that `train` has too: the training procedure, without output files. */
export function addProcedureOptions(cmd: Command): Command {
  addModelOptions(cmd, 'table');
  return cmd
    .option('--epochs <n>', 'passes over the training rows (default: 128, fewer for large tables)', parse.positiveInt)
    .option('--batch-size <n>', 'rows per step (default: rows/32, between 32 and 256)', parse.positiveInt)
    .option('--validation-split <fraction>', 'share of training rows held out to pick the epoch (default: 0.2)', parse.fraction)
    .addOption(new Option('--keep <epoch>', 'the weights kept: of the epoch with the lowest validation cost, or of the last').choices(['best', 'last']).default('best'))
    .option('--no-refit', 'score the held-out run\'s model instead of one refit on every training row');
}

export const cvCommand: CliCommand = {
  name: 'cv',
  register(program) {
    const cmd = program
      .command('cv')
      .description('k-fold cross-validation of one training configuration (the train defaults plus the options given): the score on each held-out fold, their mean and spread');
    addCrossValidationOptions(cmd);
    addProcedureOptions(cmd);
    addBackendOptions(cmd);
    addCommonOptions(cmd);
    cmd.action(async (file: string | undefined, o: CvOptions) => {
      await crossValidate(file, o);
    });
  },
};

/** Mean and population standard deviation. */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  // σ = √(Σ(v − mean)²/k)
  const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
  return { mean, std };
}

async function crossValidate(file: string | undefined, o: CvOptions): Promise<void> {
  const out = openOutput(o);
  const backend = await prepareBackend(o, out);
  const { source, table, target, task, folds } = await loadFoldedTable(file, o);
  const metric = task === 'classification' ? 'accuracy' : 'R²';
  out.info(`data: ${source}, ${table.rows} rows; target '${target}' (${task}); ${o.folds}-fold cross-validation`);
  const started = performance.now();
  const scores: number[] = [];
  const details = [];
  for (let k = 0; k < folds.length; k++) {
    const part = foldTables(table, folds[k] as { train: Uint32Array; test: Uint32Array });
    const fitted = fitConfig(part.train, target, task, o, backend);
    const s = scoreOn(fitted, part.test);
    scores.push(mainScore(s));
    details.push({ fold: k + 1, train: part.train.rows, test: part.test.rows, epochs: fitted.epochs, score: mainScore(s) });
    out.info(`fold ${k + 1}/${folds.length}: ${metric} ${show(task, mainScore(s))} on ${part.test.rows} rows (${fitted.epochs} epochs kept)`);
  }
  const { mean, std } = meanStd(scores);
  const seconds = (performance.now() - started) / 1000;
  if (out.json) {
    out.document({ command: 'cv', source, target, task, metric: task === 'classification' ? 'accuracy' : 'r2', folds: details, mean, std, seed: o.seed, seconds });
    return;
  }
  out.result(`${o.folds}-fold cross-validation: ${metric} ${show(task, mean)} ± ${show(task, std)} (mean ± std over folds) in ${duration(seconds)}`);
}

function show(task: Task, v: number): string {
  return task === 'classification' ? pct(v) : num(v);
}
