import { resolveOptions, type OptionInput, type OptionSpecs } from '../core/options.js';
import type { Param } from '../nn/param.js';
import type { Solver, StepOutcome, StepProblem } from '../train/solver.js';
import type { AnyOptimizer, OptimizerDescriptor } from './descriptor.js';
import type { OptimizerConfig, OptimizerState } from './optimizer.js';

export const LBFGS_OPTIONS = {
  /** m, the number of (s, y) pairs kept, default 10 */
  historySize: { default: 10, min: 1, integer: true },
  /** the most cost evaluations over the whole run, default 15,000 (scikit-learn's max_fun) */
  maxFun: { default: 15000, min: 1, integer: true },
  /** stop when max |∂cost/∂θ| falls below this, default 1e-5 (SciPy's pgtol) */
  tolerance: { default: 1e-5, min: 0 },
} as const satisfies OptionSpecs;

export type LbfgsOptions = OptionInput<typeof LBFGS_OPTIONS>;

/** Computes the cost at x and writes its gradient into g. */
export type CostAndGradient = (x: Float64Array, g: Float64Array) => number;

export interface LbfgsIteration {
  /** cost after the iteration */
  cost: number;
  /** true when a stopping rule fired: `reason` says which */
  done: boolean;
  reason: 'gradient' | 'no-progress' | 'max-fun' | null;
}

/**
 * Limited-memory BFGS (Nocedal, 1980; Liu & Nocedal, 1989) for full-batch training.
 * Each iteration: the two-loop recursion gives d = −H·g from the last m pairs
 *   sₖ = θₖ₊₁ − θₖ,  yₖ = gₖ₊₁ − gₖ,  H₀ = (sᵀy / yᵀy)·I,
 * then a line search along d that satisfies the strong Wolfe conditions (c₁ = 1e-4, c₂ = 0.9;
 * Nocedal & Wright, Algorithms 3.5–3.6, with cubic interpolation).
 * Unlike the step optimizers it needs the whole cost function: as a `Solver` it asks for full
 * batches ('full'), and the trainer drives it one iteration per epoch.
 */
export class LBFGS implements Solver {
  readonly name = 'lbfgs';
  readonly batching = 'full';
  /** the line search chooses each step's length */
  readonly stepSize = null;
  readonly historySize: number;
  readonly maxFun: number;
  readonly tolerance: number;
  /** cost evaluations so far */
  evaluations = 0;
  /** which stopping rule ended the last `solve`, or null */
  lastReason: LbfgsIteration['reason'] = null;
  iterations = 0;
  private s: Float64Array[] = [];
  private y: Float64Array[] = [];
  /** sᵢᵀyᵢ of each kept pair (1/ρᵢ), computed once when the pair is kept */
  private sy: number[] = [];
  /** yᵢᵀyᵢ of each kept pair, for H₀ */
  private yy: number[] = [];
  private x: Float64Array | null = null;
  private g: Float64Array | null = null;
  private f = Number.NaN;

  constructor(options: LbfgsOptions = {}) {
    const o = resolveOptions('LBFGS', LBFGS_OPTIONS, options);
    this.historySize = o.historySize;
    this.maxFun = o.maxFun;
    this.tolerance = o.tolerance;
  }

  config(): OptimizerConfig {
    return { name: 'lbfgs', historySize: this.historySize, maxFun: this.maxFun, tolerance: this.tolerance };
  }

  /** Forgets the curvature history and the counts (e.g. when the parameters were changed from outside). */
  reset(): void {
    this.forgetPairs();
    this.x = null;
    this.g = null;
    this.f = Number.NaN;
    this.evaluations = 0;
    this.iterations = 0;
    this.lastReason = null;
  }

  /**
   * The solver step: one iteration on the problem's (whole-training-set) objective, from the
   * current weights. It leaves the weights at the accepted point, where it evaluated last.
   */
  solve(problem: StepProblem): StepOutcome {
    const params = problem.params;
    const costAndGradient: CostAndGradient = (theta, g) => {
      unflattenValues(params, theta);
      const cost = problem.evaluate();
      flattenGrads(params, g);
      return cost;
    };
    const it = this.iterate(costAndGradient, flattenValues(params));
    this.lastReason = it.reason;
    return { evaluatedAt: 'end', converged: it.done };
  }

