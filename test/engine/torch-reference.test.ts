/**
 * mlpkit against PyTorch: the same network, weights and data in both, compared number by number.
 *
 * The reference values were computed by PyTorch 1.13 in float64 and stored as fixtures by
 * `test/fixtures/torch/generate.py` (regenerate: `/usr/bin/python3 test/fixtures/torch/generate.py`).
 * PyTorch here is an independent implementation: its losses are torch's own functions
 * (`MSELoss`, `HuberLoss`, `BCEWithLogitsLoss`, `CrossEntropyLoss`, …), its gradients come from
 * autograd, its updates from `torch.optim`, `torch.optim.lr_scheduler` and `clip_grad_value_`.
 * One rule is written out in the generator instead: clipping by norm. mlpkit scales by c/‖g‖, torch's
 * `clip_grad_norm_` by c/(‖g‖ + 1e-6), a relative 1e-6 apart; the generator checks its exact rule
 * against torch's function to that level.
 *
 * Mapping: torch's `nn.Linear.weight` is units × inputs; mlpkit's W is inputs × units (z = x·W + b),
 * so the fixture stores the transpose. Parameters are in mlpkit's order W₁, b₁, W₂, b₂, ….
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  Dense,
  Model,
  Optimizer,
  createOptimizer,
  setWarningHandler,
  type ActivationSpec,
  type LossSpec,
  type Matrix,
  type OptimizerConfig,
} from '../../src/index.js';

/**
 * Tolerance, for every comparison in this file: |mlpkit − torch| ≤ RTOL·|torch| + ATOL.
 * Both sides compute in float64; the differences are rounding (order of summation, a·(b/c) against
 * (a·b)/c), about 1e-16 relative, grown a little by six or eight optimizer steps.
 */
const RTOL = 1e-10;
const ATOL = 1e-13;

type Table = number[][];

interface ForwardBackwardCase {
  name: string;
  hidden: ActivationSpec;
  output: ActivationSpec;
  loss: LossSpec;
  targets: string;
  sampleWeight: number[] | null;
  l1: number[];
  l2: number[];
  useBias: boolean[];
  expected: {
    z: Table[];
    a: Table[];
    loss: number[];
    dataCost: number;
    penalty: number;
    cost: number;
    delta: Table[];
    dW: Table[];
    db: (Table | null)[];
    dx: Table;
  };
}

interface ForwardBackwardFixture {
  torch: string;
  widths: number[];
  x: Table;
  W: Table[];
  b: Table[];
  targets: Record<string, Table>;
  cases: ForwardBackwardCase[];
}

type OptimizerSpec = Partial<OptimizerConfig> & { name: string };

interface OptimizerCase {
  name: string;
  problem: string;
  optimizer: OptimizerSpec;
  steps: number;
  expected: {
    /** cost before each step */
    cost: number[];
    /** learning rate used by each step */
    lr: number[];
    /** [W₁, b₁, W₂, b₂] after each step */
    weights: Table[][];
  };
}

interface OptimizerFixture {
  widths: number[];
  x: Table;
  W: Table[];
  b: Table[];
  problems: Record<string, { hidden: ActivationSpec; output: ActivationSpec; loss: LossSpec; y: Table }>;
  cases: OptimizerCase[];
}

