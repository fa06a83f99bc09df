import type { StepTrace } from '../../src/index.js';
import type { PlaneData } from './dataset.js';
import type { LayerSpec, PlaygroundState } from './state.js';
import type { CostPoint } from './trainer.js';

/** Messages from the page to the training worker. */
export type ToWorker =
  /** build the model and optimizer afresh for this state and data */
  | { type: 'reset'; state: PlaygroundState; data: PlaneData; gridSize: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'epoch' }
  | { type: 'batch' }
  /** the page has drawn the last snapshot: send the next one */
  | { type: 'ack' }
  | { type: 'setSpeed'; speed: PlaygroundState['speed'] }
  /** new optimizer settings (η, schedule, momentum, batch size, L1/L2, kind): used from the next step, nothing reset */
  | { type: 'configure'; state: PlaygroundState }
  /** set W[i][j] of dense layer `layer` (0 = first) */
  | { type: 'setWeight'; layer: number; i: number; j: number; value: number }
  /** trace one step on a sample without changing anything */
  | { type: 'explain'; sample: number }
  /** take that step */
  | { type: 'commitStep'; sample: number }
  | { type: 'export' }
  | { type: 'import'; text: string };

/** One dense layer's weights, for the network graph. */
export interface LayerWeights {
  /** inputs × units, row-major */
  W: Float32Array;
  inputs: number;
  units: number;
  b: Float32Array | null;
  activation: string;
}

/** What the page draws after a burst of training. */
export interface Snapshot {
  epoch: number;
  steps: number;
  batchInEpoch: number;
  batchesPerEpoch: number;
  train: number;
  test: number;
  lastBatchCost: number;
  lr: number;
  /** cost points added since the last snapshot (all of them after a reset) */
  history: CostPoint[];
  /** true when `history` starts afresh */
  historyReset: boolean;
  layers: LayerWeights[];
  /** per dense layer, its activations on the grid: gridSize² × units */
  grids: Float32Array[];
  gridSize: number;
  playing: boolean;
  /** optimizer steps per second over the last second of play */
  stepsPerSecond: number;
}

/** The network a loaded model file describes, in the editor's terms. */
export interface LoadedSpec {
  layers: LayerSpec[];
  outputActivation: string;
  loss: string;
  seed: number;
  l1: number;
  l2: number;
  /** the optimizer's saved config, when the file has one */
  optimizer: Record<string, unknown> | null;
  /** epochs the file's model had trained (0 when the file does not say) */
  epoch: number;
}

/** Messages from the worker to the page. */
export type ToPage =
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'trace'; sample: number; trace: StepTrace }
  | { type: 'model'; text: string }
  /** a weight was set by hand */
  | { type: 'weight'; name: string; value: number }
  | { type: 'loaded'; spec: LoadedSpec }
  | { type: 'error'; message: string };
