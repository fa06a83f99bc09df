import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';

/**
 * Rows of numbers in a binary file, written once in order and read back block by block — the
 * copies of a streamed table's rows that the later passes read (parsing CSV text costs far more
 * than training a small network on it, so it is done once). Layout: `stride` values per row,
 * float64 or float32 in the machine's byte order, no header; a block is `blockRows` rows.
 */
export class RowCache<T extends Float64Array | Float32Array = Float64Array> {
  private fd: number;
  private readonly block: T;
  private filled = 0;
  /** Rows written. */
  rows = 0;
  private writing = true;

  constructor(
    readonly path: string,
    readonly stride: number,
    private readonly make: (length: number) => T,
    readonly blockRows = 4096,
  ) {
    this.fd = openSync(path, 'w+', 0o600);
    this.block = make(blockRows * stride);
  }

  /** A buffer that holds one block, for `readBlock`. */
  blockBuffer(): T {
    return this.make(this.blockRows * this.stride);
  }

  /** Number of blocks (the last may be short). */
  get blocks(): number {
    return Math.ceil(this.rows / this.blockRows);
  }

  /** The next row's slot: write `stride` values at the returned offset of the returned array. */
  slot(): { data: T; offset: number } {
    if (!this.writing) throw new Error('RowCache: already finished');
    if (this.filled === this.blockRows) this.flush();
    const offset = this.filled * this.stride;
    this.filled++;
    this.rows++;
    return { data: this.block, offset };
  }

  /** Writes what is buffered; after this the cache is read-only. */
  finish(): void {
    if (!this.writing) return;
    this.flush();
    this.writing = false;
  }

  /** Reads block `b` into `out` (at least blockRows × stride values); returns its row count. */
  readBlock(b: number, out: T): number {
    const rows = Math.min(this.blockRows, this.rows - b * this.blockRows);
    if (!(rows > 0)) throw new RangeError(`RowCache: block ${b} is outside 0 … ${this.blocks - 1}`);
    const size = this.block.BYTES_PER_ELEMENT;
    const bytes = rows * this.stride * size;
    const view = new Uint8Array(out.buffer, out.byteOffset, bytes);
    let read = 0;
    while (read < bytes) {
      const n = readSync(this.fd, view, read, bytes - read, b * this.blockRows * this.stride * size + read);
      if (n === 0) throw new Error(`RowCache: ${this.path} ended early (block ${b})`);
      read += n;
    }
    return rows;
  }

  /** Closes and deletes the file. */
  dispose(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    rmSync(this.path, { force: true });
  }

  private flush(): void {
    if (this.filled === 0) return;
    const bytes = new Uint8Array(this.block.buffer, 0, this.filled * this.stride * this.block.BYTES_PER_ELEMENT);
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
    this.filled = 0;
  }
}
