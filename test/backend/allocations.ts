// Prints the JS-heap bytes (young generation) that 1,000 training steps allocate on the WASM backend (2 threads, every
// job split), after 3,000 warm-up steps: forward, cost, backward and an optimizer update, the way
// `fit` runs them; with `trainer`, 1,000 whole `Trainer` steps (gathering the shuffled batch
// too) with Adam. Usage: node --import tsx allocations.ts <adam|sgd|trainer>. Run by training.test.ts.
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import { parallelThresholds } from '../../src/backend/wasm/context.js';
import { initWasmBackend } from '../../src/backend/wasm/index.js';
import { Rng } from '../../src/core/rng.js';
import { Adam, Dense, getLoss, Matrix, Model, SGD } from '../../src/index.js';
import { trainingPasses } from '../../src/nn/passes.js';
import { Trainer } from '../../src/train/trainer.js';

const backend = await initWasmBackend({ threads: 2 });
Object.assign(parallelThresholds, { macs: 0, wakeMacs: 0, elements: 0, wakeElements: 0 });
const optimizer = process.argv[2] === 'sgd' ? new SGD({ lr: 0.05, momentum: 0.9 }) : new Adam({ lr: 1e-3 });
const model = new Model({
  inputs: 20,
  layers: [new Dense({ units: 64, activation: 'relu' }), new Dense({ units: 32, activation: 'tanh' }), new Dense({ units: 3, activation: 'softmax' })],
  seed: 3,
  backend,
});
const rng = new Rng(5);
const passes = trainingPasses(model);
const input = passes.inputBuffer(32);
for (let i = 0; i < input.data.length; i++) input.data[i] = rng.normal();
const y = backend.alloc(32, 1, 'float32');
for (let i = 0; i < 32; i++) y.data[i] = i % 3;
const loss = getLoss('sparseCategoricalCrossentropy');
const passStep = (): void => {
  passes.forwardInput(input, true);
  passes.dataCost(loss, y, null);
  passes.backpropagate(loss, y, null, false);
  optimizer.step(model);
};
// the trainer on 3,200 rows of 20 columns, batches of 32 (100 an epoch, shuffled each epoch)
const trainerStep = (): (() => void) => {
  const x = Matrix.zeros(3200, 20);
  for (let i = 0; i < x.data.length; i++) x.data[i] = rng.normal();
  const labels = Matrix.zeros(3200, 1);
  for (let i = 0; i < 3200; i++) labels.data[i] = i % 3;
  const trainer = new Trainer({ model, loss, solver: optimizer, x, y: labels, batchSize: 32, shuffle: true, rng });
  return () => void trainer.step();
};
const step = process.argv[2] === 'trainer' ? trainerStep() : passStep;
// warm-up: buffers, optimizer state, JIT
for (let i = 0; i < 3000; i++) step();
let collections = 0;
const observer = new PerformanceObserver((list) => {
  collections += list.getEntries().length;
});
observer.observe({ entryTypes: ['gc'] });
// objects a step creates land in the young generation; code the JIT installs meanwhile does not
const young = (): number => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_used_size ?? NaN;
const before = young();
for (let i = 0; i < 1000; i++) step();
const after = young();
observer.disconnect();
// without a collection in between, the growth of the young generation is everything the steps allocated
if (collections > 0) {
  console.error(`a garbage collection ran during the 1,000 steps (the heap grew ${after - before} bytes before it)`);
  process.exit(1);
}
console.log(after - before);
process.exit(0);
