import { InvalidArgumentError, type Command } from 'commander';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Rng } from '../../index.js';
import type { ImputeStrategy, Task } from '../../data/index.js';
import type { Fold } from '../../auto/folds.js';
import { addBackendOptions, prepareBackend, type BackendOptions } from '../backend.js';
import { baselineRecord, fitBaselines } from '../baselines.js';
import { addCommonOptions, openOutput, type CommonOptions } from '../common.js';
import { addCrossValidationOptions, loadFoldedTable } from '../cross-validation.js';
import { addDataInputOptions, type DataOptions } from '../data-source.js';
import { duration, int, num, pct, table as textTable } from '../format.js';
import { fitConfig, type FitConfig } from '../fit-config.js';
import { writeModelFile, type CliMetadata } from '../model-file.js';
import * as parse from '../parse.js';
import { candidateArgs, describeCandidate, drawCandidate, rungFolds, type Candidate } from '../tune-search.js';
import type { TuneJob, TuneResult, WorkerInit } from '../tune-worker.js';
import type { Output } from '../output.js';
import type { Matrix } from '../../index.js';
import type { CliCommand } from './command.js';

interface TuneOptions extends BackendOptions, Omit<DataOptions, 'seed'>, CommonOptions {
  target?: string;
  task: Task | 'auto';
  budget: number;
  trials?: number;
  epochs?: number;
  folds: number;
  workers: number;
  seed: number;
  out: string;
  save: boolean;
  drop: string[];
  impute: ImputeStrategy;
  delimiter?: string;
}

/** "60s", "2m", "90" (seconds) → seconds. */
function budgetOf(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|min)?\s*$/.exec(text);
  if (m === null || !(Number(m[1]) > 0)) throw new Error(`expected a duration such as 60s or 2m, got '${text}'`);
  return Number(m[1]) * (m[2] === 'm' || m[2] === 'min' ? 60 : 1);
}

export const tuneCommand: CliCommand = {
  name: 'tune',
  register(program) {
    const cmd = program
      .command('tune')
      .description('search depth, width, learning rate, weight decay, dropout, batch size and epochs by successive halving on k-fold cross-validation, within a time budget; save the winner trained on every row and print it as a train command');
    addCrossValidationOptions(cmd);
    cmd
      .option('--budget <time>', 'wall-clock budget, e.g. 60s or 5m (the search and the final fit stop within it)', wrap(budgetOf), 60)
      .option('--trials <n>', 'number of candidates instead of as many as the budget allows (the same seed then gives the same result on any machine)', parse.positiveInt)
      .option('--epochs <n>', 'epochs of the default candidate; the others draw half of it or all of it (default: train\'s)', parse.positiveInt)
      .option('--workers <n>', 'worker threads scoring candidates at once (default: 2, or the cores if fewer)', parse.positiveInt, Math.min(2, availableParallelism()))
      .option('-o, --out <file>', 'where to save the winner', 'tuned.json')
      .option('--no-save', 'do not save the winner')
      .option('--seed <n>', 'seed of the folds, the candidates and every training run', parse.seed, 42);
    addDataInputOptions(cmd);
    addBackendOptions(cmd);
    addCommonOptions(cmd);
    cmd.action(async (file: string | undefined, o: TuneOptions, _cmd: Command) => {
      await tune(file, o);
    });
  },
};

/** An option parser that reports a thrown message as commander's invalid-argument error (exit 2). */
function wrap<T>(f: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return f(text);
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
  };
}

/** A candidate's scores so far, by fold index. */
interface Entry {
  candidate: Candidate;
  scores: number[];
}

/** The scores present (a rung cut short by the budget leaves holes). */
function present(e: Entry): number[] {
  return e.scores.filter((s) => s !== undefined);
}

function meanOf(e: Entry): number {
  const s = present(e);
  return s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
}

/** Best first: more folds scored, then the higher mean, then the lower id (deterministic). */
function rank(entries: Entry[]): Entry[] {
  return [...entries].sort((a, b) => present(b).length - present(a).length || meanOf(b) - meanOf(a) || a.candidate.id - b.candidate.id);
}

/** Runs jobs on worker threads; `run` resolves with every result in job order, or null once stopped. */
class Pool {
  private readonly workers: Worker[];
  private stopped = false;
  private onStop: (() => void) | null = null;

