// Whole training runs on every backend: the same data, seed and initial weights must end with the
// same accuracy as the reference backend (within tolerances.ts's TRAINING), and a training step on the
// WASM backend must allocate (almost) nothing on the JavaScript heap once its buffers exist.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import type { Backend } from '../../src/backend/backend.js';
import { ReferenceBackend } from '../../src/backend/reference.js';
import { Matrix } from '../../src/core/matrix.js';
import { Rng } from '../../src/core/rng.js';
import { Adam, Dense, Model, RMSprop, SGD, type ActivationSpec, type AnyOptimizer } from '../../src/index.js';
import { initWasmBackend } from '../../src/backend/wasm/index.js';
import { FAST_BACKENDS } from './backends.js';
import { TRAINING } from './tolerances.js';

/** Three interleaved spiral arms in 2-D, plus `extra` noise features: a task a small MLP learns well but not trivially. */
function spirals(rows: number, extra: number, seed: number): { x: Matrix; y: Matrix } {
  const rng = new Rng(seed);
  const x = Matrix.zeros(rows, 2 + extra);
  const y = Matrix.zeros(rows, 1);
  for (let i = 0; i < rows; i++) {
    const arm = i % 3;
    const r = rng.uniform();
    const t = 3.5 * r + (arm * 2 * Math.PI) / 3 + rng.normal(0, 0.15);
    x.set(i, 0, r * Math.cos(t));
    x.set(i, 1, r * Math.sin(t));
    for (let j = 0; j < extra; j++) x.set(i, 2 + j, rng.normal(0, 0.3));
    y.data[i] = arm;
  }
  return { x, y };
}

function accuracy(model: Model, x: Matrix, y: Matrix): number {
  const classes = model.predictClasses(x);
  let right = 0;
  for (let i = 0; i < classes.length; i++) if (classes[i] === y.data[i]) right++;
  return right / classes.length;
}

interface Run {
  hidden: ActivationSpec;
  optimizer: () => AnyOptimizer;
  batchSize: number;
  epochs: number;
}

const RUNS: Run[] = [
  { hidden: 'relu', optimizer: () => new Adam({ lr: 0.01 }), batchSize: 32, epochs: 40 },
  { hidden: 'tanh', optimizer: () => new SGD({ lr: 0.1, momentum: 0.9 }), batchSize: 16, epochs: 40 },
  { hidden: 'sigmoid', optimizer: () => new RMSprop({ lr: 0.01 }), batchSize: 64, epochs: 60 },
];

function train(backend: Backend, run: Run, data: { x: Matrix; y: Matrix }): { model: Model; cost: number } {
  const model = new Model({
    inputs: data.x.cols,
    layers: [new Dense({ units: 32, activation: run.hidden }), new Dense({ units: 16, activation: run.hidden }), new Dense({ units: 3, activation: 'softmax' })],
    seed: 7,
    backend,
  });
  const history = model.fit(data.x, data.y, {
    epochs: run.epochs,
    batchSize: run.batchSize,
    loss: 'sparseCategoricalCrossentropy',
    optimizer: run.optimizer(),
  });
  return { model, cost: (history.epochs[history.epochs.length - 1] as { cost: number }).cost };
}

const reference = new ReferenceBackend();
const data = spirals(600, 3, 11);
const test = spirals(300, 3, 12);

for (const config of FAST_BACKENDS) {
  describe(`training conformance: ${config.label}`, () => {
    let fast: Backend;
    before(async () => {
      fast = await config.setup();
    });

    for (const run of RUNS) {
      it(`${run.hidden} + ${run.optimizer().constructor.name}: same accuracy and cost as the reference`, () => {
        const ref = train(reference, run, data);
        const got = train(fast, run, data);
        const refAcc = accuracy(ref.model, test.x, test.y);
        const gotAcc = accuracy(got.model, test.x, test.y);
        assert.ok(refAcc > 0.6, `the reference learns the task (test accuracy ${refAcc})`);
        assert.ok(Math.abs(gotAcc - refAcc) <= TRAINING.accuracy, `test accuracy ${gotAcc} vs reference ${refAcc}`);
        assert.ok(Math.abs(got.cost - ref.cost) <= TRAINING.costAbs + TRAINING.costRel * ref.cost, `final cost ${got.cost} vs reference ${ref.cost}`);
      });
    }
  });
}

