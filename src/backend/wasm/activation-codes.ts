import type { Activation, ActivationName } from '../../nn/activations.js';

/** Activation numbers understood by the kernels (assembly/activations.as). */
const CODES: Partial<Record<ActivationName, number>> = {
  identity: 0,
  relu: 1,
  leakyRelu: 2,
  sigmoid: 3,
  tanh: 4,
  elu: 5,
  selu: 6,
  softplus: 7,
  softsign: 8,
  swish: 9,
  softmax: 10,
};

/** The largest code the product's store applies itself (identity, relu, leakyRelu). */
export const LAST_FUSED_CODE = 2;

/** The kernel number of an activation, or −1 for one the kernels lack (gelu: computed in JS). */
export function activationCode(act: Activation): number {
  return CODES[act.name] ?? -1;
}
