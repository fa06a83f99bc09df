import { MAX_PAGES, WASM_RELAXED, WASM_RELAXED_SHARED, WASM_SIMD, WASM_SIMD_SHARED } from './generated/modules.js';
import type { Kernels } from './kernels.js';
import { isNode, nodeModule } from './pool.js';
import type { WasmMemory, WasmModule } from './wasm-api.js';

/** The compiled kernels and the memory they work in. */
export interface LoadedKernels {
  module: WasmModule;
  memory: WasmMemory;
  kernels: Kernels;
  /** built with the relaxed-SIMD fused multiply-add */
  relaxedSimd: boolean;
  /** the memory is shared (helper threads possible, views survive growth) */
  shared: boolean;
}

/** Pages the memory starts with (4 MiB); it grows in large steps as buffers are allocated. */
const INITIAL_PAGES = 64;

/**
 * Picks the best module this runtime validates — relaxed SIMD before plain SIMD, shared memory when
 * wanted and possible — compiles and instantiates it. In Node 20 relaxed SIMD sits behind a V8 flag,
 * which must be set before the first compile. Throws when the runtime has no 128-bit SIMD at all.
 */
export async function loadKernels(wantShared: boolean): Promise<LoadedKernels> {
  if (isNode()) {
    const v8 = await nodeModule<typeof import('node:v8')>('node:v8');
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  }
  const memory = wantShared ? sharedMemory() : null;
  const shared = memory !== null;
  const candidates = shared
    ? [{ base64: WASM_RELAXED_SHARED, relaxed: true }, { base64: WASM_SIMD_SHARED, relaxed: false }]
    : [{ base64: WASM_RELAXED, relaxed: true }, { base64: WASM_SIMD, relaxed: false }];
  for (const candidate of candidates) {
    const bytes = decodeBase64(candidate.base64);
    if (!WebAssembly.validate(bytes)) continue;
    const module = await WebAssembly.compile(bytes);
    const mem = memory ?? new WebAssembly.Memory({ initial: INITIAL_PAGES });
    const instance = await WebAssembly.instantiate(module, { env: { memory: mem, abort: wasmAbort } });
    return { module, memory: mem, kernels: instance.exports as unknown as Kernels, relaxedSimd: candidate.relaxed, shared };
  }
  throw new Error('wasm backend: this runtime does not support WebAssembly 128-bit SIMD');
}

/** A shared memory, or null where SharedArrayBuffer is unavailable (a page that is not cross-origin isolated). */
function sharedMemory(): WebAssembly.Memory | null {
  if (typeof SharedArrayBuffer === 'undefined') return null;
  // browsers may refuse to reserve all of wasm32 up front: try smaller maxima
  for (const maximum of [MAX_PAGES, MAX_PAGES / 4, MAX_PAGES / 16]) {
    try {
      return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum, shared: true });
    } catch {
      // try the next size
    }
  }
  return null;
}

function wasmAbort(): never {
  throw new Error('wasm backend: kernel aborted');
}

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
