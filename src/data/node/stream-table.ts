import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import type { Preprocessor } from '../preprocess.js';
import { StoredRowDecoder } from '../stream/decode.js';
import type { HashSplit, RowPart } from '../stream/hash-split.js';
import { ShuffleBuffer } from '../stream/shuffle-buffer.js';
import { StreamSummary, type ColumnSummary, type StreamSummaryOptions } from '../stream/summary.js';
import type { RecordSource } from './record-source.js';
import { RowCache } from './row-cache.js';

/** Options of `scanTable`. */
export interface ScanOptions {
  /** Which rows are train, validation and test (test rows are kept out of the statistics). */
  readonly split: HashSplit;
  /** Columns to read (default all); skipped ones cost nothing and are not stored. */
  readonly keep?: (name: string) => boolean;
  /** Folder for the row caches (default: a fresh one in the system's temporary folder). */
  readonly dir?: string;
  readonly summary?: StreamSummaryOptions;
  /** Called after each chunk with the reader's position. */
  readonly onProgress?: (progress: { rows: number; done: number; total: number; unit: 'bytes' | 'rows' }) => void;
}

const PARTS: readonly RowPart[] = ['train', 'validation', 'test'];

/** A folder of row caches, deleted with the table. */
class CacheFolder {
  readonly path: string;

  constructor(dir: string | undefined) {
    this.path = mkdtempSync(join(dir ?? tmpdir(), 'mlpkit-stream-'));
  }

