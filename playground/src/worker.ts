/**
 * The training worker: owns the model, the optimizer and the data, trains in bursts and sends the
 * page one snapshot per drawn frame (the page acknowledges each, so the two never run ahead of each
 * other and the page never waits for training).
 */
import type { PlaneData } from './dataset.js';
import { expandFeatures } from './features.js';
import { gridInputs, layerOutputsOnGrid } from './grid.js';
import { loadForPlayground, modelFileText, savedProgress } from './model-io.js';
import { buildModel, buildOptimizer, outputChoice } from './network.js';
import { retuned } from './retune.js';
import type { LayerWeights, Snapshot, ToPage, ToWorker } from './protocol.js';
import type { PlaygroundState } from './state.js';
import { Trainer } from './trainer.js';

/** Training time per frame at the 'fast' speed, ms. */
const FAST_BUDGET_MS = 12;

const scope = self as unknown as DedicatedWorkerGlobalScope;

let state: PlaygroundState | null = null;
let data: PlaneData | null = null;
let trainer: Trainer | null = null;
/** the grid's network inputs, size² × features */
let grid: Float64Array = new Float64Array(0);
let gridSize = 50;
let playing = false;
/** the page has drawn the last snapshot and waits for the next */
let pageWaiting = true;
/** history entries already sent */
let historySent = 0;
let historyReset = true;
/** optimizer steps per second, measured over about a second of play */
let rateWindow = { start: 0, steps: 0, value: 0 };