  constructor(n: number, init: WorkerInit) {
    const url = new URL('../tune-worker.js', import.meta.url);
    this.workers = Array.from({ length: n }, () => new Worker(url, { workerData: init }));
  }

  async run(jobs: TuneJob[], onResult: (r: TuneResult) => void): Promise<TuneResult[] | null> {
    const results: TuneResult[] = new Array<TuneResult>(jobs.length);
    let next = 0;
    let done = 0;
    return new Promise((resolve, reject) => {
      if (jobs.length === 0) return resolve([]);
      this.onStop = () => resolve(null);
      const feed = (w: Worker): void => {
        if (this.stopped || next >= jobs.length) return;
        const index = next++;
        const job = jobs[index] as TuneJob;
        const listener = (r: TuneResult): void => {
          w.off('message', listener);
          if (this.stopped) return;
          if (r.error !== undefined) return reject(new Error(r.error));
          results[index] = r;
          onResult(r);
          if (++done === jobs.length) resolve(results);
          else feed(w);
        };
        w.on('message', listener);
        w.postMessage(job);
      };
      for (const w of this.workers) feed(w);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.onStop?.();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

async function tune(file: string | undefined, o: TuneOptions): Promise<void> {
  const out = openOutput(o);
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const backend = await prepareBackend(o, out);
  const { source, table, target, task, folds } = await loadFoldedTable(file, o);
  const metric = task === 'classification' ? 'accuracy' : 'R²';
  const show = (v: number): string => (task === 'classification' ? pct(v) : num(v));
  const rungs = rungFolds(o.folds);
  out.info(`data: ${source}, ${int(table.rows)} rows; target '${target}' (${task}); ${o.folds}-fold CV, rungs of ${rungs.join(' → ')} folds, ${o.workers} workers, ${o.trials === undefined ? `budget ${duration(o.budget)}` : `${o.trials} candidates`}`);

  // the table's shape for sizing candidates: a fold's training part
  const shape = { task, rows: Math.round((table.rows * (o.folds - 1)) / o.folds), inputs: 1, classes: 0 };
  const rng = new Rng((o.seed ^ 0x5bd1e995) >>> 0);
  const base: Omit<FitConfig, 'seed'> = { drop: o.drop, impute: o.impute, keep: 'best', refit: true, l1: 0, l2: 0 };
  const configOf = (c: Candidate): FitConfig => ({ ...base, seed: o.seed, layers: c.layers.map((units) => ({ units })), lr: c.lr, weightDecay: c.weightDecay, dropout: c.dropout, batchSize: c.batchSize, epochs: c.epochs });
  const init: WorkerInit = { ...(file === undefined ? {} : { file }), ...(o.dataset === undefined ? {} : { dataset: o.dataset }), ...(o.delimiter === undefined ? {} : { delimiter: o.delimiter }), target, task, backend: o.backend };
  const pool = new Pool(o.workers, init);

  // stop the search so that the final fit (about one fold fit, on every row) still ends within the budget
  const timed = o.trials === undefined;
  let foldSeconds: number[] = [];
  const reserve = (): number => {
    const typical = foldSeconds.length === 0 ? 0.15 * o.budget : Math.max(...foldSeconds.slice(-8));
    return Math.min(0.5 * o.budget, 1.2 * typical) + 0.02 * o.budget;
  };
  let stoppedByBudget = false;
  const timer = timed
    ? setInterval(() => {
        if (elapsed() >= o.budget - reserve() && !stoppedByBudget) {
          stoppedByBudget = true;
          void pool.stop();
        }
      }, 50)
    : null;

  const entries = new Map<number, Entry>();
  let nextId = 0;
  try {
    search: while (!stoppedByBudget && (o.trials === undefined || nextId < o.trials)) {
      const n = Math.min(9, o.trials === undefined ? 9 : o.trials - nextId);
      let survivors: Entry[] = [];
      for (let i = 0; i < n; i++) {
        const e = { candidate: drawCandidate(nextId++, shape, rng, o.epochs), scores: [] };
        entries.set(e.candidate.id, e);
        survivors.push(e);
      }
      for (let r = 0; r < rungs.length; r++) {
        const from = r === 0 ? 0 : (rungs[r - 1] as number);
        const to = rungs[r] as number;
        const jobs: TuneJob[] = [];
        const owners: { entry: Entry; fold: number }[] = [];
        for (const entry of survivors) {
          for (let f = from; f < to; f++) {
            const fold = folds[f] as Fold;
            jobs.push({ job: jobs.length, config: configOf(entry.candidate), train: fold.train, test: fold.test });
            owners.push({ entry, fold: f });
          }
        }
        // each score is recorded as it arrives, so that work finished before the budget stops the search counts
        const results = await pool.run(jobs, (res) => {
          foldSeconds.push(res.seconds);
          const owner = owners[res.job] as { entry: Entry; fold: number };
          owner.entry.scores[owner.fold] = res.score;
        });
        if (results === null) break search;
        leaderboard(out, rank([...entries.values()]), metric, show, elapsed());
        if (r === rungs.length - 1) break;
        survivors = rank(survivors).slice(0, Math.ceil(survivors.length / 3));
      }
    }
  } finally {
    if (timer !== null) clearInterval(timer);
    await pool.stop();
  }
  foldSeconds = [];
  const ranked = rank([...entries.values()].filter((e) => present(e).length > 0));
  // a budget too short to score one fold: fall back to candidate 0, train's default
  const fallback = entries.get(0) ?? { candidate: drawCandidate(0, shape, rng, o.epochs), scores: [] };
  if (ranked.length === 0) out.warn(`--budget ${duration(o.budget)}: no candidate finished a fold in time; saving train's default settings (give a larger budget to search)`);
  const winner = ranked[0] ?? fallback;

  // the winner, trained on every row as train would, then saved
  const fitted = fitConfig(table, target, task, configOf(winner.candidate), backend);
  const command = ['mlpkit', 'train', file ?? `--dataset ${o.dataset ?? 'iris'}`, '--target', target, ...candidateArgs(winner.candidate), '--seed', String(o.seed)].join(' ');
  if (o.save) {
    const e = fitted.pre.transform(table, { requireTarget: true });
    const baselines = fitBaselines(e.x, e.y as Matrix, fitted.pre, o.seed, backend);
    const metadata: CliMetadata = {
      preprocessor: fitted.pre.toJSON(),
      training: { source, testSplit: 0, seed: o.seed, metric: task === 'classification' ? 'accuracy' : 'r2', history: [], test: null },
      baseline: baselineRecord(baselines),
      tune: { command, cv: meanOf(winner), folds: present(winner).length, candidates: entries.size },
    };
    await writeModelFile(o.out, fitted.model, metadata);
  }
  const seconds = elapsed();
  if (out.json) {
    out.document({
      command: 'tune',
      source,
      target,
      task,
      metric: task === 'classification' ? 'accuracy' : 'r2',
      seed: o.seed,
      budget: timed ? o.budget : null,
      candidates: entries.size,
      stoppedByBudget,
      winner: { ...winner.candidate, cv: meanOf(winner), folds: present(winner).length },
      train: command,
      leaderboard: ranked.slice(0, 10).map((e) => ({ ...e.candidate, cv: meanOf(e), folds: present(e).length })),
      model: o.save ? o.out : null,
      seconds,
    });
    return;
  }
  out.result(
    [
      `best of ${entries.size} candidates (${present(winner).length}-fold CV ${metric} ${show(meanOf(winner))}): ${describeCandidate(winner.candidate)}`,
      `train it again with:`,
      `  ${command}`,
      o.save ? `saved ${o.out} (trained on all ${int(table.rows)} rows) in ${duration(seconds)}` : `not saved (--no-save); ${duration(seconds)}`,
    ].join('\n'),
  );
}

/** The live leaderboard on stderr: the five best so far. */
function leaderboard(out: Output, ranked: Entry[], metric: string, show: (v: number) => string, seconds: number): void {
  if (out.quiet || out.json) return;
  const rows = ranked.slice(0, 5).map((e, i) => [String(i + 1), `#${e.candidate.id}`, show(meanOf(e)), String(present(e).length), describeCandidate(e.candidate)]);
  out.info(`leaderboard after ${duration(seconds)}:\n${textTable([['', 'candidate', `CV ${metric}`, 'folds', 'settings'], ...rows], [2, 3])}`);
}
