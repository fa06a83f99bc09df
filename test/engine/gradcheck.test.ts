/**
 * Backpropagation against central finite differences, in float64:
 *   ∂C/∂θᵢ ≈ (C(θ + εeᵢ) − C(θ − εeᵢ)) / 2ε
 * for every weight, bias and input entry (`gradCheck`, src/train/gradcheck.ts), over every
 * activation × loss pairing, Dropout (its mask held fixed), L1/L2 penalties, sample weights and
 * layers without bias. And the other half of a check: a deliberately wrong gradient IS caught.
 *
 * Finite differences are only right where the cost is smooth. relu, leakyRelu, elu (α ≠ 1) and selu
 * have a kink at z = 0, mae at ŷ = y, huber's second derivative jumps at |ŷ − y| = δ, and L1 at
 * W = 0. Every sample point below is first checked to lie at least KINK_MARGIN from each of those,
 * a hundred times the step ε (`samplePoint` tries seeds in order until one qualifies).
 *
 * And a relative error is only meaningful where the gradient stands above the differences' own
 * noise: about 1e-16·C/ε from rounding plus ε²·C‴/6 from truncation, some 1e-11 here. A gradient
 * entry of 1e-5 would show a "relative error" of 1e-6 with both sides right (the PyTorch test
 * confirms these gradients to 1e-10), so sample points also need every gradient entry to be either
 * exactly 0 (a dead relu unit, a dropped input: both sides give exactly 0) or at least GRADIENT_FLOOR.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACTIVATION_NAMES,
  Dense,
  Dropout,
  Model,
  ReferenceBackend,
  Rng,
  getLoss,
  gradCheck,
  setWarningHandler,
  type Activation,
  type ActivationSpec,
  type GradCheckResult,
  type Layer,
  type Loss,
  type LossSpec,
  type Matrix,
} from '../../src/index.js';

/** The bar every correct gradient must clear: max relative error over all entries checked. */
const MAX_RELATIVE_ERROR = 1e-6;
/** Finite-difference step (central differences: truncation error ~ε², rounding ~1e-16/ε; 1e-5 balances them). */
const EPSILON = 1e-5;
/** Smallest distance from a kink allowed at a sample point (≫ EPSILON). */
const KINK_MARGIN = 1e-3;
/** Smallest non-zero |∂C/∂θ| allowed at a sample point (≫ the ~1e-11 noise of the differences). */
const GRADIENT_FLOOR = 1e-4;
const BATCH = 5;

// Pairings such as softmax + MSE are deliberately checked; the engine's warning is not needed here.
setWarningHandler(() => {});

type Targets = number[][];

/** Targets that fit a loss: class labels, one-hot-ish probabilities, 0/1-ish values, or real numbers. */
function targetsFor(loss: Loss, outputs: number, rng: Rng): Targets {
  const rows: Targets = [];
  for (let i = 0; i < BATCH; i++) {
    if (loss.targets === 'labels') {
      rows.push([rng.int(outputs)]);
    } else if (loss.name === 'categoricalCrossentropy') {
      // probability targets (rows sum to 1), not only one-hot
      const raw = Array.from({ length: outputs }, () => rng.range(0.1, 1));
      const sum = raw.reduce((s, v) => s + v, 0);
      rows.push(raw.map((v) => v / sum));
    } else if (loss.name === 'binaryCrossentropy') {
      rows.push(Array.from({ length: outputs }, () => rng.range(0, 1)));
    } else {
      rows.push(Array.from({ length: outputs }, () => rng.normal(0, 1)));
    }
  }
  return rows;
}

/** Activations whose derivative jumps at z = 0. */
const KINKED = new Set(['relu', 'leakyRelu', 'elu', 'selu']);

/**
 * How far the current forward pass (training mode, as gradCheck runs it) is from the nearest kink of
 * the cost: hidden/output pre-activations of kinked activations from 0, mae residuals from 0,
 * huber residuals from ±δ, and L1-penalized weights from 0.
 */
function kinkDistance(model: Model, y: Targets, loss: Loss): number {
  let d = Infinity;
  for (const layer of model.denseLayers()) {
    if (KINKED.has(layer.activation.name)) {
      const out = layer.lastOutputs as { z: Matrix };
      for (const z of out.z.data) d = Math.min(d, Math.abs(z));
    }
    if (layer.l1 > 0) for (const w of layer.weights.value.data) d = Math.min(d, Math.abs(w));
  }
  if (loss.name === 'mae' || loss.name === 'huber') {
    const yhat = (model.denseLayers().at(-1)?.lastOutputs as { a: Matrix }).a;
    yhat.data.forEach((p, k) => {
      const r = Math.abs(p - (y[Math.floor(k / yhat.cols)]?.[k % yhat.cols] as number));
      d = Math.min(d, loss.name === 'mae' ? r : Math.abs(r - loss.delta));
    });
  }
  return d;
}

