import { ConfigError } from '../../core/errors.js';
import type { DType, Matrix } from '../../core/matrix.js';
import type { WasmHeap } from './heap.js';
import type { Kernels } from './kernels.js';
import type { ThreadPool } from './pool.js';

/** Staging slots for matrices from elsewhere: the most operands one operation takes. */
const SLOTS = 6;
/**
 * Work from which a job is split over the threads: multiply-adds of a product, elements of an
 * element-wise pass. From `macs` / `elements` on, a job is split when the helpers are awake (they
 * spin for a while after each job, as during training); from `wakeMacs` / `wakeElements` on, it is
 * worth waking them from sleep too. Below, one thread is faster (single-row prediction, tiny
 * networks). Mutable for tests, which set them all to 0 to run every kernel's parallel path.
 */
export const parallelThresholds = { macs: 1 << 16, wakeMacs: 1 << 21, elements: 1 << 15, wakeElements: 1 << 18 };

/**
 * What every operation of the WASM backend needs: the kernels, the heap they work in, the thread
 * pool, and the pointer of each operand. An operand allocated by this backend is used in place; one
 * from elsewhere (a plain Matrix) is copied into a staging slot first and, if written, back after.
 */
export class WasmContext {
  private readonly slotPtr = new Int32Array(SLOTS);
  private readonly slotBytes = new Int32Array(SLOTS);

  constructor(
    readonly heap: WasmHeap,
    readonly kernels: Kernels,
    public pool: ThreadPool,
    /** per-thread packing scratch, PACK_BYTES each */
    public pack: number,
  ) {}

  /**
   * The element type of an operation on these operands: the one they all share (a float32 and a
   * float64 operand in one operation is refused).
   */
  dtypeOf(op: string, a: Matrix, b: Matrix | null, c: Matrix | null = null, d: Matrix | null = null, e: Matrix | null = null, f: Matrix | null = null): DType {
    // fixed arity (no rest array): called on every operation of a training step, which allocates nothing
    const dtype = a.dtype;
    if ((b !== null && b.dtype !== dtype) || (c !== null && c.dtype !== dtype) || (d !== null && d.dtype !== dtype) ||
      (e !== null && e.dtype !== dtype) || (f !== null && f.dtype !== dtype)) {
      throw new ConfigError(`wasm backend: ${op} mixes float32 and float64 operands`);
    }
    return dtype;
  }

  /** The byte offset of m's elements in the memory (staged into `slot` when m lives elsewhere). */
  ptr(m: Matrix, slot: number): number {
    const d = m.data;
    if (this.heap.owns(d)) return d.byteOffset;
    return this.stage(m, slot);
  }

  /** Copies a staged output back into its matrix (nothing to do for the backend's own matrices). */
  writeBack(m: Matrix, slot: number): void {
    const d = m.data;
    if (this.heap.owns(d)) return;
    const ptr = this.slotPtr[slot] as number;
    if (d instanceof Float64Array) d.set(this.heap.f64.subarray(ptr >>> 3, (ptr >>> 3) + d.length));
    else d.set(this.heap.f32.subarray(ptr >>> 2, (ptr >>> 2) + d.length));
  }

  /** 1, or every thread when a product of `macs` multiply-adds is large enough to pay for waking them */
  threadsForProduct(macs: number): number {
    if (macs < parallelThresholds.macs) return 1;
    return macs >= parallelThresholds.wakeMacs || this.pool.helpersAwake() ? this.pool.threads : 1;
  }

  /** 1, or every thread when an element-wise pass over `elements` is large enough */
  threadsForElements(elements: number): number {
    if (elements < parallelThresholds.elements) return 1;
    return elements >= parallelThresholds.wakeElements || this.pool.helpersAwake() ? this.pool.threads : 1;
  }

  private stage(m: Matrix, slot: number): number {
    const d = m.data;
    const bytes = d.byteLength;
    if (this.slotPtr[slot] === 0 || (this.slotBytes[slot] as number) < bytes) {
      if ((this.slotBytes[slot] as number) > 0) this.heap.releaseBytes(this.slotPtr[slot] as number, this.slotBytes[slot] as number);
      this.slotPtr[slot] = this.heap.allocBytes(bytes);
      this.slotBytes[slot] = bytes;
    }
    const ptr = this.slotPtr[slot] as number;
    if (d instanceof Float64Array) this.heap.f64.set(d, ptr >>> 3);
    else this.heap.f32.set(d, ptr >>> 2);
    return ptr;
  }
}
