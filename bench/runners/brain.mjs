// Runs the workloads on brain.js (1.6.1, pure JS, one sample at a time) and prints one JSON line.
// brain.js has no batches, no Adam and sigmoid outputs: it trains its own way (online SGD with
// momentum, learning rate as given) on the same data, which is how its users run it.
// Usage: node runners/brain.mjs <data dir>
import brain from 'brain.js';
import { readData } from '../data.mjs';
import { A, B, C, latency, medianSeconds, peakRssMiB, trainingThroughput } from '../workloads.mjs';

const [dir] = process.argv.slice(2);
const data = readData(dir);
const result = { A: {}, B: {}, C: {}, D: {}, gemm: {} };

function samples(x, y, inputs, classes, rows) {
  const out = [];
  for (let i = 0; i < rows; i++) {
    const target = new Array(classes).fill(0);
    target[y[i]] = 1;
    out.push({ input: Array.from(x.subarray(i * inputs, (i + 1) * inputs)), output: target });
  }
  return out;
}

const trainOptions = (lr, iterations) => ({ iterations, errorThresh: 1e-12, learningRate: lr, log: false });

// A: brain.js updates after every sample, so every batch size is the same run
const setA = samples(data.a.x, data.a.y, A.inputs, A.classes, A.rows);
const netA = new brain.NeuralNetwork({ hiddenLayers: A.hidden, activation: 'relu' });
const rate = await trainingThroughput((rows, epochs) => netA.train(setA.slice(0, rows), trainOptions(A.lr, epochs)), A.rows, 32);
for (const batch of A.batches) result.A[batch] = rate;
result.D.peakRssMiB = peakRssMiB();

// B: 150 samples × 200 iterations, one update per sample
const setB = samples(data.b.x, data.b.y, B.inputs, B.classes, B.rows);
const netB = new brain.NeuralNetwork({ hiddenLayers: B.hidden, activation: 'relu' });
netB.train(setB, trainOptions(B.lr, B.epochs));
const seconds = await medianSeconds(() => netB.train(setB, trainOptions(B.lr, B.epochs)));
result.B.stepsPerSecond = (B.epochs * B.rows) / seconds;
result.B.samplesPerSecond = (B.epochs * B.rows) / seconds;

// C: brain.js predicts one row per call
const rowsC = Array.from({ length: 512 }, (_, i) => Array.from(data.c.x.subarray(i * A.inputs, (i + 1) * A.inputs)));
result.C.rowsPerSecond = rowsC.length / (await latency(() => { for (const r of rowsC) netA.run(r); }));
result.C.latencyMicros = 1e6 * (await latency(() => netA.run(rowsC[0])));
const tinyRow = Array.from(data.b.x.subarray(0, B.inputs));
result.C.tinyLatencyMicros = 1e6 * (await latency(() => netB.run(tinyRow)));
result.info = { note: 'one sample at a time; A is the same run for every batch size' };
console.log(JSON.stringify(result));
process.exit(0);
