import { MAX_ARGS, PARALLEL_OPS, type Kernels, type ParallelFn } from './kernels.js';
import { NODE_WORKER_SOURCE, WEB_WORKER_SOURCE, type WorkerStart } from './worker-source.js';
import type { SideTask } from '../backend.js';
import type { WasmMemory, WasmModule } from './wasm-api.js';

/** Spins of a helper thread before it sleeps (≈ 50–100 µs): jobs of one training step follow closely. */
const WORKER_SPIN = 50_000;
/** Spins of the calling thread before it starts yielding its core while helpers finish their chunks. */
const CALLER_SPIN = 20_000;
/**
 * Chunks per thread of a parallel job: a thread that starts late leaves its chunks to the others, and
 * one descheduled mid-job (a busy machine) holds up the others for one small chunk only.
 */
const CHUNKS_PER_THREAD = 4;

/** A started helper thread: how to stop it. */
interface Helper {
  terminate(): void;
}

/**
 * Runs one kernel on the calling thread and `threads − 1` helper threads at once, synchronously.
 * The caller writes the arguments into the job block in WASM memory and resets its counters
 * (generation, next chunk, chunks done), writes the kernel number into a shared control block, bumps
 * the wake-up word, then claims chunks itself like any helper and waits until every chunk is done
 * (assembly/parallel.as). With one thread it simply calls the kernel, which claims the single chunk.
 */
export class ThreadPool {
  /**
   * Profiling counters (bench/profile.mjs), kept only while `profiling` is true: jobs run, jobs
   * split over threads, and seconds the caller spent waiting for helpers after its own chunks.
   */
  readonly profile = { profiling: false, jobs: 0, parallelJobs: 0, waitSeconds: 0 };
  private readonly ctrl: Int32Array;
  private readonly fns: ParallelFn[];
  /** the job's arguments, f64 from byte 16 of the job block (a view refreshed if a non-shared memory grew) */
  private argsView: Float64Array;
  private gen = 0;
  /** work for the caller to do at the start of the next parallel job (`runBeside`) */
  private side: SideTask | null = null;

  private constructor(
    private readonly kernels: Kernels,
    private readonly memory: WasmMemory,
    private readonly job: number,
    control: SharedArrayBuffer | null,
    private readonly helpers: Helper[],
  ) {
    const exports = kernels as unknown as Record<string, ParallelFn>;
    this.fns = PARALLEL_OPS.map((name) => exports[name] as ParallelFn);
    this.ctrl = control === null ? new Int32Array(16) : new Int32Array(control, 0, 16);
    this.argsView = new Float64Array(memory.buffer, job + 16, MAX_ARGS);
  }

  /**
   * Where a caller writes the next job's arguments, in the kernel's parameter order (after self and
   * nchunks). They live in WASM memory, so that calling a kernel passes two small integers and
   * allocates nothing.
   */
  get args(): Float64Array {
    if (this.argsView.byteLength === 0) this.argsView = new Float64Array(this.memory.buffer, this.job + 16, MAX_ARGS);
    return this.argsView;
  }

  /** Whether every helper is awake (spinning after a recent job), so that waking them costs nothing. */
  helpersAwake(): boolean {
    return this.helpers.length > 0 && Atomics.load(this.ctrl, 6) >= this.helpers.length;
  }

  /**
   * Has the caller run `task` right after it starts the next job split over threads, before it
   * claims chunks itself: the helpers claim the chunks it would have taken meanwhile. False (task
   * not kept) without helpers.
   */
  runBeside(task: SideTask): boolean {
    if (this.helpers.length === 0) return false;
    this.side = task;
    return true;
  }

  /** threads working on a parallel job, the caller included */
  get threads(): number {
    return this.helpers.length + 1;
  }

  /**
   * Starts threads − 1 helpers on the shared memory (worker_threads in Node, Web Workers elsewhere);
   * `job` is the job block in that memory (counters and arguments).
   */
  static async start(kernels: Kernels, module: WasmModule, memory: WasmMemory, job: number, threads: number): Promise<ThreadPool> {
    if (threads <= 1) return new ThreadPool(kernels, memory, job, null, []);
    const control = new SharedArrayBuffer(64);
    const starts: Promise<Helper>[] = [];
    for (let id = 1; id < threads; id++) {
      const data: WorkerStart = { module, memory, control, names: PARALLEL_OPS, id, job, spin: WORKER_SPIN };
      starts.push(isNode() ? startNodeWorker(data) : startWebWorker(data));
    }
    return new ThreadPool(kernels, memory, job, control, await Promise.all(starts));
  }

