#!/usr/bin/env node
// The benchmark: mlpkit (each backend and thread count) against TensorFlow.js (cpu, wasm), brain.js,
// and — where Debian's python3-torch / python3-sklearn are present — PyTorch, scikit-learn and numpy's
// OpenBLAS, on the same synthetic data. Every runner is a child process that runs every workload once
// and prints JSON; rounds interleave the runners (each round in a rotated order), and the table gives
// the median over rounds, min–max, and ratios. Writes bench/results.json.
//
//   npm run bench                 (build, then 3 rounds)
//   node bench/run.mjs --rounds 5 --seconds 1.5 --only mlpkit,tfjs
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeData } from './data.mjs';
import { option, PYTHON, runRounds } from './harness.mjs';
import { A, B, C, GEMMS, TARGET_SECONDS } from './workloads.mjs';
import { evaluateTargets, formatTable, METRICS, summarize } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const rounds = Number(option('rounds', process.env.BENCH_ROUNDS ?? 3));
const seconds = Number(option('seconds', TARGET_SECONDS));
const only = option('only', '').split(',').filter(Boolean);

const dataDir = join(os.tmpdir(), 'mlpkit-bench-data');
writeData(dataDir);
const spec = JSON.stringify({ A, B, C, GEMMS, TARGET_SECONDS: seconds });
const node = (script, ...rest) => ({ cmd: process.execPath, args: ['--expose-gc', join(here, 'runners', script), dataDir, ...rest] });
const python = (lib, env = {}) => ({ cmd: PYTHON, args: [join(here, 'runners', 'peers.py'), dataDir, lib, spec], env, python: true });
const threads = Math.min(16, os.availableParallelism());
// OpenBLAS as this machine's environment configures it, and with the AVX2 (Haswell) kernel forced
const blasEnv = { OPENBLAS_CORETYPE: 'Haswell' };

const RUNNERS = [
  { name: `mlpkit wasm ×${threads}`, ...node('mlpkit.mjs', 'wasm', String(threads)) },
  ...(threads > 1 ? [{ name: 'mlpkit wasm ×1', ...node('mlpkit.mjs', 'wasm', '1') }] : []),
  { name: 'mlpkit reference', ...node('mlpkit.mjs', 'reference') },
  { name: 'tfjs wasm', ...node('tfjs.mjs', 'wasm') },
  { name: 'tfjs cpu', ...node('tfjs.mjs', 'cpu') },
  { name: 'brain.js', ...node('brain.mjs') },
  { name: 'pytorch', ...python('torch') },
  { name: 'scikit-learn', ...python('sklearn') },
  { name: 'numpy openblas (env)', ...python('numpy') },
  { name: 'numpy openblas (Haswell)', ...python('numpy', blasEnv) },
].filter((r) => only.length === 0 || only.some((o) => r.name.includes(o)));

const loadBefore = os.loadavg();
const started = Date.now();
const { results, skipped, failures } = runRounds(RUNNERS, { rounds, timeout: 240_000, env: { BENCH_SECONDS: String(seconds) } });

const summary = summarize(results);
const reference = RUNNERS[0]?.name ?? '';
const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.availableParallelism(),
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  loadAverageBefore: loadBefore.map((x) => Number(x.toFixed(2))),
  loadAverageAfter: os.loadavg().map((x) => Number(x.toFixed(2))),
};
const targets = evaluateTargets(summary, reference);
const table = formatTable(summary, reference, RUNNERS.map((r) => r.name), skipped, targets);
console.log(table);
console.log(`\n${rounds} rounds, ${seconds} s per measurement, ${((Date.now() - started) / 1000).toFixed(0)} s in all; ` +
  `${machine.cpu}, ${machine.cores} cores, load average ${machine.loadAverageBefore.join(' ')} before, ${machine.loadAverageAfter.join(' ')} after`);
for (const [name, list] of Object.entries(failures)) console.log(`failed: ${name}: ${list.join('; ')}`);
writeFileSync(join(here, 'results.json'), JSON.stringify({ date: new Date().toISOString(), machine, rounds, seconds, metrics: METRICS, runners: results, summary, skipped, failures, targets }, null, 2));
