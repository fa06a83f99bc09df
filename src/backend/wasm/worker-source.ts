import type { WasmMemory, WasmModule } from './wasm-api.js';

/**
 * The code each helper thread runs, as text (so that it starts the same from Node's worker_threads,
 * a browser Web Worker, tsx or a bundle, with no file to locate). It instantiates the kernels on the
 * shared memory, then loops: wait for the job generation to change, point its instance at the job,
 * run the kernel, which claims chunks of the job until none are left (assembly/parallel.as).
 * Control block (Int32Array over a SharedArrayBuffer): [0] wake-up counter, [2] 1 = stop,
 * [3] error flag, [4] generation of the current job, [6] helpers awake, [7] kernel number,
 * [8] chunk count, [9] helpers inside a kernel. The kernel reads its arguments from the job block in WASM memory.
 */
const workerMain = `function workerMain(data, post) {
  const instance = new WebAssembly.Instance(data.module, { env: { memory: data.memory, abort() { throw new Error('wasm abort'); } } });
  const fns = data.names.map((name) => instance.exports[name]);
  const ctrl = new Int32Array(data.control, 0, 16);
  const id = data.id;
  const spin = data.spin;
  const job = data.job;
  let gen = Atomics.load(ctrl, 0);
  Atomics.add(ctrl, 6, 1);
  post('ready');
  for (;;) {
    // spin a while (jobs of a training step come back to back), then sleep on the generation word
    // ctrl[6] counts the helpers awake (spinning or working): small jobs are split only when all are
    let n = 0;
    while (Atomics.load(ctrl, 0) === gen) {
      if (++n > spin) {
        Atomics.sub(ctrl, 6, 1);
        Atomics.wait(ctrl, 0, gen);
        Atomics.add(ctrl, 6, 1);
        n = 0;
      }
    }
    gen = Atomics.load(ctrl, 0);
    if (Atomics.load(ctrl, 2) === 1) return;
    // ctrl[9] counts the helpers inside a kernel: after a failure the caller waits for it to reach 0
    Atomics.add(ctrl, 9, 1);
    try {
      // the job generation is read before the arguments (in the job block): a late thread then claims nothing of a newer job
      instance.exports.beginJob(job, Atomics.load(ctrl, 4));
      fns[Atomics.load(ctrl, 7)](id, Atomics.load(ctrl, 8));
    } catch (e) {
      // the chunk it was on is never counted done: the flag tells the caller not to wait for it
      Atomics.store(ctrl, 3, 1);
    } finally {
      Atomics.sub(ctrl, 9, 1);
    }
  }
}`;

/**
 * Source of a Node worker_threads worker. worker_threads evaluates it under the parent's flags — as
 * CommonJS, or as an ES module under `node --input-type=module` — so it uses neither `require` nor a
 * static `import`: dynamic `import()` works in both.
 */
export const NODE_WORKER_SOURCE: string = `${workerMain}
import('node:worker_threads').then(({ parentPort, workerData }) => workerMain(workerData, (m) => parentPort.postMessage(m)));
`;

/** Source of a browser Web Worker: the first message carries the start data. */
export const WEB_WORKER_SOURCE: string = `${workerMain}
self.onmessage = (e) => { self.onmessage = null; workerMain(e.data, (m) => self.postMessage(m)); };
`;

/** What a helper thread needs to start. */
export interface WorkerStart {
  module: WasmModule;
  memory: WasmMemory;
  control: SharedArrayBuffer;
  names: readonly string[];
  id: number;
  /** byte offset of the job block in the memory */
  job: number;
  spin: number;
}
