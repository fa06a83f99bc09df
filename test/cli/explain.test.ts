/**
 * `mlpkit explain --json` on a fixed tiny model reproduces numbers worked out by hand.
 *
 * The model: 2 inputs → Dense(2, relu) → Dense(1, identity), loss mse, optimizer SGD(lr 0.1).
 *   W₁ = [[0.5, −1], [0.25, 0.5]] (inputs × units), b₁ = [0.1, 0.2]
 *   W₂ = [[2], [−1]],                              b₂ = [0.5]
 * Preprocessing: x1' = (x1 − 1)/2, x2' = (x2 − 3)/2, y' = (y − 3)/2.
 * The row: x1 = 3, x2 = 7, y = 5  →  x = [1, 2], y' = 1.
 *
 * Forward
 *   z₁ = x·W₁ + b₁ = [1·0.5 + 2·0.25 + 0.1, 1·(−1) + 2·0.5 + 0.2] = [1.1, 0.2]
 *   a₁ = relu(z₁) = [1.1, 0.2]
 *   z₂ = a₁·W₂ + b₂ = 1.1·2 + 0.2·(−1) + 0.5 = 2.5,  ŷ = a₂ = 2.5
 * Loss (mse, one output, one row): ℓ = (y − ŷ)² = (1 − 2.5)² = 2.25 = cost
 * Backward
 *   δ₂ = ∂ℓ/∂ŷ · φ′(z₂) = 2(ŷ − y)·1 = 3
 *   ∂cost/∂W₂ = a₁ᵀ·δ₂ = [[3.3], [0.6]],  ∂cost/∂b₂ = [3]
 *   ∂cost/∂a₁ = δ₂·W₂ᵀ = [6, −3];  δ₁ = [6, −3] ⊙ relu′(z₁) = [6, −3]  (both z > 0)
 *   ∂cost/∂W₁ = xᵀ·δ₁ = [[6, −3], [12, −6]],  ∂cost/∂b₁ = [6, −3]
 *   ∂cost/∂x = δ₁·W₁ᵀ = [6·0.5 + (−3)(−1), 6·0.25 + (−3)·0.5] = [6, 0]
 * Update (SGD, W ← W − 0.1·∂cost/∂W)
 *   ΔW₁ = [[−0.6, 0.3], [−1.2, 0.6]], Δb₁ = [−0.6, 0.3], ΔW₂ = [[−0.33], [−0.06]], Δb₂ = [−0.3]
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mlpkit, mlpkitJson, put, tempDir } from './helpers.js';

const dense = (units: number, activation: string, W: number[], b: number[], inputs: number) => ({
  type: 'dense',
  units,
  activation,
  useBias: true,
  kernelInitializer: 'auto',
  biasInitializer: 'zeros',
  l1: 0,
  l2: 0,
  weights: { W: { shape: [inputs, units], data: W }, b: { shape: [units], data: b } },
});

const MODEL = {
  format: 'mlpkit-model',
  version: 1,
  dtype: 'float64',
  seed: 1,
  inputs: 2,
  loss: 'mse',
  layers: [dense(2, 'relu', [0.5, -1, 0.25, 0.5], [0.1, 0.2], 2), dense(1, 'identity', [2, -1], [0.5], 2)],
  optimizer: { config: { name: 'sgd', lr: 0.1 }, state: null },
  metadata: {
    preprocessor: {
      format: 'mlpkit-preprocessor',
      version: 1,
      impute: 'none',
      features: [
        { name: 'x1', kind: 'numeric', mean: 1, std: 2, fill: null },
        { name: 'x2', kind: 'numeric', mean: 3, std: 2, fill: null },
      ],
      target: { name: 'y', task: 'regression', mean: 3, std: 2 },
    },
  },
};

interface Trace {
  input: number[][];
  target: number[][];
  forward: { name: string; activation: string; z: number[][]; a: number[][] }[];
  loss: { name: string; perSample: number[]; dataCost: number; penalty: number; cost: number };
  backward: { name: string; delta: number[][]; dW: number[][]; db: number[] }[];
  inputGradient: number[][];
  update: { optimizer: { name: string }; learningRate: number; tensors: { name: string; change: number[][] }[] };
}

function close(actual: unknown, expected: unknown, what: string): void {
  if (typeof expected === 'number') {
    assert.ok(typeof actual === 'number' && Math.abs(actual - expected) < 1e-12, `${what}: ${String(actual)} ≠ ${expected}`);
    return;
  }
  assert.ok(Array.isArray(actual) && Array.isArray(expected) && actual.length === expected.length, `${what}: shape`);
  (expected as unknown[]).forEach((e, i) => close((actual as unknown[])[i], e, `${what}[${i}]`));
}

test('explain --json reproduces the hand-derived step', async () => {
  const dir = await tempDir();
  await put(dir, 'tiny.json', JSON.stringify(MODEL));
  await put(dir, 'row.csv', 'x1,x2,y\n0,0,0\n3,7,5\n');
  const { doc } = await mlpkitJson<{ row: number; line: number; full: boolean; columns: Record<string, string>; trace: Trace }>(
    ['explain', 'tiny.json', 'row.csv', '--row', '2'],
    dir,
  );
  assert.equal(doc.row, 2);
  assert.equal(doc.line, 3);
  assert.equal(doc.full, true);
  assert.deepEqual(doc.columns, { x1: '3', x2: '7' });
  const t = doc.trace;
  close(t.input, [[1, 2]], 'x');
  close(t.target, [[1]], "y'");
  close(t.forward[0]!.z, [[1.1, 0.2]], 'z1');
  close(t.forward[0]!.a, [[1.1, 0.2]], 'a1');
  close(t.forward[1]!.z, [[2.5]], 'z2');
  close(t.forward[1]!.a, [[2.5]], 'a2');
  assert.equal(t.loss.name, 'mse');
  close(t.loss.perSample, [2.25], 'loss');
  close(t.loss.cost, 2.25, 'cost');
  assert.deepEqual(t.backward.map((b) => b.name), ['dense_2', 'dense_1']);
  close(t.backward[0]!.delta, [[3]], 'delta2');
  close(t.backward[0]!.dW, [[3.3], [0.6]], 'dW2');
  close(t.backward[0]!.db, [3], 'db2');
  close(t.backward[1]!.delta, [[6, -3]], 'delta1');
  close(t.backward[1]!.dW, [[6, -3], [12, -6]], 'dW1');
  close(t.backward[1]!.db, [6, -3], 'db1');
  close(t.inputGradient, [[6, 0]], 'dx');
  assert.equal(t.update.optimizer.name, 'sgd');
  close(t.update.learningRate, 0.1, 'lr');
  const change = Object.fromEntries(t.update.tensors.map((u) => [u.name, u.change]));
  close(change['dense_1/W'], [[-0.6, 0.3], [-1.2, 0.6]], 'ΔW1');
  close(change['dense_1/b'], [[-0.6, 0.3]], 'Δb1');
  close(change['dense_2/W'], [[-0.33], [-0.06]], 'ΔW2');
  close(change['dense_2/b'], [[-0.3]], 'Δb2');

  // the text view shows the same numbers
  const text = await mlpkit(['explain', 'tiny.json', 'row.csv', '--row', '2'], dir);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /z = \[ 1\.100000 {2}0\.200000 \]/);
  assert.match(text.stdout, /ℓ = 2\.25 /);
  assert.match(text.stdout, /∂cost\/∂x = \[ 6\.000000 {2}0\.000000 \]/);
});
