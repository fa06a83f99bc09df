/**
 * A seeded mutation fuzzer over the model format (issue 14): 1,200 mutants of a trained model
 * file (structure and text), each given to `summary` and to one of `predict`, `evaluate`, `export`,
 * in-process (a worker thread) with a time limit. It fails on a crash or an internal error, a stack
 * trace, a hang, an exit code other than 0 or 4 for the model (3 is a fair answer from predict and
 * evaluate when a valid mutant no longer fits the data), a command accepting a file that summary
 * refuses, or NaN/Infinity printed from an accepted file.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { test, type TestContext } from 'node:test';
import { DATA, mlpkit, tempDir } from './helpers.js';
import type { Outcome } from './model-fuzz-worker.js';

const MUTATIONS = 1200;
const SEED = 14;
const BINNED_MUTATIONS = 300;
/** No mutation may take longer than this (a hang), however busy the machine. */
const PER_MUTATION_MS = 15_000;

/** Runs `mutations` seeded mutations of `model` (predict and evaluate read `data` in `dir`) and checks every outcome. */
async function fuzz(t: TestContext, dir: string, model: string, data: string, mutations: number, seed: number): Promise<void> {
  const failures: string[] = [];
  const counts = new Map<number, number>();
  let done = 0;
  await new Promise<void>((resolve, reject) => {
    // a worker does not inherit the tsx loader: register it, then load the TypeScript worker
    const url = new URL('./model-fuzz-worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(url)}); });`;
    const worker = new Worker(boot, { eval: true, workerData: { dir, model, data, seed, mutations } });
    let timer = setTimeout(() => undefined, 0);
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        failures.push(`hang: mutation ${done} took over ${PER_MUTATION_MS} ms`);
        void worker.terminate().then(() => resolve());
      }, PER_MUTATION_MS);
    };
    arm();
    worker.on('message', (o: Outcome) => {
      done = o.index + 1;
      arm();
      const [summary, other] = o.runs as [Outcome['runs'][number], Outcome['runs'][number]];
      for (const r of o.runs) {
        counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
        const where = `mutation ${o.index} (${o.mutation}), mlpkit ${r.args[0]}: exit ${r.code}: ${r.stderr.slice(0, 300)}`;
        const allowed = r.args[0] === 'summary' || r.args[0] === 'export' ? [0, 4] : [0, 3, 4];
        if (!allowed.includes(r.code)) failures.push(where);
        if (/\n\s+at |internal error|THROWN/.test(r.stderr)) failures.push(`stack or internal error: ${where}`);
        if (r.code === 0 && /\bNaN\b|Infinity/.test(r.stdout)) failures.push(`NaN printed from an accepted file: ${where}`);
      }
      if (summary.code === 4 && other.code === 0) failures.push(`summary refuses but ${other.args[0]} accepts: mutation ${o.index} (${o.mutation}): ${summary.stderr}`);
      if (summary.code === 0 && other.code === 4) failures.push(`summary accepts but ${other.args[0]} refuses: mutation ${o.index} (${o.mutation}): ${other.stderr}`);
    });
    worker.on('error', reject);
    worker.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  t.diagnostic(`exit codes over ${mutations} mutations × 2 commands: ${JSON.stringify(Object.fromEntries(counts))}`);
  assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failures`);
  assert.equal(done, mutations, 'every mutation ran');
  // the mutants reach both outcomes: refused files and accepted ones
  assert.ok((counts.get(4) ?? 0) > mutations / 4, `refused: ${JSON.stringify([...counts])}`);
  assert.ok((counts.get(0) ?? 0) > mutations / 10, `accepted: ${JSON.stringify([...counts])}`);
}

test(`model-file fuzzer: ${MUTATIONS} seeded mutations, in-process`, { timeout: 240_000 }, async (t) => {
  const dir = await tempDir();
  await writeFile(join(dir, 'iris.csv'), await readFile(join(DATA, 'iris.csv')));
  const trained = await mlpkit(['train', 'iris.csv', '--epochs', '3', '--layers', '6,4:tanh', '--out', 'm.json', '-q'], dir);
  assert.equal(trained.code, 0, trained.stderr);
  await fuzz(t, dir, await readFile(join(dir, 'm.json'), 'utf8'), 'iris.csv', MUTATIONS, SEED);
});

/** 1,250 rows: a and b continuous (one a missing), c 0/1, and a class y; train gives a and b bins and a an indicator. */
function binnedCsv(): string {
  const lines = ['a,b,c,y'];
  for (let i = 0; i < 1250; i++) lines.push(`${i === 7 ? '' : ((i * 37) % 1000) / 250 - 2},${((i * 91) % 777) / 777},${i % 3 === 0 ? 1 : 0},${['low', 'mid', 'high'][(i * 13) % 3]}`);
  return `${lines.join('\n')}\n`;
}

test(`model-file fuzzer: ${BINNED_MUTATIONS} seeded mutations of a model with bins and an indicator`, { timeout: 240_000 }, async (t) => {
  const dir = await tempDir();
  await writeFile(join(dir, 'binned.csv'), binnedCsv());
  const trained = await mlpkit(['train', 'binned.csv', '--target', 'y', '--epochs', '2', '--layers', '6', '--out', 'm.json', '-q'], dir);
  assert.equal(trained.code, 0, trained.stderr);
  const model = await readFile(join(dir, 'm.json'), 'utf8');
  assert.match(model, /"bins"/);
  assert.match(model, /"indicator"/);
  await fuzz(t, dir, model, 'binned.csv', BINNED_MUTATIONS, SEED + 1);
});
