// Runs every workload on mlpkit (from the build in dist/) with one backend configuration and prints
// the results as one JSON line. Usage: node runners/mlpkit.mjs <data dir> <backend> [threads]
import { Dense, Matrix, Model } from '../../dist/index.js';
import { initWasmBackend } from '../../dist/backend/wasm/index.js';
import { readData } from '../data.mjs';
import { A, B, B_STEPS, C, GEMMS, gflops, latency, medianSeconds, peakRssMiB, trainingThroughput } from '../workloads.mjs';

const [dir, backend, threadsArg] = process.argv.slice(2);
const threads = Number(threadsArg ?? 1);
let wasm = null;
if (backend === 'wasm') wasm = await initWasmBackend({ threads });
const data = readData(dir);
const result = { A: {}, B: {}, C: {}, D: {}, gemm: {} };

const labels = (y) => new Matrix(y.length, 1, Float32Array.from(y));
const network = (spec, output) =>
  new Model({
    inputs: spec.inputs,
    layers: [...spec.hidden.map((units) => new Dense({ units, activation: 'relu' })), new Dense({ units: output, activation: 'softmax' })],
    seed: 1,
    backend,
  });
const loss = 'sparseCategoricalCrossentropy';

// A: training throughput at each batch size
const xA = new Matrix(A.rows, A.inputs, data.a.x);
const yA = labels(data.a.y);
let trained = null;
for (const batch of A.batches) {
  const model = network(A, A.classes);
  model.fit(xA.topRows(batch), yA.topRows(batch), { epochs: 1, batchSize: batch, loss, optimizer: { name: 'adam', lr: A.lr } });
  result.A[batch] = await trainingThroughput(
    (rows, epochs) => model.fit(xA.topRows(rows), yA.topRows(rows), { epochs, batchSize: batch, loss, shuffle: true }),
    A.rows,
    batch,
  );
  if (batch === 128) trained = model;
}
// D: peak memory of the process after training A
result.D.peakRssMiB = peakRssMiB();

// B: the tiny network, SGD, whole 200-epoch runs
const xB = new Matrix(B.rows, B.inputs, data.b.x);
const yB = labels(data.b.y);
const tiny = network(B, B.classes);
tiny.fit(xB, yB, { epochs: B.epochs, batchSize: B.batch, loss, optimizer: { name: 'sgd', lr: B.lr } });
const seconds = await medianSeconds(() => tiny.fit(xB, yB, { epochs: B.epochs, batchSize: B.batch, loss, shuffle: true }));
result.B.stepsPerSecond = B_STEPS / seconds;
result.B.samplesPerSecond = (B.epochs * B.rows) / seconds;

// C: batch prediction and single-row latency
const xC = new Matrix(C.rows, A.inputs, data.c.x);
result.C.rowsPerSecond = C.rows / (await latency(() => trained.predict(xC)));
const row = new Matrix(1, A.inputs, data.c.x.slice(0, A.inputs));
result.C.latencyMicros = 1e6 * (await latency(() => trained.predict(row)));
const tinyRow = new Matrix(1, B.inputs, data.b.x.slice(0, B.inputs));
result.C.tinyLatencyMicros = 1e6 * (await latency(() => tiny.predict(tinyRow)));

// GEMM: the backend's product kernel on backend-allocated matrices
const be = trained.backend;
for (const g of GEMMS) {
  if (backend === 'reference' && g.m > 512) continue;
  const a = be.alloc(g.m, g.k, 'float32');
  const b = be.alloc(g.k, g.n, 'float32');
  const c = be.alloc(g.m, g.n, 'float32');
  a.data.fill(0.5);
  b.data.fill(0.25);
  result.gemm[g.name] = await gflops(() => be.gemm(a, b, c), g.m, g.k, g.n);
}
result.info = wasm === null ? { backend } : { backend, threads: wasm.threads, relaxedSimd: wasm.relaxedSimd, sharedMemory: wasm.sharedMemory };
console.log(JSON.stringify(result));
process.exit(0);
