/**
 * Label-smoothed cross-entropy: targets qⱼ = (1 − ε)·[j = y] + ε/K.
 * Worked numbers: K = 3, ε = 0.1, logits z = (0, 0, 0) so ŷ = (⅓, ⅓, ⅓), y = 0:
 *   q = (0.9 + 0.1/3, 0.1/3, 0.1/3) = (0.9333…, 0.0333…, 0.0333…)
 *   ℓ = −Σ qⱼ log ŷⱼ = log 3 (q sums to 1)           ∂ℓ/∂z = ŷ − q = (−0.6, 0.3, 0.3)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Dense, Matrix, Model, ReferenceBackend, Rng, gradCheck, labelSmoothedCrossentropy, getLoss } from '../../src/index.js';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

describe('labelSmoothedCrossentropy', () => {
  it('matches the worked numbers, fused and unfused', () => {
    const loss = labelSmoothedCrossentropy(0.1);
    const z = Matrix.from([[0, 0, 0]], 'float64');
    const a = Matrix.from([[1 / 3, 1 / 3, 1 / 3]], 'float64');
    const y = Matrix.from([[0]], 'float64');
    const out = new Float64Array(1);
    loss.perSampleFromLogits?.(z, y, out);
    close(out[0] as number, Math.log(3));
    loss.perSample(a, y, out);
    close(out[0] as number, Math.log(3), 1e-9);
    const dZ = Matrix.zeros(1, 3, 'float64');
    loss.gradientFromLogits?.(a, y, dZ);
    [-0.6, 0.3, 0.3].forEach((v, j) => close(dZ.data[j] as number, v));
  });

  it('is plain sparse cross-entropy at ε = 0 and rejects ε outside [0, 1)', () => {
    assert.equal(labelSmoothedCrossentropy(0), getLoss('sparseCategoricalCrossentropy'));
    assert.throws(() => labelSmoothedCrossentropy(1), /label smoothing/);
    assert.throws(() => labelSmoothedCrossentropy(-0.1), /label smoothing/);
  });

  it('backpropagates the right gradient through a softmax network (central differences, float64)', () => {
    const model = new Model({
      inputs: 3,
      layers: [new Dense({ units: 5, activation: 'tanh' }), new Dense({ units: 4, activation: 'softmax' })],
      dtype: 'float64',
      backend: new ReferenceBackend(),
      loss: labelSmoothedCrossentropy(0.2),
      seed: 5,
    });
    const rng = new Rng(9);
    const x = Array.from({ length: 6 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const y = [0, 1, 2, 3, 1, 2];
    const result = gradCheck(model, x, y, { epsilon: 1e-6 });
    assert.ok(result.maxRelativeError < 1e-6, `max relative error ${result.maxRelativeError}`);
  });
});
