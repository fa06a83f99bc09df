import { checkNumber } from '../../core/checks.js';
import { ShapeError } from '../../core/errors.js';
import { allocArray, Matrix, type DType, type FloatArray } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';

/**
 * A seeded shuffle buffer over encoded rows (x and y side by side), for data that arrives in file
 * order and does not fit in memory.
 *
 * Rows are appended until `capacity` are resident; then each batch is `batchSize` rows drawn
 * uniformly without replacement from the residents (pick a slot at random, move the last resident
 * into it), which makes room for the next rows. At the end of the data the residents drain the same
 * way.
 *
 * How far this is from a full shuffle: with capacity ≥ the number of rows it is a uniform random
 * permutation. With a smaller capacity C, row i can leave no earlier than output position i − C + 1
 * (it is not read before), while it may stay arbitrarily long (each draw passes it over with
 * probability 1 − 1/C, so on average it leaves about C rows after entering). Rows from the two ends
 * of a file therefore never meet in one batch unless C is a large share of the file; reading the
 * file's blocks in a random order (as `RowCache` does) removes most of that locality.
 */
export class ShuffleBuffer {
  /** capacity × (xCols + yCols) values: row r's x then its y. */
  private readonly store: FloatArray;
  private readonly stride: number;
  /** Rows resident now. */
  size = 0;
  private readonly batches = new Map<number, { x: Matrix; y: Matrix }>();

  constructor(
    readonly capacity: number,
    readonly xCols: number,
    readonly yCols: number,
    private readonly rng: Rng,
    readonly dtype: DType = 'float32',
  ) {
    checkNumber('ShuffleBuffer: capacity', capacity, { min: 1, integer: true });
    this.stride = xCols + yCols;
    this.store = allocArray(capacity * this.stride, dtype);
  }

  /** Rows that can be appended before a batch must be taken. */
  get room(): number {
    return this.capacity - this.size;
  }

  /** Appends rows `from … from + count − 1` of (x, y); there must be room for them. */
  add(x: Matrix, y: Matrix, from: number, count: number): void {
    if (x.cols !== this.xCols || y.cols !== this.yCols) {
      throw new ShapeError(`ShuffleBuffer: expected rows of ${this.xCols} inputs and ${this.yCols} targets, got x ${x.shape} and y ${y.shape}`);
    }
    if (count > this.room) throw new RangeError(`ShuffleBuffer: ${count} rows do not fit (${this.room} free of ${this.capacity})`);
    const { store, stride, xCols, yCols } = this;
    for (let i = 0; i < count; i++) {
      const at = (this.size + i) * stride;
      const r = from + i;
      for (let j = 0; j < xCols; j++) store[at + j] = x.data[r * xCols + j] as number;
      for (let j = 0; j < yCols; j++) store[at + xCols + j] = y.data[r * yCols + j] as number;
    }
    this.size += count;
  }

  /**
   * Appends `count` rows already laid out as the buffer keeps them — each row's x then its y,
   * `xCols + yCols` values — starting at row `from` of `data` (one copy, no per-value loop).
   */
  addRows(data: FloatArray, from: number, count: number): void {
    if (count > this.room) throw new RangeError(`ShuffleBuffer: ${count} rows do not fit (${this.room} free of ${this.capacity})`);
    this.store.set(data.subarray(from * this.stride, (from + count) * this.stride), this.size * this.stride);
    this.size += count;
  }

  /**
   * Removes min(batchSize, size) residents chosen uniformly at random and returns them as a batch.
   * The matrices are reused by the next call with the same row count: use them before asking again.
   */
  take(batchSize: number): { x: Matrix; y: Matrix } {
    const rows = Math.min(batchSize, this.size);
    let batch = this.batches.get(rows);
    if (batch === undefined) {
      batch = { x: Matrix.zeros(rows, this.xCols, this.dtype), y: Matrix.zeros(rows, this.yCols, this.dtype) };
      this.batches.set(rows, batch);
    }
    const { store, stride, xCols, yCols } = this;
    const xd = batch.x.data;
    const yd = batch.y.data;
    for (let i = 0; i < rows; i++) {
      // draw slot k uniformly among the residents, copy it out, move the last resident into it
      const k = this.rng.int(this.size);
      const at = k * stride;
      for (let j = 0; j < xCols; j++) xd[i * xCols + j] = store[at + j] as number;
      for (let j = 0; j < yCols; j++) yd[i * yCols + j] = store[at + xCols + j] as number;
      const last = (this.size - 1) * stride;
      if (last !== at) store.copyWithin(at, last, last + stride);
      this.size--;
    }
    return batch;
  }
}
