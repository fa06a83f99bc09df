// Whole `fit` calls of mlpkit's MLPClassifier / MLPRegressor on every data set and solver, timed in
// this process, printed as one JSON line. Usage: node mlpkit.mjs <data dir> <spec JSON> <backend> <dtype>
// backend: 'wasm' (initWasmBackend() first, so 'auto' picks it, as for a user who calls it) or 'reference'.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MLPClassifier, MLPRegressor, setWarningHandler } from '../../dist/index.js';
import { initWasmBackend } from '../../dist/backend/wasm/index.js';
import { readEstimatorData } from './data.mjs';

const [dir, specText, backend, dtype] = process.argv.slice(2);
const spec = JSON.parse(specText);
if (backend === 'wasm') await initWasmBackend();
setWarningHandler(() => {});
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const now = () => performance.now() / 1000;

const fit = (entry, data, solver) => {
  const Est = entry.task === 'regression' ? MLPRegressor : MLPClassifier;
  const est = new Est({ solver, maxIter: spec.maxIter, randomState: spec.seed, dtype });
  const t = now();
  est.fit(data.x, data.y);
  return { seconds: now() - t, nIter: est.nIter };
};

const result = {};
// warm-up: one short fit of each solver (JIT), as a user's first fit in a process is not timed here either
const warm = manifest.find((e) => e.name === 'iris') ?? manifest[0];
const warmData = readEstimatorData(dir, warm);
for (const solver of spec.solvers) fit(warm, warmData, solver);
for (const entry of manifest) {
  const data = readEstimatorData(dir, entry);
  for (const solver of spec.solvers) result[`${entry.name} ${solver}`] = fit(entry, data, solver);
}
console.log(JSON.stringify(result));
process.exit(0);
