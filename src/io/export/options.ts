import { ConfigError, ModelFormatError } from '../../core/errors.js';
import { encodedWidth, parsePreprocessorState, type PreprocessorState } from '../../data/preprocess-schema.js';
import type { Network } from './network.js';

/** Checks preprocessing against the network: it must produce exactly the network's inputs. */
export function checkPreprocessing(raw: PreprocessorState, network: Network): PreprocessorState {
  let state: PreprocessorState;
  try {
    state = parsePreprocessorState(raw);
  } catch (e) {
    throw new ConfigError(`export: invalid preprocessing: ${(e as ModelFormatError).message}`);
  }
  const width = encodedWidth(state);
  if (width !== network.inputs) {
    throw new ConfigError(`export: the preprocessing produces ${width} inputs but the network takes ${network.inputs}`);
  }
  if (state.target.task === 'regression' && network.outputs !== 1) {
    throw new ConfigError(`export: the regression target '${state.target.name}' needs 1 output; the network has ${network.outputs}`);
  }
  return state;
}

/**
 * The class names in output order, or null when unknown (regression, or nothing given). They must
 * name each output, or both classes of a single sigmoid output (class 1 when p ≥ ½).
 */
export function resolveClassLabels(given: readonly string[] | undefined, preprocessing: PreprocessorState | null, network: Network): readonly string[] | null {
  const fromPreprocessing = preprocessing?.target.task === 'classification' ? preprocessing.target.classes : undefined;
  const labels = given ?? fromPreprocessing;
  if (labels === undefined) return null;
  if (preprocessing?.target.task === 'regression') throw new ConfigError(`export: classLabels given, but the target '${preprocessing.target.name}' is a regression target`);
  const expected = network.outputs === 1 ? 2 : network.outputs;
  if (labels.length !== expected) {
    throw new ConfigError(`export: ${labels.length} class labels for a network with ${network.outputs} output${network.outputs === 1 ? ' (one sigmoid output needs 2 labels)' : 's'}`);
  }
  if (new Set(labels).size !== labels.length) throw new ConfigError(`export: class labels repeat: ${labels.join(', ')}`);
  return labels;
}

/** "4 → 16 relu → 3 softmax" */
export function describeNetwork(network: Network): string {
  const parts = network.stages.map((s) => `${s.units} ${s.activation}${s.activation === 'leakyRelu' || s.activation === 'elu' ? `(${s.alpha})` : ''}`);
  return [String(network.inputs), ...parts].join(' → ');
}
