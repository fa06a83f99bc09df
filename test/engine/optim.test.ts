import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dense, Model, SGD, createSchedule, type Schedule } from '../../src/index.js';

function rates(s: Schedule, base: number, points: [t: number, epoch: number][]): number[] {
  return points.map(([t, e]) => s.rate(base, t, e));
}

function near(actual: number[], expected: number[]): void {
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]!) < 1e-12, `[${i}] ${a} vs ${expected[i]}`));
}

test('step schedule: η₀·γ^⌊e/stepSize⌋', () => {
  near(rates(createSchedule({ name: 'step', stepSize: 3, gamma: 0.5 }), 0.8, [[0, 0], [9, 2], [10, 3], [99, 7]]), [0.8, 0.8, 0.4, 0.2]);
});

test('exponential schedule: η₀·γ^e', () => {
  near(rates(createSchedule({ name: 'exponential', gamma: 0.9 }), 1, [[0, 0], [5, 1], [7, 3]]), [1, 0.9, 0.729]);
});

test('inverse scaling: η₀/(1 + t)^p', () => {
  near(rates(createSchedule({ name: 'inverseScaling', powerT: 0.5 }), 1, [[0, 0], [3, 0], [8, 1]]), [1, 0.5, 1 / 3]);
});

test('cosine with warm-up: linear ramp, then half a cosine down to the floor', () => {
  const s = createSchedule({ name: 'cosine', warmupSteps: 4, totalSteps: 14, minLr: 0.1 });
  // warm-up: (t + 1)/4; then 0.1 + 0.45·(1 + cos(π(t − 4)/10))
  near(rates(s, 1, [[0, 0], [3, 0], [4, 0], [9, 0], [14, 0], [50, 0]]), [0.25, 1, 1, 0.55, 0.1, 0.1]);
});

test('reduce on plateau (as PyTorch): ×factor once more than `patience` epochs are bad; cooldown epochs never count as bad', () => {
  const s = createSchedule({ name: 'reduceOnPlateau', factor: 0.5, patience: 2, cooldown: 1, minDelta: 0 });
  const seen: number[] = [];
  for (const v of [1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.8]) {
    s.onEpochEnd(0, v);
    seen.push(s.rate(1, 0, 0));
  }
  // 0.9 is the best; 3 bad epochs (> patience 2) → 0.5; one cooldown epoch; 3 more bad → 0.25; 0.8 improves
  assert.deepEqual(seen, [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25]);
});

test('schedules reject bad settings with the value named', () => {
  assert.throws(() => createSchedule({ name: 'step', stepSize: 0, gamma: 0.5 }), /stepSize must be an integer ≥ 1, got 0/);
  assert.throws(() => createSchedule({ name: 'cosine', warmupSteps: 20, totalSteps: 10, minLr: 0 }), /warmupSteps \(20\) must be < totalSteps \(10\)/);
  assert.throws(() => createSchedule({ name: 'wobbly' } as never), /unknown schedule 'wobbly'/);
});

test('the optimizer follows its schedule step by step', () => {
  const model = new Model({ inputs: 1, layers: [new Dense({ units: 1, useBias: false })], dtype: 'float64', loss: 'sse' });
  model.setWeights([[[1]]]);
  const sgd = new SGD({ lr: 1, schedule: { name: 'inverseScaling', powerT: 1 } });
  // C = (w·1 − 0)², ∂C/∂w = 2w; w ← w − η_t·2w with η_t = 1/(1 + t)… use a tiny target scale
  const seenLr: number[] = [];
  for (let t = 0; t < 3; t++) {
    seenLr.push(sgd.learningRate);
    model.forward([[0.1]]);
    model.backward([0]);
    sgd.step(model);
  }
  near(seenLr, [1, 0.5, 1 / 3]);
});

test('clipping by global norm rescales all gradients together; by value clamps each', () => {
  const make = (): Model => {
    const m = new Model({ inputs: 2, layers: [new Dense({ units: 1 })], dtype: 'float64', loss: 'sse' });
    m.setWeights([[[0], [0]], [[0]]]);
    return m;
  };
  // one sample x = [3, 4], y = 1, ŷ = 0: ∂C/∂W = 2(ŷ − y)x = [−6, −8], ∂C/∂b = −2; ‖g‖ = √104,
  // scaled by c/(‖g‖ + 10⁻⁶) as torch.nn.utils.clip_grad_norm_ does
  const byNorm = make();
  byNorm.forward([[3, 4]]);
  byNorm.backward([1]);
  new SGD({ lr: 1, clipNorm: 1 }).step(byNorm);
  const s = 1 / (Math.sqrt(104) + 1e-6);
  near(Array.from(byNorm.parameters()[0]!.value.data).concat(Array.from(byNorm.parameters()[1]!.value.data)), [6 * s, 8 * s, 2 * s]);

  const byValue = make();
  byValue.forward([[3, 4]]);
  byValue.backward([1]);
  new SGD({ lr: 1, clipValue: 5 }).step(byValue);
  near(Array.from(byValue.parameters()[0]!.value.data).concat(Array.from(byValue.parameters()[1]!.value.data)), [5, 5, 2]);
});
