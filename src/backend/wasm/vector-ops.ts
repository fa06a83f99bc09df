import { ShapeError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import type { AdagradUpdate, AdamUpdate, RmspropUpdate, SgdUpdate } from '../backend.js';
import type { WasmContext } from './context.js';
import { OP } from './kernels.js';

// Element-wise operations, reductions and fused optimizer updates over whole matrices.
// Order in every function: stage the operands (ctx.ptr), then take `ctx.pool.args`: staging may grow
// a non-shared memory, which detaches a view of the arguments taken before it.

function sameSize(op: string, a: Matrix, b: Matrix, c?: Matrix): void {
  if (a.size !== b.size || (c !== undefined && c.size !== a.size)) {
    throw new ShapeError(`${op}: sizes differ (${a.shape}, ${b.shape}${c === undefined ? '' : `, ${c.shape}`})`);
  }
}

/** out ← a ⊙ b */
export function mul(ctx: WasmContext, a: Matrix, b: Matrix, out: Matrix): void {
  sameSize('mul', a, b, out);
  const pa = ctx.ptr(a, 0), pb = ctx.ptr(b, 1), po = ctx.ptr(out, 2);
  const args = ctx.pool.args;
  args[0] = pa; args[1] = pb; args[2] = po; args[3] = out.size;
  ctx.pool.run(OP.mul, ctx.threadsForElements(out.size));
  ctx.writeBack(out, 2);
}

/** y ← y + α·x */
export function axpy(ctx: WasmContext, alpha: number, x: Matrix, y: Matrix): void {
  sameSize('axpy', x, y);
  const px = ctx.ptr(x, 0), py = ctx.ptr(y, 1);
  const args = ctx.pool.args;
  args[0] = alpha; args[1] = px; args[2] = py; args[3] = y.size;
  ctx.pool.run(OP.axpy, ctx.threadsForElements(y.size));
  ctx.writeBack(y, 1);
}

/** x ← α·x */
export function scale(ctx: WasmContext, x: Matrix, alpha: number): void {
  const px = ctx.ptr(x, 0);
  const args = ctx.pool.args;
  args[0] = px; args[1] = alpha; args[2] = x.size;
  ctx.pool.run(OP.scale, ctx.threadsForElements(x.size));
  ctx.writeBack(x, 0);
}

/** Σ xᵢ² (which = 0) or Σ |xᵢ| (which = 1), accumulated in f64 */
export function sumOf(ctx: WasmContext, x: Matrix, which: 0 | 1): number {
  return ctx.kernels.sumOf(ctx.ptr(x, 0), x.size, which);
}

/** g ← g + l1·sign(θ) + 2·l2·θ */
export function addPenaltyGradient(ctx: WasmContext, theta: Matrix, g: Matrix, l1: number, l2: number): void {
  sameSize('addPenaltyGradient', theta, g);
  const pt = ctx.ptr(theta, 0), pg = ctx.ptr(g, 1);
  const args = ctx.pool.args;
  args[0] = pt; args[1] = pg; args[2] = g.size; args[3] = l1; args[4] = l2;
  ctx.pool.run(OP.addPenaltyGradient, ctx.threadsForElements(g.size));
  ctx.writeBack(g, 1);
}

/** g ← clamp(g, −c, c) */
export function clipByValue(ctx: WasmContext, g: Matrix, c: number): void {
  const pg = ctx.ptr(g, 0);
  const args = ctx.pool.args;
  args[0] = pg; args[1] = g.size; args[2] = c;
  ctx.pool.run(OP.clipByValue, ctx.threadsForElements(g.size));
  ctx.writeBack(g, 0);
}

/** θ ← SGD step (see assembly/optim.as) */
export function sgdUpdate(ctx: WasmContext, theta: Matrix, g: Matrix, v: Matrix | null, o: SgdUpdate): void {
  sameSize('sgdUpdate', theta, g);
  if (v !== null) sameSize('sgdUpdate', theta, v);
  const pt = ctx.ptr(theta, 0), pg = ctx.ptr(g, 1), pv = v === null ? 0 : ctx.ptr(v, 2);
  const args = ctx.pool.args;
  args[0] = pt; args[1] = pg; args[2] = pv; args[3] = theta.size;
  args[4] = o.lr; args[5] = o.momentum; args[6] = 1 - o.dampening; args[7] = o.nesterov ? 1 : 0;
  args[8] = o.weightDecay; args[9] = o.firstStep ? 1 : 0;
  ctx.pool.run(OP.sgd, ctx.threadsForElements(theta.size));
  ctx.writeBack(theta, 0);
  if (v !== null) ctx.writeBack(v, 2);
}

/** θ ← Adam/AdamW step; bias corrections c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ computed here in f64 */
export function adamUpdate(ctx: WasmContext, theta: Matrix, g: Matrix, m: Matrix, v: Matrix, vMax: Matrix | null, o: AdamUpdate): void {
  sameSize('adamUpdate', theta, g, m);
  sameSize('adamUpdate', theta, v);
  const ams = o.amsgrad && vMax !== null;
  if (ams) sameSize('adamUpdate', theta, vMax);
  const pt = ctx.ptr(theta, 0), pg = ctx.ptr(g, 1), pm = ctx.ptr(m, 2), pv = ctx.ptr(v, 3);
  const pvMax = ams ? ctx.ptr(vMax, 4) : 0;
  const args = ctx.pool.args;
  args[0] = pt; args[1] = pg; args[2] = pm; args[3] = pv; args[4] = pvMax; args[5] = theta.size;
  args[6] = o.lr; args[7] = o.beta1; args[8] = 1 - o.beta1; args[9] = o.beta2; args[10] = 1 - o.beta2; args[11] = o.epsilon;
  args[12] = o.weightDecay; args[13] = o.decoupled ? 1 : 0;
  args[14] = 1 / (1 - Math.pow(o.beta1, o.step)); args[15] = 1 / Math.sqrt(1 - Math.pow(o.beta2, o.step));
  ctx.pool.run(OP.adam, ctx.threadsForElements(theta.size));
  ctx.writeBack(theta, 0);
  ctx.writeBack(m, 2);
  ctx.writeBack(v, 3);
  if (ams) ctx.writeBack(vMax, 4);
}

/** θ ← RMSprop step */
export function rmspropUpdate(ctx: WasmContext, theta: Matrix, g: Matrix, sq: Matrix, gAvg: Matrix | null, buf: Matrix | null, o: RmspropUpdate): void {
  sameSize('rmspropUpdate', theta, g, sq);
  const centered = o.centered && gAvg !== null;
  const useBuf = o.momentum > 0 && buf !== null;
  const pt = ctx.ptr(theta, 0), pg = ctx.ptr(g, 1), psq = ctx.ptr(sq, 2);
  const pavg = centered ? ctx.ptr(gAvg, 3) : 0, pbuf = useBuf ? ctx.ptr(buf, 4) : 0;
  const args = ctx.pool.args;
  args[0] = pt; args[1] = pg; args[2] = psq; args[3] = pavg; args[4] = pbuf; args[5] = theta.size;
  args[6] = o.lr; args[7] = o.rho; args[8] = 1 - o.rho; args[9] = o.epsilon; args[10] = o.momentum; args[11] = o.weightDecay;
  ctx.pool.run(OP.rmsprop, ctx.threadsForElements(theta.size));
  ctx.writeBack(theta, 0);
  ctx.writeBack(sq, 2);
  if (centered) ctx.writeBack(gAvg, 3);
  if (useBuf) ctx.writeBack(buf, 4);
}

/** θ ← Adagrad step */
export function adagradUpdate(ctx: WasmContext, theta: Matrix, g: Matrix, sum: Matrix, o: AdagradUpdate): void {
  sameSize('adagradUpdate', theta, g, sum);
  const pt = ctx.ptr(theta, 0), pg = ctx.ptr(g, 1), ps = ctx.ptr(sum, 2);
  const args = ctx.pool.args;
  args[0] = pt; args[1] = pg; args[2] = ps; args[3] = theta.size;
  args[4] = o.lr; args[5] = o.epsilon; args[6] = o.weightDecay;
  ctx.pool.run(OP.adagrad, ctx.threadsForElements(theta.size));
  ctx.writeBack(theta, 0);
  ctx.writeBack(sum, 2);
}