interface Setup {
  model: Model;
  x: number[][];
  y: Targets;
  seed: number;
  sampleWeight: number[] | null;
}

/** The smallest non-zero |entry| over every parameter gradient and ∂C/∂x. */
function smallestGradient(model: Model, y: Targets, sampleWeight: number[] | null): number {
  const grads = model.backward(y, { sampleWeight });
  let m = Infinity;
  for (const t of [...model.parameters().map((p) => p.grad), grads.input as Matrix]) {
    for (const g of t.data) if (g !== 0) m = Math.min(m, Math.abs(g));
  }
  return m;
}

/**
 * Builds the model and a batch for successive seeds until the sample point is at least KINK_MARGIN
 * from every kink and every gradient entry is 0 or at least GRADIENT_FLOOR.
 */
function samplePoint(
  makeLayers: () => Layer[],
  inputs: number,
  loss: Loss,
  options: { sampleWeight?: number[]; accept?: (setup: Setup) => boolean } = {},
): Setup {
  for (let seed = 1; seed <= 500; seed++) {
    const layers = makeLayers();
    const model = new Model({ inputs, layers, dtype: 'float64', backend: 'reference', loss, seed });
    const rng = new Rng(1000 + seed);
    const x = Array.from({ length: BATCH }, () => Array.from({ length: inputs }, () => rng.normal(0, 1)));
    const y = targetsFor(loss, model.outputs, rng);
    const state = model.rng.getState();
    model.forward(x, { training: true });
    const setup = { model, x, y, seed, sampleWeight: options.sampleWeight ?? null };
    const ok =
      kinkDistance(model, y, loss) >= KINK_MARGIN &&
      smallestGradient(model, y, setup.sampleWeight) >= GRADIENT_FLOOR &&
      (options.accept?.(setup) ?? true);
    model.rng.setState(state); // gradCheck starts from the same dropout draws
    if (ok) return setup;
  }
  throw new Error('no seed in 1…500 gives a sample point away from every kink with no near-zero gradient');
}

function check(setup: Setup): GradCheckResult {
  return gradCheck(setup.model, setup.x, setup.y, { epsilon: EPSILON, sampleWeight: setup.sampleWeight });
}

function assertGradientsRight(result: GradCheckResult, what: string): void {
  const worst = result.tensors.reduce((a, b) => (b.maxRelativeError > a.maxRelativeError ? b : a));
  assert.ok(
    result.maxRelativeError < MAX_RELATIVE_ERROR,
    `${what}: max relative error ${result.maxRelativeError.toExponential(2)} in ${worst.name} (bar ${MAX_RELATIVE_ERROR})`,
  );
  // every weight, bias and input entry was compared
  assert.ok(result.tensors.some((t) => t.name === 'input') && result.tensors.every((t) => t.checked > 0));
}

/** Each activation with a non-default parameter where it has one, so α really enters the gradient. */
function spec(name: string): ActivationSpec {
  if (name === 'leakyRelu') return { name: 'leakyRelu', alpha: 0.2 };
  if (name === 'elu') return { name: 'elu', alpha: 0.7 };
  return name as ActivationSpec;
}

/** Every loss with its proper output activation (the fused ones: sigmoid + BCE, softmax + CE). */
const PROPER: [LossSpec, ActivationSpec][] = [
  ['mse', 'identity'],
  ['sse', 'identity'],
  ['mae', 'identity'],
  [{ name: 'huber', delta: 0.5 }, 'identity'],
  ['binaryCrossentropy', 'sigmoid'],
  ['categoricalCrossentropy', 'softmax'],
  ['sparseCategoricalCrossentropy', 'softmax'],
];

const lossLabel = (l: LossSpec): string => (typeof l === 'string' ? l : `huber(δ ${l.delta ?? 1})`);

describe('gradCheck: every hidden activation × every loss (3 → 4 → 4 → 3, batch 5)', () => {
  for (const hidden of ACTIVATION_NAMES) {
    for (const [lossSpec, output] of PROPER) {
      it(`${hidden} hidden, ${String(output)} output, ${lossLabel(lossSpec)}`, () => {
        const loss = getLoss(lossSpec);
        const setup = samplePoint(
          () => [new Dense({ units: 4, activation: spec(hidden) }), new Dense({ units: 4, activation: spec(hidden) }), new Dense({ units: 3, activation: output })],
          3,
          loss,
        );
        assertGradientsRight(check(setup), `${hidden}/${lossLabel(lossSpec)}`);
      });
    }
  }
});

