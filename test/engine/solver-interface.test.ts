import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * L-BFGS and the first-order optimizers stand behind one `Solver` interface (src/train/solver.ts):
 * code asks a solver what it does (`batching`, `stepSize`), never which class it is.
 */
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

test('no code outside the optimizers branches on `instanceof LBFGS`', () => {
  const hits = ['src', 'playground/src', 'bench']
    .flatMap((d) => sources(join(ROOT, d)))
    .filter((f) => /instanceof\s+LBFGS\b/.test(readFileSync(f, 'utf8')))
    .map((f) => relative(ROOT, f));
  assert.deepEqual(hits, []);
});
