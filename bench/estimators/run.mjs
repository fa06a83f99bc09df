#!/usr/bin/env node
// The estimator workload: whole `fit` wall time of mlpkit's MLPClassifier / MLPRegressor (WASM
// backend in float64 — the default once initWasmBackend has run — and float32, and the reference
// backend) against scikit-learn's, with the same parameters (defaults but maxIter and the seed) on
// the same standardized data. Every runner is a child process that fits every data set with every
// solver once; rounds interleave the runners. Prints per data set and solver the median seconds,
// min–max, the iterations each ran, and mlpkit ÷ scikit-learn (≤ 1 is faster).
//
//   node bench/estimators/run.mjs [--rounds 3] [--max-iter 200] [--only wasm,scikit]
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { option, PYTHON, runRounds } from '../harness.mjs';
import { writeEstimatorData } from './data.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const rounds = Number(option('rounds', 3));
const spec = { maxIter: Number(option('max-iter', 200)), seed: 0, solvers: option('solvers', 'adam,sgd,lbfgs').split(',') };
const only = option('only', '').split(',').filter(Boolean);
const dir = join(os.tmpdir(), 'mlpkit-bench-estimators');
const manifest = writeEstimatorData(dir);
const specText = JSON.stringify(spec);
const node = (backend, dtype) => ({ cmd: process.execPath, args: [join(here, 'mlpkit.mjs'), dir, specText, backend, dtype] });
const RUNNERS = [
  { name: 'mlpkit wasm float64', ...node('wasm', 'float64') },
  { name: 'mlpkit wasm float32', ...node('wasm', 'float32') },
  { name: 'mlpkit reference float64', ...node('reference', 'float64') },
  { name: 'scikit-learn', cmd: PYTHON, args: [join(here, 'sk_fit.py'), dir, specText], python: true },
].filter((r) => only.length === 0 || only.some((o) => r.name.includes(o)));

const loadBefore = os.loadavg();
const { results, failures } = runRounds(RUNNERS, { rounds, timeout: 1_800_000 });
for (const [name, list] of Object.entries(failures)) process.stderr.write(`${name} failed: ${list.join('; ')}\n`);

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const fmt = (s) => (s >= 10 ? s.toFixed(1) : s >= 1 ? s.toFixed(2) : s.toFixed(3));
const names = RUNNERS.map((r) => r.name).filter((n) => results[n].length > 0);
const sk = 'scikit-learn';
console.log(`| data set (rows × features) | solver | ${names.map((n) => `${n} s (iterations)`).join(' | ')} | ${names.filter((n) => n !== sk).map((n) => `${n.replace('mlpkit ', '')} ÷ sklearn`).join(' | ')} |`);
console.log(`| --- | --- | ${names.map(() => '---:').join(' | ')} | ${names.filter((n) => n !== sk).map(() => '---:').join(' | ')} |`);
const ratios = Object.fromEntries(names.map((n) => [n, []]));
for (const entry of manifest) {
  for (const solver of spec.solvers) {
    const key = `${entry.name} ${solver}`;
    const cell = {};
    for (const n of names) {
      const s = results[n].map((r) => r[key].seconds);
      cell[n] = { median: median(s), min: Math.min(...s), max: Math.max(...s), nIter: results[n][0][key].nIter };
    }
    const text = names.map((n) => `${fmt(cell[n].median)} (${cell[n].nIter})${rounds > 1 ? ` [${fmt(cell[n].min)}–${fmt(cell[n].max)}]` : ''}`);
    const rel = names.filter((n) => n !== sk).map((n) => {
      if (cell[sk] === undefined) return '';
      const r = cell[n].median / cell[sk].median;
      ratios[n].push({ solver, r });
      return `${r.toFixed(2)}`;
    });
    console.log(`| ${entry.name} (${entry.rows} × ${entry.features}) | ${solver} | ${text.join(' | ')} | ${rel.join(' | ')} |`);
  }
}
for (const n of names.filter((x) => x !== sk)) {
  for (const solver of spec.solvers) {
    const rs = ratios[n].filter((x) => x.solver === solver).map((x) => x.r);
    if (rs.length > 0) console.log(`${n}, ${solver}: mlpkit ÷ scikit-learn median ${median(rs).toFixed(2)}, worst ${Math.max(...rs).toFixed(2)}`);
  }
}
console.log(`\n${rounds} rounds, maxIter ${spec.maxIter}; ${os.cpus()[0]?.model}, ${os.availableParallelism()} cores, load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')} before, ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} after`);
