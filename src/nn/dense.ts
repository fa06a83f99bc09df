import type { Backend } from '../backend/backend.js';
import { checkNumber } from '../core/checks.js';
import { ConfigError, ShapeError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { activationSpecOf, getActivation, type Activation } from './activations.js';
import { BufferCache } from './buffer-cache.js';
import { checkInitializer, defaultKernelInitializer, initialize } from './initializers.js';
import type { BuildContext, Layer } from './layer.js';
import type { DenseConfig, DenseOptions } from './layer-config.js';
import type { Param } from './param.js';

interface DenseBuffers extends Record<string, Matrix | null> {
  /** z = x·W + b, batch × units */
  z: Matrix;
  /** a = φ(z), batch × units */
  a: Matrix;
  /** ∂cost/∂z, batch × units */
  dZ: Matrix;
  /** ∂cost/∂x, batch × inputs */
  dX: Matrix;
}

/** A fully connected layer: z = x·W + b, a = φ(z), with W of shape inputs × units. */
export class Dense implements Layer {
  readonly type = 'dense';
  readonly units: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly l1: number;
  readonly l2: number;
  private readonly options: DenseConfig;
  private built: { backend: Backend; W: Param; b: Param | null; buffers: BufferCache<DenseBuffers>; name: string } | null = null;
  private inputs = 0;
  /** The input of the last forward pass (needed for ∂cost/∂W = xᵀ·dZ). */
  private lastInput: Matrix | null = null;
  private last: DenseBuffers | null = null;

  constructor(options: DenseOptions) {
    this.units = checkNumber('Dense: units', options.units, { min: 1, integer: true });
    this.activation = getActivation(options.activation ?? 'identity');
    this.useBias = options.useBias ?? true;
    this.l1 = checkNumber('Dense: l1', options.l1 ?? 0, { min: 0 });
    this.l2 = checkNumber('Dense: l2', options.l2 ?? 0, { min: 0 });
    const kernelInitializer = options.kernelInitializer ?? 'auto';
    const biasInitializer = options.biasInitializer ?? 'zeros';
    checkInitializer(kernelInitializer, 'Dense: kernelInitializer');
    checkInitializer(biasInitializer, 'Dense: biasInitializer');
    if (biasInitializer === 'auto') throw new ConfigError("Dense: biasInitializer 'auto' is not defined; use zeros or constant");
    this.options = {
      type: 'dense',
      units: this.units,
      activation: activationSpecOf(this.activation),
      useBias: this.useBias,
      kernelInitializer,
      biasInitializer,
      l1: this.l1,
      l2: this.l2,
    };
  }

  get inputWidth(): number {
    return this.inputs;
  }

  get outputWidth(): number {
    return this.units;
  }

  get name(): string {
    return this.built?.name ?? 'dense';
  }

  /** W, inputs × units */
  get weights(): Param {
    return this.state().W;
  }

  /** b, 1 × units (null without bias) */
  get bias(): Param | null {
    return this.state().b;
  }

  /** z and a of the last forward pass (batch × units), for inspection. */
  get lastOutputs(): { readonly z: Matrix; readonly a: Matrix } | null {
    return this.last;
  }

  build(inputWidth: number, ctx: BuildContext): void {
    if (this.built !== null) throw new ConfigError(`${this.name}: layer is already part of a model`);
    this.inputs = inputWidth;
    const { backend, dtype, rng } = ctx;
    const name = `dense_${ctx.index + 1}`;
    const W: Param = {
      name: `${name}/W`,
      value: backend.alloc(inputWidth, this.units, dtype),
      grad: backend.alloc(inputWidth, this.units, dtype),
      l1: this.l1,
      l2: this.l2,
    };
    const kernelInit = this.options.kernelInitializer === 'auto' ? defaultKernelInitializer(this.activation.name) : this.options.kernelInitializer;
    initialize(W.value.data, kernelInit, inputWidth, this.units, rng);
    let b: Param | null = null;
    if (this.useBias) {
      b = { name: `${name}/b`, value: backend.alloc(1, this.units, dtype), grad: backend.alloc(1, this.units, dtype), l1: 0, l2: 0 };
      initialize(b.value.data, this.options.biasInitializer as Exclude<DenseConfig['biasInitializer'], 'auto'>, inputWidth, this.units, rng);
    }
    const buffers = new BufferCache<DenseBuffers>(backend, (rows) => ({
      z: backend.alloc(rows, this.units, dtype),
      a: backend.alloc(rows, this.units, dtype),
      dZ: backend.alloc(rows, this.units, dtype),
      dX: backend.alloc(rows, inputWidth, dtype),
    }));
    this.built = { backend, W, b, buffers, name };
  }

  forward(x: Matrix, _training: boolean): Matrix {
    const { backend, W, b, buffers } = this.state();
    if (x.cols !== this.inputs) {
      throw new ShapeError(`${this.name}: expected input width ${this.inputs}, got ${x.cols} (batch ${x.shape})`);
    }
    const buf = buffers.get(x.rows);
    // z = x·W + b;  a = φ(z)
    backend.denseForward(x, W.value, b?.value ?? null, this.activation, buf.z, buf.a);
    this.lastInput = x;
    this.last = buf;
    return buf.a;
  }

  /** dOut is ∂cost/∂a; the chain rule through φ gives dZ, then dW, db and dX. */
  backward(dOut: Matrix, inputGradient: boolean): Matrix | null {
    const buf = this.requireForward(dOut);
    // dZ = dA ⊙ φ′(z)
    this.state().backend.activationBackward(this.activation, buf.z, buf.a, dOut, buf.dZ);
    return this.backwardFromDelta(inputGradient);
  }

  /**
   * Backward when ∂cost/∂z is already known (the fused softmax/sigmoid + cross-entropy output,
   * whose delta is ŷ − y): the caller wrote it into `deltaBuffer()`.
   */
  backwardFromDelta(inputGradient: boolean): Matrix | null {
    const { backend, W, b } = this.state();
    const buf = this.last;
    const x = this.lastInput;
    if (buf === null || x === null) throw new ShapeError(`${this.name}: backward before forward`);
    // ∂cost/∂W = xᵀ·dZ;  ∂cost/∂b = Σ_rows dZ;  ∂cost/∂x = dZ·Wᵀ
    backend.denseBackward(x, W.value, buf.dZ, W.grad, b?.grad ?? null, inputGradient ? buf.dX : null);
    // penalty l1·Σ|W| + l2·ΣW²: ∂/∂W = l1·sign(W) + 2·l2·W
    if (this.l1 !== 0 || this.l2 !== 0) backend.addPenaltyGradient(W.value, W.grad, this.l1, this.l2);
    return inputGradient ? buf.dX : null;
  }

  /** The dZ buffer of the last forward's batch size, for a caller that computes the delta itself. */
  deltaBuffer(): Matrix {
    if (this.last === null) throw new ShapeError(`${this.name}: backward before forward`);
    return this.last.dZ;
  }

  params(): Param[] {
    const { W, b } = this.state();
    return b === null ? [W] : [W, b];
  }

  /** This layer's cost penalty l1·Σ|W| + l2·ΣW². */
  penalty(): number {
    if (this.l1 === 0 && this.l2 === 0) return 0;
    const { backend, W } = this.state();
    return (this.l1 !== 0 ? this.l1 * backend.sumAbs(W.value) : 0) + (this.l2 !== 0 ? this.l2 * backend.sumSquares(W.value) : 0);
  }

  config(): DenseConfig {
    return { ...this.options };
  }

  releaseBuffers(): void {
    this.built?.buffers.clear();
    this.last = null;
    this.lastInput = null;
  }

  dispose(): void {
    if (this.built === null) return;
    this.releaseBuffers();
    const { backend, W, b } = this.built;
    for (const p of b === null ? [W] : [W, b]) {
      backend.free(p.value);
      backend.free(p.grad);
    }
    this.built = null;
  }

  private requireForward(dOut: Matrix): DenseBuffers {
    const buf = this.last;
    if (buf === null) throw new ShapeError(`${this.name}: backward before forward`);
    if (dOut.rows !== buf.a.rows || dOut.cols !== this.units) {
      throw new ShapeError(`${this.name}: gradient is ${dOut.shape}, output was ${buf.a.shape}`);
    }
    return buf;
  }

  private state(): NonNullable<Dense['built']> {
    if (this.built === null) throw new ConfigError('Dense: layer is not built; add it to a Model first');
    return this.built;
  }
}
