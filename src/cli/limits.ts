import { type Command } from 'commander';
import { usageError } from './errors.js';
import * as parse from './parse.js';

/**
 * Size limits checked before anything large is allocated, so that `--layers 1e9` or `--n 1e12`
 * is one line at once instead of gigabytes of memory and a crash minutes later (docs/cli.md,
 * "Limits"). The estimate is deliberately simple and generous; the limit is overridable with
 * `--max-memory SIZE` or the MLPKIT_MAX_MEMORY environment variable.
 */

/** Memory a command may plan to use when neither --max-memory nor MLPKIT_MAX_MEMORY says otherwise. */
export const DEFAULT_MAX_MEMORY = 4 * 1024 ** 3;
/**
 * Numbers a model file can hold (weights plus saved optimizer state): its JSON text takes up to
 * about 15 characters per number, and a JavaScript string holds at most 2²⁹ − 24 (about 536
 * million) characters. (A 3900×3900 network saved with Adam's two moments failed with "Invalid
 * string length": 3 × 15.2 million numbers.)
 */
export const MAX_SAVED_NUMBERS = 35_000_000;
/** Numbers per parameter the optimizer keeps and saves (its moments or accumulators; an upper bound for sgd, whose momentum is optional). */
export const OPTIMIZER_SLOTS: Readonly<Record<string, number>> = { sgd: 1, adam: 2, adamw: 2, rmsprop: 2, adagrad: 1, lbfgs: 0 };
/** Planned bytes per row of a bundled or synthetic data set (the table, the encoded matrix and the split copies). */
const BYTES_PER_DATASET_ROW = 256;

export interface LimitOptions {
  /** bytes; from --max-memory */
  maxMemory?: number;
}

/** Adds `--max-memory SIZE`. */
export function addLimitOption(cmd: Command): Command {
  return cmd.option('--max-memory <size>', 'refuse a run planned to need more memory than this, e.g. 8GB (default 4GB, or MLPKIT_MAX_MEMORY)', parse.byteSize);
}

/** The limit in bytes: --max-memory, else MLPKIT_MAX_MEMORY, else DEFAULT_MAX_MEMORY. */
export function memoryLimit(o: LimitOptions): number {
  if (o.maxMemory !== undefined) return o.maxMemory;
  const env = process.env.MLPKIT_MAX_MEMORY;
  if (env !== undefined && env !== '') {
    try {
      return parse.byteSize(env);
    } catch {
      throw usageError(`MLPKIT_MAX_MEMORY=${env}: expected a size such as 8GB or 512MB`);
    }
  }
  return DEFAULT_MAX_MEMORY;
}

/** A network's shape and how it will be trained, for the estimate. */
export interface NetworkPlan {
  inputs: number;
  /** units of every dense layer, the output layer last */
  units: readonly number[];
  /** 4 (float32) or 8 (float64) */
  bytesPerValue: number;
  /** rows per step (training), or rows predicted at once */
  batchRows: number;
  /** rows of the encoded data set held in memory */
  dataRows: number;
  /** per-parameter state of the optimizer (Adam: 2 moments), 0 when only predicting */
  optimizerSlots: number;
}

export interface Estimate {
  params: number;
  /** everything: the network, its training buffers and the encoded rows */
  bytes: number;
  /** what the compute backend holds: the network and its training buffers */
  backendBytes: number;
}

/**
 * params = Σ (inputs of the layer + 1) · units
 * bytes ≈ params · b · (2 + slots)            weights, gradients, optimizer state
 *       + batchRows · Σ units · b · 3         z, a and δ of each layer
 *       + dataRows · (inputs + outputs) · b   the encoded rows
 */
export function estimateNetwork(p: NetworkPlan): Estimate {
  let params = 0;
  let width = p.inputs;
  let units = 0;
  for (const u of p.units) {
    params += (width + 1) * u;
    units += u;
    width = u;
  }
  const b = p.bytesPerValue;
  const backendBytes = params * b * (2 + p.optimizerSlots) + p.batchRows * units * b * 3;
  return { params, bytes: backendBytes + p.dataRows * (p.inputs + width) * b, backendBytes };
}

/** Refuses (exit 2) a network planned over the memory limit, or too large to save. */
export function checkNetwork(plan: NetworkPlan, o: LimitOptions & { save?: boolean }, what: string): Estimate {
  const e = estimateNetwork(plan);
  const limit = memoryLimit(o);
  if (e.bytes > limit) {
    throw usageError(
      `${what} has ${count(e.params)} parameters and would need about ${size(e.bytes)} of memory, over the limit of ${size(limit)}; ` +
        `use fewer or smaller layers, a smaller --batch-size, or raise the limit with --max-memory`,
    );
  }
  const numbers = e.params * (1 + plan.optimizerSlots);
  if (o.save === true && numbers > MAX_SAVED_NUMBERS) {
    throw usageError(
      `${what} has ${count(e.params)} parameters; with the optimizer's state that is ${count(numbers)} numbers to save, ` +
        `over the ${count(MAX_SAVED_NUMBERS)} a model file can hold (JavaScript's string limit); use fewer units, --optimizer sgd, or --no-save`,
    );
  }
  return e;
}

/** Refuses (exit 2) a bundled or synthetic data set of `rows` planned over the memory limit. */
export function checkDatasetRows(rows: number, o: LimitOptions): void {
  const bytes = rows * BYTES_PER_DATASET_ROW;
  const limit = memoryLimit(o);
  if (bytes > limit) throw usageError(`--n ${rows.toLocaleString('en-US')}: the data set would need about ${size(bytes)} of memory, over the limit of ${size(limit)}; use a smaller --n, or raise the limit with --max-memory`);
}

/** "1.5 GB" (powers of 1024, as the limit is given). */
export function size(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let v = bytes;
  let k = 0;
  while (v >= 1024 && k < units.length - 1) {
    v /= 1024;
    k++;
  }
  return `${k === 0 ? v : v.toPrecision(3).replace(/\.?0+$/, '')} ${units[k]}`;
}

function count(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })} million` : n.toLocaleString('en-US');
}

/** The plan of a network that `train` builds: hidden layers from --layers, then `outputs` units. */
export function trainingPlan(
  inputs: number,
  hidden: readonly { units: number }[],
  outputs: number,
  o: { batchSize: number; optimizer: string },
  dataRows: number,
): NetworkPlan {
  return {
    inputs,
    units: [...hidden.map((l) => l.units), outputs],
    bytesPerValue: 4,
    batchRows: Math.max(1, Math.min(o.batchSize, dataRows)),
    dataRows,
    optimizerSlots: OPTIMIZER_SLOTS[o.optimizer] ?? 2,
  };
}
