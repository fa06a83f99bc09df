import assert from 'node:assert/strict';
import { MlpkitError } from '../../src/core/errors.js';
import type { Column, NumericColumn, TextColumn } from '../../src/data/index.js';

export function numeric(c: Column | undefined): NumericColumn {
  assert.ok(c !== undefined && c.kind === 'numeric', `expected a numeric column, got ${c?.kind}`);
  return c;
}

export function text(c: Column | undefined): TextColumn {
  assert.ok(c !== undefined && c.kind === 'text', `expected a text column, got ${c?.kind}`);
  return c;
}

/** Row values of a text column, null for missing. */
export function textValues(c: TextColumn): (string | null)[] {
  return Array.from(c.codes, (k) => (k < 0 ? null : (c.categories[k] as string)));
}

function check(e: unknown, type: abstract new (...a: never[]) => Error, fragments: string[]): true {
  assert.ok(e instanceof type && e instanceof MlpkitError, `expected ${type.name}, got ${String(e)}`);
  for (const f of fragments) assert.ok(e.message.includes(f), `message ${JSON.stringify(e.message)} lacks ${JSON.stringify(f)}`);
  assert.ok(!e.message.includes('\n'), 'message is one line');
  return true;
}

/** Asserts that fn throws an MlpkitError of `type` whose one-line message contains every fragment. */
export function throwsWith(type: abstract new (...a: never[]) => Error, fn: () => unknown, ...fragments: string[]): void {
  assert.throws(fn, (e: unknown) => check(e, type, fragments));
}

/** Async version of `throwsWith`. */
export async function rejectsWith(type: abstract new (...a: never[]) => Error, fn: () => Promise<unknown>, ...fragments: string[]): Promise<void> {
  await assert.rejects(fn, (e: unknown) => check(e, type, fragments));
}
