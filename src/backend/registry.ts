import { ConfigError } from '../core/errors.js';
import type { Backend } from './backend.js';
import { ReferenceBackend } from './reference.js';

/** Backend names a user may ask for; 'auto' picks the fastest available for the dtype. */
export type BackendName = 'auto' | 'reference' | 'wasm';

const reference = new ReferenceBackend();
const registered = new Map<string, Backend>([['reference', reference]]);

/** Adds a backend (the WASM backend registers itself once initialized). */
export function registerBackend(backend: Backend): void {
  registered.set(backend.name, backend);
}

export function referenceBackend(): Backend {
  return reference;
}

/** Resolves a backend by name or instance; 'auto' prefers a registered fast backend that supports dtype. */
export function resolveBackend(spec: BackendName | Backend | undefined, dtype: 'float32' | 'float64'): Backend {
  if (spec !== undefined && typeof spec !== 'string') return spec;
  const name = spec ?? 'auto';
  if (name === 'auto') {
    const fast = registered.get('wasm');
    return fast !== undefined && fast.supports(dtype) ? fast : reference;
  }
  const backend = registered.get(name);
  if (backend === undefined) {
    throw new ConfigError(
      `backend '${name}' is not available (registered: ${[...registered.keys()].join(', ')})` +
        (name === 'wasm' ? "; call `await initWasmBackend()` first" : ''),
    );
  }
  if (!backend.supports(dtype)) throw new ConfigError(`backend '${name}' does not support ${dtype}`);
  return backend;
}
