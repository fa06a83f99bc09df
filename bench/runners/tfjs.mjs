// Runs every workload on TensorFlow.js (4.22) with the 'cpu' or 'wasm' backend and prints one JSON line.
// Usage: node runners/tfjs.mjs <data dir> <cpu|wasm>
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { readData } from '../data.mjs';
import { A, B, B_STEPS, C, GEMMS, gflops, latency, medianSeconds, now, peakRssMiB, trainingThroughput } from '../workloads.mjs';

const [dir, backend] = process.argv.slice(2);
if (backend === 'wasm') {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
}
await tf.setBackend(backend);
await tf.ready();
const data = readData(dir);
const result = { A: {}, B: {}, C: {}, D: {}, gemm: {} };

function network(spec, output, optimizer) {
  const model = tf.sequential();
  spec.hidden.forEach((units, i) => model.add(tf.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: [spec.inputs] } : {}) })));
  model.add(tf.layers.dense({ units: output, activation: 'softmax' }));
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' });
  return model;
}

// A: training throughput
const xA = tf.tensor2d(data.a.x, [A.rows, A.inputs]);
const yA = tf.tensor1d(Float32Array.from(data.a.y));
let trained = null;
for (const batch of A.batches) {
  const model = network(A, A.classes, tf.train.adam(A.lr));
  result.A[batch] = await trainingThroughput(
    async (rows, epochs) => {
      const x = rows === A.rows ? xA : xA.slice(0, rows);
      const y = rows === A.rows ? yA : yA.slice(0, rows);
      await model.fit(x, y, { batchSize: batch, epochs, shuffle: true, verbose: 0 });
      if (x !== xA) tf.dispose([x, y]);
    },
    A.rows,
    batch,
  );
  if (batch === 128) trained = model;
}
result.D.peakRssMiB = peakRssMiB();

// B: the tiny network, 200 epochs of SGD
const xB = tf.tensor2d(data.b.x, [B.rows, B.inputs]);
const yB = tf.tensor1d(Float32Array.from(data.b.y));
const tiny = network(B, B.classes, tf.train.sgd(B.lr));
await tiny.fit(xB, yB, { batchSize: B.batch, epochs: B.epochs, shuffle: true, verbose: 0 });
const seconds = await medianSeconds(() => tiny.fit(xB, yB, { batchSize: B.batch, epochs: B.epochs, shuffle: true, verbose: 0 }));
result.B.stepsPerSecond = B_STEPS / seconds;
result.B.samplesPerSecond = (B.epochs * B.rows) / seconds;

// C: prediction
// a slow backend predicts 2 batches of the 10,000 rows (rows/s is the same, the run much shorter)
const probe = tf.tensor2d(data.c.x.subarray(0, C.batch * A.inputs), [C.batch, A.inputs]);
let t0 = now();
tf.tidy(() => trained.predict(probe, { batchSize: C.batch })).dataSync();
tf.tidy(() => trained.predict(probe, { batchSize: C.batch })).dataSync();
const rowsC = (now() - t0) / 2 > 0.05 ? 2 * C.batch : C.rows;
const xC = tf.tensor2d(data.c.x.subarray(0, rowsC * A.inputs), [rowsC, A.inputs]);
result.C.rowsPerSecond = rowsC / (await latency(() => tf.tidy(() => trained.predict(xC, { batchSize: C.batch })).dataSync()));
const row = tf.tensor2d(data.c.x.slice(0, A.inputs), [1, A.inputs]);
result.C.latencyMicros = 1e6 * (await latency(() => { const p = trained.predict(row); p.dataSync(); p.dispose(); }));
const tinyRow = tf.tensor2d(data.b.x.slice(0, B.inputs), [1, B.inputs]);
result.C.tinyLatencyMicros = 1e6 * (await latency(() => { const p = tiny.predict(tinyRow); p.dataSync(); p.dispose(); }));

// GEMM: tf.matMul, result read back
for (const g of GEMMS) {
  const a = tf.fill([g.m, g.k], 0.5);
  const b = tf.fill([g.k, g.n], 0.25);
  result.gemm[g.name] = await gflops(() => { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); }, g.m, g.k, g.n);
}
result.info = { backend: tf.getBackend() };
console.log(JSON.stringify(result));
process.exit(0);