  onEpochEnd(_monitor: number): void {}

  /** A run starts from weights that may have been changed: a fresh history and evaluation budget. */
  onTrainBegin(): void {
    this.reset();
  }

  /** L-BFGS keeps no state worth saving: a resumed run rebuilds its curvature pairs. */
  getState(_model: unknown): OptimizerState | null {
    return null;
  }

  setState(_model: unknown, _state: OptimizerState): void {
    this.reset();
  }

  /** One L-BFGS iteration starting from x0 (used when no iteration has run yet, or after reset). */
  iterate(fg: CostAndGradient, x0: Float64Array): LbfgsIteration {
    if (this.x === null || this.g === null || this.x.length !== x0.length) {
      this.x = Float64Array.from(x0);
      this.g = new Float64Array(x0.length);
      this.f = this.evaluate(fg, this.x, this.g);
    }
    const x = this.x;
    const g = this.g;
    if (maxAbs(g) <= this.tolerance) return { cost: this.f, done: true, reason: 'gradient' };
    if (this.evaluations >= this.maxFun) return { cost: this.f, done: true, reason: 'max-fun' };

    const d = this.direction(g);
    let gtd = dot(g, d);
    if (!(gtd < 0)) {
      // not a descent direction (curvature information went stale): restart with steepest descent
      this.forgetPairs();
      negateInto(d, g);
      gtd = dot(g, d);
    }
    // first iteration: a cautious step of length min(1, 1/‖g‖₁), as SciPy and PyTorch do
    const t0 = this.iterations === 0 && this.s.length === 0 ? Math.min(1, 1 / sumAbs(g)) : 1;
    const fOld = this.f;
    const { t, f, gNew } = this.lineSearch(fg, x, this.f, g, d, gtd, t0);
    const s = new Float64Array(d.length);
    const y = new Float64Array(d.length);
    takeStep(x, s, y, t, d, gNew, g);
    const sy = dot(s, y);
    if (sy > 1e-10) {
      this.s.push(s);
      this.y.push(y);
      this.sy.push(sy);
      this.yy.push(dot(y, y));
      if (this.s.length > this.historySize) {
        this.s.shift();
        this.y.shift();
        this.sy.shift();
        this.yy.shift();
      }
    }
    g.set(gNew);
    this.f = f;
    this.iterations++;
    // leave the model at the accepted point: it is there already when that was the last trial
    // (x + t·d is computed the same way in both places), else evaluate it once more
    if (t !== this.lastTrial) this.evaluateAt(fg, x);
    if (maxAbs(g) <= this.tolerance) return { cost: f, done: true, reason: 'gradient' };
    if (this.evaluations >= this.maxFun) return { cost: f, done: true, reason: 'max-fun' };
    // SciPy's factr-style relative reduction test
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= 2.220446049250313e-9) return { cost: f, done: true, reason: 'no-progress' };
    return { cost: f, done: false, reason: null };
  }

  /** d = −H·g by the two-loop recursion */
  private direction(g: Float64Array): Float64Array {
    const q = Float64Array.from(g);
    const k = this.s.length;
    const alpha = new Float64Array(k);
    for (let i = k - 1; i >= 0; i--) {
      // αᵢ = ρᵢ·sᵢᵀq,  q ← q − αᵢyᵢ,  ρᵢ = 1/(yᵢᵀsᵢ)
      const a = dot(this.s[i] as Float64Array, q) / (this.sy[i] as number);
      alpha[i] = a;
      subtractScaled(q, a, this.y[i] as Float64Array);
    }
    // H₀ = γI with γ = sᵀy / yᵀy of the newest pair
    if (k > 0) scale(q, (this.sy[k - 1] as number) / (this.yy[k - 1] as number));
    for (let i = 0; i < k; i++) {
      // β = ρᵢ·yᵢᵀr,  r ← r + sᵢ(αᵢ − β)
      const b = dot(this.y[i] as Float64Array, q) / (this.sy[i] as number);
      addScaled(q, (alpha[i] as number) - b, this.s[i] as Float64Array);
    }
    negateInto(q, q);
    return q;
  }

  private forgetPairs(): void {
    this.s = [];
    this.y = [];
    this.sy = [];
    this.yy = [];
  }

  /** Finds t with f(x + t·d) ≤ f + c₁·t·gᵀd and |∇f(x + t·d)ᵀd| ≤ c₂·|gᵀd| (strong Wolfe). */
  private lineSearch(
    fg: CostAndGradient,
    x: Float64Array,
    f0: number,
    g0: Float64Array,
    d: Float64Array,
    gtd0: number,
    tInit: number,
  ): { t: number; f: number; gNew: Float64Array } {
    const c1 = 1e-4;
    const c2 = 0.9;
    const maxSteps = 25;
    const xt = new Float64Array(x.length);
    const gt = new Float64Array(x.length);
    let evals = 0;
    const phi = (t: number): { f: number; gtd: number; g: Float64Array } => {
      pointAlong(xt, x, t, d);
      this.lastTrial = t;
      const f = this.evaluate(fg, xt, gt);
      evals++;
      return { f, gtd: dot(gt, d), g: Float64Array.from(gt) };
    };
    let tPrev = 0;
    let prev = { f: f0, gtd: gtd0, g: g0 };
    let t = tInit;
    let cur = phi(t);
    // bracket [lo, hi] with the values at each end
    let lo: { t: number; f: number; gtd: number; g: Float64Array } | null = null;
    let hi: { t: number; f: number; gtd: number; g: Float64Array } | null = null;
    while (evals < maxSteps && this.evaluations < this.maxFun) {
      if (!Number.isFinite(cur.f) || cur.f > f0 + c1 * t * gtd0 || (evals > 1 && cur.f >= prev.f)) {
        lo = { t: tPrev, ...prev };
        hi = { t, ...cur };
        break;
      }
      if (Math.abs(cur.gtd) <= -c2 * gtd0) return { t, f: cur.f, gNew: cur.g };
      if (cur.gtd >= 0) {
        lo = { t, ...cur };
        hi = { t: tPrev, ...prev };
        break;
      }
      // extrapolate: cubic minimizer between t and 10t
      const next = cubicMinimizer(tPrev, prev.f, prev.gtd, t, cur.f, cur.gtd, t + 0.01 * (t - tPrev), t * 10);
      tPrev = t;
      prev = cur;
      t = next;
      cur = phi(t);
    }
    if (lo === null || hi === null) return { t, f: cur.f, gNew: cur.g };
    // zoom (Nocedal & Wright, Algorithm 3.6)
    while (evals < maxSteps && this.evaluations < this.maxFun) {
      if (Math.abs(hi.t - lo.t) * maxAbs(d) < 1e-12) break;
      const a = Math.min(lo.t, hi.t);
      const b = Math.max(lo.t, hi.t);
      let tz = cubicMinimizer(lo.t, lo.f, lo.gtd, hi.t, hi.f, hi.gtd, a, b);
      // keep the trial away from the ends of the bracket
      const margin = 0.1 * (b - a);
      if (tz - a < margin || b - tz < margin) tz = (a + b) / 2;
      const z = phi(tz);
      if (!Number.isFinite(z.f) || z.f > f0 + c1 * tz * gtd0 || z.f >= lo.f) {
        hi = { t: tz, ...z };
      } else {
        if (Math.abs(z.gtd) <= -c2 * gtd0) return { t: tz, f: z.f, gNew: z.g };
        if (z.gtd * (hi.t - lo.t) >= 0) hi = lo;
        lo = { t: tz, ...z };
      }
    }
    // best point found (lo always satisfies sufficient decrease, or is t = 0)
    return { t: lo.t, f: lo.f, gNew: lo.g };
  }

  /** the step length of the line search's last evaluation (where the model's weights are) */
  private lastTrial = Number.NaN;

  private evaluate(fg: CostAndGradient, x: Float64Array, g: Float64Array): number {
    this.evaluations++;
    return fg(x, g);
  }

  /** Re-evaluates at x without counting, so the model's weights end at the accepted point. */
  private evaluateAt(fg: CostAndGradient, x: Float64Array): void {
    fg(x, new Float64Array(x.length));
  }
}

