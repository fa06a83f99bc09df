import { ConfigError } from '../../core/errors.js';
import type { ActivationName } from '../../nn/activations.js';
import { Dense } from '../../nn/dense.js';
import { Dropout } from '../../nn/dropout.js';
import type { Model } from '../../nn/model.js';

/**
 * What every exporter needs from a model, and nothing else: the dense layers at inference time,
 * in order. Dropout is the identity at prediction time (inverted dropout scales while training),
 * so it leaves no trace here.
 */
export interface DenseStage {
  /** input width */
  readonly inputs: number;
  /** output width */
  readonly units: number;
  /** W, inputs × units, row-major: z = x·W + b */
  readonly W: ArrayLike<number>;
  /** b, units values, or null without bias */
  readonly b: ArrayLike<number> | null;
  readonly activation: ActivationName;
  /** α of leakyRelu (negative slope) and elu (saturation); 0 elsewhere */
  readonly alpha: number;
}

export interface Network {
  readonly inputs: number;
  readonly outputs: number;
  readonly stages: readonly DenseStage[];
}

/** The inference-time network of a model: its dense layers, each W and b copied. */
export function networkOf(model: Model): Network {
  const stages: DenseStage[] = [];
  for (const layer of model.layers) {
    if (layer instanceof Dropout) continue;
    if (!(layer instanceof Dense)) throw new ConfigError(`export: layer '${layer.name}' of type '${layer.type}' cannot be exported (only dense and dropout layers)`);
    const W = layer.weights.value;
    stages.push({
      inputs: W.rows,
      units: W.cols,
      W: Float64Array.from(W.data),
      b: layer.bias === null ? null : Float64Array.from(layer.bias.value.data),
      activation: layer.activation.name,
      alpha: layer.activation.alpha,
    });
  }
  return { inputs: model.inputs, outputs: model.outputs, stages };
}
