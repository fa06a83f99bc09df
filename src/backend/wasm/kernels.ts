import type { WasmGlobal } from './wasm-api.js';

/**
 * The exports of the WASM kernels (assembly/index.as) that are called directly. The parallel kernels
 * (PARALLEL_OPS) take (self, nchunks) — the calling thread's number (0 for the caller) and how many
 * chunks the job is cut into — read their arguments from the job block, and claim chunks of the
 * current job until none are left (assembly/parallel.as).
 */
export interface Kernels {
  /** Points this instance at the job block and generation before a kernel claims chunks of it. */
  beginJob(job: number, gen: number): void;
  /** Resets the job block for generation gen (nothing claimed, nothing done) and begins it. */
  openJob(job: number, gen: number): void;
  /** Marks every chunk of the current job claimed, so that no thread starts another (after a failure). */
  closeJob(): void;
  /** Chunks of the current job finished so far. */
  chunksDone(): number;
  /** which = 0: Σ xᵢ², which = 1: Σ |xᵢ| (not parallel: called directly) */
  sumOf(x: number, len: number, which: number): number;
  /** bytes of packing scratch each thread needs */
  readonly PACK_BYTES: WasmGlobal;
}

/**
 * The kernels a thread pool can run, by number. Each is called as fn(self, nchunks) and reads its
 * arguments from the job block, in this order (pointers are byte offsets; see assembly/*.as):
 *   gemmNN: a, b, c, m, n, k, transA, beta, bias, act, alpha, out, pack — C ← op(A)·B (+ C) (+ bias), out ← φ(C)
 *   gemmNT: a, b, c, m, n, k, beta — C ← A·Bᵀ (+ C);  gemmTT: the same for Aᵀ·Bᵀ
 *   activate: z, a, rows, cols, act, alpha;  activationBackward: z, a, dA, dZ, rows, cols, act, alpha
 *   mul: a, b, out, len;  axpy: alpha, x, y, len;  scale: x, alpha, len
 *   addPenaltyGradient: theta, g, len, l1, l2;  clipByValue: g, len, c;  sumRows: dZ, db, rows, cols
 *   sgd: theta, g, v, len, lr, momentum, 1 − dampening, nesterov, wd, firstStep
 *   adam: theta, g, m, v, vMax, len, lr, β₁, 1 − β₁, β₂, 1 − β₂, ε, wd, decoupled, 1/c₁, 1/√c₂
 *   rmsprop: theta, g, sq, gAvg, buf, len, lr, ρ, 1 − ρ, ε, momentum, wd;  adagrad: theta, g, sum, len, lr, ε, wd
 *   gemmNN64, gemmNT64, gemmTT64, sumRows64, activate64, activationBackward64: the float64 products,
 *     column sums (assembly/gemm64.as) and activation passes, with the arguments of their float32 namesakes
 */
export const PARALLEL_OPS = [
  'gemmNN', 'gemmNT', 'gemmTT', 'activate', 'activationBackward', 'mul', 'axpy', 'scale',
  'addPenaltyGradient', 'clipByValue', 'sumRows', 'sgd', 'adam', 'rmsprop', 'adagrad',
  'gemmNN64', 'gemmNT64', 'gemmTT64', 'sumRows64', 'activate64', 'activationBackward64',
] as const;
export type ParallelOp = (typeof PARALLEL_OPS)[number];
/** The number of PARALLEL_OPS[i]. */
export const OP: { readonly [K in ParallelOp]: number } = Object.fromEntries(PARALLEL_OPS.map((name, i) => [name, i])) as {
  [K in ParallelOp]: number;
};
/** The most arguments any parallel kernel takes. */
export const MAX_ARGS = 16;

/** A parallel kernel: (calling thread's number, chunk count). */
export type ParallelFn = (self: number, nchunks: number) => void;
