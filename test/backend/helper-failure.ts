// Run in a child process by pool.test.ts (a hang must not hang the test runner). A two-thread pool
// runs a large product whose packing scratch is placed so that thread 0's scratch is the last
// PACK_BYTES of the memory: thread 1 packs beyond the end of the memory and traps, the caller does
// not. Prints one JSON line: what the failing jobs threw and whether good jobs still run after them.
import { WasmHeap } from '../../src/backend/wasm/heap.js';
import { MAX_ARGS, OP } from '../../src/backend/wasm/kernels.js';
import { loadKernels } from '../../src/backend/wasm/load.js';
import { ThreadPool } from '../../src/backend/wasm/pool.js';

const loaded = await loadKernels(true);
const heap = new WasmHeap(loaded.memory, true);
const job = heap.allocBytes(16 + 8 * MAX_ARGS);
const pool = await ThreadPool.start(loaded.kernels, loaded.module, loaded.memory, job, 2);
const packBytes = loaded.kernels.PACK_BYTES.value as number;
const goodPack = heap.allocBytes(2 * packBytes);
const n = 256;
const a = heap.allocBytes(n * n * 4);
const b = heap.allocBytes(n * n * 4);
const c = heap.allocBytes(n * n * 4);
heap.f32.fill(1, a >>> 2, (a >>> 2) + n * n);
heap.f32.fill(1, b >>> 2, (b >>> 2) + n * n);

/** C ← A·B with n × n matrices of ones (every element n), packing scratch at `pack` */
function product(pack: number, threads: number): void {
  const args = pool.args;
  args[0] = a; args[1] = b; args[2] = c; args[3] = n; args[4] = n; args[5] = n;
  args[6] = 0; args[7] = 0; args[8] = 0; args[9] = 0; args[10] = 0; args[11] = c; args[12] = pack;
  pool.run(OP.gemmNN, threads);
}

/** true when C holds the product of ones */
function productRight(): boolean {
  const view = heap.f32.subarray(c >>> 2, (c >>> 2) + n * n);
  return view.every((v) => v === n);
}

const result: { helperFailure: string | null; afterHelperFailure: boolean; everywhereFailure: string | null; afterEverywhereFailure: string } = {
  helperFailure: null,
  afterHelperFailure: false,
  everywhereFailure: null,
  afterEverywhereFailure: '',
};
const badForHelper = loaded.memory.buffer.byteLength - packBytes;
// the helper traps only on the chunks it claims: repeat until it has claimed one
for (let attempt = 0; attempt < 500 && result.helperFailure === null; attempt++) {
  try {
    product(badForHelper, 2);
  } catch (e) {
    result.helperFailure = (e as Error).message;
  }
}
product(goodPack, 2);
result.afterHelperFailure = productRight();
// scratch wholly outside the memory: every thread traps, the caller first
try {
  product(loaded.memory.buffer.byteLength + packBytes, 2);
} catch (e) {
  result.everywhereFailure = (e as Error).message;
}
try {
  for (let i = 0; i < 20; i++) product(goodPack, 2);
  result.afterEverywhereFailure = productRight() ? 'right' : 'wrong values';
} catch (e) {
  result.afterEverywhereFailure = `threw: ${(e as Error).message}`;
}
console.log(JSON.stringify(result));
pool.terminate();