function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/torch/${name}`, import.meta.url), 'utf8')) as T;
}

const forwardBackward = loadFixture<ForwardBackwardFixture>('forward-backward.json');
const optimizers = loadFixture<OptimizerFixture>('optimizers.json');

/** Asserts every entry of `actual` is within the tolerance of `expected`, naming the first that is not. */
function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} values, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    const tol = RTOL * Math.abs(e) + ATOL;
    if (!(Math.abs(a - e) <= tol)) {
      assert.fail(`${what}[${i}]: mlpkit ${a}, torch ${e} (difference ${Math.abs(a - e)}, tolerance ${tol})`);
    }
  }
}

function assertMatrixClose(actual: Matrix, expected: Table, what: string): void {
  assert.equal(actual.rows, expected.length, `${what}: ${actual.rows} rows, expected ${expected.length}`);
  assertClose(actual.data, expected.flat(), what);
}

/** A float64 model on the reference backend with the fixture's weights (biases skipped where useBias is false). */
function buildModel(
  widths: number[],
  activations: ActivationSpec[],
  W: Table[],
  b: Table[],
  options: { loss: LossSpec; useBias?: boolean[]; l1?: number[]; l2?: number[] },
): Model {
  const layers = activations.map(
    (activation, i) =>
      new Dense({
        units: widths[i + 1] as number,
        activation,
        useBias: options.useBias?.[i] ?? true,
        l1: options.l1?.[i] ?? 0,
        l2: options.l2?.[i] ?? 0,
      }),
  );
  const model = new Model({ inputs: widths[0] as number, layers, dtype: 'float64', backend: 'reference', loss: options.loss, seed: 1 });
  const values: Table[] = [];
  W.forEach((w, i) => {
    values.push(w);
    if (options.useBias?.[i] ?? true) values.push(b[i] as Table);
  });
  model.setWeights(values);
  return model;
}

// Some fixture pairings are deliberately unusual (softmax + MSE): the engine warns, the test need not hear it.
setWarningHandler(() => {});

describe(`forward and backward pass against PyTorch ${forwardBackward.torch} (3 → 4 → 3 → 3, batch 4)`, () => {
  for (const c of forwardBackward.cases) {
    it(c.name, () => {
      const { widths, x } = forwardBackward;
      const model = buildModel(widths, [c.hidden, c.hidden, c.output], forwardBackward.W, forwardBackward.b, {
        loss: c.loss,
        useBias: c.useBias,
        l1: c.l1,
        l2: c.l2,
      });
      const y = forwardBackward.targets[c.targets] as Table;
      const sampleWeight = c.sampleWeight;
      const e = c.expected;

      // forward: z = x·W + b and a = φ(z), layer by layer
      const yhat = model.forward(x, { training: true });
      model.denseLayers().forEach((layer, i) => {
        const out = layer.lastOutputs;
        assert.ok(out !== null);
        assertMatrixClose(out.z, e.z[i] as Table, `z${i + 1}`);
        assertMatrixClose(out.a, e.a[i] as Table, `a${i + 1}`);
      });
      assertMatrixClose(yhat, e.a[2] as Table, 'ŷ');

      // loss ℓᵢ per sample, then C = (1/N)·Σ wᵢℓᵢ (Σ for sse) + penalty
      const cost = model.cost(y, { sampleWeight });
      assertClose(cost.loss, e.loss, 'per-sample loss');
      assertClose([cost.dataCost, cost.penalty, cost.cost], [e.dataCost, e.penalty, e.cost], 'dataCost, penalty, cost');

      // backward: ∂cost/∂z, ∂cost/∂W, ∂cost/∂b per layer, and ∂cost/∂x
      const weightsBefore = model.getWeights().map((m) => Array.from(m.data));
      const grads = model.backward(y, { sampleWeight });
      assertClose([grads.cost.cost], [e.cost], 'cost returned by backward');
      grads.layers.forEach((g, i) => {
        assertMatrixClose(g.delta, e.delta[i] as Table, `∂cost/∂z${i + 1}`);
        assertMatrixClose(g.dW, e.dW[i] as Table, `∂cost/∂W${i + 1}`);
        const db = e.db[i] ?? null;
        if (db === null) assert.equal(g.db, null, `layer ${i + 1} has no bias, so no ∂cost/∂b`);
        else {
          assert.ok(g.db !== null, `∂cost/∂b${i + 1} missing`);
          assertMatrixClose(g.db, db, `∂cost/∂b${i + 1}`);
        }
      });
      assert.ok(grads.input !== null);
      assertMatrixClose(grads.input, e.dx, '∂cost/∂x');
      // backward changes no weight
      assert.deepEqual(model.getWeights().map((m) => Array.from(m.data)), weightsBefore);
    });
  }
});

describe('optimizers against torch.optim: weights after every step', () => {
  for (const c of optimizers.cases) {
    it(c.name, () => {
      const problem = optimizers.problems[c.problem];
      assert.ok(problem !== undefined, `unknown problem ${c.problem}`);
      const model = buildModel(optimizers.widths, [problem.hidden, problem.output], optimizers.W, optimizers.b, { loss: problem.loss });
      const optimizer = createOptimizer(c.optimizer);
      assert.ok(optimizer instanceof Optimizer, 'these fixtures cover the gradient-step optimizers');
      for (let t = 0; t < c.steps; t++) {
        // one training step by hand, as the method teaches it: forward → cost → backward → step
        model.forward(optimizers.x, { training: true });
        const cost = model.cost(problem.y).cost;
        assertClose([cost], [c.expected.cost[t] as number], `cost before step ${t + 1}`);
        assertClose([optimizer.learningRate], [c.expected.lr[t] as number], `learning rate of step ${t + 1}`);
        model.backward(problem.y);
        optimizer.step(model);
        // one step = one epoch here, so epoch-based schedules move as torch's scheduler.step() does
        optimizer.onEpochEnd(cost);
        model.getWeights().forEach((w, p) => {
          assertMatrixClose(w, (c.expected.weights[t] as Table[])[p] as Table, `step ${t + 1}, ${model.parameters()[p]?.name}`);
        });
      }
    });
  }
});
