// The backend conformance suite: every kernel of every fast backend against the reference backend
// (the oracle), on the edge-case sizes 0, 1, 3, 5, 17, 64, 255 and on the shapes of real networks.
// Tolerances live in tolerances.ts.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Backend, GemmOptions } from '../../src/backend/backend.js';
import { ReferenceBackend } from '../../src/backend/reference.js';
import { Matrix } from '../../src/core/matrix.js';
import { Rng } from '../../src/core/rng.js';
import { ACTIVATION_NAMES, getActivation, type Activation } from '../../src/nn/activations.js';
import { FAST_BACKENDS } from './backends.js';
import { abs, assertClose, assertWithin, plain, random as randomOf } from './helpers.js';
import { tolerancesFor } from './tolerances.js';

const ref = new ReferenceBackend();
const DTYPES = ['float32', 'float64'] as const;
const SIZES = [0, 1, 3, 5, 17];
/** (m, n, k) triples beyond all combinations of SIZES: the larger edge sizes and MLP products */
const LARGE: [number, number, number][] = [
  [64, 64, 64], [255, 17, 5], [5, 255, 17], [17, 5, 255], [255, 255, 3], [64, 255, 64], [255, 64, 255],
  [128, 256, 784], [784, 256, 128], [128, 784, 256], [32, 128, 256], [1, 256, 784], [1, 10, 128], [512, 10, 128], [16, 3, 16],
];
const TRIPLES: [number, number, number][] = [
  ...SIZES.flatMap((m) => SIZES.flatMap((n) => SIZES.map((k): [number, number, number] => [m, n, k]))),
  ...LARGE,
];
/** (rows, cols) of activations and element-wise tests */
const SHAPES: [number, number][] = [[0, 3], [1, 1], [3, 5], [5, 17], [17, 3], [64, 64], [255, 5], [128, 256], [32, 10]];

const ACTIVATIONS: Activation[] = [
  ...ACTIVATION_NAMES.map((name) => getActivation(name)),
  getActivation({ name: 'leakyRelu', alpha: 0.2 }),
  getActivation({ name: 'elu', alpha: 0.5 }),
];

/** op(A) m × k and op(B) k × n stored as the transpose flags say */
function operands(backend: Backend, rng: Rng, m: number, n: number, k: number, o: GemmOptions, dtype: 'float32' | 'float64'): [Matrix, Matrix] {
  const random = (rows: number, cols: number): Matrix => randomOf(backend, rng, rows, cols, -1, 1, dtype);
  const a = o.transA ? random(k, m) : random(m, k);
  const b = o.transB ? random(n, k) : random(k, n);
  return [a, b];
}

