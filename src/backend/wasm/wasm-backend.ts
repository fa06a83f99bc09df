import type { DType, Matrix } from '../../core/matrix.js';
import { ShapeError } from '../../core/errors.js';
import type { Activation } from '../../nn/activations.js';
import type { AdagradUpdate, AdamUpdate, Backend, GemmOptions, RmspropUpdate, SgdUpdate, SideTask } from '../backend.js';
import { ReferenceBackend } from '../reference.js';
import type { WasmContext } from './context.js';
import * as dense from './dense-ops.js';
import * as vec from './vector-ops.js';

/**
 * The fast backend: kernels compiled to WebAssembly with 128-bit SIMD (and the relaxed-SIMD fused
 * multiply-add where the runtime has it), products split over helper threads that share the
 * module's memory. Every matrix from `alloc` lives in that memory, so training copies nothing per step.
 * Create it with `initWasmBackend()` (./index.ts).
 *
 * float32: every operation is a kernel. float64 (the estimators' semantics): the products, the
 * bias sums and the activation passes are kernels (gemm64.as, activations.as); the other element-wise passes and optimizer updates,
 * which are bound by memory traffic rather than arithmetic, run the reference backend's loops on the
 * matrices in place (the same formulas, in doubles).
 */
export class WasmBackend implements Backend {
  readonly name = 'wasm';
  /** the float64 element-wise passes and updates (see above) */
  private readonly loops = new ReferenceBackend();

  constructor(
    private readonly ctx: WasmContext,
    /** built with the relaxed-SIMD fused multiply-add */
    readonly relaxedSimd: boolean,
    /** the memory is shared between threads */
    readonly sharedMemory: boolean,
  ) {}

  /** threads a large product is split over (the calling thread included) */
  get threads(): number {
    return this.ctx.pool.threads;
  }

  besideNextJob(task: SideTask): boolean {
    return this.ctx.pool.runBeside(task);
  }

  /** the thread pool's profiling counters (bench/profile.mjs): set `profiling` to count */
  get poolProfile(): { profiling: boolean; jobs: number; parallelJobs: number; waitSeconds: number } {
    return this.ctx.pool.profile;
  }

  /** bytes of WASM memory reserved so far */
  get memoryBytes(): number {
    return this.ctx.heap.stats.memoryBytes;
  }

  supports(dtype: DType): boolean {
    return dtype === 'float32' || dtype === 'float64';
  }

  alloc(rows: number, cols: number, dtype: DType): Matrix {
    return this.ctx.heap.allocMatrix(rows, cols, dtype);
  }

  free(m: Matrix): void {
    this.ctx.heap.freeMatrix(m);
  }

  gemm(a: Matrix, b: Matrix, c: Matrix, options?: GemmOptions): void {
    dense.gemm(this.ctx, a, b, c, options);
  }

  denseForward(x: Matrix, w: Matrix, b: Matrix | null, act: Activation, z: Matrix, a: Matrix): void {
    dense.denseForward(this.ctx, x, w, b, act, z, a);
  }

  activationBackward(act: Activation, z: Matrix, a: Matrix, dA: Matrix, dZ: Matrix): void {
    dense.activationBackward(this.ctx, act, z, a, dA, dZ);
  }

  denseBackward(x: Matrix, w: Matrix, dZ: Matrix, dW: Matrix, db: Matrix | null, dX: Matrix | null): void {
    dense.denseBackward(this.ctx, x, w, dZ, dW, db, dX);
  }

  mul(a: Matrix, b: Matrix, out: Matrix): void {
    if (this.ctx.dtypeOf('mul', a, b, out) === 'float64') this.loops.mul(a, b, out);
    else vec.mul(this.ctx, a, b, out);
  }

  axpy(alpha: number, x: Matrix, y: Matrix): void {
    if (this.ctx.dtypeOf('axpy', x, y) === 'float64') this.loops.axpy(alpha, x, y);
    else vec.axpy(this.ctx, alpha, x, y);
  }

  scale(x: Matrix, alpha: number): void {
    if (x.dtype === 'float64') this.loops.scale(x, alpha);
    else vec.scale(this.ctx, x, alpha);
  }

  copy(src: Matrix, dst: Matrix): void {
    if (src.size !== dst.size) throw new ShapeError(`copy: sizes differ (${src.shape}, ${dst.shape})`);
    dst.data.set(src.data);
  }

  fill(x: Matrix, value: number): void {
    x.data.fill(value);
  }

  sumSquares(x: Matrix): number {
    return x.dtype === 'float64' ? this.loops.sumSquares(x) : vec.sumOf(this.ctx, x, 0);
  }

  sumAbs(x: Matrix): number {
    return x.dtype === 'float64' ? this.loops.sumAbs(x) : vec.sumOf(this.ctx, x, 1);
  }

  addPenaltyGradient(theta: Matrix, g: Matrix, l1: number, l2: number): void {
    if (this.ctx.dtypeOf('addPenaltyGradient', theta, g) === 'float64') this.loops.addPenaltyGradient(theta, g, l1, l2);
    else vec.addPenaltyGradient(this.ctx, theta, g, l1, l2);
  }

  clipByValue(g: Matrix, c: number): void {
    if (g.dtype === 'float64') this.loops.clipByValue(g, c);
    else vec.clipByValue(this.ctx, g, c);
  }

  sgdUpdate(theta: Matrix, g: Matrix, v: Matrix | null, o: SgdUpdate): void {
    if (this.ctx.dtypeOf('sgdUpdate', theta, g, v) === 'float64') this.loops.sgdUpdate(theta, g, v, o);
    else vec.sgdUpdate(this.ctx, theta, g, v, o);
  }

  adamUpdate(theta: Matrix, g: Matrix, m: Matrix, v: Matrix, vMax: Matrix | null, o: AdamUpdate): void {
    if (this.ctx.dtypeOf('adamUpdate', theta, g, m, v, vMax) === 'float64') this.loops.adamUpdate(theta, g, m, v, vMax, o);
    else vec.adamUpdate(this.ctx, theta, g, m, v, vMax, o);
  }

  rmspropUpdate(theta: Matrix, g: Matrix, sq: Matrix, gAvg: Matrix | null, buf: Matrix | null, o: RmspropUpdate): void {
    if (this.ctx.dtypeOf('rmspropUpdate', theta, g, sq, gAvg, buf) === 'float64') this.loops.rmspropUpdate(theta, g, sq, gAvg, buf, o);
    else vec.rmspropUpdate(this.ctx, theta, g, sq, gAvg, buf, o);
  }

  adagradUpdate(theta: Matrix, g: Matrix, sum: Matrix, o: AdagradUpdate): void {
    if (this.ctx.dtypeOf('adagradUpdate', theta, g, sum) === 'float64') this.loops.adagradUpdate(theta, g, sum, o);
    else vec.adagradUpdate(this.ctx, theta, g, sum, o);
  }

  /** Stops the helper threads (later work runs on the calling thread). */
  terminate(): void {
    this.ctx.pool.terminate();
  }
}
