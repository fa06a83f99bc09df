/**
 * The WebAssembly objects that the backend's public declarations name, as structural types.
 * TypeScript declares the `WebAssembly` namespace only in its DOM lib (not in @types/node), so the
 * shipped .d.ts files name these instead: a Node program compiled without "DOM" in `lib` type-checks
 * them. `WebAssembly.Memory`, `WebAssembly.Global` and `WebAssembly.Module` are assignable to them.
 */

/** A `WebAssembly.Memory`: its bytes (a SharedArrayBuffer at run time when shared), grown in 64 KiB pages. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(delta: number): number;
}

/** A `WebAssembly.Global`. */
export interface WasmGlobal {
  value: unknown;
}

/** A compiled `WebAssembly.Module`, opaque here: it is only handed to helper threads. */
export type WasmModule = object;
