import { Dense, Dropout, loadModel, serializeModel, type Model } from '../../src/index.js';
import type { PlaneData } from './dataset.js';
import type { LoadedSpec } from './protocol.js';
import type { CostPoint } from './trainer.js';
import { HIDDEN_ACTIVATIONS, MAX_LAYERS, MAX_UNITS, encodeState, type HiddenActivation, type LayerSpec, type PlaygroundState } from './state.js';

/** How far training had got: saved with the model so that loading it continues the epoch count and the curve. */
export interface Progress {
  epoch: number;
  steps: number;
  history: CostPoint[];
}

/** The model file the Download button saves: mlpkit's model format, with the page's settings (and progress) in its metadata. */
export function modelFileText(model: Model, state: Readonly<PlaygroundState>, data: Readonly<PlaneData>, progress: Progress | null = null): string {
  return serializeModel(model, {
    metadata: { playground: encodeState(state), features: data.featureNames, classes: data.classes, task: data.task, ...(progress === null ? {} : { progress }) },
  });
}

/** The training progress saved in a model file's metadata, or null when it has none (or it is malformed). */
export function savedProgress(text: string): Progress | null {
  try {
    const p = (JSON.parse(text) as { metadata?: { progress?: unknown } }).metadata?.progress as Partial<Progress> | undefined;
    if (p === undefined || !Number.isInteger(p.epoch) || !Number.isInteger(p.steps) || !Array.isArray(p.history)) return null;
    const history = p.history.filter((h): h is CostPoint => typeof h === 'object' && h !== null && Number.isInteger(h.epoch) && typeof h.train === 'number' && typeof h.test === 'number');
    return { epoch: p.epoch as number, steps: p.steps as number, history };
  } catch {
    return null;
  }
}

/** The playground settings saved in a model file's metadata (a URL hash), or null. */
export function savedSettings(text: string): string | null {
  try {
    const doc = JSON.parse(text) as { metadata?: { playground?: unknown } };
    const s = doc.metadata?.playground;
    return typeof s === 'string' ? s : null;
  } catch {
    return null;
  }
}

/**
 * Loads a model file and checks that the playground can show it on this data: the inputs the settings switch on, the
 * output width the task needs, hidden layers the editor can draw. Throws with a reason otherwise.
 */
export function loadForPlayground(text: string, data: Readonly<PlaneData>, inputs: number): { model: Model; spec: LoadedSpec } {
  const { model } = loadModel(text, { backend: 'reference', dtype: 'float32' });
  if (model.inputs !== inputs) throw new Error(`these settings give the network ${inputs} input${inputs === 1 ? '' : 's'}; the model has ${model.inputs}`);
  const wanted = data.task === 'multiclass' ? data.classes.length : 1;
  if (model.outputs !== wanted) throw new Error(`this data set needs ${wanted} output${wanted === 1 ? '' : 's'}; the model has ${model.outputs}`);
  return { model, spec: { ...specOf(model), epoch: savedProgress(text)?.epoch ?? 0 } };
}

/** The editor's description of a model: hidden layers (with dropout), output activation, loss, optimizer. */
export function specOf(model: Model): Omit<LoadedSpec, 'epoch'> {
  const layers: LayerSpec[] = [];
  const stack = model.layers;
  let l1 = 0;
  let l2 = 0;
  stack.forEach((layer, i) => {
    if (layer instanceof Dense) {
      l1 = Math.max(l1, layer.l1);
      l2 = Math.max(l2, layer.l2);
      if (i === stack.length - 1) return;
      const activation = layer.activation.name;
      if (!(HIDDEN_ACTIVATIONS as readonly string[]).includes(activation)) throw new Error(`hidden activation '${activation}' is not one the playground offers`);
      if (layer.units > MAX_UNITS) throw new Error(`the playground draws at most ${MAX_UNITS} neurons per layer; ${layer.name} has ${layer.units}`);
      layers.push({ units: layer.units, activation: activation as HiddenActivation, dropout: 0 });
    } else if (layer instanceof Dropout) {
      const prev = layers[layers.length - 1];
      if (prev === undefined) throw new Error('the playground puts dropout only after a hidden layer');
      prev.dropout = layer.rate;
    }
  });
  if (layers.length > MAX_LAYERS) throw new Error(`the playground draws at most ${MAX_LAYERS} hidden layers; the model has ${layers.length}`);
  const optimizer = model.optimizer === null ? null : (model.optimizer.config() as unknown as Record<string, unknown>);
  return { layers, outputActivation: model.outputActivation, loss: model.loss.name, seed: model.seed, l1, l2, optimizer };
}
