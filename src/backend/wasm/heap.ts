import { Matrix, type DType } from '../../core/matrix.js';
import type { WasmMemory } from './wasm-api.js';

const PAGE = 65536;
/** Every block starts on a cache line (and so on a 16-byte SIMD boundary). */
const ALIGN = 64;
/** Static data and stack of the kernels live below this offset; the heap starts here. */
export const HEAP_BASE = PAGE;

interface Block {
  ptr: number;
  bytes: number;
}

/**
 * The float32 and float64 buffers of the WASM backend, in the module's one linear memory: a first-fit allocator
 * with coalescing free list, growing the memory in large steps. Allocation happens when a model
 * builds its buffers, never per step.
 *
 * Growth: a shared memory (threads) keeps every view valid; a non-shared one detaches them, so each
 * matrix handed out is remembered and its `data` replaced by a fresh view after a grow. Views made
 * from those matrices by others (subarray, topRows) are not refreshed: take them after allocating.
 */
export class WasmHeap {
  /** every ArrayBuffer the memory has exposed (a shared memory exposes a new one after each grow) */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  /**
   * the views `owns` has found in the memory: looking a view up costs a third of reading its
   * `buffer` (a getter that is slow for the views of a WASM memory), and `owns` runs for every
   * operand of every kernel call
   */
  private readonly views = new WeakSet<ArrayBufferView>();
  /** the matrices handed out, by pointer, with their sizes in bytes */
  private readonly live = new Map<number, { matrix: Matrix; bytes: number }>();
  private free: Block[] = [];
  /** the first byte no block has used yet */
  private top = HEAP_BASE;
  /** a float32 view of the whole memory, refreshed after growth */
  f32: Float32Array;
  /** a float64 view of the whole memory, refreshed after growth */
  f64: Float64Array;

  constructor(
    readonly memory: WasmMemory,
    readonly shared: boolean,
  ) {
    this.f32 = new Float32Array(memory.buffer);
    this.f64 = new Float64Array(memory.buffer);
    this.buffers.add(memory.buffer);
  }

  /** Whether a typed array lives in this memory. */
  owns(data: ArrayBufferView): boolean {
    if (this.views.has(data)) return true;
    if (!this.buffers.has(data.buffer)) return false;
    this.views.add(data);
    return true;
  }

  /** bytes of memory in use by live blocks and free gaps, and the memory's size */
  get stats(): { top: number; memoryBytes: number; liveBlocks: number } {
    return { top: this.top, memoryBytes: this.memory.buffer.byteLength, liveBlocks: this.live.size };
  }

  /** A zero-filled rows × cols matrix of the given element type in this memory. */
  allocMatrix(rows: number, cols: number, dtype: DType = 'float32'): Matrix {
    const length = rows * cols;
    const bytes = length * (dtype === 'float64' ? 8 : 4);
    const ptr = this.allocBytes(bytes);
    const buffer = this.memory.buffer;
    const matrix = new Matrix(rows, cols, dtype === 'float64' ? new Float64Array(buffer, ptr, length) : new Float32Array(buffer, ptr, length));
    matrix.data.fill(0);
    this.live.set(ptr, { matrix, bytes: roundUp(bytes) });
    return matrix;
  }

  /** Gives a matrix from allocMatrix back (matrices of other origins are ignored). */
  freeMatrix(m: Matrix): void {
    if (!this.owns(m.data)) return;
    const ptr = m.data.byteOffset;
    const entry = this.live.get(ptr);
    if (entry === undefined || entry.matrix !== m) return;
    this.live.delete(ptr);
    this.releaseBytes(ptr, entry.bytes);
  }

  /** A block of at least `bytes` bytes (rounded up to a cache line); its contents are unspecified. */
  allocBytes(bytes: number): number {
    const size = roundUp(bytes);
    for (let i = 0; i < this.free.length; i++) {
      const block = this.free[i] as Block;
      if (block.bytes < size) continue;
      const ptr = block.ptr;
      if (block.bytes === size) this.free.splice(i, 1);
      else {
        block.ptr += size;
        block.bytes -= size;
      }
      return ptr;
    }
    const ptr = this.top;
    this.ensure(ptr + size);
    this.top = ptr + size;
    return ptr;
  }

  /** Returns a block to the free list, merging it with its neighbours. */
  releaseBytes(ptr: number, bytes: number): void {
    const size = roundUp(bytes);
    if (ptr + size === this.top) {
      this.top = ptr;
      // the last free block may now touch the top
      const last = this.free[this.free.length - 1];
      if (last !== undefined && last.ptr + last.bytes === this.top) {
        this.top = last.ptr;
        this.free.pop();
      }
      return;
    }
    let i = 0;
    while (i < this.free.length && (this.free[i] as Block).ptr < ptr) i++;
    this.free.splice(i, 0, { ptr, bytes: size });
    // merge with the next, then with the previous block
    const next = this.free[i + 1];
    const self = this.free[i] as Block;
    if (next !== undefined && self.ptr + self.bytes === next.ptr) {
      self.bytes += next.bytes;
      this.free.splice(i + 1, 1);
    }
    const prev = this.free[i - 1];
    if (prev !== undefined && prev.ptr + prev.bytes === self.ptr) {
      prev.bytes += self.bytes;
      this.free.splice(i, 1);
    }
  }

  /** Grows the memory so that byte `end` is inside it: at least half its size again, at least 16 MiB. */
  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    const want = Math.max(end - have, have >>> 1, 16 << 20);
    this.memory.grow(Math.ceil(want / PAGE));
    this.afterGrow();
  }

  private afterGrow(): void {
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    this.f32 = new Float32Array(buffer);
    this.f64 = new Float64Array(buffer);
    if (this.shared) return;
    // a non-shared memory detached every view: hand each live matrix a fresh one
    for (const [ptr, { matrix }] of this.live) {
      matrix.data = matrix.data instanceof Float64Array ? new Float64Array(buffer, ptr, matrix.size) : new Float32Array(buffer, ptr, matrix.size);
    }
  }
}

function roundUp(bytes: number): number {
  return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
}
