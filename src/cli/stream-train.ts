import { freemem } from 'node:os';
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { fitStream, reportFromConfusion, TrainingDivergedError, type AnyOptimizer, type BackendName, type History, type Matrix, type Model } from '../index.js';
import { DataError, Preprocessor } from '../data/index.js';
import { fitSummaryState, HashSplit, inferSummaryTask, type ColumnSummary } from '../data/stream/index.js';
import { openRecordSource, scanTable, tableFormatOf, type EncodedTable, type RecordSource, type ScannedTable } from '../data/node/index.js';
import { CliError, EXIT, usageError } from './errors.js';
import { writeFileAtomic } from './files.js';
import { int, pct } from './format.js';
import { writeModelFile, type CliMetadata, type TrainingRecord } from './model-file.js';
import { buildModel, buildOptimizer } from './model-options.js';
import type { Output } from './output.js';
import * as parse from './parse.js';
import { costChart } from './plot-terminal.js';
import { curvesSvg } from './plot-svg.js';
import { TrainingProgress, type MainMetric } from './progress.js';
import { classificationScores, type Scores } from './scores.js';
import type { TrainOptions as TableTrainOptionsGiven } from './commands/train.js';
import type { ResolvedTrainOptions } from './train-defaults.js';

/** train's options with its table defaults filled in (see train-defaults.ts). */
type TrainOptions = TableTrainOptionsGiven & ResolvedTrainOptions;
import { finalSummary, flatScores, point } from './commands/train.js';

/** The options `--stream` adds to `mlpkit train`. */
export interface StreamOptions {
  /** true: --stream, false: --no-stream, undefined: decided by the file's size */
  stream?: boolean;
  shuffleBuffer: number;
  cacheDir?: string;
}

/** Rows the shuffle buffer holds by default (100,000 rows of 20 inputs: 8 MiB). */
export const DEFAULT_SHUFFLE_BUFFER = 100_000;

/**
 * Streaming becomes the default when training in memory would take more than this share of the
 * free memory, estimating the in-memory peak as `IN_MEMORY_FACTOR` × the file's size (measured:
 * 534 MiB for a 180 MB CSV, 2.06 GiB for 899 MB — about 3× and 2.3×; a Parquet file is compressed,
 * so ×10).
 */
export const AUTO_STREAM_SHARE = 0.5;
export const IN_MEMORY_FACTOR = { csv: 3, 'csv.gz': 12, parquet: 10 } as const;

export function addStreamOptions(cmd: Command): Command {
  return cmd
    .option('--stream', 'read the file in chunks every epoch instead of loading it (memory bounded by the batch and the shuffle buffer; the default for files too large for the free memory)')
    .option('--no-stream', 'load the file into memory even when it is large')
    .option('--shuffle-buffer <rows>', 'with --stream: rows held in the shuffle buffer', parse.positiveInt, DEFAULT_SHUFFLE_BUFFER)
    .option('--cache-dir <dir>', 'with --stream: folder for the binary copy of the rows the epochs read (default: the system temporary folder)');
}

/** Whether `train FILE` streams: as asked, or when the file is large for the free memory (with a note). */
export async function shouldStream(file: string, o: StreamOptions & { resume?: string }, out: Output): Promise<boolean> {
  if (o.stream !== undefined) return o.stream;
  if (o.resume !== undefined) return false; // resuming is in memory
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return false; // the reader reports the problem
  }
  const need = size * IN_MEMORY_FACTOR[tableFormatOf(file)];
  const free = freemem();
  if (need <= AUTO_STREAM_SHARE * free) return false;
  out.info(
    `note: ${file} is ${gib(size)}; training it in memory would take about ${gib(need)}, more than ${pct(AUTO_STREAM_SHARE)} of the ${gib(free)} free: streaming it (--no-stream to load it anyway)`,
  );
  return true;
}