describe('gradCheck: every activation at the output, unfused (its φ′ meets the loss gradient)', () => {
  // MSE through every output activation, then the cross-entropies on outputs they are not fused with
  const pairs: [string, LossSpec][] = [
    ...ACTIVATION_NAMES.map((a): [string, LossSpec] => [a, 'mse']),
    ['sigmoid', 'sse'],
    ['tanh', 'mae'],
    ['softplus', { name: 'huber', delta: 0.3 }],
    ['softmax', 'binaryCrossentropy'],
    ['sigmoid', 'categoricalCrossentropy'],
    ['sigmoid', 'sparseCategoricalCrossentropy'],
  ];
  for (const [output, lossSpec] of pairs) {
    it(`tanh hidden, ${output} output, ${lossLabel(lossSpec)}`, () => {
      const loss = getLoss(lossSpec);
      const setup = samplePoint(() => [new Dense({ units: 5, activation: 'tanh' }), new Dense({ units: 3, activation: spec(output) })], 4, loss);
      assertGradientsRight(check(setup), `${output}/${lossLabel(lossSpec)}`);
    });
  }
});

describe('gradCheck: layers, penalties and weights', () => {
  it('Dropout in training mode, its mask held fixed (3 → 6 tanh → Dropout 0.3 → 5 relu → Dropout 0.5 → 3 softmax)', () => {
    const loss = getLoss('categoricalCrossentropy');
    const setup = samplePoint(
      () => [
        new Dense({ units: 6, activation: 'tanh' }),
        new Dropout({ rate: 0.3 }),
        new Dense({ units: 5, activation: 'relu' }),
        new Dropout({ rate: 0.5 }),
        new Dense({ units: 3, activation: 'softmax' }),
      ],
      3,
      loss,
    );
    // the masks really drop something: the training-mode output differs from the prediction
    const state = setup.model.rng.getState();
    const trained = Array.from(setup.model.forward(setup.x, { training: true }).data);
    setup.model.rng.setState(state);
    const predicted = Array.from(setup.model.predict(setup.x).data);
    assert.notDeepEqual(trained, predicted);
    assertGradientsRight(check(setup), 'dropout');
  });

  it('L1 and L2 penalties on the kernels (the bias is not penalized)', () => {
    const loss = getLoss('mse');
    const setup = samplePoint(
      () => [
        new Dense({ units: 4, activation: 'elu', l1: 0.01, l2: 0.05 }),
        new Dense({ units: 4, activation: 'swish', l2: 0.1 }),
        new Dense({ units: 2, activation: 'identity', l1: 0.2 }),
      ],
      3,
      loss,
    );
    assert.ok(setup.model.penalty() > 0);
    assertGradientsRight(check(setup), 'penalties');
  });

  it('sample weights (one of them zero), for a mean loss and the sum loss', () => {
    for (const lossSpec of ['binaryCrossentropy', 'sse', 'sparseCategoricalCrossentropy'] as const) {
      const loss = getLoss(lossSpec);
      const output = loss.fusedActivation ?? 'identity';
      const setup = samplePoint(() => [new Dense({ units: 4, activation: 'gelu' }), new Dense({ units: 3, activation: output })], 3, loss, {
        sampleWeight: [0.5, 2, 0, 1, 3],
      });
      assertGradientsRight(check(setup), `sample weights, ${lossSpec}`);
    }
  });

  it('layers without bias', () => {
    const loss = getLoss('sparseCategoricalCrossentropy');
    const setup = samplePoint(
      () => [new Dense({ units: 4, activation: 'softsign', useBias: false }), new Dense({ units: 3, activation: 'softmax', useBias: false })],
      3,
      loss,
    );
    assert.equal(setup.model.parameters().length, 2, 'W₁ and W₂ only');
    assertGradientsRight(check(setup), 'no bias');
  });

  it('huber with residuals on both sides of δ (quadratic and linear pieces)', () => {
    const loss = getLoss({ name: 'huber', delta: 0.4 });
    const setup = samplePoint(() => [new Dense({ units: 4, activation: 'selu' }), new Dense({ units: 3 })], 3, loss, {
      accept: ({ model, y }) => {
        const yhat = (model.denseLayers().at(-1)?.lastOutputs as { a: Matrix }).a;
        const r = Array.from(yhat.data, (p, k) => Math.abs(p - (y[Math.floor(k / 3)]?.[k % 3] as number)));
        return r.some((v) => v < loss.delta) && r.some((v) => v > loss.delta);
      },
    });
    assertGradientsRight(check(setup), 'huber both pieces');
  });

  it('a deeper mixed stack: 4 → 6 selu → 5 gelu → Dropout 0.2 → 4 softsign → 3 softmax, with L2', () => {
    const loss = getLoss('categoricalCrossentropy');
    const setup = samplePoint(
      () => [
        new Dense({ units: 6, activation: 'selu', l2: 0.01 }),
        new Dense({ units: 5, activation: 'gelu' }),
        new Dropout({ rate: 0.2 }),
        new Dense({ units: 4, activation: 'softsign' }),
        new Dense({ units: 3, activation: 'softmax', l2: 0.01 }),
      ],
      4,
      loss,
    );
    assertGradientsRight(check(setup), 'deep stack');
  });
});

