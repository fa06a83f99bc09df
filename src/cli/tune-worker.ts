/**
 * A worker thread of `mlpkit tune`: loads the table once, then scores jobs (one candidate on one
 * fold) with train's procedure and posts each score back. Single-threaded WASM, so that two
 * workers use the two cores without oversubscribing them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { inferTask, selectRows, type Table, type Task } from '../data/index.js';
import { loadTable } from './data-source.js';
import { fitConfig, scoreOn, type FitConfig } from './fit-config.js';
import { mainScore } from './baselines.js';
import type { BackendName } from '../index.js';

/** What the main thread sends when it starts a worker. */
export interface WorkerInit {
  file?: string;
  dataset?: string;
  delimiter?: string;
  target: string;
  task: Task;
  backend: 'auto' | 'reference' | 'wasm';
}

/** One job: a configuration on one fold (row indices of the whole table). */
export interface TuneJob {
  job: number;
  config: FitConfig;
  train: Uint32Array;
  test: Uint32Array;
}

export interface TuneResult {
  job: number;
  score: number;
  seconds: number;
  error?: string;
}

const init = workerData as WorkerInit;
let table: Table | null = null;
let backend: BackendName = 'reference';

async function prepare(): Promise<Table> {
  if (table !== null) return table;
  if (init.backend !== 'reference') {
    try {
      const { initWasmBackend } = await import('../backend/wasm/index.js');
      await initWasmBackend({ threads: 1 });
      backend = init.backend;
    } catch {
      backend = 'reference';
    }
  }
  const loaded = await loadTable(init.file, { ...(init.dataset === undefined ? {} : { dataset: init.dataset }), ...(init.delimiter === undefined ? {} : { delimiter: init.delimiter }) } as Parameters<typeof loadTable>[1], 'iris');
  table = loaded.table;
  inferTask(table, init.target, { forced: init.task });
  return table;
}

parentPort?.on('message', (job: TuneJob) => {
  const started = performance.now();
  prepare()
    .then((t) => {
      const fitted = fitConfig(selectRows(t, job.train), init.target, init.task, job.config, backend);
      const score = mainScore(scoreOn(fitted, selectRows(t, job.test)));
      parentPort?.postMessage({ job: job.job, score, seconds: (performance.now() - started) / 1000 } satisfies TuneResult);
    })
    .catch((e: unknown) => {
      parentPort?.postMessage({ job: job.job, score: Number.NaN, seconds: 0, error: e instanceof Error ? e.message : String(e) } satisfies TuneResult);
    });
});
