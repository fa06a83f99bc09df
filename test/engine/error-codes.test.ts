// Every error class mlpkit exports carries a stable `.code`, documented in docs/errors.md: programs
// match on the code, never on the message text (messages name values and may be reworded).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as mlpkit from '../../src/index.js';

type ErrorClass = new (...args: never[]) => Error;

/** Every exported class whose prototype chain reaches Error. */
const errorClasses: [string, ErrorClass][] = Object.entries(mlpkit as Record<string, unknown>).flatMap(([name, value]): [string, ErrorClass][] =>
  typeof value === 'function' && (value as { prototype?: unknown }).prototype instanceof Error ? [[name, value as ErrorClass]] : [],
);

function instance(name: string, cls: ErrorClass): Error {
  const history = { epochs: [], stopReason: 'completed', bestEpoch: null };
  const Ctor = cls as unknown as new (message: string, epoch?: number, history?: unknown) => Error;
  return name === 'TrainingDivergedError' ? new Ctor('m', 3, history) : name === 'DivergenceError' ? new Ctor('m', 3) : new Ctor('m');
}

test('every exported error class has its own stable code, the one docs/errors.md lists', () => {
  assert.ok(errorClasses.length >= 8, `found ${errorClasses.map(([n]) => n).join(', ')}`);
  const doc = readFileSync('docs/errors.md', 'utf8');
  const documented = new Map([...doc.matchAll(/^\| `(\w+)` \| `(\w+)` \|/gm)].map((m) => [m[1] as string, m[2] as string]));
  const codes = new Set<string>();
  for (const [name, cls] of errorClasses) {
    const e = instance(name, cls) as Error & { code?: unknown };
    assert.ok(e instanceof mlpkit.MlpkitError, `${name} is an MlpkitError`);
    assert.equal(typeof e.code, 'string', `${name} has a code`);
    assert.equal(e.name, name);
    assert.equal(documented.get(name), e.code, `docs/errors.md lists ${name} with code ${String(e.code)}`);
    codes.add(e.code as string);
  }
  // a subclass of another exported error class may keep its base's code (TrainingDivergedError is a DivergenceError)
  const own = errorClasses.filter(([, cls]) => !errorClasses.some(([, base]) => base !== cls && base !== mlpkit.MlpkitError && cls.prototype instanceof base));
  assert.equal(codes.size, own.length, 'codes are distinct');
  assert.deepEqual([...documented.keys()].sort(), errorClasses.map(([n]) => n).sort(), 'docs/errors.md lists exactly the exported classes');
});

test('errors thrown by the library carry their code', () => {
  assert.throws(() => new mlpkit.Dense({ units: 0 }), (e: unknown) => (e as { code?: string }).code === 'ERR_CONFIG');
  assert.throws(() => mlpkit.loadModel('{}'), (e: unknown) => (e as { code?: string }).code === 'ERR_MODEL_FORMAT');
  assert.throws(() => new mlpkit.MLPClassifier().predict([[1]]), (e: unknown) => (e as { code?: string }).code === 'ERR_NOT_FITTED');
});