describe('training step allocations (wasm backend)', () => {
  // measured in a fresh process (allocations.ts): call sites that have seen several backends or
  // optimizers in one process (as in the other tests) are compiled less tightly and box doubles,
  // ≈ 300 B a step; a program training with one backend and one optimizer allocates nothing
  const measure = (optimizer: 'adam' | 'sgd' | 'trainer'): number => {
    const script = fileURLToPath(new URL('./allocations.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', script, optimizer], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    return Number(run.stdout.trim().split('\n').pop());
  };

  // No buffers, views or argument objects per step: at most a few boxed doubles (a cost returned from
  // a function that is not inlined is one 16-byte heap number), so under 64 bytes a step.
  it('1,000 steps of forward, cost, backward and Adam allocate (almost) nothing on the JS heap', () => {
    const grown = measure('adam');
    assert.ok(grown < 64 * 1000, `1,000 steps allocated ${grown} bytes on the JS heap (${(grown / 1000).toFixed(1)} per step)`);
  });

  it('1,000 steps with SGD + momentum allocate (almost) nothing on the JS heap', () => {
    const grown = measure('sgd');
    assert.ok(grown < 64 * 1000, `1,000 steps allocated ${grown} bytes on the JS heap (${(grown / 1000).toFixed(1)} per step)`);
  });

  // A whole Trainer step returns its records (the step, the solver's outcome: ≈ 520 bytes); the
  // batch's rows are gathered without a view per row (20 columns: element by element), and the
  // gathering of the next batch beside the helpers reuses its task (it was 3.6 KB a step before).
  it('1,000 Trainer steps (gathering included) allocate only the steps’ records', () => {
    const grown = measure('trainer');
    assert.ok(grown < 640 * 1000, `1,000 steps allocated ${grown} bytes on the JS heap (${(grown / 1000).toFixed(1)} per step)`);
  });
});

describe('a fit keeps its buffers in backend memory (wasm backend)', () => {
  // The weights a diverged or interrupted fit falls back on are copies of every parameter: on the
  // JavaScript heap (float64) they were two new 10 MB arrays per fit of this model, garbage after it,
  // which raised the peak RSS of repeated fits (bench D) by a tenth.
  it('a second fit of a 1.3M-parameter model allocates no parameter-sized array buffers', async () => {
    const backend = await initWasmBackend({ threads: 1 });
    const model = new Model({ inputs: 256, layers: [new Dense({ units: 1024, activation: 'relu' }), new Dense({ units: 1024, activation: 'relu' }), new Dense({ units: 4, activation: 'softmax' })], seed: 3, backend });
    const params = model.parameters().reduce((s, p) => s + p.value.size, 0);
    const rng = new Rng(5);
    const x = Matrix.zeros(64, 256);
    for (let i = 0; i < x.data.length; i++) x.data[i] = rng.normal(0, 1);
    const y = Matrix.zeros(64, 1);
    for (let i = 0; i < 64; i++) y.data[i] = i % 4;
    const options = { epochs: 2, batchSize: 32, loss: 'sparseCategoricalCrossentropy' as const, optimizer: 'sgd' as const };
    model.fit(x, y, options);
    // collect what the first fit left behind, so that `before` counts live buffers only
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    const before = process.memoryUsage().arrayBuffers;
    let during = 0;
    model.fit(x, y, { ...options, callbacks: { onEpochEnd: () => void (during = Math.max(during, process.memoryUsage().arrayBuffers)) } });
    const grown = during - before;
    assert.ok(grown < params, `a fit of ${params} parameters holds ${grown} more bytes of array buffers while it runs`);
  });
});

describe('the next batch gathered beside the helpers (wasm backend, 2 threads)', () => {
  // The trainer hands the gathering of batch b + 1 to the backend, which does it on the calling
  // thread while the helpers start step b's first parallel product. The data must be the same as
  // when each batch is gathered at its step: bit for bit the same weights.
  it('trains to the same weights as gathering each batch at its step, and the pool did the gathering', async () => {
    const wasm = await (FAST_BACKENDS[1] as (typeof FAST_BACKENDS)[number]).setup();
    let handed = 0;
    let ranInPool = 0;
    const counting: Backend = Object.create(wasm, {
      besideNextJob: {
        value: (task: { run(): void }) => {
          handed++;
          return wasm.besideNextJob!({ run: () => ((ranInPool += 1), task.run()) });
        },
      },
    });
    const withoutOverlap: Backend = Object.create(wasm, { besideNextJob: { value: undefined } });
    const data = spirals(300, 5, 21);
    const weights = (backend: Backend): number[] => {
      const model = new Model({ inputs: 7, layers: [new Dense({ units: 32, activation: 'relu' }), new Dense({ units: 3, activation: 'softmax' })], seed: 4, backend });
      model.fit(data.x, data.y, { epochs: 3, batchSize: 32, loss: 'sparseCategoricalCrossentropy', optimizer: new Adam({ lr: 0.01 }) });
      return model.parameters().flatMap((p) => Array.from(p.value.data));
    };
    const overlapped = weights(counting);
    const plain = weights(withoutOverlap);
    // 10 batches an epoch: batches 1 … 9 are gathered beside the step before
    assert.equal(handed, 3 * 9);
    assert.ok(ranInPool > 0, 'the pool ran no gathering');
    assert.deepEqual(overlapped, plain);
  });
});
