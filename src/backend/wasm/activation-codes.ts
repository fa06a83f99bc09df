import { activationDescriptor, type Activation } from '../../nn/activations.js';

/** The largest code the product's store applies itself (identity 0, relu 1, leakyRelu 2). */
export const LAST_FUSED_CODE = 2;

/**
 * The kernel number of an activation (its descriptor's `wasm`, matching the constants of
 * assembly/activations.as), or −1 for one the kernels lack: computed in JavaScript.
 */
export function activationCode(act: Activation): number {
  return activationDescriptor(act.name).wasm ?? -1;
}