  dispose(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/**
 * A streamed table after its first pass: the statistics, and its rows as stored values (see
 * `StoredRowDecoder`) in one row cache per part. `encode` turns them into the encoded rows the
 * epochs read.
 */
export class ScannedTable {
  private columnSummaries: ColumnSummary[] | null = null;

  constructor(
    readonly source: RecordSource,
    readonly summary: StreamSummary,
    readonly parts: Readonly<Record<RowPart, RowCache>>,
    private readonly folder: CacheFolder,
  ) {}

  /** Rows in a part. */
  rows(part: RowPart): number {
    return this.parts[part].rows;
  }

  /** The column summaries (computed once). */
  summaries(): ColumnSummary[] {
    return (this.columnSummaries ??= this.summary.summaries());
  }

  /**
   * The second pass, over the stored rows (binary, fast): each block decoded into a small table,
   * put through `pre.transform`, and written as encoded float32 rows (x then y) to the part's
   * encoded cache. The stored rows are deleted as each part is done. Training rows must encode
   * without unknown categories (`unknown`); validation and test rows encode unseen ones as zeros.
   */
  encode(pre: Preprocessor, unknown: 'error' | 'ignore' = 'error', onPart?: (part: RowPart, rows: number) => void): EncodedTable {
    const decoder = new StoredRowDecoder(this.summaries(), this.source.source);
    const xCols = pre.outputWidth;
    const yCols = 1;
    const encoded = {} as Record<RowPart, RowCache<Float32Array>>;
    for (const part of PARTS) {
      const raw = this.parts[part];
      const out = new RowCache(join(this.folder.path, `${part}.encoded.f32`), xCols + yCols, (n) => new Float32Array(n));
      encoded[part] = out;
      const buffer = raw.blockBuffer();
      for (let b = 0; b < raw.blocks; b++) {
        const rows = raw.readBlock(b, buffer);
        const { x, y } = pre.transform(decoder.decode(buffer, rows), { requireTarget: true, unknown: part === 'train' ? unknown : 'ignore' });
        const yData = (y as Matrix).data;
        for (let i = 0; i < rows; i++) {
          const slot = out.slot();
          slot.data.set(x.data.subarray(i * xCols, (i + 1) * xCols), slot.offset);
          slot.data[slot.offset + xCols] = yData[i] as number;
        }
      }
      out.finish();
      raw.dispose();
      onPart?.(part, out.rows);
    }
    return new EncodedTable(encoded, xCols, yCols, this.folder);
  }

  /** Deletes the row caches and their folder. */
  dispose(): void {
    for (const cache of Object.values(this.parts)) cache.dispose();
    this.folder.dispose();
  }
}

/** Encoded rows by part, for the epochs: float32, each row x (`xCols` values) then y. */
export class EncodedTable {
  constructor(
    readonly parts: Readonly<Record<RowPart, RowCache<Float32Array>>>,
    readonly xCols: number,
    readonly yCols: number,
    private readonly folder: CacheFolder,
  ) {}

  rows(part: RowPart): number {
    return this.parts[part].rows;
  }

  /**
   * The part's rows block by block in file order, as x and y matrices (reused: each is valid until
   * the next is asked for).
   */
  *blocks(part: RowPart): Generator<{ x: Matrix; y: Matrix }> {
    const cache = this.parts[part];
    const buffer = cache.blockBuffer();
    const { xCols, yCols } = this;
    const stride = xCols + yCols;
    const full = { x: Matrix.zeros(cache.blockRows, xCols), y: Matrix.zeros(cache.blockRows, yCols) };
    for (let b = 0; b < cache.blocks; b++) {
      const rows = cache.readBlock(b, buffer);
      const out = rows === cache.blockRows ? full : { x: Matrix.zeros(rows, xCols), y: Matrix.zeros(rows, yCols) };
      for (let i = 0; i < rows; i++) {
        out.x.data.set(buffer.subarray(i * stride, i * stride + xCols), i * xCols);
        for (let j = 0; j < yCols; j++) out.y.data[i * yCols + j] = buffer[i * stride + xCols + j] as number;
      }
      yield out;
    }
  }

  /**
   * One epoch of training batches: the part's blocks in an order drawn from `rng` (a fresh
   * permutation each call), through a shuffle buffer of `capacity` rows (see `ShuffleBuffer` for
   * how close that is to a full shuffle). Each batch is valid until the next is asked for.
   */
  *shuffledBatches(part: RowPart, options: { batchSize: number; capacity: number; rng: Rng }): Generator<{ x: Matrix; y: Matrix }> {
    const { batchSize, rng } = options;
    const cache = this.parts[part];
    const shuffle = new ShuffleBuffer(Math.max(options.capacity, batchSize), this.xCols, this.yCols, rng);
    const buffer = cache.blockBuffer();
    const order = rng.permutation(cache.blocks);
    for (let k = 0; k < cache.blocks; k++) {
      const rows = cache.readBlock(order[k] as number, buffer);
      let from = 0;
      while (from < rows) {
        const count = Math.min(shuffle.room, rows - from);
        shuffle.addRows(buffer, from, count);
        from += count;
        while (shuffle.room === 0) yield shuffle.take(batchSize);
      }
    }
    while (shuffle.size > 0) yield shuffle.take(batchSize);
  }

  /** Deletes the caches and their folder. */
  dispose(): void {
    for (const cache of Object.values(this.parts)) cache.dispose();
    this.folder.dispose();
  }
}

/**
 * The first pass over a streamed table: every row goes to the statistics (unless it is a test
 * row) and, as stored values, into the row cache of its part (train, validation, test).
 * Memory: one chunk of the reader, one block per cache, the statistics.
 */
export async function scanTable(source: RecordSource, options: ScanOptions): Promise<ScannedTable> {
  const summary = new StreamSummary(source.header, source.source, options.keep, options.summary);
  const folder = new CacheFolder(options.dir);
  const stride = summary.width + 2;
  const make = (n: number) => new Float64Array(n);
  const parts: Record<RowPart, RowCache> = {
    train: new RowCache(join(folder.path, 'train.f64'), stride, make),
    validation: new RowCache(join(folder.path, 'validation.f64'), stride, make),
    test: new RowCache(join(folder.path, 'test.f64'), stride, make),
  };
  const table = new ScannedTable(source, summary, parts, folder);
  try {
    let row = 0;
    for await (const chunk of source.chunks()) {
      for (let i = 0; i < chunk.rows.length; i++) {
        const part = options.split.partOf(row);
        const slot = parts[part].slot();
        summary.add(chunk.rows[i] as readonly (string | number | null)[], chunk.lines[i] as number, part !== 'test', slot.data, slot.offset);
        row++;
      }
      options.onProgress?.({ rows: row, done: chunk.done, total: source.total, unit: source.unit });
    }
    for (const cache of Object.values(parts)) cache.finish();
  } catch (e) {
    table.dispose();
    throw e;
  }
  return table;
}
