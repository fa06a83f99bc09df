import type { ActivationName } from '../../nn/activations.js';
import type { GraphBuilder } from './onnx-graph.js';

// SELU constants (Klambauer et al., 2017), as in src/nn/activations.ts
const SELU_LAMBDA = 1.0507009873554804934193349852946;
const SELU_ALPHA = 1.6732632423543772848170429916717;

/**
 * Appends a = φ(z) to the graph and returns a's name (`output` when given). Every activation maps to
 * standard-domain operators available since opset 9, so no opset the exporter accepts (13 and
 * above) needs a fallback:
 * - one operator each: Relu, LeakyRelu(α), Elu(α), Selu(α, γ), Sigmoid, Tanh, Softplus, Softsign,
 *   Softmax(axis 1, the units of a batch × units matrix);
 * - composed: gelu(z) = ½·z·(1 + erf(z/√2)) from Mul, Erf and Add (the exact GELU, as mlpkit
 *   computes it; ONNX's own Gelu needs opset 20); swish(z) = z·σ(z) from Sigmoid and Mul;
 * - identity: no node at all, or an Identity node when the value must carry a given name.
 */
export function appendActivation(g: GraphBuilder, name: ActivationName, alpha: number, z: string, output?: string): string {
  const out = output === undefined ? {} : { output };
  switch (name) {
    case 'identity':
      return output === undefined ? z : g.op('Identity', [z], out);
    case 'relu':
      return g.op('Relu', [z], out);
    case 'leakyRelu':
      // a = z for z ≥ 0, αz otherwise (equal at 0)
      return g.op('LeakyRelu', [z], { ...out, attributes: [{ name: 'alpha', kind: 'float', value: alpha }] });
    case 'elu':
      // a = z for z > 0, α(e^z − 1) otherwise
      return g.op('Elu', [z], { ...out, attributes: [{ name: 'alpha', kind: 'float', value: alpha }] });
    case 'selu':
      // a = γz for z > 0, γα(e^z − 1) otherwise
      return g.op('Selu', [z], {
        ...out,
        attributes: [
          { name: 'alpha', kind: 'float', value: SELU_ALPHA },
          { name: 'gamma', kind: 'float', value: SELU_LAMBDA },
        ],
      });
    case 'sigmoid':
      return g.op('Sigmoid', [z], out);
    case 'tanh':
      return g.op('Tanh', [z], out);
    case 'softplus':
      return g.op('Softplus', [z], out);
    case 'softsign':
      return g.op('Softsign', [z], out);
    case 'softmax':
      return g.op('Softmax', [z], { ...out, attributes: [{ name: 'axis', kind: 'int', value: 1 }] });
    case 'swish': {
      // a = z·σ(z)
      const s = g.op('Sigmoid', [z]);
      return g.op('Mul', [z, s], { ...out, base: 'swish' });
    }
    case 'gelu': {
      // a = ½·z·(1 + erf(z/√2))
      const scaled = g.op('Mul', [z, g.scalar('inv_sqrt2', Math.SQRT1_2)]);
      const onePlusErf = g.op('Add', [g.op('Erf', [scaled]), g.scalar('one', 1)]);
      const halfZ = g.op('Mul', [z, g.scalar('half', 0.5)]);
      return g.op('Mul', [halfZ, onePlusErf], { ...out, base: 'gelu' });
    }
  }
}