/**
 * `mlpkit train FILE --stream`: one pass to fit the preprocessing (streaming statistics) and store
 * the rows by part, then each epoch reads the stored training rows in blocks, in a random block
 * order, through a seeded shuffle buffer, and trains on the batches as they come (`fitStream`).
 * Test and validation rows are chosen by a seeded hash of the row index.
 */
export async function streamTrain(file: string, o: TrainOptions, out: Output, backend: BackendName | undefined): Promise<void> {
  if (o.resume !== undefined) throw usageError('--resume does not work with --stream yet; resume in memory (--no-stream) or train afresh');
  if (o.optimizer === 'lbfgs') throw usageError('--optimizer lbfgs needs every row in each iteration; with --stream use adam, sgd, …');
  for (const k of ['dataset', 'n', 'noise'] as const) if (o[k] !== undefined) throw usageError(`--${k} is for bundled data sets; --stream reads a FILE`);
  const source = await openRecordSource(file, { source: file, ...(o.delimiter === undefined ? {} : { delimiter: o.delimiter }) });
  const target = o.target ?? lastColumn(source, out);
  for (const name of [target, ...o.drop]) {
    if (!source.header.map((h) => h.trim()).includes(name)) {
      throw new DataError(`${file}: no ${name === target ? 'target column' : 'column to drop'} '${name}'; the columns are: ${source.header.join(', ')}`);
    }
  }
  if (o.drop.includes(target)) throw usageError(`--drop ${target}: that is the target column`);
  const seed = o.seed;
  const split = new HashSplit({ seed, testFraction: o.testSplit, validationFraction: o.validationSplit });

  const scanned = await scanWithProgress(source, split, (name) => !o.drop.includes(name), o, out);
  // the caches are deleted however the command ends, Ctrl-C included
  let dispose = (): void => scanned.dispose();
  const interrupted = (): void => {
    dispose();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await trainScanned(scanned, file, target, seed, o, out, backend, (encoded) => (dispose = () => encoded.dispose()));
  } finally {
    dispose();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}

async function trainScanned(
  scanned: ScannedTable,
  file: string,
  target: string,
  seed: number,
  o: TrainOptions,
  out: Output,
  backend: BackendName | undefined,
  encodedNow: (encoded: EncodedTable) => void,
): Promise<void> {
  const columns = scanned.summaries();
  const targetSummary = columns.find((c) => c.name === target) as ColumnSummary;
  checkMistypedSummaries(columns.filter((c) => c.name !== target), file);
  const task = inferSummaryTask(targetSummary, o.task, file);
  const trainRows = scanned.rows('train');
  const validationRows = scanned.rows('validation');
  const testRows = scanned.rows('test');
  if (trainRows === 0) throw new DataError(`${file}: no training rows (${int(scanned.summary.rows)} rows in all)`);
  const state = fitSummaryState(scanned.summary, { target, drop: o.drop, task, ...(o.impute === 'none' ? {} : { impute: o.impute }) });
  const pre = Preprocessor.fromJSON(state);
  const encodeStarted = performance.now();
  const encoded = scanned.encode(pre, o.unknown);
  encodedNow(encoded);
  out.info(`encoded the stored rows in ${((performance.now() - encodeStarted) / 1000).toFixed(1)} s (${pre.outputWidth} inputs per row)`);
  out.info(
    `data: ${file}, ${int(scanned.summary.rows)} rows × ${scanned.source.header.length} columns, streamed; target '${target}' (${task}); ` +
      `${int(trainRows)} train, ${int(validationRows)} validation, ${int(testRows)} test rows (seeded hash of the row index)`,
  );
  const metric: MainMetric = task === 'classification' ? 'accuracy' : 'r2';
  const stepsPerEpoch = Math.ceil(trainRows / o.batchSize);
  const model: Model = buildModel(pre.outputWidth, { task, classes: pre.classes.length }, o, backend === undefined ? {} : { backend });
  const optimizer: AnyOptimizer = buildOptimizer(o, stepsPerEpoch, o.epochs);
  if (!out.quiet) out.info(model.summary().text);
  if (o.earlyStopping === true && validationRows === 0) throw usageError('--early-stopping needs validation rows (--validation-split > 0)');

  const progress = new TrainingProgress(out, metric);
  const position = new EpochPosition(out, trainRows, stepsPerEpoch, o.batchSize);
  const callbacks = progress.callbacks();
  const capacity = Math.max(o.shuffleBuffer, o.batchSize);
  let history: History;
  try {
    history = await fitStream(model, () => encoded.shuffledBatches('train', { batchSize: o.batchSize, capacity, rng: model.rng }), {
      optimizer,
      epochs: o.epochs,
      ...(validationRows > 0 ? { validation: () => encoded.blocks('validation') } : {}),
      ...(o.earlyStopping === true ? { earlyStopping: { patience: o.patience, restoreBestWeights: true } } : {}),
      rows: { train: trainRows, validation: validationRows, batchSize: o.batchSize },
      callbacks: {
        ...callbacks,
        onBatchEnd: (log) => {
          callbacks.onBatchEnd?.(log);
          position.batch(log.epoch, log.batch, log.samples);
        },
      },
    });
  } catch (e) {
    progress.stop();
    if (e instanceof TrainingDivergedError) throw new CliError(`${e.message.replace(/\.$/, '')}.`, EXIT.diverged);
    throw e;
  }
  const seconds = progress.stop();
  const points = history.epochs.map((log) => point(log, 0, metric));
  const test = testRows === 0 ? null : scoreStream(model, pre, encoded.blocks('test'), testRows);

  const record: TrainingRecord = { source: file, testSplit: o.testSplit, seed, metric, history: points, test: test === null ? null : flatScores(test) };
  const metadata: CliMetadata = { preprocessor: pre.toJSON(), training: record };
  if (o.save) await writeModelFile(o.out, model, metadata);
  if (o.plot !== undefined) await writeFileAtomic(o.plot, curvesSvg({ title: `${file} — ${target} (${task})`, history: points, metric }));
  const last = history.epochs[history.epochs.length - 1];
  if (out.json) {
    out.document({
      command: 'train',
      model: o.save ? o.out : null,
      plot: o.plot ?? null,
      source: file,
      stream: { shuffleBuffer: capacity, rows: scanned.summary.rows },
      target,
      task,
      classes: [...pre.classes],
      features: { columns: pre.inputColumns, inputs: pre.outputWidth },
      rows: { train: trainRows, validation: validationRows, test: testRows },
      architecture: model.summary().rows,
      parameters: model.countParams(),
      optimizer: optimizer.config(),
      loss: model.loss.name,
      seed,
      epochs: history.epochs.length,
      totalEpochs: points.length,
      stopReason: history.stopReason,
      bestEpoch: history.bestEpoch === null ? null : history.bestEpoch + 1,
      seconds,
      metric,
      final: last === undefined ? null : point(last, 0, metric),
      history: points,
      test,
    });
  } else {
    const chart = costChart(points, out.interactive);
    if (chart !== '') out.extra(chart);
    out.result(finalSummary(history, points, metric, seconds, test, o, model));
  }
}

/** The first pass, with progress on stderr: rows read, share of the file, rows/s. */
async function scanWithProgress(source: RecordSource, split: HashSplit, keep: (name: string) => boolean, o: TrainOptions, out: Output): Promise<ScannedTable> {
  const started = performance.now();
  let shown = 0;
  const unit = source.unit === 'bytes' ? (n: number) => mib(n) : (n: number) => `${int(n)} rows`;
  const scanned = await scanTable(source, {
    split,
    keep,
    ...(o.cacheDir === undefined ? {} : { dir: o.cacheDir }),
    summary: { seed: o.seed },
    onProgress: ({ rows, done, total }) => {
      const share = total > 0 ? done / total : 1;
      if (out.quiet || share < shown + 0.1) return;
      shown = Math.floor(share * 10) / 10;
      const s = (performance.now() - started) / 1000;
      out.info(`first pass: ${pct(share)} of ${source.source} (${unit(done)} of ${unit(total)}), ${int(rows)} rows, ${int(Math.round(rows / Math.max(s, 1e-9)))} rows/s`);
    },
  });
  const s = (performance.now() - started) / 1000;
  out.info(`first pass: ${int(scanned.summary.rows)} rows in ${s.toFixed(1)} s (${int(Math.round(scanned.summary.rows / Math.max(s, 1e-9)))} rows/s): statistics fitted, rows stored for the epochs`);
  return scanned;
}

/** Where an epoch is in the training rows, on stderr every tenth of an epoch when not on a terminal (the bar shows it on one). */
class EpochPosition {
  private next = 0.1;
  private started = performance.now();
  private epoch = -1;

  constructor(
    private readonly out: Output,
    private readonly rows: number,
    private readonly batches: number,
    private readonly batchSize: number,
  ) {}

  batch(epoch: number, batch: number, samples: number): void {
    if (this.out.quiet || this.out.interactive || this.rows < 200_000) return;
    if (epoch !== this.epoch) {
      this.epoch = epoch;
      this.next = 0.1;
      this.started = performance.now();
    }
    const share = samples / this.rows;
    if (share < this.next || batch + 1 === this.batches) return;
    this.next = Math.floor(share * 10) / 10 + 0.1;
    const s = (performance.now() - this.started) / 1000;
    this.out.info(`  epoch ${epoch + 1}: ${pct(share)} (${int(samples)} of ${int(this.rows)} rows), ${int(Math.round(samples / Math.max(s, 1e-9)))} rows/s`);
    void this.batchSize;
  }
}

/** Test scores over encoded blocks, accumulated block by block (a confusion matrix, or sums of errors). */
function scoreStream(model: Model, pre: Preprocessor, blocks: Iterable<{ x: Matrix; y: Matrix }>, rows: number): Scores {
  if (pre.task === 'classification') {
    const classes = [...pre.classes];
    const confusion = classes.map(() => new Array<number>(classes.length).fill(0));
    for (const { x, y } of blocks) {
      const predicted = model.predictClasses(x);
      for (let i = 0; i < x.rows; i++) (confusion[Math.round(y.data[i] as number)] as number[])[predicted[i] as number]! += 1;
    }
    return classificationScores(classes, rows, reportFromConfusion(confusion));
  }
  // in the target's units: Σ(y − ŷ)², Σ|y − ŷ|, and Welford's mean and M2 of y for R² = 1 − SSres/SStot
  let sse = 0;
  let sae = 0;
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const { x, y } of blocks) {
    const predicted = pre.inverseTransformTarget(model.predict(x));
    const actual = pre.inverseTransformTarget(y);
    for (let i = 0; i < actual.length; i++) {
      const a = actual[i] as number;
      const e = a - (predicted[i] as number);
      sse += e * e;
      sae += Math.abs(e);
      n++;
      const d = a - mean;
      mean += d / n;
      m2 += d * (a - mean);
    }
  }
  return { task: 'regression', rows: n, mse: sse / n, mae: sae / n, r2: m2 > 0 ? 1 - sse / m2 : Number.NaN };
}

/** A text column that is nearly all numbers has a typo in it: the in-memory check (`checkMistypedColumns`), on the summary. */
function checkMistypedSummaries(columns: readonly ColumnSummary[], file: string): void {
  for (const c of columns) {
    if (c.kind !== 'text' || c.allPresent === 0 || c.numberLike === c.allPresent || c.numberLike < 0.9 * c.allPresent || c.firstText === null) continue;
    throw new DataError(
      `${file}: line ${c.firstText.line}, column '${c.name}': expected a number, got '${c.firstText.text}' ` +
        `(${c.numberLike} of the column's ${c.allPresent} values are numbers); fix the value, or --drop the column`,
    );
  }
}

function lastColumn(source: RecordSource, out: Output): string {
  const last = (source.header[source.header.length - 1] as string).trim();
  out.info(`note: no --target given; predicting the last column, '${last}'`);
  return last;
}

function gib(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.round(bytes / 2 ** 20)} MiB`;
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}