for (const config of FAST_BACKENDS) {
  for (const dtype of DTYPES) {
  describe(`backend conformance: ${config.label}, ${dtype}`, () => {
    const { productBound, columnSumBound, ELEMENTWISE, OPTIMIZER, REDUCTION } = tolerancesFor(dtype);
    /** a matrix from backend.alloc of the suite's element type, uniform values in [lo, hi) */
    const random = (backend: Backend, rng: Rng, rows: number, cols: number, lo = -1, hi = 1): Matrix => randomOf(backend, rng, rows, cols, lo, hi, dtype);
    let fast: Backend;
    before(async () => {
      fast = await config.setup();
    });

    it(`computes in ${dtype}, in its own memory`, () => {
      assert.equal(fast.supports(dtype), true);
      const m = fast.alloc(2, 2, dtype);
      assert.equal(m.dtype, dtype);
      assert.ok(m.data.every((v) => v === 0));
    });

    it('gemm: every shape, transpose and beta, within the float32 dot-product bound', () => {
      const rng = new Rng(1);
      for (const [m, n, k] of TRIPLES) {
        for (const transA of [false, true]) {
          for (const transB of [false, true]) {
            for (const beta of [0, 1] as const) {
              const o: GemmOptions = { transA, transB, beta };
              const [a, b] = operands(fast, rng, m, n, k, o, dtype);
              const c = random(fast, rng, m, n);
              const want = plain(c);
              ref.gemm(plain(a), plain(b), want, o);
              // Σₚ |aᵢₚ||bₚⱼ| (+ |cᵢⱼ| when accumulating) bounds the rounding error
              const mag = beta === 1 ? abs(c) : Matrix.zeros(m, n);
              ref.gemm(abs(a), abs(b), mag, o);
              fast.gemm(a, b, c, o);
              assertWithin(c, want, (i) => productBound(k, mag.data[i] as number), `gemm ${m}×${n}×${k} ${JSON.stringify(o)}`);
            }
          }
        }
      }
    });

    it('gemm: rejects mismatched shapes with both shapes in the message', () => {
      const a = fast.alloc(3, 4, dtype);
      const b = fast.alloc(5, 2, dtype);
      assert.throws(() => fast.gemm(a, b, fast.alloc(3, 2, dtype)), /op\(A\) is 3×4, op\(B\) is 5×2/);
    });

    it('denseForward: every activation, with and without bias, separate and in-place output', () => {
      const rng = new Rng(2);
      const shapes: [number, number, number][] = [[0, 3, 4], [1, 784, 256], [5, 17, 3], [3, 5, 1], [64, 255, 17], [128, 256, 10], [17, 3, 255]];
      for (const act of ACTIVATIONS) {
        for (const [batch, inputs, units] of shapes) {
          for (const withBias of [true, false]) {
            const x = random(fast, rng, batch, inputs);
            const w = random(fast, rng, inputs, units, -0.5, 0.5);
            const b = withBias ? random(fast, rng, 1, units) : null;
            const z = random(fast, rng, batch, units);
            const a = random(fast, rng, batch, units);
            const wantZ = ref.alloc(batch, units, dtype);
            const wantA = ref.alloc(batch, units, dtype);
            ref.denseForward(plain(x), plain(w), b && plain(b), act, wantZ, wantA);
            fast.denseForward(x, w, b, act, z, a);
            // z carries the product's rounding; a = φ(z) is compared on the fast z, so φ's own error shows
            const mag = Matrix.zeros(batch, units);
            ref.gemm(abs(x), abs(w), mag);
            const what = `denseForward ${act.name}(α=${act.alpha}) ${batch}×${inputs}→${units} bias=${withBias}`;
            assertWithin(z, wantZ, (i) => productBound(inputs + 1, (mag.data[i] as number) + 1), `${what}: z`);
            const wantFromZ = ref.alloc(batch, units, dtype);
            const identity = getActivation('identity');
            ref.denseForward(plain(z), Matrix.from(eye(units), dtype), null, act.kind === 'rowwise' ? act : identity, ref.alloc(batch, units, dtype), wantFromZ);
            if (act.kind === 'elementwise') for (let i = 0; i < wantFromZ.data.length; i++) wantFromZ.data[i] = act.f(z.data[i] as number);
            assertClose(a, wantFromZ, ELEMENTWISE, `${what}: a`);
            // prediction computes in place (a = z)
            const zz = random(fast, rng, batch, units);
            fast.denseForward(x, w, b, act, zz, zz);
            assertClose(zz, a, { abs: 0, rel: 0 }, `${what}: in place`);
          }
        }
      }
    });

    it('activationBackward: every activation, every shape', () => {
      const rng = new Rng(3);
      for (const act of ACTIVATIONS) {
        for (const [rows, cols] of SHAPES) {
          const z = random(fast, rng, rows, cols, -3, 3);
          const a = fast.alloc(rows, cols, dtype);
          fast.denseForward(z, Matrix.from(eye(cols), dtype), null, act, fast.alloc(rows, cols, dtype), a);
          const dA = random(fast, rng, rows, cols);
          const dZ = random(fast, rng, rows, cols);
          const want = ref.alloc(rows, cols, dtype);
          ref.activationBackward(act, plain(z), plain(a), plain(dA), want);
          fast.activationBackward(act, z, a, dA, dZ);
          assertClose(dZ, want, act.kind === 'rowwise' ? { abs: 1e-7 * cols, rel: 1e-6 } : ELEMENTWISE, `activationBackward ${act.name} ${rows}×${cols}`);
        }
      }
    });

    it('denseBackward: dW = xᵀ·dZ, db = Σ dZ, dX = dZ·Wᵀ on every shape, each output optional', () => {
      const rng = new Rng(4);
      const shapes: [number, number, number][] = [[0, 3, 4], [1, 1, 1], [3, 5, 17], [17, 3, 5], [5, 255, 64], [255, 17, 3], [128, 784, 256], [128, 128, 10], [16, 4, 16]];
      for (const [batch, inputs, units] of shapes) {
        for (const outputs of ['all', 'no db', 'no dX'] as const) {
          const x = random(fast, rng, batch, inputs);
          const w = random(fast, rng, inputs, units);
          const dZ = random(fast, rng, batch, units);
          const dW = random(fast, rng, inputs, units);
          const db = outputs === 'no db' ? null : random(fast, rng, 1, units);
          const dX = outputs === 'no dX' ? null : random(fast, rng, batch, inputs);
          const wantW = ref.alloc(inputs, units, dtype);
          const wantB = ref.alloc(1, units, dtype);
          const wantX = ref.alloc(batch, inputs, dtype);
          ref.denseBackward(plain(x), plain(w), plain(dZ), wantW, wantB, wantX);
          fast.denseBackward(x, w, dZ, dW, db, dX);
          const what = `denseBackward ${batch}×${inputs}→${units} (${outputs})`;
          const magW = Matrix.zeros(inputs, units);
          ref.gemm(abs(x), abs(dZ), magW, { transA: true });
          assertWithin(dW, wantW, (i) => productBound(batch, magW.data[i] as number), `${what}: dW`);
          if (db !== null) {
            const magB = Matrix.zeros(1, units);
            ref.denseBackward(Matrix.zeros(batch, 0), Matrix.zeros(0, units), abs(dZ), Matrix.zeros(0, units), magB, null);
            assertWithin(db, wantB, (i) => columnSumBound(batch, magB.data[i] as number), `${what}: db`);
          }
          if (dX !== null) {
            const magX = Matrix.zeros(batch, inputs);
            ref.gemm(abs(dZ), abs(w), magX, { transB: true });
            assertWithin(dX, wantX, (i) => productBound(units, magX.data[i] as number), `${what}: dX`);
          }
        }
      }
    });

    it('element-wise operations and reductions on every size', () => {
      const rng = new Rng(5);
      for (const [rows, cols] of SHAPES) {
        const what = `${rows}×${cols}`;
        const a = random(fast, rng, rows, cols);
        const b = random(fast, rng, rows, cols);
        const out = random(fast, rng, rows, cols);
        const want = ref.alloc(rows, cols, dtype);
        ref.mul(plain(a), plain(b), want);
        fast.mul(a, b, out);
        assertClose(out, want, ELEMENTWISE, `mul ${what}`);

        const y = plain(b);
        ref.axpy(-0.37, plain(a), y);
        fast.axpy(-0.37, a, b);
        assertClose(b, y, ELEMENTWISE, `axpy ${what}`);

        const s = plain(a);
        ref.scale(s, 1.7);
        fast.scale(a, 1.7);
        assertClose(a, s, ELEMENTWISE, `scale ${what}`);

        const close = (got: number, expected: number, op: string): void =>
          assert.ok(Math.abs(got - expected) <= REDUCTION.abs + REDUCTION.rel * Math.abs(expected), `${op} ${what}: ${got} vs ${expected}`);
        close(fast.sumSquares(a), ref.sumSquares(plain(a)), 'sumSquares');
        close(fast.sumAbs(a), ref.sumAbs(plain(a)), 'sumAbs');

        const theta = random(fast, rng, rows, cols);
        if (theta.size > 0) theta.data[0] = 0; // sign(0) = 0
        const g = random(fast, rng, rows, cols);
        const wantG = plain(g);
        ref.addPenaltyGradient(plain(theta), wantG, 0.01, 0.003);
        fast.addPenaltyGradient(theta, g, 0.01, 0.003);
        assertClose(g, wantG, ELEMENTWISE, `addPenaltyGradient ${what}`);

        const clipped = plain(g);
        ref.clipByValue(clipped, 0.25);
        fast.clipByValue(g, 0.25);
        assertClose(g, clipped, { abs: 0, rel: 0 }, `clipByValue ${what}`);

        const copy = fast.alloc(rows, cols, dtype);
        fast.copy(g, copy);
        assertClose(copy, g, { abs: 0, rel: 0 }, `copy ${what}`);
        fast.fill(copy, 0.5);
        assert.ok(copy.data.every((v) => v === 0.5), `fill ${what}`);
      }
    });

    describe('optimizer updates over several steps', () => {
      const STEPS = 6;
      const shapes: [number, number][] = [[0, 4], [1, 1], [1, 3], [5, 17], [64, 255], [17, 5]];

      /** Runs `step` on both backends for STEPS steps from the same θ, g (new g each step) and state. */
      function compare(name: string, states: number, step: (be: Backend, theta: Matrix, g: Matrix, s: Matrix[], t: number) => void): void {
        const rng = new Rng(6);
        for (const [rows, cols] of shapes) {
          const theta = random(fast, rng, rows, cols);
          const s = Array.from({ length: states }, () => fast.alloc(rows, cols, dtype));
          const refTheta = plain(theta);
          const refS = s.map(plain);
          for (let t = 1; t <= STEPS; t++) {
            const g = random(fast, rng, rows, cols, -2, 2);
            step(ref, refTheta, plain(g), refS, t);
            step(fast, theta, g, s, t);
            assertClose(theta, refTheta, OPTIMIZER, `${name} ${rows}×${cols} step ${t}: θ`);
            s.forEach((m, i) => assertClose(m, refS[i] as Matrix, OPTIMIZER, `${name} ${rows}×${cols} step ${t}: state ${i}`));
          }
        }
      }

      for (const o of [
        { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 },
        { momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0.01 },
        { momentum: 0.9, dampening: 0.1, nesterov: false, weightDecay: 0 },
        { momentum: 0.8, dampening: 0, nesterov: true, weightDecay: 0.001 },
      ]) {
        it(`sgd ${JSON.stringify(o)}`, () => {
          compare('sgd', 1, (be, theta, g, [v], t) =>
            be.sgdUpdate(theta, g, o.momentum > 0 ? (v as Matrix) : null, { lr: 0.1, ...o, firstStep: t === 1 }));
        });
      }
      for (const o of [
        { lr: 1e-3, weightDecay: 0, decoupled: false, amsgrad: false },
        { lr: 0.1, weightDecay: 0, decoupled: false, amsgrad: false },
        { lr: 0.01, weightDecay: 0.01, decoupled: false, amsgrad: true },
        { lr: 0.05, weightDecay: 0.1, decoupled: true, amsgrad: false },
      ]) {
        it(`adam ${JSON.stringify(o)}`, () => {
          compare('adam', 3, (be, theta, g, [m, v, vMax], t) =>
            be.adamUpdate(theta, g, m as Matrix, v as Matrix, o.amsgrad ? (vMax as Matrix) : null, {
              ...o, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: t,
            }));
        });
      }
      for (const o of [
        { centered: false, momentum: 0, weightDecay: 0 },
        { centered: true, momentum: 0, weightDecay: 0.01 },
        { centered: true, momentum: 0.9, weightDecay: 0 },
        { centered: false, momentum: 0.5, weightDecay: 0 },
      ]) {
        it(`rmsprop ${JSON.stringify(o)}`, () => {
          compare('rmsprop', 3, (be, theta, g, [sq, gAvg, buf]) =>
            be.rmspropUpdate(theta, g, sq as Matrix, o.centered ? (gAvg as Matrix) : null, o.momentum > 0 ? (buf as Matrix) : null, {
              ...o, lr: 0.01, rho: 0.99, epsilon: 1e-8,
            }));
        });
      }
      it('adagrad', () => {
        compare('adagrad', 1, (be, theta, g, [sum]) => be.adagradUpdate(theta, g, sum as Matrix, { lr: 0.1, epsilon: 1e-10, weightDecay: 0.01 }));
      });
    });

    it('accepts matrices it did not allocate, and refuses float32 and float64 operands mixed', () => {
      const rng = new Rng(7);
      const x = plain(random(fast, rng, 5, 17));
      const w = plain(random(fast, rng, 17, 3));
      const z = Matrix.zeros(5, 3, dtype);
      const a = Matrix.zeros(5, 3, dtype);
      fast.denseForward(x, w, null, getActivation('relu'), z, a);
      const want = Matrix.zeros(5, 3, dtype);
      ref.gemm(x, w, want);
      assertClose(z, want, { abs: 1e-5, rel: 1e-5 }, 'foreign z');
      assert.ok(a.data.every((v, i) => v === Math.max(0, z.data[i] as number)), 'foreign a');
      assert.throws(() => fast.gemm(x.clone(dtype === 'float32' ? 'float64' : 'float32'), w, z), /mixes float32 and float64/);
    });

    it('alloc: zero-filled, reused after free, and every matrix keeps its values while memory grows', () => {
      const first = fast.alloc(3, 5, dtype);
      first.data.set([1, 2, 3]);
      const big: Matrix[] = [];
      // 8 × 16 MiB forces the memory to grow several times
      for (let i = 0; i < 8; i++) {
        const m = fast.alloc(1024, 4096, dtype);
        assert.equal(m.data[m.data.length - 1], 0);
        m.data[0] = i;
        big.push(m);
      }
      assert.deepEqual(Array.from(first.data.subarray(0, 4)), [1, 2, 3, 0]);
      big.forEach((m, i) => assert.equal(m.data[0], i));
      const product = fast.alloc(3, 3, dtype);
      fast.gemm(first, first, product, { transB: true });
      assert.equal(product.data[0], 14);
      for (const m of big) fast.free(m);
      const again = fast.alloc(1024, 4096, dtype);
      assert.ok(again.data.every((v) => v === 0), 'a reused block is zero-filled');
      fast.free(again);
      fast.free(first);
      fast.free(product);
    });
  });
}
}

