import { Option, type Command } from 'commander';
import type { BackendName } from '../index.js';
import { CliError, EXIT, usageError } from './errors.js';
import { size } from './limits.js';
import type { Output } from './output.js';
import { positiveInt } from './parse.js';

export interface BackendOptions {
  backend: BackendName;
  threads?: number;
}

/** Adds `--backend auto|reference|wasm` and `--threads N`. */
export function addBackendOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--backend <name>', 'compute backend').choices(['auto', 'reference', 'wasm']).default('auto'))
    .addOption(new Option('--threads <n>', 'threads of the wasm backend (default: every core)').argParser(positiveInt));
}

/**
 * Prepares the backend the model will be built on. 'auto' and 'wasm' start the WASM SIMD backend;
 * if that fails, 'auto' falls back to the reference backend (with a note), 'wasm' is an error.
 * Returns the name to pass to `new Model` / `loadModel`.
 */
export async function prepareBackend(options: BackendOptions, out: Output): Promise<BackendName> {
  if (options.backend === 'reference') return 'reference';
  try {
    const { initWasmBackend } = await import('../backend/wasm/index.js');
    await initWasmBackend(options.threads === undefined ? {} : { threads: options.threads });
    return options.backend;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (options.backend === 'wasm') throw new CliError(`the wasm backend could not start: ${why}`, EXIT.usage);
    out.info(`note: the wasm backend is unavailable (${why}); using the reference backend`);
    return 'reference';
  }
}

/**
 * Bytes the WASM backend can hold: a wasm32 memory addresses 4 GiB; 256 MiB are left for its
 * kernels' data, stacks and allocator slack.
 */
export const WASM_MEMORY_BYTES = 4 * 1024 ** 3 - 256 * 1024 ** 2;

/**
 * The backend for a network planned to need `backendBytes`: the prepared one, or, when that is
 * the WASM backend and the network does not fit its memory, the reference backend (a note with
 * 'auto'; with an explicit --backend wasm, an error that says so).
 */
export function backendThatFits(prepared: BackendName, backendBytes: number, options: BackendOptions, out: Output): BackendName {
  if (prepared === 'reference' || backendBytes <= WASM_MEMORY_BYTES) return prepared;
  const why = `the network needs about ${size(backendBytes)}, more than the wasm backend's memory holds (${size(WASM_MEMORY_BYTES)})`;
  if (options.backend === 'wasm') throw usageError(`${why}; use --backend reference`);
  out.info(`note: ${why}; using the reference backend`);
  return 'reference';
}
