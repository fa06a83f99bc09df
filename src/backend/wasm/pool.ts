import { MAX_ARGS, PARALLEL_OPS, type Kernels, type ParallelFn } from './kernels.js';
import { NODE_WORKER_SOURCE, WEB_WORKER_SOURCE, type WorkerStart } from './worker-source.js';

/** Spins of a helper thread before it sleeps (≈ 50–100 µs): jobs of one training step follow closely. */
const WORKER_SPIN = 50_000;
/** Spins of the calling thread before it starts yielding its core while helpers finish their chunks. */
const CALLER_SPIN = 20_000;
/** Chunks per thread of a parallel job: a thread that starts late leaves its chunks to the others. */
const CHUNKS_PER_THREAD = 1;

/** A started helper thread: how to stop it. */
interface Helper {
  terminate(): void;
}

/**
 * Runs one kernel on the calling thread and `threads − 1` helper threads at once, synchronously.
 * The caller resets the job block in WASM memory (generation, next chunk, chunks done), writes the
 * kernel number and arguments into a shared control block, bumps the wake-up word, then claims
 * chunks itself like any helper and waits until every chunk is done (assembly/parallel.as). With one
 * thread it simply calls the kernel, which claims the single chunk.
 */
export class ThreadPool {
  /** job arguments: [0] kernel number, [1] chunk count, [2…] the kernel's arguments */
  readonly args: Float64Array;
  private readonly ctrl: Int32Array;
  private readonly fns: ParallelFn[];
  private gen = 0;

  private constructor(
    private readonly kernels: Kernels,
    private readonly job: number,
    control: SharedArrayBuffer | null,
    private readonly helpers: Helper[],
  ) {
    this.fns = PARALLEL_OPS.map((name) => kernels[name] as unknown as ParallelFn);
    this.ctrl = control === null ? new Int32Array(16) : new Int32Array(control, 0, 16);
    this.args = control === null ? new Float64Array(MAX_ARGS + 2) : new Float64Array(control, 64, MAX_ARGS + 2);
  }

  /** Whether every helper is awake (spinning after a recent job), so that waking them costs nothing. */
  helpersAwake(): boolean {
    return this.helpers.length > 0 && Atomics.load(this.ctrl, 6) >= this.helpers.length;
  }

  /** threads working on a parallel job, the caller included */
  get threads(): number {
    return this.helpers.length + 1;
  }

  /**
   * Starts threads − 1 helpers on the shared memory (worker_threads in Node, Web Workers elsewhere);
   * `job` is a 64-byte block of that memory for the job counters.
   */
  static async start(kernels: Kernels, module: WebAssembly.Module, memory: WebAssembly.Memory, job: number, threads: number): Promise<ThreadPool> {
    if (threads <= 1) return new ThreadPool(kernels, job, null, []);
    const control = new SharedArrayBuffer(64 + 8 * (MAX_ARGS + 2));
    const starts: Promise<Helper>[] = [];
    for (let id = 1; id < threads; id++) {
      const data: WorkerStart = { module, memory, control, names: PARALLEL_OPS, id, job, maxArgs: MAX_ARGS, spin: WORKER_SPIN };
      starts.push(isNode() ? startNodeWorker(data) : startWebWorker(data));
    }
    return new ThreadPool(kernels, job, control, await Promise.all(starts));
  }

  /**
   * Runs kernel `op` with the arguments already in args[2…], on every thread when nt > 1, else on the
   * calling thread alone. Allocates nothing.
   */
  run(op: number, nt: number): void {
    const a = this.args;
    const parallel = nt > 1 && this.helpers.length > 0;
    const chunks = parallel ? (this.helpers.length + 1) * CHUNKS_PER_THREAD : 1;
    const gen = (this.gen = (this.gen + 1) & 0x7fff);
    this.kernels.openJob(this.job, gen);
    if (parallel) {
      a[0] = op;
      a[1] = chunks;
      Atomics.store(this.ctrl, 4, gen);
      Atomics.add(this.ctrl, 0, 1);
      Atomics.notify(this.ctrl, 0);
    }
    (this.fns[op] as ParallelFn)(0, chunks, a[2] as number, a[3] as number, a[4] as number, a[5] as number, a[6] as number,
      a[7] as number, a[8] as number, a[9] as number, a[10] as number, a[11] as number, a[12] as number, a[13] as number,
      a[14] as number, a[15] as number, a[16] as number, a[17] as number);
    if (parallel) this.join(chunks);
  }

  /** Waits until every chunk is done: the helpers are running, so spin, then yield the core in short sleeps. */
  private join(chunks: number): void {
    const kernels = this.kernels;
    let n = 0;
    while (kernels.chunksDone() !== chunks) {
      if (++n > CALLER_SPIN) Atomics.wait(this.ctrl, 5, 0, 0.05);
    }
    if (Atomics.load(this.ctrl, 3) !== 0) {
      Atomics.store(this.ctrl, 3, 0);
      throw new Error('wasm backend: a helper thread failed while running a kernel');
    }
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

export function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string';
}

async function startNodeWorker(data: WorkerStart): Promise<Helper> {
  const { Worker } = await import('node:worker_threads');
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
