import type { Backend } from '../backend/backend.js';
import { checkNumber } from '../core/checks.js';
import { ConfigError, ShapeError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import { BufferCache } from './buffer-cache.js';
import type { BuildContext, Layer } from './layer.js';
import type { DropoutConfig, DropoutOptions } from './layer-config.js';
import type { Param } from './param.js';

interface DropoutBuffers extends Record<string, Matrix | null> {
  /** mᵢ = [uᵢ ≥ p]/(1 − p), batch × width */
  mask: Matrix;
  /** x ⊙ m, batch × width */
  out: Matrix;
  /** ∂cost/∂x = ∂cost/∂out ⊙ m, batch × width */
  dX: Matrix;
}

/**
 * Inverted dropout: while training, each input is zeroed with probability p and the survivors are
 * scaled by 1/(1 − p), so nothing changes at prediction time, when the layer passes x through.
 */
export class Dropout implements Layer {
  readonly type = 'dropout';
  readonly rate: number;
  private width = 0;
  private built: { backend: Backend; rng: Rng; buffers: BufferCache<DropoutBuffers>; name: string } | null = null;
  private last: DropoutBuffers | null = null;

  constructor(options: DropoutOptions) {
    this.rate = checkNumber('Dropout: rate', options.rate, { min: 0, max: 0.999999 });
  }

  get inputWidth(): number {
    return this.width;
  }

  get outputWidth(): number {
    return this.width;
  }

  get name(): string {
    return this.built?.name ?? 'dropout';
  }

  /** The mask m of the last forward pass (batch × width), null at prediction time or with rate 0. */
  get lastMask(): Matrix | null {
    return this.last?.mask ?? null;
  }

  build(inputWidth: number, ctx: BuildContext): void {
    if (this.built !== null) throw new ConfigError(`${this.name}: layer is already part of a model`);
    this.width = inputWidth;
    const { backend, dtype } = ctx;
    const buffers = new BufferCache<DropoutBuffers>(backend, (rows) => ({
      mask: backend.alloc(rows, inputWidth, dtype),
      out: backend.alloc(rows, inputWidth, dtype),
      dX: backend.alloc(rows, inputWidth, dtype),
    }));
    this.built = { backend, rng: ctx.rng, buffers, name: `dropout_${ctx.index + 1}` };
  }

  forward(x: Matrix, training: boolean): Matrix {
    const state = this.state();
    if (x.cols !== this.width) throw new ShapeError(`${this.name}: expected input width ${this.width}, got ${x.cols}`);
    if (!training || this.rate === 0) {
      this.last = null;
      return x;
    }
    const buf = state.buffers.get(x.rows);
    const keep = 1 - this.rate;
    const mask = buf.mask.data;
    // mᵢ = 1/(1 − p) with probability 1 − p, else 0
    for (let i = 0; i < mask.length; i++) mask[i] = state.rng.uniform() >= this.rate ? 1 / keep : 0;
    state.backend.mul(x, buf.mask, buf.out);
    this.last = buf;
    return buf.out;
  }

  backward(dOut: Matrix, inputGradient: boolean): Matrix | null {
    if (!inputGradient) return null;
    const buf = this.last;
    if (buf === null) return dOut; // identity at prediction time or with rate 0
    // ∂cost/∂x = ∂cost/∂out ⊙ m
    this.state().backend.mul(dOut, buf.mask, buf.dX);
    return buf.dX;
  }

  params(): Param[] {
    return [];
  }

  config(): DropoutConfig {
    return { type: 'dropout', rate: this.rate };
  }

  releaseBuffers(): void {
    this.built?.buffers.clear();
    this.last = null;
  }

  dispose(): void {
    this.releaseBuffers();
    this.built = null;
  }

  private state(): NonNullable<Dropout['built']> {
    if (this.built === null) throw new ConfigError('Dropout: layer is not built; add it to a Model first');
    return this.built;
  }
}