/** the n × n identity, as rows */
function eye(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

describe('wasm backend with a non-shared memory (a page that is not cross-origin isolated)', () => {
  it('is single-threaded, and every matrix keeps a live view of its values while the memory grows', async () => {
    const { createWasmBackend } = await import('../../src/backend/wasm/index.js');
    const backend = await createWasmBackend({ threads: 2, sharedMemory: false });
    assert.equal(backend.sharedMemory, false);
    assert.equal(backend.threads, 1);
    const rng = new Rng(9);
    const a = randomOf(backend, rng, 17, 5);
    const b = randomOf(backend, rng, 5, 3);
    const kept = plain(a);
    const before = backend.memoryBytes;
    // 4 × 16 MiB: the memory grows, which detaches every earlier view of a non-shared memory
    const big = Array.from({ length: 4 }, () => backend.alloc(1024, 4096, 'float32'));
    assert.ok(backend.memoryBytes > before, 'the memory grew');
    assert.equal(a.data.length, 17 * 5, 'the old matrix was handed a fresh view');
    assertClose(a, kept, { abs: 0, rel: 0 }, 'values after growth');
    const c = backend.alloc(17, 3, 'float32');
    backend.gemm(a, b, c);
    const want = Matrix.zeros(17, 3);
    ref.gemm(kept, plain(b), want);
    assertClose(c, want, { abs: 1e-6, rel: 1e-5 }, 'gemm after growth');
    big.forEach((m) => backend.free(m));
  });
});
