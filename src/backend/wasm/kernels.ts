/**
 * The exports of the WASM kernels (assembly/index.as), typed. Pointers are byte offsets into the
 * module's memory. Every function that may run on several threads takes (self, nchunks) first — the
 * calling thread's number (0 for the caller) and how many chunks the job is cut into — and claims
 * chunks of the current job until none are left (assembly/parallel.as).
 */
export interface Kernels {
  /** Points this instance at the job block and generation before a kernel claims chunks of it. */
  beginJob(job: number, gen: number): void;
  /** Resets the job block for generation gen (nothing claimed, nothing done) and begins it. */
  openJob(job: number, gen: number): void;
  /** Chunks of the current job finished so far. */
  chunksDone(): number;
  /** C ← op(A)·B (+ C) (+ bias), out ← φ(C) for φ fused (identity 0, relu 1, leakyRelu 2) */
  gemmNN(tid: number, nt: number, a: number, b: number, c: number, m: number, n: number, k: number,
    transA: number, beta: number, bias: number, act: number, alpha: number, out: number, pack: number): void;
  /** C ← A·Bᵀ (+ C) */
  gemmNT(tid: number, nt: number, a: number, b: number, c: number, m: number, n: number, k: number, beta: number): void;
  /** C ← Aᵀ·Bᵀ (+ C) */
  gemmTT(tid: number, nt: number, a: number, b: number, c: number, m: number, n: number, k: number, beta: number): void;
  activate(tid: number, nt: number, z: number, a: number, rows: number, cols: number, act: number, alpha: number): void;
  activationBackward(tid: number, nt: number, z: number, a: number, dA: number, dZ: number,
    rows: number, cols: number, act: number, alpha: number): void;
  mul(tid: number, nt: number, a: number, b: number, out: number, len: number): void;
  axpy(tid: number, nt: number, alpha: number, x: number, y: number, len: number): void;
  scale(tid: number, nt: number, x: number, alpha: number, len: number): void;
  /** which = 0: Σ xᵢ², which = 1: Σ |xᵢ| */
  sumOf(x: number, len: number, which: number): number;
  addPenaltyGradient(tid: number, nt: number, theta: number, g: number, len: number, l1: number, l2: number): void;
  clipByValue(tid: number, nt: number, g: number, len: number, c: number): void;
  sumRows(tid: number, nt: number, dZ: number, db: number, rows: number, cols: number): void;
  sgd(tid: number, nt: number, theta: number, g: number, v: number, len: number,
    lr: number, momentum: number, oneMinusDampening: number, nesterov: number, wd: number, firstStep: number): void;
  adam(tid: number, nt: number, theta: number, g: number, m: number, v: number, vMax: number, len: number,
    lr: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, eps: number,
    wd: number, decoupled: number, invBc1: number, invSqrtBc2: number): void;
  rmsprop(tid: number, nt: number, theta: number, g: number, sq: number, gAvg: number, buf: number, len: number,
    lr: number, rho: number, oneMinusRho: number, eps: number, momentum: number, wd: number): void;
  adagrad(tid: number, nt: number, theta: number, g: number, sum: number, len: number, lr: number, eps: number, wd: number): void;
  /** bytes of packing scratch each thread needs */
  readonly PACK_BYTES: WebAssembly.Global;
}

/** The kernels a thread pool can run, by number: a job names one and passes up to MAX_ARGS numbers. */
export const PARALLEL_OPS = [
  'gemmNN', 'gemmNT', 'gemmTT', 'activate', 'activationBackward', 'mul', 'axpy', 'scale',
  'addPenaltyGradient', 'clipByValue', 'sumRows', 'sgd', 'adam', 'rmsprop', 'adagrad',
] as const;
export type ParallelOp = (typeof PARALLEL_OPS)[number];
/** The number of PARALLEL_OPS[i]. */
export const OP: { readonly [K in ParallelOp]: number } = Object.fromEntries(PARALLEL_OPS.map((name, i) => [name, i])) as {
  [K in ParallelOp]: number;
};
/** The most arguments (after tid, nt) any parallel kernel takes. */
export const MAX_ARGS = 16;

/** A parallel kernel called with its arguments spread: (tid, nt, a0 … a15); extra ones are ignored. */
export type ParallelFn = (tid: number, nt: number, ...args: number[]) => void;
