#!/usr/bin/env node
// Where the time of a training step (or a prediction) goes, by phase, on the WASM backend with one
// and with two threads: every backend call is timed (forward products with their fused activation,
// activation derivatives, backward products with the bias sums, optimizer updates), the rest of the
// wall time is JavaScript outside the backend (loss and its gradient, batch gathering, bookkeeping),
// and the pool counts how long the caller waited for helper threads after its own chunks.
//
//   node bench/profile.mjs [--seconds 2] [--workloads A128,A512,C,E:digits:adam:float64]
// Each (workload, threads) runs in its own child process; builds from dist/ (npm run build first).
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const PHASES = {
  denseForward: 'forward products (+ fused activation, softmax)',
  activationBackward: 'activation derivatives',
  denseBackward: 'backward products + bias sums',
  adamUpdate: 'optimizer update',
  sgdUpdate: 'optimizer update',
  gemm: 'other products',
};

async function child(workload, threads, seconds) {
  const { Dense, Matrix, Model, MLPClassifier, MLPRegressor, registerBackend, setWarningHandler } = await import('../dist/index.js');
  const { initWasmBackend } = await import('../dist/backend/wasm/index.js');
  const { readEstimatorData, writeEstimatorData } = await import('./estimators/data.mjs');
  const wasm = await initWasmBackend({ threads });
  const totals = new Map();
  const timed = new Proxy(wasm, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== 'function' || key === 'alloc' || key === 'free' || key === 'supports') return typeof value === 'function' ? value.bind(target) : value;
      const phase = PHASES[key] ?? 'other element-wise';
      return (...a) => {
        const t = performance.now();
        const r = value.apply(target, a);
        totals.set(phase, (totals.get(phase) ?? 0) + performance.now() - t);
        return r;
      };
    },
  });
  registerBackend(timed);
  setWarningHandler(() => {});
  const pool = wasm.poolProfile;
  let run;
  let units;
  let unitName;
  if (workload.startsWith('A')) {
    const batch = Number(workload.slice(1));
    const rows = 4096;
    const x = new Matrix(rows, 784, Float32Array.from({ length: rows * 784 }, (_, i) => ((i * 2654435761) % 1000) / 1000));
    const y = new Matrix(rows, 1, Float32Array.from({ length: rows }, (_, i) => i % 10));
    const model = new Model({ inputs: 784, layers: [new Dense({ units: 256, activation: 'relu' }), new Dense({ units: 128, activation: 'relu' }), new Dense({ units: 10, activation: 'softmax' })], seed: 1 });
    const fitOnce = () => model.fit(x, y, { epochs: 1, batchSize: batch, loss: 'sparseCategoricalCrossentropy', optimizer: { name: 'adam', lr: 1e-3 }, shuffle: true });
    run = fitOnce;
    units = rows / batch;
    unitName = `step (batch ${batch})`;
  } else if (workload === 'C') {
    const model = new Model({ inputs: 784, layers: [new Dense({ units: 256, activation: 'relu' }), new Dense({ units: 128, activation: 'relu' }), new Dense({ units: 10, activation: 'softmax' })], seed: 1 });
    const x = new Matrix(10_000, 784, Float32Array.from({ length: 10_000 * 784 }, (_, i) => ((i * 2654435761) % 1000) / 1000));
    run = () => model.predict(x);
    units = 10;
    unitName = 'batch of 1,024 rows';
  } else {
    const [, name, solver, dtype] = workload.split(':');
    const dir = `${os.tmpdir()}/mlpkit-profile-estimators`;
    const entry = writeEstimatorData(dir).find((e) => e.name === name);
    const data = readEstimatorData(dir, entry);
    const Est = entry.task === 'regression' ? MLPRegressor : MLPClassifier;
    let iters = 0;
    run = () => {
      const est = new Est({ solver, maxIter: 20, randomState: 0, dtype });
      est.fit(data.x, data.y);
      iters = est.nIter;
    };
    run();
    units = iters;
    unitName = `epoch/iteration (${name}, ${solver}, ${dtype})`;
  }
  run();
  totals.clear();
  Object.assign(pool, { profiling: true, jobs: 0, parallelJobs: 0, waitSeconds: 0 });
  let reps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    run();
    reps++;
  }
  const wall = performance.now() - t0;
  const per = (ms) => (ms * 1000) / (reps * units);
  const backendMs = [...totals.values()].reduce((s, v) => s + v, 0);
  const phases = Object.fromEntries([...totals].map(([k, v]) => [k, per(v)]));
  phases['JavaScript outside the backend (loss, gathering, bookkeeping)'] = per(wall - backendMs);
  return { workload, threads, unitName, microsPerUnit: per(wall), phases, waitMicros: per(pool.waitSeconds * 1000), jobsPerUnit: pool.jobs / (reps * units), parallelJobsPerUnit: pool.parallelJobs / (reps * units) };
}

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
if (args[0] === '--child') {
  console.log(JSON.stringify(await child(args[1], Number(args[2]), Number(args[3]))));
  process.exit(0);
}
const seconds = Number(option('seconds', 2));
const workloads = option('workloads', 'A128,A512,C').split(',');
const load = os.loadavg();
for (const workload of workloads) {
  const runs = [1, 2].map((threads) => {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', workload, String(threads), String(seconds)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop());
  });
  const [one, two] = runs;
  console.log(`\n${workload}: µs per ${one.unitName}; ×1 ${one.microsPerUnit.toFixed(0)}, ×2 ${two.microsPerUnit.toFixed(0)} (×2/×1 speed-up ${(one.microsPerUnit / two.microsPerUnit).toFixed(2)})`);
  console.log('| phase | ×1 µs | ×2 µs | speed-up |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const phase of Object.keys(one.phases)) {
    const a = one.phases[phase];
    const b = two.phases[phase] ?? 0;
    console.log(`| ${phase} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(a / b).toFixed(2)} |`);
  }
  console.log(`| (×2: caller waiting for helpers, inside the above) | | ${two.waitMicros.toFixed(0)} | |`);
  console.log(`jobs per unit: ${two.jobsPerUnit.toFixed(1)}, split over threads: ${two.parallelJobsPerUnit.toFixed(1)}`);
}
console.log(`\nload average ${load.map((x) => x.toFixed(2)).join(' ')} before, ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} after; ${os.cpus()[0]?.model}, ${os.availableParallelism()} cores`);
