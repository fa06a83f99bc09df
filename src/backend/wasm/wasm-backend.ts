import type { DType, Matrix } from '../../core/matrix.js';
import { ConfigError, ShapeError } from '../../core/errors.js';
import type { Activation } from '../../nn/activations.js';
import type { AdagradUpdate, AdamUpdate, Backend, GemmOptions, RmspropUpdate, SgdUpdate } from '../backend.js';
import type { WasmContext } from './context.js';
import * as dense from './dense-ops.js';
import * as vec from './vector-ops.js';

/**
 * The fast backend: float32 kernels compiled to WebAssembly with 128-bit SIMD (and the relaxed-SIMD
 * fused multiply-add where the runtime has it), products split over helper threads that share the
 * module's memory. Every matrix from `alloc` lives in that memory, so training copies nothing per step.
 * Create it with `initWasmBackend()` (./index.ts).
 */
export class WasmBackend implements Backend {
  readonly name = 'wasm';

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

  /** bytes of WASM memory reserved so far */
  get memoryBytes(): number {
    return this.ctx.heap.stats.memoryBytes;
  }

  supports(dtype: DType): boolean {
    return dtype === 'float32';
  }

  alloc(rows: number, cols: number, dtype: DType): Matrix {
    if (dtype !== 'float32') throw new ConfigError(`wasm backend: computes in float32 only, asked for ${dtype}; use backend 'reference'`);
    return this.ctx.heap.allocMatrix(rows, cols);
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
    vec.mul(this.ctx, a, b, out);
  }

  axpy(alpha: number, x: Matrix, y: Matrix): void {
    vec.axpy(this.ctx, alpha, x, y);
  }

  scale(x: Matrix, alpha: number): void {
    vec.scale(this.ctx, x, alpha);
  }

  copy(src: Matrix, dst: Matrix): void {
    if (src.size !== dst.size) throw new ShapeError(`copy: sizes differ (${src.shape}, ${dst.shape})`);
    dst.data.set(src.data);
  }

  fill(x: Matrix, value: number): void {
    x.data.fill(value);
  }

  sumSquares(x: Matrix): number {
    return vec.sumOf(this.ctx, x, 0);
  }

  sumAbs(x: Matrix): number {
    return vec.sumOf(this.ctx, x, 1);
  }

  addPenaltyGradient(theta: Matrix, g: Matrix, l1: number, l2: number): void {
    vec.addPenaltyGradient(this.ctx, theta, g, l1, l2);
  }

  clipByValue(g: Matrix, c: number): void {
    vec.clipByValue(this.ctx, g, c);
  }

  sgdUpdate(theta: Matrix, g: Matrix, v: Matrix | null, o: SgdUpdate): void {
    vec.sgdUpdate(this.ctx, theta, g, v, o);
  }

  adamUpdate(theta: Matrix, g: Matrix, m: Matrix, v: Matrix, vMax: Matrix | null, o: AdamUpdate): void {
    vec.adamUpdate(this.ctx, theta, g, m, v, vMax, o);
  }

  rmspropUpdate(theta: Matrix, g: Matrix, sq: Matrix, gAvg: Matrix | null, buf: Matrix | null, o: RmspropUpdate): void {
    vec.rmspropUpdate(this.ctx, theta, g, sq, gAvg, buf, o);
  }

  adagradUpdate(theta: Matrix, g: Matrix, sum: Matrix, o: AdagradUpdate): void {
    vec.adagradUpdate(this.ctx, theta, g, sum, o);
  }

  /** Stops the helper threads (later work runs on the calling thread). */
  terminate(): void {
    this.ctx.pool.terminate();
  }
}
