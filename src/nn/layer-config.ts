import type { ActivationSpec } from './activations.js';
import type { InitializerSpec } from './initializers.js';

/** Options of a Dense layer (all but `units` optional). */
export interface DenseOptions {
  /** number of neurons */
  units: number;
  /** φ, default 'identity' */
  activation?: ActivationSpec;
  /** default true */
  useBias?: boolean;
  /** default 'auto' (He for ReLU-like, LeCun normal for SELU, Glorot uniform otherwise) */
  kernelInitializer?: InitializerSpec;
  /** default 'zeros' */
  biasInitializer?: InitializerSpec;
  /** L1 penalty l1·Σ|W| added to the cost (weights only, not the bias); default 0 */
  l1?: number;
  /** L2 penalty l2·ΣW² added to the cost (weights only, not the bias); default 0 */
  l2?: number;
}

export interface DenseConfig {
  type: 'dense';
  units: number;
  activation: ActivationSpec;
  useBias: boolean;
  kernelInitializer: InitializerSpec;
  biasInitializer: InitializerSpec;
  l1: number;
  l2: number;
}

export interface DropoutOptions {
  /** fraction of inputs zeroed while training, in [0, 1) */
  rate: number;
}

export interface DropoutConfig {
  type: 'dropout';
  rate: number;
}

export type LayerConfig = DenseConfig | DropoutConfig;
