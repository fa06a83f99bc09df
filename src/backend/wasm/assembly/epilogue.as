// The store at the end of a product: accumulate into C, add the bias, apply a fused activation.
// Fused activations are the cheap ones (identity, relu, leakyRelu); the others run afterwards as an
// element-wise pass over the rows the thread just wrote (`activations.as`).

export const ACT_IDENTITY: i32 = 0;
export const ACT_RELU: i32 = 1;
export const ACT_LEAKY_RELU: i32 = 2;

/** c ← v (+ c when acc) (+ bias);  out ← φ(c) when out ≠ c or φ is not the identity (4 lanes) */
// @ts-ignore: decorator
@inline export function store4(cp: usize, op: usize, v: v128, acc: bool, bp: usize, act: i32, alpha: f32): void {
  if (acc) v = f32x4.add(v, v128.load(cp));
  if (bp != 0) v = f32x4.add(v, v128.load(bp));
  v128.store(cp, v);
  if (act == ACT_RELU) {
    // relu(z) = z > 0 ? z : 0
    v128.store(op, f32x4.pmax(f32x4.splat(0), v));
  } else if (act == ACT_LEAKY_RELU) {
    // leakyRelu(z) = z > 0 ? z : αz
    v128.store(op, v128.bitselect(v, f32x4.mul(v, f32x4.splat(alpha)), f32x4.gt(v, f32x4.splat(0))));
  } else if (op != cp) {
    v128.store(op, v);
  }
}

/** The same store for one element. */
// @ts-ignore: decorator
@inline export function store1(cp: usize, op: usize, v: f32, acc: bool, bp: usize, act: i32, alpha: f32): void {
  if (acc) v += load<f32>(cp);
  if (bp != 0) v += load<f32>(bp);
  store<f32>(cp, v);
  if (act == ACT_RELU) store<f32>(op, v > 0 ? v : 0);
  else if (act == ACT_LEAKY_RELU) store<f32>(op, v > 0 ? v : alpha * v);
  else if (op != cp) store<f32>(op, v);
}