  /**
   * Runs kernel `op` with the arguments already in `args`, on every thread when nt > 1, else on the
   * calling thread alone. Allocates nothing.
   */
  run(op: number, nt: number): void {
    const parallel = nt > 1 && this.helpers.length > 0;
    if (this.profile.profiling) {
      this.profile.jobs++;
      if (parallel) this.profile.parallelJobs++;
    }
    const chunks = parallel ? (this.helpers.length + 1) * CHUNKS_PER_THREAD : 1;
    const gen = (this.gen = (this.gen + 1) & 0x7fff);
    this.kernels.openJob(this.job, gen);
    if (parallel) {
      const ctrl = this.ctrl;
      Atomics.store(ctrl, 7, op);
      Atomics.store(ctrl, 8, chunks);
      Atomics.store(ctrl, 4, gen);
      Atomics.add(ctrl, 0, 1);
      Atomics.notify(ctrl, 0);
    }
    if (!parallel) {
      (this.fns[op] as ParallelFn)(0, chunks);
      return;
    }
    let failure: unknown = null;
    try {
      const side = this.side;
      if (side !== null) {
        this.side = null;
        side.run();
      }
      (this.fns[op] as ParallelFn)(0, chunks);
    } catch (e) {
      failure = e;
    }
    this.join(chunks, failure);
  }

  /**
   * Waits until every chunk is done: the helpers are running, so spin, then yield the core in short
   * sleeps. When a thread failed (the caller: `failure`; a helper: the error flag, its chunk never
   * counted), closes the job so that nobody starts another chunk, waits until no helper is inside
   * the kernel (nothing writes the memory any more), and throws.
   */
  private join(chunks: number, failure: unknown): void {
    const kernels = this.kernels;
    const ctrl = this.ctrl;
    const t0 = this.profile.profiling ? performance.now() : 0;
    let n = 0;
    while (failure === null && kernels.chunksDone() !== chunks && Atomics.load(ctrl, 3) === 0) {
      if (++n > CALLER_SPIN) Atomics.wait(ctrl, 5, 0, 0.05);
    }
    if (this.profile.profiling) this.profile.waitSeconds += (performance.now() - t0) / 1000;
    if (failure === null && Atomics.load(ctrl, 3) === 0) return;
    kernels.closeJob();
    while (Atomics.load(ctrl, 9) !== 0) Atomics.wait(ctrl, 5, 0, 0.05);
    const helperFailed = Atomics.exchange(ctrl, 3, 0) !== 0;
    if (failure !== null) throw failure;
    if (helperFailed) throw new Error('wasm backend: a helper thread failed while running a kernel');
  }

  /** Stops the helper threads; later jobs run on the calling thread. */
  terminate(): void {
    if (this.helpers.length === 0) return;
    Atomics.store(this.ctrl, 2, 1);
    Atomics.add(this.ctrl, 0, 1);
    Atomics.notify(this.ctrl, 0);
    for (const helper of this.helpers) helper.terminate();
    this.helpers.length = 0;
  }
}

/**
 * A Node built-in module, imported only when running in Node: the specifier is not a literal, so that
 * bundlers (vite, esbuild) leave it alone in browser builds.
 */
export async function nodeModule<T>(specifier: 'node:worker_threads' | 'node:v8' | 'node:os'): Promise<T> {
  return (await import(/* @vite-ignore */ specifier)) as T;
}

export function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string';
}

async function startNodeWorker(data: WorkerStart): Promise<Helper> {
  const { Worker } = await nodeModule<typeof import('node:worker_threads')>('node:worker_threads');
  const worker = new Worker(NODE_WORKER_SOURCE, { eval: true, workerData: data });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  // helpers must not keep the process alive
  worker.unref();
  return { terminate: () => void worker.terminate() };
}

async function startWebWorker(data: WorkerStart): Promise<Helper> {
  const url = URL.createObjectURL(new Blob([WEB_WORKER_SOURCE], { type: 'text/javascript' }));
  const worker = new Worker(url);
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (e) => reject(new Error(`wasm backend: helper thread failed to start: ${e.message}`));
    worker.postMessage(data);
  });
  URL.revokeObjectURL(url);
  return { terminate: () => void worker.terminate() };
}
