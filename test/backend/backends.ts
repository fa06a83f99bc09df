import type { Backend } from '../../src/backend/backend.js';
import { initWasmBackend } from '../../src/backend/wasm/index.js';
import { parallelThresholds } from '../../src/backend/wasm/context.js';

/** A backend configuration the conformance suite runs over. */
export interface BackendUnderTest {
  label: string;
  /** Prepares the backend (threads, thresholds) before its suite runs. */
  setup(): Promise<Backend>;
}

const defaults = { ...parallelThresholds };

/**
 * Every fast configuration: the WASM backend on one thread, and on two threads with the parallel
 * thresholds at 0, so that even the smallest shapes go through the chunked multi-thread path.
 */
export const FAST_BACKENDS: BackendUnderTest[] = [
  {
    label: 'wasm, 1 thread',
    async setup() {
      Object.assign(parallelThresholds, defaults);
      return initWasmBackend({ threads: 1 });
    },
  },
  {
    label: 'wasm, 2 threads, every job split',
    async setup() {
      Object.assign(parallelThresholds, { macs: 0, wakeMacs: 0, elements: 0, wakeElements: 0 });
      return initWasmBackend({ threads: 2 });
    },
  },
];
