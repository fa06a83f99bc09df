import { activationDescriptor, type ActivationName } from '../../nn/activations.js';
import type { GraphBuilder } from './onnx-graph.js';

/**
 * Appends a = φ(z) to the graph and returns a's name (`output` when given), with the operators of
 * the activation's descriptor (nn/activation-registry.ts). All of them are standard-domain
 * operators available since opset 9, so no opset the exporter accepts (13 and above) needs a
 * fallback; the identity adds no node, or an Identity node when the value must carry a given name.
 */
export function appendActivation(g: GraphBuilder, name: ActivationName, alpha: number, z: string, output?: string): string {
  return activationDescriptor(name).onnx(g, z, alpha, output === undefined ? {} : { output });
}
