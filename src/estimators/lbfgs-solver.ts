import { warn } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { Matrix } from '../core/matrix.js';
import { LBFGS } from '../optim/lbfgs.js';
import { Trainer } from '../train/trainer.js';
import type { MLPParams } from './params.js';
import type { FitState } from './state.js';

/** SciPy's messages for the ways L-BFGS-B ends, by the engine's stopping reason. */
const MESSAGES = {
  gradient: 'CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL',
  'no-progress': 'CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH',
  'max-fun': 'STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT',
  'max-iter': 'STOP: TOTAL NO. of ITERATIONS REACHED LIMIT',
} as const;

/**
 * scikit-learn's `_fit_lbfgs` with the engine's L-BFGS in place of SciPy's L-BFGS-B: full-batch
 * minimization of C(θ) = (1/n)·Σᵢ ℓᵢ + alpha/(2n)·Σ‖W‖², at most maxIter iterations and maxFun
 * evaluations, stopping when max|∂C/∂θ| ≤ tol (SciPy's gtol) or the relative decrease is below
 * factr·ε. Sets nIter to this run's iterations and loss to the final cost; warns when a limit ended it.
 */
export function fitLbfgs(state: FitState, p: MLPParams, x: Matrix, y: Matrix): void {
  const net = state.network;
  const optimizer = new LBFGS({ maxFun: p.maxFun, tolerance: p.tol });
  // the engine's trainer on the whole set: one L-BFGS iteration per step on C(θ) with the L2 term
  const trainer = new Trainer({ model: net.model, loss: net.loss, solver: optimizer, x, y, batchSize: x.rows, shuffle: false, rng: new Rng(0), extraPenalty: net.l2Penalty(p.alpha) });
  let reason: keyof typeof MESSAGES = 'max-iter';
  let cost = Number.NaN;
  let iterations = 0;
  try {
    for (let it = 0; it < p.maxIter; it++) {
      const step = trainer.step();
      cost = step.dataCost + step.penalty;
      // an iteration that found the start already converged takes no step
      if (optimizer.iterations > iterations) {
        iterations = optimizer.iterations;
        state.lossCurve.push(cost);
      }
      if (step.converged) {
        reason = optimizer.lastReason ?? 'max-iter';
        break;
      }
    }
  } finally {
    trainer.dispose();
  }
  if (Number.isNaN(cost)) cost = net.costAndGradient(x, y, p.alpha);
  state.nIter = iterations;
  state.loss = cost;
  if (reason === 'max-iter' || reason === 'max-fun') {
    warn(
      `ConvergenceWarning: lbfgs failed to converge (status=1): ${MESSAGES[reason]}. ` +
        'Increase the number of iterations (maxIter) or scale the data.',
    );
  }
}
