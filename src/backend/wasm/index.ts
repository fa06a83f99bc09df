import { ConfigError } from '../../core/errors.js';
import { registerBackend } from '../registry.js';
import { WasmContext } from './context.js';
import { WasmHeap } from './heap.js';
import { MAX_ARGS } from './kernels.js';
import { loadKernels } from './load.js';
import { isNode, nodeModule, ThreadPool } from './pool.js';
import { WasmBackend } from './wasm-backend.js';

export { WasmBackend } from './wasm-backend.js';

export interface WasmBackendOptions {
  /**
   * Threads a large product is split over, the calling thread included. Default: every core
   * (Node: os.availableParallelism(); a cross-origin-isolated worker: navigator.hardwareConcurrency),
   * 1 on a browser's main thread or where memory cannot be shared. Small products always run on 1.
   */
  threads?: number;
}

let loading: Promise<WasmBackend> | null = null;
/** each backend's context and how to start a pool of helper threads for it */
const pools = new WeakMap<WasmBackend, { ctx: WasmContext; start(threads: number): Promise<ThreadPool> }>();

/**
 * Compiles the WASM kernels (once per process), registers the backend as 'wasm' — so that
 * `backend: 'auto'` picks it for float32 and float64 models — and returns it. Calling again returns the same backend,
 * restarting its helper threads if `threads` differs. Rejects where WebAssembly SIMD is missing.
 */
export async function initWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const requested = checkThreads(options.threads);
  if (loading === null) {
    loading = createWasmBackend(requested === undefined ? {} : { threads: requested }).then((backend) => {
      registerBackend(backend);
      return backend;
    });
  }
  const backend = await loading;
  if (requested !== undefined && requested !== backend.threads) await restartThreads(backend, requested);
  return backend;
}

/**
 * A new, unregistered WASM backend with its own memory: what initWasmBackend builds once. Useful to
 * tests and to programs that want several independent backends. `sharedMemory: false` forces the
 * non-shared memory of a page that is not cross-origin isolated (single-threaded; matrices' views
 * are refreshed when the memory grows).
 */
export async function createWasmBackend(options: WasmBackendOptions & { sharedMemory?: boolean } = {}): Promise<WasmBackend> {
  const requested = checkThreads(options.threads);
  const wanted = requested ?? (await defaultThreads());
  const loaded = await loadKernels(options.sharedMemory ?? (wanted > 1 || canUseThreads()));
  const heap = new WasmHeap(loaded.memory, loaded.shared);
  // the job block: two counters, then MAX_ARGS f64 arguments (pool.ts, assembly/parallel.as)
  const job = heap.allocBytes(16 + 8 * MAX_ARGS);
  const start = (threads: number): Promise<ThreadPool> =>
    ThreadPool.start(loaded.kernels, loaded.module, loaded.memory, job, loaded.shared ? threads : 1);
  const pool = await start(Math.min(wanted, maxThreads(loaded.shared)));
  const pack = heap.allocBytes(pool.threads * (loaded.kernels.PACK_BYTES.value as number));
  const ctx = new WasmContext(heap, loaded.kernels, pool, pack);
  const backend = new WasmBackend(ctx, loaded.relaxedSimd, loaded.shared);
  pools.set(backend, { ctx, start });
  return backend;
}

/** Replaces a backend's helper threads by a pool of `threads` (the caller included). */
async function restartThreads(backend: WasmBackend, threads: number): Promise<void> {
  const entry = pools.get(backend);
  if (entry === undefined) return;
  const { ctx, start } = entry;
  const pool = await start(Math.min(threads, maxThreads(backend.sharedMemory)));
  const packBytes = ctx.kernels.PACK_BYTES.value as number;
  ctx.heap.releaseBytes(ctx.pack, ctx.pool.threads * packBytes);
  ctx.pool.terminate();
  ctx.pool = pool;
  ctx.pack = ctx.heap.allocBytes(pool.threads * packBytes);
}

function checkThreads(threads: number | undefined): number | undefined {
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 64)) {
    throw new ConfigError(`wasm backend: threads must be an integer from 1 to 64, got ${String(threads)}`);
  }
  return threads;
}

/** Helper threads need shared memory and a thread that may block (not a browser's main thread). */
function canUseThreads(): boolean {
  if (isNode()) return true;
  const g = globalThis as { crossOriginIsolated?: boolean; document?: unknown };
  return g.crossOriginIsolated === true && g.document === undefined;
}

function maxThreads(shared: boolean): number {
  return shared && canUseThreads() ? 64 : 1;
}

async function defaultThreads(): Promise<number> {
  if (!canUseThreads()) return 1;
  if (isNode()) {
    const os = await nodeModule<typeof import('node:os')>('node:os');
    return Math.max(1, Math.min(16, os.availableParallelism()));
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, Math.min(16, nav?.hardwareConcurrency ?? 1));
}
