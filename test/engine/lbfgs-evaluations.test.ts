// L-BFGS evaluates the cost function once per line-search trial and leaves the model at the accepted
// point without evaluating it again when that point was the last trial (it used to re-evaluate after
// every iteration, doubling the cost of a full-batch fit: 103 evaluations for 50 iterations).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { LBFGS } from '../../src/optim/lbfgs.js';

it('L-BFGS: one cost evaluation per line-search trial, the accepted point is the last one evaluated', () => {
  // f(x) = Σ cᵢ·(xᵢ − i)², an ill-conditioned quadratic
  const n = 20;
  let calls = 0;
  let last = new Float64Array(n);
  const fg = (x: Float64Array, g: Float64Array): number => {
    calls++;
    last = Float64Array.from(x);
    let f = 0;
    for (let i = 0; i < n; i++) {
      const c = 1 + i * i;
      f += c * (x[i]! - i) ** 2;
      g[i] = 2 * c * (x[i]! - i);
    }
    return f;
  };
  const lbfgs = new LBFGS({ tolerance: 1e-10 });
  const x0 = new Float64Array(n);
  let cost = NaN;
  for (let k = 0; k < 200; k++) {
    const step = lbfgs.iterate(fg, x0);
    cost = step.cost;
    // the model (here: the last x passed to fg) holds the accepted point, whose cost iterate returns
    const f = fg(last, new Float64Array(n));
    calls--;
    assert.equal(f, cost, `iteration ${k + 1}: the last point evaluated is the accepted one`);
    if (step.done) break;
  }
  assert.ok(cost < 1e-6, `converged (cost ${cost})`);
  assert.equal(calls, lbfgs.evaluations, `${calls} calls of the cost function for ${lbfgs.evaluations} counted evaluations over ${lbfgs.iterations} iterations`);
});
