import cliProgress from 'cli-progress';
import type { EpochLog, FitCallbacks } from '../index.js';
import { duration, int, num, pct } from './format.js';
import type { Output } from './output.js';

/** The metric shown beside the cost: accuracy for classification, R² for regression. */
export type MainMetric = 'accuracy' | 'r2';

export function metricLabel(metric: MainMetric): string {
  return metric === 'accuracy' ? 'acc' : 'R²';
}

export function formatMetric(metric: MainMetric, v: number | null | undefined): string {
  return metric === 'accuracy' ? pct(v) : num(v, 4);
}

/**
 * Training progress on stderr. On a terminal: one bar over all the steps of the run with the
 * epoch, cost, validation cost, the main metric, samples/s and the ETA. Elsewhere (a log file, a
 * pipe): one line per epoch, or per few epochs for long runs. Nothing with --quiet.
 */
export class TrainingProgress {
  private bar: cliProgress.SingleBar | null = null;
  private batches = 1;
  private epochs = 1;
  private every = 1;
  private readonly started = performance.now();

  constructor(
    private readonly out: Output,
    private readonly metric: MainMetric,
    /** epochs trained before this run (resume), so numbering continues */
    private readonly epochOffset = 0,
  ) {}

  callbacks(): FitCallbacks {
    return {
      onTrainBegin: (info) => this.begin(info.epochs, info.batches, info.samples, info.validationSamples),
      onBatchEnd: (log) => this.bar?.update(log.epoch * this.batches + log.batch + 1, { epoch: this.epochOffset + log.epoch + 1 }),
      onEpochEnd: (log) => {
        this.epochEnd(log);
      },
    };
  }

  private begin(epochs: number, batches: number, samples: number, validation: number): void {
    this.epochs = epochs;
    this.batches = Math.max(1, batches);
    this.every = epochs <= 20 ? 1 : Math.ceil(epochs / 10);
    if (this.out.quiet) return;
    this.out.info(`training on ${int(samples)} rows, validating on ${int(validation)}; ${epochs} epochs of ${batches} batches`);
    if (!this.out.interactive) return;
    this.bar = new cliProgress.SingleBar(
      {
        stream: this.out.progressStream,
        format:
          'epoch {epoch}/{epochs} {bar} cost {cost}  val {valCost}  ' + metricLabel(this.metric) + ' {metric}  val {valMetric}  {speed} rows/s  ETA {eta_formatted}',
        barsize: 20,
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: Math.max(10, this.batches * 2),
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(epochs * this.batches, 0, {
      epoch: this.epochOffset + 1,
      epochs: this.epochOffset + epochs,
      cost: '…',
      valCost: '…',
      metric: '…',
      valMetric: '…',
      speed: '…',
    });
  }

  private epochEnd(log: EpochLog): void {
    if (this.out.quiet) return;
    const metric = formatMetric(this.metric, log.metrics[this.metric]);
    const valMetric = formatMetric(this.metric, log.valMetrics?.[this.metric]);
    if (this.bar !== null) {
      this.bar.update((log.epoch + 1) * this.batches, {
        epoch: this.epochOffset + log.epoch + 1,
        cost: num(log.cost),
        valCost: num(log.valCost),
        metric,
        valMetric,
        speed: int(Math.round(log.samplesPerSecond)),
      });
      return;
    }
    const last = log.epoch + 1 === this.epochs;
    if ((log.epoch + 1) % this.every !== 0 && !last && log.epoch !== 0) return;
    const e = String(this.epochOffset + log.epoch + 1).padStart(String(this.epochOffset + this.epochs).length);
    const val = log.valCost === undefined ? '' : `  val cost ${num(log.valCost)}  val ${metricLabel(this.metric)} ${valMetric}`;
    this.out.info(
      `epoch ${e}/${this.epochOffset + this.epochs}  cost ${num(log.cost)}  ${metricLabel(this.metric)} ${metric}${val}  ${int(Math.round(log.samplesPerSecond))} rows/s`,
    );
  }

  /** Removes the bar; returns the wall time of the run in seconds. */
  stop(): number {
    this.bar?.stop();
    this.bar = null;
    return (performance.now() - this.started) / 1000;
  }
}

export { duration };
