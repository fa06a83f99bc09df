import type { Backend } from '../backend/backend.js';
import type { Matrix } from '../core/matrix.js';
import type { Param } from '../nn/param.js';

/**
 * A copy of every parameter's values, kept in the backend's memory in the parameters' own element
 * type (so a WASM-backed fit reuses the same blocks fit after fit instead of leaving two
 * parameter-sized arrays on the JavaScript heap each time). `dispose` gives the memory back.
 */
export class WeightSnapshot {
  private readonly copies: Matrix[];
  private disposed = false;

  /** A snapshot of the parameters' current values. */
  constructor(
    private readonly backend: Backend,
    private readonly params: readonly Param[],
  ) {
    this.copies = params.map((p) => backend.alloc(p.value.rows, p.value.cols, p.value.dtype));
    this.save();
  }

  /** snapshot ← θ */
  save(): void {
    this.params.forEach((p, i) => (this.copies[i] as Matrix).data.set(p.value.data));
  }

  /** θ ← snapshot */
  restore(): void {
    this.params.forEach((p, i) => p.value.data.set((this.copies[i] as Matrix).data));
  }

  /** snapshot ← other snapshot of the same parameters */
  copyFrom(other: WeightSnapshot): void {
    this.copies.forEach((c, i) => c.data.set((other.copies[i] as Matrix).data));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const c of this.copies) this.backend.free(c);
  }
}
