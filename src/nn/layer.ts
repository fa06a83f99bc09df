import type { Backend } from '../backend/backend.js';
import type { DType, Matrix } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import type { LayerConfig } from './layer-config.js';
import type { Param } from './param.js';

/** What a layer needs when the model builds it. */
export interface BuildContext {
  readonly backend: Backend;
  readonly dtype: DType;
  readonly rng: Rng;
  /** 0-based position in the model, for names */
  readonly index: number;
}

/**
 * One stage of the stack. `forward` returns the layer's output (a buffer the layer owns, valid until
 * its next forward with the same batch size); `backward` takes ∂cost/∂output and returns ∂cost/∂input
 * (or null when not asked for), writing parameter gradients into its Params. No layer changes a
 * weight outside `build`: updates belong to optimizers.
 */
export interface Layer {
  readonly type: LayerConfig['type'];
  /** Width of the input, known after build. */
  readonly inputWidth: number;
  /** Width of the output, known after build. */
  readonly outputWidth: number;
  readonly name: string;
  build(inputWidth: number, ctx: BuildContext): void;
  forward(x: Matrix, training: boolean): Matrix;
  backward(dOut: Matrix, inputGradient: boolean): Matrix | null;
  /** Trainable tensors, in a fixed order. */
  params(): Param[];
  /** The serializable description (no weights). */
  config(): LayerConfig;
  /** Frees batch buffers (weights stay). */
  releaseBuffers(): void;
  /** Frees everything, weights included; the layer cannot be used afterwards. */
  dispose(): void;
}
