// Operands the WASM backend did not allocate are staged (copied into its memory) before a kernel
// runs. With a non-shared memory (a page that is not cross-origin isolated), staging a large operand
// grows the memory, which detaches every earlier view of it — the kernel arguments' view included.
// Every operation must still compute the right values: each runs here on a fresh backend with
// operands of 16 MiB, so that staging them grows the memory, against the reference backend.
import { describe, it } from 'node:test';
import type { Backend } from '../../src/backend/backend.js';
import { ReferenceBackend } from '../../src/backend/reference.js';
import { createWasmBackend } from '../../src/backend/wasm/index.js';
import { Matrix } from '../../src/core/matrix.js';
import { Rng } from '../../src/core/rng.js';
import { getActivation } from '../../src/nn/activations.js';
import { assertClose } from './helpers.js';
import { ELEMENTWISE, OPTIMIZER } from './tolerances.js';

const ref = new ReferenceBackend();
/** 2048 × 2048 float32: 16 MiB, more than the memory grows by in one step */
const BIG = 2048;
/** products of depth 4 */
const PRODUCT = { abs: 1e-5, rel: 1e-5 };
/** denseBackward's dX = dZ·Wᵀ has depth 2048 (float32 sums of ~15 in magnitude); the point is values versus zeros */
const DEEP_PRODUCT = { abs: 1e-3, rel: 1e-4 };
/** 4 × 1,048,576 float32: a 16 MiB weight matrix of depth 4 */
const WIDE = BIG * 512;

/** A plain (not backend-allocated) rows × cols float32 matrix of uniform values in [lo, hi). */
function foreign(rng: Rng, rows: number, cols: number, lo = -1, hi = 1): Matrix {
  const m = Matrix.zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.range(lo, hi);
  return m;
}

/** The same operation on a fresh non-shared WASM backend and on the reference backend, outputs compared. */
async function check(
  name: string,
  make: (rng: Rng) => Matrix[],
  op: (backend: Backend, operands: Matrix[]) => void,
  outputs: number[],
  tol: { abs: number; rel: number },
): Promise<void> {
  const backend = await createWasmBackend({ threads: 1, sharedMemory: false });
  try {
    const operands = make(new Rng(3));
    const expected = operands.map((m) => m.clone('float32'));
    const before = backend.memoryBytes;
    op(backend, operands);
    op(ref, expected);
    if (!(backend.memoryBytes > before)) throw new Error(`${name}: the memory did not grow; the test needs larger operands`);
    for (const i of outputs) assertClose(operands[i] as Matrix, expected[i] as Matrix, tol, `${name}, operand ${i}`);
  } finally {
    backend.terminate();
  }
}

describe('wasm backend, non-shared memory: staging that grows the memory leaves every operation right', () => {
  const adam = { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: 3, weightDecay: 0.01, decoupled: false, amsgrad: true };

  it('mul, axpy, scale', async () => {
    await check('mul', (r) => [foreign(r, BIG, BIG), foreign(r, BIG, BIG), Matrix.zeros(BIG, BIG)], (b, [x, y, o]) => b.mul(x!, y!, o!), [2], ELEMENTWISE);
    await check('axpy', (r) => [foreign(r, BIG, BIG), foreign(r, BIG, BIG)], (b, [x, y]) => b.axpy(0.5, x!, y!), [1], ELEMENTWISE);
    await check('scale', (r) => [foreign(r, BIG, BIG)], (b, [x]) => b.scale(x!, 0.5), [0], ELEMENTWISE);
  });

  it('addPenaltyGradient, clipByValue', async () => {
    await check('addPenaltyGradient', (r) => [foreign(r, BIG, BIG), foreign(r, BIG, BIG)], (b, [t, g]) => b.addPenaltyGradient(t!, g!, 0.1, 0.2), [1], ELEMENTWISE);
    await check('clipByValue', (r) => [foreign(r, BIG, BIG)], (b, [g]) => b.clipByValue(g!, 0.5), [0], ELEMENTWISE);
  });

  it('sgd, adam, rmsprop and adagrad updates', async () => {
    const sgd = { lr: 0.1, momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 0.01, firstStep: false };
    await check('sgdUpdate', (r) => [foreign(r, BIG, BIG), foreign(r, BIG, BIG), foreign(r, BIG, BIG)], (b, [t, g, v]) => b.sgdUpdate(t!, g!, v!, sgd), [0, 2], OPTIMIZER);
    await check(
      'adamUpdate',
      (r) => [foreign(r, BIG, BIG), foreign(r, BIG, BIG), foreign(r, BIG, BIG), foreign(r, BIG, BIG, 0, 1), foreign(r, BIG, BIG, 0, 1)],
      (b, [t, g, m, v, vMax]) => b.adamUpdate(t!, g!, m!, v!, vMax!, adam),
      [0, 2, 3, 4],
      OPTIMIZER,
    );
    const rms = { lr: 0.01, rho: 0.99, epsilon: 1e-8, momentum: 0.9, centered: true, weightDecay: 0.01 };
    await check(
      'rmspropUpdate',
      (r) => [foreign(r, BIG, BIG), foreign(r, BIG, BIG), foreign(r, BIG, BIG, 1, 2), foreign(r, BIG, BIG, -0.1, 0.1), foreign(r, BIG, BIG)],
      (b, [t, g, sq, avg, buf]) => b.rmspropUpdate(t!, g!, sq!, avg!, buf!, rms),
      [0, 2, 3, 4],
      OPTIMIZER,
    );
    await check(
      'adagradUpdate',
      (r) => [foreign(r, BIG, BIG), foreign(r, BIG, BIG), foreign(r, BIG, BIG, 0, 1)],
      (b, [t, g, s]) => b.adagradUpdate(t!, g!, s!, { lr: 0.01, epsilon: 1e-10, weightDecay: 0.01 }),
      [0, 2],
      OPTIMIZER,
    );
  });

  it('gemm, denseForward, activationBackward, denseBackward', async () => {
    await check('gemm', (r) => [foreign(r, 4, BIG), foreign(r, 4, BIG), foreign(r, BIG, BIG)], (b, [x, y, c]) => b.gemm(x!, y!, c!, { transA: true, beta: 1 }), [2], PRODUCT);
    const tanh = getActivation('tanh');
    await check(
      'denseForward',
      (r) => [foreign(r, 4, 4), foreign(r, 4, WIDE), foreign(r, 1, WIDE), Matrix.zeros(4, WIDE), Matrix.zeros(4, WIDE)],
      (b, [x, w, bias, z, a]) => b.denseForward(x!, w!, bias!, tanh, z!, a!),
      [3, 4],
      PRODUCT,
    );
    await check(
      'activationBackward',
      (r) => [foreign(r, BIG, BIG), foreign(r, BIG, BIG), foreign(r, BIG, BIG), Matrix.zeros(BIG, BIG)],
      (b, [z, a, dA, dZ]) => b.activationBackward(getActivation('relu'), z!, a!, dA!, dZ!),
      [3],
      ELEMENTWISE,
    );
    // the repro: ∂cost/∂W into a plain 2048 × 2048 dW came back all zeros
    await check(
      'denseBackward',
      (r) => [foreign(r, 4, BIG), foreign(r, BIG, BIG), foreign(r, 4, BIG), Matrix.zeros(BIG, BIG), Matrix.zeros(1, BIG), Matrix.zeros(4, BIG)],
      (b, [x, w, dZ, dW, db, dX]) => b.denseBackward(x!, w!, dZ!, dW!, db!, dX!),
      [3, 4, 5],
      DEEP_PRODUCT,
    );
  });
});
