import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherRows } from '../../src/train/gather.js';
import { Rng } from '../../src/core/rng.js';

/** The reference: element by element. */
function gatherByElement(src: ArrayLike<number>, cols: number, rows: ArrayLike<number>, offset: number, count: number, out: { [i: number]: number }): void {
  for (let i = 0; i < count; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = src[(rows[offset + i] as number) * cols + j] as number;
}

test('gatherRows (memcpy per row for wide typed rows) equals the element-by-element copy, for every width and element type', () => {
  const rng = new Rng(3);
  const kinds = [Float32Array, Float64Array, Int32Array] as const;
  for (const cols of [1, 3, 7, 8, 9, 784]) {
    for (const Src of kinds) {
      for (const Out of kinds) {
        const n = 50;
        const src = new Src(n * cols).map(() => Math.round(rng.range(-1000, 1000)) / 8);
        const order = new Uint32Array(n).map((_, i) => i);
        rng.shuffle(order);
        const fast = new Out(20 * cols);
        const slow = new Out(20 * cols);
        gatherRows(src, cols, order, 13, 20, fast);
        gatherByElement(src, cols, order, 13, 20, slow);
        assert.deepEqual(fast, slow, `${Src.name} → ${Out.name}, ${cols} columns`);
      }
    }
    // a plain array source (the playground's rows)
    const plain = Array.from({ length: 10 * cols }, (_, i) => i / 4);
    const fast = new Float64Array(5 * cols);
    const slow = new Float64Array(5 * cols);
    gatherRows(plain, cols, [9, 0, 4, 4, 2], 0, 5, fast);
    gatherByElement(plain, cols, [9, 0, 4, 4, 2], 0, 5, slow);
    assert.deepEqual(fast, slow);
  }
});
