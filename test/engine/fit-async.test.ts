import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, Dense, Model, SGD, type EpochLog } from '../../src/index.js';

/**
 * `fitAsync` runs the same loop as `fit` but lets the event loop run between steps, awaits async
 * callbacks and stops on an AbortSignal with the last complete epoch's weights.
 */

const x = Array.from({ length: 400 }, (_, i) => [Math.sin(i * 0.37), Math.cos(i * 0.71), Math.sin(i * 0.13)]);
const y = x.map((r) => [r[0]! * r[1]! + 0.3 * r[2]!]);

function model(): Model {
  return new Model({ inputs: 3, layers: [new Dense({ units: 64, activation: 'tanh' }), new Dense({ units: 64, activation: 'tanh' }), new Dense({ units: 1 })], loss: 'mse', seed: 3 });
}

function weights(m: Model): number[][] {
  return m.parameters().map((p) => Array.from(p.value.data));
}

test('fitAsync lets timers run during training (fit does not) and ends where fit ends', async () => {
  const options = { optimizer: new SGD({ lr: 0.05 }), epochs: 30, batchSize: 4 };
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  try {
    const sync = model();
    sync.fit(x, y, { ...options, optimizer: new SGD({ lr: 0.05 }) });
    const duringFit = ticks;
    assert.equal(duringFit, 0, 'a synchronous fit blocks the event loop');
    const started = performance.now();
    const asyncModel = model();
    const h = await asyncModel.fitAsync(x, y, options);
    const ms = performance.now() - started;
    assert.equal(h.stopReason, 'completed');
    // the event loop ran during training (fitAsync yields between steps once 20 ms have passed; no
    // timing bound is asserted, the machine may be busy)
    assert.ok(ticks >= 3, `${ticks} timer ticks in ${ms.toFixed(0)} ms of fitAsync`);
    assert.deepEqual(weights(asyncModel), weights(sync), 'fitAsync trains exactly as fit does');
  } finally {
    clearInterval(timer);
  }
});

test('fitAsync yields within a long epoch, between its steps', async () => {
  // one epoch of 100 steps, each followed by a callback that spins for 1 ms: the epoch lasts at least
  // 100 ms whatever the machine, so a loop that yields every 20 ms must let the event loop run at
  // least 4 times inside it (any 21 consecutive steps span more than 20 ms); 2 are asserted
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const ticksAtBatch: number[] = [];
  try {
    const h = await model().fitAsync(x.slice(0, 200), y.slice(0, 200), {
      optimizer: new SGD({ lr: 0.05 }),
      epochs: 1,
      batchSize: 2,
      callbacks: {
        onBatchEnd: () => {
          ticksAtBatch.push(ticks);
          const until = performance.now() + 1;
          while (performance.now() < until);
        },
      },
    });
    assert.equal(h.epochs.length, 1);
  } finally {
    clearInterval(timer);
  }
  assert.equal(ticksAtBatch.length, 100);
  const inside = ticksAtBatch[99]! - ticksAtBatch[0]!;
  assert.ok(inside >= 2, `the event loop ran ${inside} times between the first and the last step of the epoch`);
});

test('fitAsync awaits an async onEpochEnd, and its false stops training', async () => {
  const seen: number[] = [];
  const h = await model().fitAsync(x, y, {
    epochs: 20,
    callbacks: {
      onEpochEnd: async (log: EpochLog) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        seen.push(log.epoch);
        return log.epoch < 2;
      },
    },
  });
  assert.deepEqual(seen, [0, 1, 2]);
  assert.equal(h.epochs.length, 3);
  assert.equal(h.stopReason, 'callback');
});

test('fit refuses an async onEpochEnd instead of ignoring its answer', () => {
  assert.throws(() => model().fit(x, y, { epochs: 3, callbacks: { onEpochEnd: async () => false } }), (e: unknown) => e instanceof ConfigError && /fitAsync/.test((e as Error).message));
});

test('aborting mid-epoch stops cleanly with the weights of the last complete epoch', async () => {
  const m = model();
  const controller = new AbortController();
  let atEpochEnd: number[][] = [];
  const h = await m.fitAsync(x, y, {
    epochs: 50,
    batchSize: 8,
    signal: controller.signal,
    callbacks: {
      onEpochEnd: () => void (atEpochEnd = weights(m)),
      // abort in the middle of the fourth epoch (epoch index 3)
      onBatchEnd: (b) => {
        if (b.epoch === 3 && b.batch === 20) controller.abort();
      },
    },
  });
  assert.equal(h.stopReason, 'aborted');
  assert.equal(h.epochs.length, 3);
  assert.deepEqual(weights(m), atEpochEnd, 'the model holds the end of epoch 3');
  // an already-aborted signal trains nothing
  const before = weights(m);
  const none = await m.fitAsync(x, y, { epochs: 5, signal: AbortSignal.abort() });
  assert.deepEqual([none.stopReason, none.epochs.length], ['aborted', 0]);
  assert.deepEqual(weights(m), before);
});

test('a timer can abort fitAsync mid-run (the loop yields, so the abort is seen)', async () => {
  const m = model();
  const controller = new AbortController();
  let epochsSeen = 0;
  let atEpochEnd: number[][] = weights(m);
  setTimeout(() => controller.abort(), 30);
  const h = await m.fitAsync(x, y, {
    epochs: 100000,
    batchSize: 4,
    signal: controller.signal,
    callbacks: { onEpochEnd: () => void ((atEpochEnd = weights(m)), epochsSeen++) },
  });
  assert.equal(h.stopReason, 'aborted');
  assert.ok(h.epochs.length < 100000);
  assert.equal(h.epochs.length, epochsSeen);
  assert.deepEqual(weights(m), atEpochEnd);
});
