// WASM memory is not garbage-collected: a disposed model and a replaced optimizer must give their
// buffers back, so that training many models in one process does not grow the memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWasmBackend } from '../../src/backend/wasm/index.js';
import { Adam, Dense as D, Model as M } from '../../src/index.js';

test('disposing models and replacing optimizers keeps WASM memory flat', async () => {
  const backend = await createWasmBackend({ threads: 1 });
  try {
    const x = Array.from({ length: 256 }, (_, i) => Array.from({ length: 64 }, (_, j) => Math.sin(i * 0.1 + j)));
    const y = x.map((r) => (r[0]! > 0 ? [1, 0] : [0, 1]));
    let after5 = 0;
    for (let round = 0; round < 30; round++) {
      const model = new M({ inputs: 64, layers: [new D({ units: 128, activation: 'relu' }), new D({ units: 2, activation: 'softmax' })], backend, seed: round });
      model.fit(x, y, { epochs: 1, batchSize: 32, optimizer: new Adam({ lr: 0.01 }) });
      model.fit(x, y, { epochs: 1, batchSize: 50, optimizer: new Adam({ lr: 0.001 }) }); // replaces the first optimizer
      model.predict(x);
      model.dispose();
      if (round === 4) after5 = backend.memoryBytes;
    }
    assert.ok(after5 > 0);
    assert.equal(backend.memoryBytes, after5, `memory grew from ${after5} to ${backend.memoryBytes} bytes`);
  } finally {
    backend.terminate();
  }
});