function post(message: ToPage, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function need(): Trainer {
  if (trainer === null) throw new Error('no model yet');
  return trainer;
}

function reset(s: PlaygroundState, d: PlaneData, size: number): void {
  state = s;
  data = d;
  gridSize = size;
  grid = expandFeatures(gridInputs(d.domain, size), s.features);
  const model = buildModel(s, outputChoice(s, d.task, d.classes.length));
  trainer?.dispose();
  trainer = new Trainer(model, buildOptimizer(s), d, s.batchSize, s.features);
  historySent = 0;
  historyReset = true;
}

/** New optimizer settings (η, schedule, momentum, β, kind, batch size, L1/L2), from the next step on (see `retuned`). */
function configure(s: PlaygroundState): void {
  if (state === null || data === null) throw new Error('no model yet');
  state = { ...s, speed: state.speed };
  trainer = retuned(need(), s);
  if (!playing) send();
}

/** Trains the amount one frame shows at the current speed. */
function trainChunk(): void {
  const t = need();
  const speed = state?.speed ?? 'epoch';
  if (speed === 'batch') t.trainBatch();
  else if (speed === 'epoch') t.trainEpoch();
  else {
    const start = performance.now();
    do t.trainBatch();
    while (performance.now() - start < FAST_BUDGET_MS);
  }
  if (!Number.isFinite(t.lastBatchCost)) {
    playing = false;
    post({ type: 'error', message: `training diverged (cost ${t.lastBatchCost}); try a lower learning rate` });
  }
}

function snapshot(): Snapshot {
  const t = need();
  const model = t.model;
  const now = performance.now();
  if (now - rateWindow.start > 1000) {
    rateWindow = { start: now, steps: t.steps, value: playing ? ((t.steps - rateWindow.steps) * 1000) / Math.max(1, now - rateWindow.start) : 0 };
  }
  const layers: LayerWeights[] = model.denseLayers().map((l) => ({
    W: Float32Array.from(l.weights.value.data),
    inputs: l.weights.value.rows,
    units: l.units,
    b: l.bias === null ? null : Float32Array.from(l.bias.value.data),
    activation: l.activation.name,
  }));
  const grids = layerOutputsOnGrid(model, grid);
  const last = t.history[t.history.length - 1];
  const costs = t.history.length > 0 && last?.epoch === t.epoch && t.batchInEpoch === 0 ? { train: last.train, test: last.test } : t.costs();
  const snap: Snapshot = {
    epoch: t.epoch,
    steps: t.steps,
    batchInEpoch: t.batchInEpoch,
    batchesPerEpoch: t.batchesPerEpoch,
    train: costs.train,
    test: costs.test,
    lastBatchCost: t.lastBatchCost,
    lr: t.optimizer.stepSize,
    history: t.history.slice(historySent),
    historyReset,
    layers,
    grids,
    gridSize,
    playing,
    stepsPerSecond: rateWindow.value,
  };
  historySent = t.history.length;
  historyReset = false;
  return snap;
}

function send(): void {
  const snap = snapshot();
  pageWaiting = false;
  post({ type: 'snapshot', snapshot: snap }, [...snap.grids.map((g) => g.buffer), ...snap.layers.flatMap((l) => (l.b === null ? [l.W.buffer] : [l.W.buffer, l.b.buffer]))]);
}

/** The page is ready for a frame: send what there is, then train the next chunk while it draws. */
function onFrame(): void {
  pageWaiting = true;
  if (!playing) return;
  send();
  trainChunk();
}

function handle(msg: ToWorker): void {
  switch (msg.type) {
    case 'reset':
      playing = false;
      reset(msg.state, msg.data, msg.gridSize);
      send();
      return;
    case 'play':
      if (playing) return;
      playing = true;
      rateWindow = { start: performance.now(), steps: need().steps, value: 0 };
      trainChunk();
      if (pageWaiting) send();
      return;
    case 'pause':
      playing = false;
      send();
      return;
    case 'ack':
      onFrame();
      return;
    case 'setSpeed':
      if (state !== null) state = { ...state, speed: msg.speed };
      return;
    case 'epoch':
      playing = false;
      need().trainEpoch();
      send();
      return;
    case 'batch':
      playing = false;
      need().trainBatch();
      send();
      return;
    case 'configure':
      configure(msg.state);
      return;
    case 'setWeight': {
      const layer = need().model.denseLayers()[msg.layer];
      if (layer === undefined || msg.i >= layer.weights.value.rows || msg.j >= layer.units) throw new Error(`no weight [${msg.i}, ${msg.j}] in layer ${msg.layer + 1}`);
      // W[i][j] ← the typed value (the optimizer's state for it stays)
      layer.weights.value.data[msg.i * layer.units + msg.j] = msg.value;
      post({ type: 'weight', name: `${layer.name}/W[${msg.i + 1},${msg.j + 1}]`, value: layer.weights.value.data[msg.i * layer.units + msg.j] as number });
      send();
      return;
    }
    case 'explain':
      post({ type: 'trace', sample: msg.sample, trace: need().explain(msg.sample) });
      return;
    case 'commitStep':
      playing = false;
      need().stepOn(msg.sample);
      send();
      return;
    case 'export':
      if (state === null || data === null) throw new Error('no model yet');
      post({ type: 'model', text: modelFileText(need().model, state, data, { epoch: need().epoch, steps: need().steps, history: need().history }) });
      return;
    case 'import': {
      if (state === null || data === null) throw new Error('no data yet');
      const { model, spec } = loadForPlayground(msg.text, data, state.features.length);
      // the playground steps batch by batch: a full-batch solver saved in the file (L-BFGS) gives way to the page's optimizer
      const optimizer = model.optimizer !== null && model.optimizer.batching === 'minibatch' ? model.optimizer : buildOptimizer(state);
      playing = false;
      trainer?.dispose();
      trainer = new Trainer(model, optimizer, data, state.batchSize, state.features);
      // the epoch count and the curve go on from where the file left them
      const progress = savedProgress(msg.text);
      if (progress !== null && progress.history.length > 0) {
        trainer.epoch = progress.epoch;
        trainer.steps = progress.steps;
        const now = trainer.history[0];
        trainer.history.length = 0;
        trainer.history.push(...progress.history);
        if (now !== undefined && progress.history[progress.history.length - 1]?.epoch !== progress.epoch) trainer.history.push({ ...now, epoch: progress.epoch });
      }
      historySent = 0;
      historyReset = true;
      post({ type: 'loaded', spec });
      send();
      return;
    }
  }
}

scope.addEventListener('message', (e: MessageEvent<ToWorker>) => {
  try {
    handle(e.data);
  } catch (err) {
    playing = false;
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
});
