import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../src/index.js';
import { pca, project } from '../../playground/src/pca.js';

describe('playground PCA (power iteration)', () => {
  it('finds the axes of a stretched, rotated cloud', () => {
    // points along u = (cos 30°, sin 30°) with spread 3, along v ⟂ u with spread 0.5, in 3-D (third coordinate: noise 0.1)
    const rng = new Rng(5);
    const n = 2000;
    const u = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6), 0];
    const v = [-Math.sin(Math.PI / 6), Math.cos(Math.PI / 6), 0];
    const x = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      const a = rng.normal(0, 3);
      const b = rng.normal(0, 0.5);
      const c = rng.normal(0, 0.1);
      for (let j = 0; j < 3; j++) x[i * 3 + j] = 10 + a * (u[j] as number) + b * (v[j] as number) + (j === 2 ? c : 0);
    }
    const p = pca(x, n, 3, 2);
    const dot = (a: Float64Array, b: number[]) => a.reduce((s, e, j) => s + e * (b[j] as number), 0);
    assert.ok(Math.abs(Math.abs(dot(p.components[0] as Float64Array, u)) - 1) < 1e-3);
    assert.ok(Math.abs(Math.abs(dot(p.components[1] as Float64Array, v)) - 1) < 1e-3);
    assert.ok(Math.abs((p.variances[0] as number) - 9) < 0.6, `λ1 = ${p.variances[0]}`);
    assert.ok(Math.abs((p.variances[1] as number) - 0.25) < 0.03, `λ2 = ${p.variances[1]}`);
    assert.ok((p.explained[0] as number) + (p.explained[1] as number) > 0.99);
    assert.ok(Math.abs((p.mean[0] as number) - 10) < 0.2);
  });

  it('the scores are centred and uncorrelated, with the eigenvalues as variances', () => {
    const rng = new Rng(1);
    const n = 500;
    const x = Float64Array.from({ length: n * 4 }, (_, k) => rng.normal(0, 1 + (k % 4)) + (k % 4 === 1 ? rng.normal() : 0));
    const p = pca(x, n, 4, 2);
    const s = project(p, x, n);
    let m0 = 0, m1 = 0, c = 0, v0 = 0;
    for (let i = 0; i < n; i++) {
      m0 += s[2 * i] as number;
      m1 += s[2 * i + 1] as number;
    }
    for (let i = 0; i < n; i++) {
      c += (s[2 * i] as number) * (s[2 * i + 1] as number);
      v0 += (s[2 * i] as number) ** 2;
    }
    assert.ok(Math.abs(m0 / n) < 1e-9 && Math.abs(m1 / n) < 1e-9);
    assert.ok(Math.abs(c / (n - 1)) < 1e-6, `covariance ${c / (n - 1)}`);
    assert.ok(Math.abs(v0 / (n - 1) - (p.variances[0] as number)) < 1e-6);
  });

  it('is deterministic and gives each component a fixed sign', () => {
    const x = Float64Array.from([1, 2, 3, 4, 2, 1, 5, 7, 0, 1, 3, 3]);
    const a = pca(x, 4, 3);
    const b = pca(x, 4, 3);
    assert.deepEqual(a.components, b.components);
    for (const v of a.components) {
      const big = [...v].reduce((best, e, j) => (Math.abs(e) > Math.abs(v[best] as number) ? j : best), 0);
      assert.ok((v[big] as number) > 0);
    }
  });
});
