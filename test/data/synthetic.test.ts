import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { bumps, circle, gauss, inferTask, plane, spiral, SYNTHETIC_GENERATORS, xor, type Table } from '../../src/data/index.js';
import { numeric, throwsWith } from './helpers.js';

/** Columns x1, x2 and the target as plain arrays. */
function cols(t: Table): [number[], number[], number[]] {
  return [0, 1, 2].map((j) => Array.from(numeric(t.columns[j]).values)) as [number[], number[], number[]];
}

describe('synthetic data sets', () => {
  for (const [name, generate] of Object.entries(SYNTHETIC_GENERATORS)) {
    it(`${name}: n rows, named columns, one set per seed`, () => {
      const t = generate({ n: 201, noise: 0.2, rng: new Rng(7) });
      assert.equal(t.rows, 201);
      const target = name === 'plane' || name === 'bumps' ? 'value' : 'label';
      assert.deepEqual(t.columns.map((c) => c.name), ['x1', 'x2', target]);
      assert.equal(inferTask(t, target), name === 'plane' || name === 'bumps' ? 'regression' : 'classification');
      assert.deepEqual(cols(generate({ n: 201, noise: 0.2, rng: new Rng(7) })), cols(t));
      assert.notDeepEqual(cols(generate({ n: 201, noise: 0.2, rng: new Rng(8) }))[0], cols(t)[0]);
      for (const v of cols(t).flat()) assert.ok(Number.isFinite(v));
    });
  }

  it('xor at noise 0: label 1 exactly where x1·x2 ≥ 0, points kept 0.3 off the axes', () => {
    const [a, b, y] = cols(xor({ n: 400, rng: new Rng(1) }));
    a.forEach((v, i) => {
      assert.equal(y[i], v * (b[i] as number) >= 0 ? 1 : 0);
      assert.ok(Math.abs(v) >= 0.3 && Math.abs(v) <= 5.3);
    });
  });

  it('xor with noise flips some labels near the axes', () => {
    const [a, b, y] = cols(xor({ n: 400, noise: 0.5, rng: new Rng(1) }));
    const flipped = a.filter((v, i) => (v * (b[i] as number) >= 0 ? 1 : 0) !== y[i]).length;
    assert.ok(flipped > 10 && flipped < 200, `flipped ${flipped}`);
  });

  it('circle at noise 0: label 1 inside radius 2.5, label 0 from 3.5 to 5, half and half', () => {
    const [a, b, y] = cols(circle({ n: 301, rng: new Rng(2) }));
    a.forEach((v, i) => {
      const r = Math.hypot(v, b[i] as number);
      if (y[i] === 1) assert.ok(r < 2.5);
      else assert.ok(r >= 3.5 && r <= 5);
    });
    assert.equal(y.filter((v) => v === 1).length, 151);
  });

  it('spiral at noise 0: the two arms are point reflections of each other', () => {
    const [a, b, y] = cols(spiral({ n: 200, rng: new Rng(3) }));
    const key = (p: number, q: number): string => `${p.toFixed(9)},${q.toFixed(9)}`;
    const arm1 = a.flatMap((v, i) => (y[i] === 1 ? [key(v, b[i] as number)] : [])).sort();
    const arm0Reflected = a.flatMap((v, i) => (y[i] === 0 ? [key(-v + 0, -(b[i] as number) + 0)] : [])).sort();
    assert.equal(arm1.length, 100);
    assert.deepEqual(arm0Reflected, arm1);
    for (let i = 0; i < a.length; i++) assert.ok(Math.hypot(a[i] as number, b[i] as number) <= 5);
  });

  it('gauss: clouds centred at (2, 2) and (−2, −2) with variance 0.5 at noise 0', () => {
    const [a, b, y] = cols(gauss({ n: 4000, rng: new Rng(4) }));
    for (const [label, centre] of [[1, 2], [0, -2]] as const) {
      const xs = a.filter((_, i) => y[i] === label);
      const ys = b.filter((_, i) => y[i] === label);
      const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
      const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length;
      assert.ok(Math.abs(mean - centre) < 0.05, `mean ${mean}`);
      assert.ok(Math.abs(ys.reduce((s, v) => s + v, 0) / ys.length - centre) < 0.05);
      assert.ok(Math.abs(variance - 0.5) < 0.05, `variance ${variance}`);
    }
  });

  it('gauss: noise widens the clouds', () => {
    const spread = (noise: number): number => {
      const [a, , y] = cols(gauss({ n: 2000, noise, rng: new Rng(4) }));
      const xs = a.filter((_, i) => y[i] === 1);
      return xs.reduce((s, v) => s + (v - 2) ** 2, 0) / xs.length;
    };
    assert.ok(spread(0.5) > 3 * spread(0));
  });

  it('plane at noise 0: value = (x1 + x2) / 10', () => {
    const [a, b, v] = cols(plane({ n: 100, rng: new Rng(5) }));
    a.forEach((x, i) => assert.ok(Math.abs((v[i] as number) - (x + (b[i] as number)) / 10) < 1e-15));
  });

  it('bumps at noise 0: values in [−1, 1], positive near (−4, 2.5), negative near (0, 2.5)', () => {
    const [a, b, v] = cols(bumps({ n: 3000, rng: new Rng(6) }));
    v.forEach((value, i) => {
      assert.ok(value >= -1 && value <= 1);
      if (Math.hypot((a[i] as number) + 4, (b[i] as number) - 2.5) < 0.9) assert.ok(value > 0);
      if (Math.hypot(a[i] as number, (b[i] as number) - 2.5) < 0.9) assert.ok(value < 0);
    });
  });

  it('draws from the Rng passed in: two calls on one Rng differ', () => {
    const rng = new Rng(10);
    assert.notDeepEqual(cols(circle({ n: 50, rng })), cols(circle({ n: 50, rng })));
  });

  it('rejects bad n and noise', () => {
    throwsWith(ConfigError, () => xor({ n: 0, rng: new Rng() }), 'n', '0');
    throwsWith(ConfigError, () => xor({ n: 10, noise: -0.1, rng: new Rng() }), 'noise', '-0.1');
  });
});
