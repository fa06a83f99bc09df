import { Option, type Command } from 'commander';
import type { BackendName } from '../index.js';
import { CliError, EXIT } from './errors.js';
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