/** Minimizer of the cubic through (x1, f1, g1), (x2, f2, g2), clamped to [lo, hi]. */
function cubicMinimizer(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number, lo: number, hi: number): number {
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2sq = d1 * d1 - g1 * g2;
  if (d2sq >= 0 && Number.isFinite(d2sq)) {
    const d2 = Math.sqrt(d2sq);
    const m = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    if (Number.isFinite(m)) return Math.min(Math.max(m, lo), hi);
  }
  return (lo + hi) / 2;
}

// The vector loops are small functions of their own: V8 optimizes a small hot function after a few
// calls, while a loop inside a large function (iterate, the line search) ran interpreted for the
// first fits of a process (docs/performance.md, "lbfgs on iris").

/** aᵀb */
function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** q ← q − a·v */
function subtractScaled(q: Float64Array, a: number, v: Float64Array): void {
  for (let j = 0; j < q.length; j++) q[j] = (q[j] as number) - a * (v[j] as number);
}

/** q ← q + v·c */
function addScaled(q: Float64Array, c: number, v: Float64Array): void {
  for (let j = 0; j < q.length; j++) q[j] = (q[j] as number) + (v[j] as number) * c;
}

/** q ← γ·q */
function scale(q: Float64Array, gamma: number): void {
  for (let j = 0; j < q.length; j++) q[j] = gamma * (q[j] as number);
}

