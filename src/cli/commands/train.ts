import { Option, type Command } from 'commander';
import { Rng, TrainingDivergedError, type AnyOptimizer, type BackendName, type EpochLog, type FitOptions, type History, type Matrix, type Model } from '../../index.js';
import {
  columnNames,
  binCount,
  getColumn,
  IMPUTE_STRATEGIES,
  inferTask,
  Preprocessor,
  selectRows,
  trainTestSplit,
  type Column,
  type ImputeStrategy,
  type Table,
  type Task,
} from '../../data/index.js';
import { addBackendOptions, backendThatFits, prepareBackend, type BackendOptions } from '../backend.js';
import { addCommonOptions, given, openOutput, type CommonOptions } from '../common.js';
import { addDataInputOptions, checkMistypedColumns, loadTable, type DataOptions } from '../data-source.js';
import { CliError, EXIT, usageError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { fitInterruptibly } from '../interrupt.js';
import { duration, int, num } from '../format.js';
import { checkNetwork, trainingPlan } from '../limits.js';
import { readModelFile, writeModelFile, type CliMetadata, type HistoryPoint, type TrainingRecord } from '../model-file.js';
import { addModelOptions, buildModel } from '../model-options.js';
import { holdOutFit, holdOutRun, mergeNetworks, refitNetwork, type HoldOutRun, type NetworkRecipe } from '../../auto/hold-out-refit.js';
import { networkRecipe } from '../fit-config.js';
import { baselineJson, baselineRecord, baselineText, fitBaselines, scoreBaselines, type Baselines } from '../baselines.js';
import { applyTableDefaults, type ResolvedTrainOptions, type TableTrainOptions } from '../train-defaults.js';
import { preprocessingNote, refitNote, tablePreprocessing } from '../train-table.js';
import type { Output } from '../output.js';
import { checkOutputs } from '../output-paths.js';
import * as parse from '../parse.js';
import { costChart } from '../plot-terminal.js';
import { curvesSvg } from '../plot-svg.js';
import { formatMetric, metricLabel, TrainingProgress, type MainMetric } from '../progress.js';
import { headline, score, scoresText, type Scores } from '../scores.js';
import { checkClassSplit } from '../split-checks.js';
import type { CliCommand } from './command.js';
import { addStreamOptions, shouldStream, streamTrain, type StreamOptions } from '../stream-train.js';

/** Data set trained on when neither FILE nor --dataset is given. */
export const DEFAULT_DATASET = 'iris';

export interface TrainOptions extends TableTrainOptions, BackendOptions, Omit<DataOptions, 'seed'>, CommonOptions, StreamOptions {
  target?: string;
  out: string;
  task: Task | 'auto';
  testSplit: number;
  keep: 'best' | 'last';
  refit: boolean;
  earlyStopping?: boolean;
  patience: number;
  drop: string[];
  impute: ImputeStrategy;
  unknown: 'error' | 'ignore';
  resume?: string;
  plot?: string;
  save: boolean;
}

export const trainCommand: CliCommand = {
  name: 'train',
  register(program) {
    const cmd = program
      .command('train')
      .description(`train a network on a CSV file (or a bundled data set; default ${DEFAULT_DATASET}) and save it`)
      .argument('[file]', 'CSV file with a header row');
    cmd
      .option('-t, --target <column>', 'column to predict (default: the data set\'s target, else the last column)')
      .option('-o, --out <file>', 'where to save the model', 'model.json')
      .option('--no-save', 'do not save the model')
      .option('--dataset <name>', 'bundled or synthetic data set: iris, digits, breast-cancer, mnist, xor, circle, spiral, gauss, plane, bumps')
      .option('--n <points>', 'points of a synthetic data set', parse.positiveInt)
      .option('--noise <level>', 'noise of a synthetic data set, 0 … 1', parse.nonNegativeNumber)
      .addOption(new Option('--task <task>', 'classification or regression (default: inferred from the target)').choices(['auto', 'classification', 'regression']).default('auto'));
    addDataInputOptions(cmd);
    addModelOptions(cmd, 'table');
    cmd
      .option('--epochs <n>', 'passes over the training rows (default: 128)', parse.positiveInt)
      .option('--batch-size <n>', 'rows per step (default: rows/64, between 16 and 256)', parse.positiveInt)
      .option('--validation-split <fraction>', 'share of training rows held out to validate each epoch (0: none; default: 0.2)', parse.fraction)
      .option('--ensemble <n>', 'train n networks (seeds s, s+1, …) and save one network that outputs their average (softmax: of the logits)', parse.positiveInt)
      .option('--test-split <fraction>', 'share of rows held out as a test set, scored at the end (0: none)', parse.fraction, 0.2)
      .addOption(new Option('--keep <epoch>', 'the weights kept: of the epoch with the lowest validation cost, or of the last').choices(['best', 'last']).default('best'))
      .option('--no-refit', 'save the model of the held-out run instead of refitting it on every row')
      .option('--early-stopping', 'stop when the validation cost stops improving, keeping the best epoch')
      .option('--patience <epochs>', 'epochs without improvement before early stopping', parse.positiveInt, 10)
      .addOption(new Option('--drop <columns>', 'columns to ignore, comma-separated (ids, leaks)').argParser(parse.nameList).default([] as string[], 'none'))
      .addOption(new Option('--impute <strategy>', 'fill missing numbers with the column\'s median, mean or most frequent value, marking them in an indicator column (text: a category of its own); none: a missing value is an error').choices([...IMPUTE_STRATEGIES]).default('median'))
      .addOption(new Option('--unknown <policy>', 'with --resume: a category the model has not seen is an error, or ignored (all zeros)').choices(['error', 'ignore']).default('error'))
      .option('--resume <model>', 'continue training a saved model (its preprocessing, weights and optimizer state)')
      .option('--plot <file>', 'write the training curves as an SVG image');
    addStreamOptions(cmd);
    addBackendOptions(cmd);
    addCommonOptions(cmd);
    cmd.action(async (file: string | undefined, options: TrainOptions, command: Command) => {
      await train(file, options, command);
    });
  },
};

/** The training data, encoded, with the held-out test rows. */
interface Prepared {
  pre: Preprocessor;
  train: { x: import('../../index.js').Matrix; y: import('../../index.js').Matrix };
  test: { x: import('../../index.js').Matrix; y: import('../../index.js').Matrix } | null;
}

async function train(file: string | undefined, o: TrainOptions, cmd: Command): Promise<void> {
  const out = openOutput(o);
  await checkOutputs([{ flag: '--out', path: o.save ? o.out : undefined, replaces: o.resume }, { flag: '--plot', path: o.plot }], [file, o.resume]);
  if (o.ensemble !== undefined && o.ensemble > 1 && o.resume !== undefined) throw usageError(`--ensemble ${o.ensemble} does not combine with --resume (a resumed model is one network)`);
  const backend = await prepareBackend(o, out);
  if (file !== undefined && (await shouldStream(file, o, out))) {
    if (o.ensemble !== undefined && o.ensemble > 1) throw usageError(`--ensemble ${o.ensemble}: ${file} is streamed from disk (too large to hold in memory), where one network is trained`);
    return streamTrain(file, streamDefaults(o), out, backend);
  }
  const resumed = o.resume === undefined ? null : await readModelFile(o.resume, { backend });
  const previous = resumed?.metadata.training;
  const seed = resumed !== null && !given(cmd, 'seed') && previous !== undefined ? previous.seed : o.seed;
  const testSplit = resumed !== null && !given(cmd, 'testSplit') && previous !== undefined ? previous.testSplit : o.testSplit;

  const early = streamDefaults(o); // the table defaults before the table's size is known
  if (resumed === null) checkNetwork(trainingPlan(1, early.layers, 1, early, 0), early, `--layers ${early.layers.map((l) => l.units).join(',')}`); // before reading data
  const data = await loadTable(file, { ...dataOptions(o), seed }, DEFAULT_DATASET);
  const table = data.table;
  const target = chooseTarget(o, data.defaultTarget, resumed?.preprocessor.targetName, table, out);
  getColumn(table, target, 'target column'); // lists the columns when it is not there
  for (const d of o.drop) getColumn(table, d, 'column to drop');
  if (o.drop.includes(target)) throw usageError(`--drop ${target}: that is the target column`);
  checkMistypedColumns(table, columnNames(table).filter((c) => !o.drop.includes(c)));
  const task = resumed?.preprocessor.task ?? inferTask(table, target, { forced: o.task });
  if (resumed !== null && given(cmd, 'task') && o.task !== 'auto' && o.task !== task) {
    throw usageError(`--task ${o.task}: the model in ${o.resume} was trained for ${task}`);
  }
  out.info(`data: ${data.source}, ${int(table.rows)} rows × ${table.columns.length} columns; target '${target}' (${task})`);

  const prepared = prepare(table, target, task, testSplit, seed, o, resumed?.preprocessor ?? null, out);
  const { pre } = prepared;
  const metric: MainMetric = task === 'classification' ? 'accuracy' : 'r2';
  const shape = { task, rows: prepared.train.x.rows, inputs: pre.outputWidth, classes: pre.classes.length };
  const r = applyTableDefaults(o, shape);

  let model: Model;
  let savedOptimizer: AnyOptimizer | null = null;
  if (resumed !== null) {
    model = resumed.model;
    const ignored = ['layers', 'activation', 'loss', 'l1', 'l2', 'dropout', 'labelSmoothing'].filter((k) => given(cmd, k));
    if (ignored.length > 0) out.warn(`--resume keeps the saved architecture; ignoring ${ignored.map((k) => `--${k}`).join(', ')}`);
    const newOptimizer = ['optimizer', 'lr', 'schedule', 'weightDecay'].some((k) => given(cmd, k));
    if (newOptimizer || model.optimizer === null) {
      if (model.optimizer !== null) out.warn('a new --optimizer/--lr/--schedule starts a fresh optimizer state');
    } else {
      savedOptimizer = model.optimizer;
    }
  } else {
    const rows = prepared.train.x.rows + (prepared.test?.x.rows ?? 0);
    const planned = checkNetwork(trainingPlan(pre.outputWidth, r.layers, task === 'classification' ? pre.classes.length : 1, r, rows), r, 'the network');
    model = buildModel(pre.outputWidth, { task, classes: pre.classes.length }, r, { backend: backendThatFits(backend, planned.backendBytes, r, out) });
  }
  const earlier = previous?.history ?? [];
  const progress = new TrainingProgress(out, metric, earlier.length);
  // a hold-out needs at least one row (the warning follows the summary)
  const trainRows = prepared.train.x.rows;
  const validation = r.validationSplit > 0 && trainRows * r.validationSplit >= 1;
  const recipe: NetworkRecipe = {
    ...networkRecipe(pre, task, r, o.keep, validation, backend),
    ...(o.earlyStopping === true ? { earlyStopping: { patience: o.patience, restoreBestWeights: true } } : {}),
  };
  // the first network's hold-out run is trained here (progress, Ctrl-C); the weights of the epoch
  // with the lowest validation cost are kept (no early stop: every epoch runs). Its optimizer is
  // made now, so that an option it refuses is reported before the summary.
  const first = holdOutFit(model, recipe, trainRows, { callbacks: progress.callbacks(), ...(savedOptimizer === null ? {} : { optimizer: savedOptimizer }) });
  if (!out.quiet) out.info(model.summary().text);
  if (r.validationSplit > 0 && !validation) out.warn(`--validation-split ${r.validationSplit} of ${trainRows} training rows is less than one row: no validation`);
  if (o.earlyStopping === true && !validation) throw usageError('--early-stopping needs a validation split (--validation-split > 0)');
  const fitOptions = first.options;
  const optimizer = first.optimizer;

  let history: History;
  let interrupted = false;
  try {
    // Ctrl-C stops after the current step; the last complete epoch is then saved below
    ({ history, interrupted } = await fitInterruptibly(model, prepared.train.x, prepared.train.y, fitOptions, () => {
      progress.stop();
      out.warn('interrupted (Ctrl-C): stopping after the current step; the last complete epoch will be saved (Ctrl-C again to quit without saving)');
    }));
  } catch (e) {
    progress.stop();
    if (e instanceof TrainingDivergedError) await saveDiverged(e, model, pre, data.source, seed, testSplit, metric, earlier, o, out);
    throw e;
  }
  const run = first.finish(history);
  const keptEpoch = run.kept;
  const ensemble = r.ensemble > 1 && !interrupted ? trainMembers(run, recipe, prepared, out) : null;
  if (ensemble !== null) model = ensemble.model;
  const seconds = progress.stop();
  const points = [...earlier, ...history.epochs.map((log) => point(log, earlier.length, metric))];
  const test = prepared.test === null ? null : score(model, pre, prepared.test.x, prepared.test.y);
  const baselines = prepared.test === null ? null : fitBaselines(prepared.train.x, prepared.train.y, pre, seed, backend);
  const baselineScores = baselines === null || prepared.test === null ? null : scoreBaselines(baselines, pre, prepared.test.x, prepared.test.y);

  // the saved model is trained on every row of the file: refit for the kept number of epochs
  let saved = { model, pre, baselines };
  let refitEpochs: number | null = null;
  const heldOut = prepared.train.x.rows < table.rows || validation;
  if (o.refit && o.save && !interrupted && resumed === null && heldOut && o.earlyStopping !== true) {
    refitEpochs = run.epochs;
    out.info(refitNote(table.rows, refitEpochs));
    saved = refitOnAll(table, target, task, o, r, ensemble?.epochs ?? [refitEpochs], seed, backend);
  }

  const record: TrainingRecord = { source: data.source, testSplit, seed, metric, history: points, test: test === null ? null : flatScores(test) };
  const metadata: CliMetadata = {
    ...(resumed?.metadata ?? {}),
    preprocessor: saved.pre.toJSON(),
    training: record,
    ...(saved.baselines === null ? {} : { baseline: baselineRecord(saved.baselines) }),
  };
  // interrupted before the first epoch ended: there is no trained epoch to save
  const saving = o.save && !(interrupted && history.epochs.length === 0);
  if (saving) await writeModelFile(o.out, saved.model, metadata);
  if (o.plot !== undefined) {
    await writeFileAtomic(o.plot, curvesSvg({ title: `${data.source} — ${target} (${task})`, history: points, metric }));
  }

  const last = history.epochs[history.epochs.length - 1];
  if (out.json) {
    out.document({
      command: 'train',
      model: saving ? o.out : null,
      plot: o.plot ?? null,
      source: data.source,
      target,
      task,
      classes: [...pre.classes],
      features: { columns: pre.inputColumns, inputs: pre.outputWidth, dropped: [...pre.dropped], missingIndicators: pre.indicators.map((f) => f.name), bins: Object.fromEntries(pre.binned.map((f) => [f.name, binCount(f)])) },
      rows: { train: prepared.train.x.rows - validationRows(fitOptions, prepared.train.x.rows), validation: validationRows(fitOptions, prepared.train.x.rows), test: prepared.test?.x.rows ?? 0 },
      architecture: model.summary().rows,
      parameters: model.countParams(),
      optimizer: optimizer.config(),
      loss: model.loss.name,
      labelSmoothing: r.labelSmoothing ?? 0,
      seed,
      epochs: history.epochs.length,
      totalEpochs: points.length,
      stopReason: history.stopReason,
      bestEpoch: keptEpoch === null ? null : keptEpoch + earlier.length + 1,
      refit: refitEpochs === null ? null : { rows: table.rows, epochs: refitEpochs },
      ensemble: ensemble === null ? null : { networks: ensemble.epochs.length, seeds: ensemble.epochs.map((_, k) => (seed + k) >>> 0), epochs: ensemble.epochs },
      seconds,
      metric,
      final: last === undefined ? null : point(last, earlier.length, metric),
      history: points,
      test,
      baselines: test === null || baselineScores === null ? null : baselineJson(test, baselineScores),
    });
  } else {
    const chart = costChart(points, out.interactive);
    if (chart !== '') out.extra(chart);
    const base = test === null || baselineScores === null ? null : baselineText(test, baselineScores);
    out.result(finalSummary(history, points, metric, seconds, test, o, saved.model, keptEpoch, base?.line ?? null));
    if (base?.warning != null) out.warn(base.warning);
  }
  if (interrupted) {
    const where = saving ? `saved the last complete epoch (${points.length}) to ${o.out}` : o.save ? 'nothing saved (no epoch had finished)' : 'not saved (--no-save)';
    throw new CliError(`training interrupted by Ctrl-C after ${history.epochs.length} complete epoch${history.epochs.length === 1 ? '' : 's'}; ${where}`, EXIT.interrupted);
  }
}

/**
 * Fits the preprocessing, the network (same options and seed) and the baselines again, on every
 * row; with an ensemble (one epoch count per network), network k with seed s + k, merged.
 */
function refitOnAll(
  table: Table,
  target: string,
  task: Task,
  o: TrainOptions,
  r: ResolvedTrainOptions,
  epochs: readonly number[],
  seed: number,
  backend: BackendName,
): { model: Model; pre: Preprocessor; baselines: Baselines } {
  const pre = Preprocessor.fit(table, { target, drop: o.drop, task, ...tablePreprocessing(o.impute, table, o.drop, o.layers) });
  const e = pre.transform(table, { requireTarget: true });
  const y = e.y as Matrix;
  const recipe = networkRecipe(pre, task, r, o.keep, false, backend);
  const models = epochs.map((n, k) => refitNetwork(recipe, k, e.x, y, n));
  return { model: mergeNetworks(models), pre, baselines: fitBaselines(e.x, y, pre, seed, backend) };
}

/**
 * --ensemble N: networks 2 … N (seeds s + 1, …), each trained as the first was (its own hold-out
 * rows, the epoch with the lowest validation cost kept), then merged with the first into one
 * network that outputs the average: the model scored on the test rows. Returns it and each
 * network's epoch count (for the refit).
 */
function trainMembers(first: HoldOutRun, recipe: NetworkRecipe, prepared: Prepared, out: Output): { model: Model; epochs: number[] } {
  const runs = [first];
  for (let k = 1; k < recipe.networks; k++) {
    const run = holdOutRun(recipe, k, prepared.train.x, prepared.train.y);
    runs.push(run);
    out.info(`ensemble: network ${k + 1}/${recipe.networks} (seed ${(recipe.seed + k) >>> 0}) trained${run.kept === null ? '' : `, kept epoch ${run.kept + 1}`}`);
  }
  return { model: mergeNetworks(runs.map((run) => run.model)), epochs: runs.map((run) => run.epochs) };
}

/**
 * The table defaults where the table's rows are not read first (streamed files, the early size
 * check): sized as for a large table (batch 256, 24 epochs), the activation of the forced task.
 */
function streamDefaults(o: TrainOptions): TrainOptions & ResolvedTrainOptions {
  return applyTableDefaults(o, { task: o.task === 'regression' ? 'regression' : 'classification', rows: 100_000, inputs: 1, classes: 2 });
}

function dataOptions(o: TrainOptions): DataOptions {
  return {
    ...(o.dataset === undefined ? {} : { dataset: o.dataset }),
    ...(o.n === undefined ? {} : { n: o.n }),
    ...(o.noise === undefined ? {} : { noise: o.noise }),
    ...(o.delimiter === undefined ? {} : { delimiter: o.delimiter }),
    ...(o.maxMemory === undefined ? {} : { maxMemory: o.maxMemory }),
  };
}

/** --target, else the resumed model's, else the data set's, else the last column (with a note). */
function chooseTarget(o: TrainOptions, datasetTarget: string | undefined, modelTarget: string | undefined, table: Table, out: Output): string {
  if (modelTarget !== undefined) {
    if (o.target !== undefined && o.target !== modelTarget) throw usageError(`--target ${o.target}: the model in ${o.resume} predicts '${modelTarget}'`);
    return modelTarget;
  }
  if (o.target !== undefined) return o.target;
  if (datasetTarget !== undefined) return datasetTarget;
  const last = (table.columns[table.columns.length - 1] as Column).name;
  out.info(`note: no --target given; predicting the last column, '${last}'`);
  return last;
}

/** Splits off the test rows (stratified by class), fits the preprocessing on the rest and encodes both. */
function prepare(
  table: Table,
  target: string,
  task: Task,
  testSplit: number,
  seed: number,
  o: TrainOptions,
  fitted: Preprocessor | null,
  out: Output,
): Prepared {
  let trainTable = table;
  let testTable: Table | null = null;
  let checkSplit = (_part: 'train' | 'test'): void => {};
  if (testSplit > 0) {
    if (table.rows < 10) {
      out.warn(`only ${table.rows} rows: no test split`);
    } else {
      const labels = task === 'classification' ? classLabels(getColumn(table, target)) : null;
      const split = trainTestSplit(labels ?? table.rows, { testFraction: testSplit, rng: new Rng(seed) });
      if (labels !== null && fitted === null) {
        checkSplit = (part) => checkClassSplit(getColumn(table, target), labels, split.train, split.test, testSplit, o.task === 'classification', part);
      }
      trainTable = selectRows(table, split.train);
      testTable = selectRows(table, split.test);
    }
  }
  checkSplit('train');
  const pre = fitted ?? Preprocessor.fit(trainTable, { target, drop: o.drop, task, ...tablePreprocessing(o.impute, trainTable, o.drop, o.layers) });
  checkSplit('test'); // after fit, whose messages (no feature columns, …) come first
  const note = fitted === null ? preprocessingNote(pre) : null;
  if (note !== null) out.info(note);
  const encode = (t: Table, unknown: 'error' | 'ignore') => {
    const e = pre.transform(t, { requireTarget: true, unknown });
    return { x: e.x, y: e.y as import('../../index.js').Matrix };
  };
  return {
    pre,
    train: encode(trainTable, o.unknown),
    // a category seen only in test rows was never learned: it is encoded as all zeros
    test: testTable === null ? null : encode(testTable, 'ignore'),
  };
}

/** A number per row for stratifying: the class code (text) or value (numbers); −1 when missing. */
function classLabels(column: Column): Float64Array {
  if (column.kind === 'text') return Float64Array.from(column.codes);
  return Float64Array.from(column.values, (v) => (Number.isNaN(v) ? -1 : v));
}

function validationRows(f: FitOptions, rows: number): number {
  if (f.validationSplit === undefined) return 0;
  return Math.min(rows - 1, Math.max(1, Math.round(rows * f.validationSplit)));
}

export function point(log: EpochLog, offset: number, metric: MainMetric): HistoryPoint {
  return {
    epoch: offset + log.epoch,
    cost: log.cost,
    valCost: log.valCost ?? null,
    metric: log.metrics[metric] ?? null,
    valMetric: log.valMetrics?.[metric] ?? null,
  };
}

export function flatScores(s: Scores): Record<string, number> {
  return s.task === 'classification'
    ? { rows: s.rows, accuracy: s.accuracy, precision: s.precision, recall: s.recall, f1: s.f1 }
    : { rows: s.rows, mse: s.mse, mae: s.mae, r2: s.r2 };
}

export function finalSummary(
  history: History,
  points: HistoryPoint[],
  metric: MainMetric,
  seconds: number,
  test: Scores | null,
  o: TrainOptions,
  model: Model,
  keptEpoch: number | null = null,
  baselineLine: string | null = null,
): string {
  const last = points[points.length - 1];
  const lines: string[] = [];
  const kept = keptEpoch === null ? '' : `kept epoch ${keptEpoch + 1 + (points.length - history.epochs.length)}`;
  const why =
    history.stopReason === 'early-stopping'
      ? `, stopped early; ${kept}`
      : history.stopReason === 'converged'
        ? ', converged'
        : history.stopReason === 'aborted'
          ? ', interrupted (Ctrl-C)'
        : kept !== '' && keptEpoch !== history.epochs.length - 1
          ? `; ${kept} (lowest validation cost)`
          : '';
  lines.push(`trained ${history.epochs.length} epoch${history.epochs.length === 1 ? '' : 's'} in ${duration(seconds)}${why}`);
  if (last !== undefined) {
    const label = metricLabel(metric);
    const val = last.valCost === null ? '' : `   validation: cost ${num(last.valCost)}, ${label} ${formatMetric(metric, last.valMetric)}`;
    lines.push(`final epoch: cost ${num(last.cost)}, ${label} ${formatMetric(metric, last.metric)}${val}`);
  }
  if (test !== null) {
    lines.push('');
    lines.push(`held-out test set: ${test.task === 'classification' && test.classes.length > 12 ? headline(test) : scoresText(test)}`);
    if (baselineLine !== null) lines.push(baselineLine);
  }
  lines.push('');
  const nothing = history.stopReason === 'aborted' && history.epochs.length === 0;
  lines.push(o.save && !nothing ? `saved ${o.out} (${int(model.countParams())} parameters)` : nothing ? 'not saved (no epoch had finished)' : 'not saved (--no-save)');
  if (o.plot !== undefined) lines.push(`wrote ${o.plot}`);
  return lines.join('\n');
}

/** Divergence: the engine restored the last good weights; save them, then report (exit 5). */
async function saveDiverged(
  e: TrainingDivergedError,
  model: Model,
  pre: Preprocessor,
  source: string,
  seed: number,
  testSplit: number,
  metric: MainMetric,
  earlier: HistoryPoint[],
  o: TrainOptions,
  out: Output,
): Promise<never> {
  const points = [...earlier, ...e.history.epochs.map((log) => point(log, earlier.length, metric))];
  let saved = '';
  if (o.save && e.history.epochs.length > 0) {
    const record: TrainingRecord = { source, testSplit, seed, metric, history: points, test: null };
    await writeModelFile(o.out, model, { preprocessor: pre.toJSON(), training: record });
    saved = ` Saved the last good model (epoch ${points.length}) to ${o.out}.`;
  } else if (o.save) {
    saved = ` Nothing was saved (no epoch finished).`;
  }
  out.info('');
  throw new CliError(`${e.message.replace(/\.$/, '')}, e.g. --lr ${suggestLr(model, o)}.${saved}`, EXIT.diverged);
}

function suggestLr(model: Model, o: TrainOptions): string {
  const current = o.lr ?? (model.optimizer !== null && 'lr' in model.optimizer ? (model.optimizer as { lr: number }).lr : 0.01);
  return String(Number((current / 10).toPrecision(3)));
}