describe('gradCheck can fail: deliberately wrong gradients are caught', () => {
  /** A reference backend whose backward pass is wrong in one chosen way. */
  class BrokenBackend extends ReferenceBackend {
    constructor(private readonly breakage: 'tanh derivative' | 'dW scaled') {
      super();
    }

    override activationBackward(act: Activation, z: Matrix, a: Matrix, dA: Matrix, dZ: Matrix): void {
      if (this.breakage === 'tanh derivative' && act.name === 'tanh') {
        // the classic slip: tanh′ = 1 − a instead of 1 − a²
        for (let i = 0; i < dZ.data.length; i++) dZ.data[i] = (dA.data[i] as number) * (1 - (a.data[i] as number));
        return;
      }
      super.activationBackward(act, z, a, dA, dZ);
    }

    override denseBackward(x: Matrix, w: Matrix, dZ: Matrix, dW: Matrix, db: Matrix | null, dX: Matrix | null): void {
      super.denseBackward(x, w, dZ, dW, db, dX);
      // off by one part in 10⁴: small, and still a hundred times the bar
      if (this.breakage === 'dW scaled') dW.data[0] = (dW.data[0] as number) * (1 + 1e-4);
    }
  }

  const build = (backend: ReferenceBackend, loss: LossSpec | Loss): { model: Model; x: number[][]; y: number[][] } => {
    const model = new Model({
      inputs: 3,
      layers: [new Dense({ units: 4, activation: 'tanh' }), new Dense({ units: 2 })],
      dtype: 'float64',
      backend,
      loss,
      seed: 7,
    });
    const rng = new Rng(3);
    const x = Array.from({ length: BATCH }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const y = Array.from({ length: BATCH }, () => [rng.normal(), rng.normal()]);
    return { model, x, y };
  };

  it('the same network passes with the right gradients (the control)', () => {
    const { model, x, y } = build(new ReferenceBackend(), 'mse');
    assertGradientsRight(gradCheck(model, x, y, { epsilon: EPSILON }), 'control');
  });

  it('a wrong activation derivative (tanh′ taken as 1 − a)', () => {
    const { model, x, y } = build(new BrokenBackend('tanh derivative'), 'mse');
    const result = gradCheck(model, x, y, { epsilon: EPSILON });
    assert.ok(result.maxRelativeError > 1e-2, `caught: ${result.maxRelativeError}`);
    // the output layer's W₂ and b₂ do not pass through tanh′ and stay right; W₁, b₁ and x are wrong
    const byName = new Map(result.tensors.map((t) => [t.name, t.maxRelativeError]));
    assert.ok((byName.get('dense_2/W') as number) < MAX_RELATIVE_ERROR);
    assert.ok((byName.get('dense_1/W') as number) > 1e-2);
    assert.ok((byName.get('input') as number) > 1e-2);
  });

  it('one gradient entry off by 1e-4 relative', () => {
    const { model, x, y } = build(new BrokenBackend('dW scaled'), 'mse');
    const result = gradCheck(model, x, y, { epsilon: EPSILON });
    assert.ok(result.maxRelativeError > 10 * MAX_RELATIVE_ERROR, `caught: ${result.maxRelativeError}`);
    assert.ok(result.maxRelativeError < 1e-3);
  });

  it('a loss whose gradient forgets the factor 2 of (ŷ − y)²', () => {
    const mse = getLoss('mse');
    // ∂ℓ/∂ŷⱼ should be (2/k)(ŷⱼ − yⱼ); this returns half of it
    const halfGradient: Loss = {
      ...mse,
      gradient: (yhat, y, dA) => {
        for (let i = 0; i < dA.data.length; i++) dA.data[i] = ((yhat.data[i] as number) - (y.data[i] as number)) / yhat.cols;
      },
    };
    const { model, x, y } = build(new ReferenceBackend(), halfGradient);
    const result = gradCheck(model, x, y, { epsilon: EPSILON });
    // every analytic gradient is half the true one: relative error |g/2 − g| / |g| = 0.5
    assert.ok(Math.abs(result.maxRelativeError - 0.5) < 1e-4, `caught: ${result.maxRelativeError}`);
  });
});