/** out ← −v (out may be v) */
function negateInto(out: Float64Array, v: Float64Array): void {
  for (let j = 0; j < out.length; j++) out[j] = -(v[j] as number);
}

/** out ← x + t·d */
function pointAlong(out: Float64Array, x: Float64Array, t: number, d: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = (x[i] as number) + t * (d[i] as number);
}

/** sₖ = t·d,  yₖ = gₖ₊₁ − gₖ,  x ← x + sₖ */
function takeStep(x: Float64Array, s: Float64Array, y: Float64Array, t: number, d: Float64Array, gNew: Float64Array, g: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    s[i] = t * (d[i] as number);
    y[i] = (gNew[i] as number) - (g[i] as number);
    x[i] = (x[i] as number) + (s[i] as number);
  }
}

/** max |aᵢ| */
function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

/** Σ |aᵢ| */
function sumAbs(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] as number);
  return s;
}

/** All parameter values in one vector, in `parameters()` order. */
export function flattenValues(params: readonly Param[], out: Float64Array = new Float64Array(params.reduce((s, p) => s + p.value.size, 0))): Float64Array {
  let o = 0;
  for (const p of params) {
    out.set(p.value.data, o);
    o += p.value.size;
  }
  return out;
}

/** All gradients in one vector, in `parameters()` order. */
export function flattenGrads(params: readonly Param[], out: Float64Array): Float64Array {
  let o = 0;
  for (const p of params) {
    out.set(p.grad.data, o);
    o += p.grad.size;
  }
  return out;
}

/** Writes a vector back into the parameter values. */
export function unflattenValues(params: readonly Param[], x: Float64Array): void {
  let o = 0;
  for (const p of params) {
    p.value.data.set(x.subarray(o, o + p.value.size));
    o += p.value.size;
  }
}

export const LBFGS_DESCRIPTOR = {
  name: 'lbfgs',
  aliases: ['l-bfgs'],
  options: LBFGS_OPTIONS,
  create: (options): AnyOptimizer => new LBFGS(options as LbfgsOptions),
} as const satisfies OptimizerDescriptor;
