import type { Backend } from '../backend/backend.js';
import type { Matrix } from '../core/matrix.js';

/**
 * Per-batch-size buffers, allocated once per distinct row count and reused on every later step.
 * Training sees at most two sizes (full batches and the last, smaller one) plus prediction's; the
 * cache keeps the most recent few and frees the oldest.
 */
export class BufferCache<T extends Record<string, Matrix | null>> {
  private readonly byRows = new Map<number, T>();

  constructor(
    private readonly backend: Backend,
    private readonly make: (rows: number) => T,
    private readonly capacity = 6,
  ) {}

  get(rows: number): T {
    let entry = this.byRows.get(rows);
    if (entry === undefined) {
      if (this.byRows.size >= this.capacity) {
        const [oldestRows, oldest] = this.byRows.entries().next().value as [number, T];
        this.byRows.delete(oldestRows);
        this.release(oldest);
      }
      entry = this.make(rows);
      this.byRows.set(rows, entry);
    }
    return entry;
  }

  clear(): void {
    for (const entry of this.byRows.values()) this.release(entry);
    this.byRows.clear();
  }

  private release(entry: T): void {
    for (const m of Object.values(entry)) if (m !== null) this.backend.free(m);
  }
}
