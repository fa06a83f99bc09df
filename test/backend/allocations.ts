// Prints the JS-heap bytes (young generation) that 1,000 training steps allocate on the WASM backend (2 threads, every
// job split), after 3,000 warm-up steps: forward, cost, backward and an optimizer update, the way
// `fit` runs them. Usage: node --import tsx allocations.ts <adam|sgd>. Run by training.test.ts.
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import { parallelThresholds } from '../../src/backend/wasm/context.js';
import { initWasmBackend } from '../../src/backend/wasm/index.js';
import { Rng } from '../../src/core/rng.js';
import { Adam, Dense, getLoss, Model, SGD } from '../../src/index.js';
import { trainingPasses } from '../../src/nn/passes.js';

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
const step = (): void => {
  passes.forwardInput(input, true);
  passes.dataCost(loss, y, null);
  passes.backpropagate(loss, y, null, false);
  optimizer.step(model);
};
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
