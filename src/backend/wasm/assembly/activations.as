// Activation passes over rows a product has written: forward a = φ(z) and backward dZ = dA ⊙ φ′(z).
// Element-wise ones split the elements between threads, softmax splits whole rows. The cheap,
// piecewise-linear and output-expressible derivatives are SIMD; those needing e^z run in f64 scalars
// (the same formulas as src/nn/activations.ts, rounded once on store).
import { chunkDone, claim, jobArgs, shareEnd, shareStart } from "./parallel";
import { sigmoid4, tanh4 } from "./vmath";

export const IDENTITY: i32 = 0;
export const RELU: i32 = 1;
export const LEAKY_RELU: i32 = 2;
export const SIGMOID: i32 = 3;
export const TANH: i32 = 4;
export const ELU: i32 = 5;
export const SELU: i32 = 6;
export const SOFTPLUS: i32 = 7;
export const SOFTSIGN: i32 = 8;
export const SWISH: i32 = 9;
export const SOFTMAX: i32 = 10;

const SELU_LAMBDA: f64 = 1.0507009873554804934193349852946;
const SELU_ALPHA: f64 = 1.6732632423543772848170429916717;

/** σ(z) = 1 / (1 + e^(−z)), without overflow */
function sigmoid(z: f64): f64 {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** φ(z) for the element-wise activations evaluated in scalars */
function scalarForward(act: i32, z: f64, alpha: f64): f64 {
  switch (act) {
    case SIGMOID: return sigmoid(z);
    case TANH: return Math.tanh(z);
    // elu(z) = z for z > 0, α(e^z − 1) otherwise
    case ELU: return z > 0 ? z : alpha * Math.expm1(z);
    // selu(z) = λz for z > 0, λα(e^z − 1) otherwise
    case SELU: return z > 0 ? SELU_LAMBDA * z : SELU_LAMBDA * SELU_ALPHA * Math.expm1(z);
    // softplus(z) = max(z, 0) + log1p(e^(−|z|))
    case SOFTPLUS: return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    // swish(z) = z·σ(z)
    case SWISH: return z * sigmoid(z);
    default: return z;
  }
}

/** φ′(z) for the activations whose derivative needs e^z */
function scalarDerivative(act: i32, z: f64): f64 {
  switch (act) {
    case ELU: return 0; // handled by the caller with α
    // selu′ = λ or λα·e^z
    case SELU: return z > 0 ? SELU_LAMBDA : SELU_LAMBDA * SELU_ALPHA * Math.exp(z);
    // softplus′ = σ(z)
    case SOFTPLUS: return sigmoid(z);
    // swish′ = σ(z)(1 + z(1 − σ(z)))
    case SWISH: { const s = sigmoid(z); return s * (1 + z * (1 - s)); }
    default: return 1;
  }
}

/** a = softmax(z) over one row of n: aⱼ = e^(zⱼ − max z) / Σₖ e^(zₖ − max z) */
function softmaxRow(z: usize, a: usize, n: i32): void {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, <f64>load<f32>(z + (<usize>j << 2)));
  let sum: f64 = 0;
  for (let j = 0; j < n; j++) {
    const e = Math.exp(<f64>load<f32>(z + (<usize>j << 2)) - max);
    store<f32>(a + (<usize>j << 2), <f32>e);
    sum += e;
  }
  const inv = 1 / sum;
  for (let j = 0; j < n; j++) store<f32>(a + (<usize>j << 2), <f32>(<f64>load<f32>(a + (<usize>j << 2)) * inv));
}

/** a ← φ(z) for a rows × cols matrix (a may be z) */
function activateChunk(self: i32, ci: i32, nc: i32, z: usize, a: usize, rows: i32, cols: i32, act: i32, alpha: f32): void {
  if (act == SOFTMAX) {
    const r1 = shareEnd(rows, 1, ci, nc);
    for (let r = shareStart(rows, 1, ci, nc); r < r1; r++) softmaxRow(z + ((<usize>r * cols) << 2), a + ((<usize>r * cols) << 2), cols);
    return;
  }
  const len = rows * cols;
  let i = shareStart(len, 16, ci, nc);
  const end = shareEnd(len, 16, ci, nc);
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  const va = f32x4.splat(alpha);
  if (act == IDENTITY || act == RELU || act == LEAKY_RELU || act == SOFTSIGN) {
    for (; i + 4 <= end; i += 4) {
      const o = <usize>i << 2;
      const v = v128.load(z + o);
      let r = v;
      if (act == RELU) r = f32x4.pmax(zero, v);
      else if (act == LEAKY_RELU) r = v128.bitselect(v, f32x4.mul(v, va), f32x4.gt(v, zero));
      // softsign(z) = z / (1 + |z|)
      else if (act == SOFTSIGN) r = f32x4.div(v, f32x4.add(one, f32x4.abs(v)));
      v128.store(a + o, r);
    }
    for (; i < end; i++) {
      const o = <usize>i << 2;
      const v = load<f32>(z + o);
      let r = v;
      if (act == RELU) r = v > 0 ? v : 0;
      else if (act == LEAKY_RELU) r = v > 0 ? v : alpha * v;
      else if (act == SOFTSIGN) r = v / (1 + Mathf.abs(v));
      store<f32>(a + o, r);
    }
    return;
  }
  if (act == SIGMOID || act == TANH) {
    // the hidden-layer favourites: four lanes at a time (vmath.as), the tail in f64 scalars
    for (; i + 4 <= end; i += 4) {
      const o = <usize>i << 2;
      const v = v128.load(z + o);
      v128.store(a + o, act == SIGMOID ? sigmoid4(v) : tanh4(v));
    }
  }
  for (; i < end; i++) {
    const o = <usize>i << 2;
    store<f32>(a + o, <f32>scalarForward(act, <f64>load<f32>(z + o), <f64>alpha));
  }
}
/** Runs activate on the arguments of the current job (see parallel.as), claiming chunks until none are left. */
export function activate(self: i32, nt: i32): void {
  const args = jobArgs();
  const z = <usize>load<f64>(args, 0);
  const a = <usize>load<f64>(args, 8);
  const rows = <i32>load<f64>(args, 16);
  const cols = <i32>load<f64>(args, 24);
  const act = <i32>load<f64>(args, 32);
  const alpha = <f32>load<f64>(args, 40);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    activateChunk(self, ch, nt, z, a, rows, cols, act, alpha);
    chunkDone();
  }
}

/** dZ ← dA ⊙ φ′(z) (softmax: dZ = a ⊙ (dA − ⟨a, dA⟩) per row) for a rows × cols matrix */
function activationBackwardChunk(self: i32, ci: i32, nc: i32, z: usize, a: usize, dA: usize, dZ: usize, rows: i32, cols: i32, act: i32, alpha: f32,
): void {
  if (act == SOFTMAX) {
    const r1 = shareEnd(rows, 1, ci, nc);
    for (let r = shareStart(rows, 1, ci, nc); r < r1; r++) {
      const off = (<usize>r * cols) << 2;
      let dot: f64 = 0;
      for (let j = 0; j < cols; j++) {
        const o = off + (<usize>j << 2);
        dot += <f64>load<f32>(a + o) * <f64>load<f32>(dA + o);
      }
      for (let j = 0; j < cols; j++) {
        const o = off + (<usize>j << 2);
        store<f32>(dZ + o, <f32>(<f64>load<f32>(a + o) * (<f64>load<f32>(dA + o) - dot)));
      }
    }
    return;
  }
  const len = rows * cols;
  let i = shareStart(len, 16, ci, nc);
  const end = shareEnd(len, 16, ci, nc);
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  const va = f32x4.splat(alpha);
  if (act <= TANH || act == SOFTSIGN) {
    for (; i + 4 <= end; i += 4) {
      const o = <usize>i << 2;
      const g = v128.load(dA + o);
      let r = g;
      if (act == RELU) r = v128.and(g, f32x4.gt(v128.load(z + o), zero));
      else if (act == LEAKY_RELU) r = v128.bitselect(g, f32x4.mul(g, va), f32x4.gt(v128.load(z + o), zero));
      else if (act == SIGMOID) {
        // σ′ = a(1 − a)
        const s = v128.load(a + o);
        r = f32x4.mul(g, f32x4.mul(s, f32x4.sub(one, s)));
      } else if (act == TANH) {
        // tanh′ = 1 − a²
        const t = v128.load(a + o);
        r = f32x4.mul(g, f32x4.sub(one, f32x4.mul(t, t)));
      } else if (act == SOFTSIGN) {
        // softsign′ = 1 / (1 + |z|)²
        const d = f32x4.add(one, f32x4.abs(v128.load(z + o)));
        r = f32x4.div(g, f32x4.mul(d, d));
      }
      v128.store(dZ + o, r);
    }
    for (; i < end; i++) {
      const o = <usize>i << 2;
      const g = <f64>load<f32>(dA + o);
      const zv = <f64>load<f32>(z + o);
      const av = <f64>load<f32>(a + o);
      let d: f64 = 1;
      if (act == RELU) d = zv > 0 ? 1 : 0;
      else if (act == LEAKY_RELU) d = zv > 0 ? 1 : <f64>alpha;
      else if (act == SIGMOID) d = av * (1 - av);
      else if (act == TANH) d = 1 - av * av;
      else if (act == SOFTSIGN) d = 1 / ((1 + Math.abs(zv)) * (1 + Math.abs(zv)));
      store<f32>(dZ + o, <f32>(g * d));
    }
    return;
  }
  for (; i < end; i++) {
    const o = <usize>i << 2;
    const zv = <f64>load<f32>(z + o);
    // elu′ = 1 or α·e^z
    const d = act == ELU ? (zv > 0 ? 1 : <f64>alpha * Math.exp(zv)) : scalarDerivative(act, zv);
    store<f32>(dZ + o, <f32>(<f64>load<f32>(dA + o) * d));
  }
}
/** Runs activationBackward on the arguments of the current job (see parallel.as), claiming chunks until none are left. */
export function activationBackward(self: i32, nt: i32): void {
  const args = jobArgs();
  const z = <usize>load<f64>(args, 0);
  const a = <usize>load<f64>(args, 8);
  const dA = <usize>load<f64>(args, 16);
  const dZ = <usize>load<f64>(args, 24);
  const rows = <i32>load<f64>(args, 32);
  const cols = <i32>load<f64>(args, 40);
  const act = <i32>load<f64>(args, 48);
  const alpha = <f32>load<f64>(args, 56);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    activationBackwardChunk(self, ch, nt, z, a, dA, dZ, rows, cols, act, alpha);
    chunkDone();
  }
}

// ---- float64: the same passes on doubles (the estimators' element type), formulas as above ----

/** a = softmax(z) over one row of n doubles */
function softmaxRow64(z: usize, a: usize, n: i32): void {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, load<f64>(z + (<usize>j << 3)));
  let sum: f64 = 0;
  for (let j = 0; j < n; j++) {
    const e = Math.exp(load<f64>(z + (<usize>j << 3)) - max);
    store<f64>(a + (<usize>j << 3), e);
    sum += e;
  }
  for (let j = 0; j < n; j++) store<f64>(a + (<usize>j << 3), load<f64>(a + (<usize>j << 3)) / sum);
}

/** a ← φ(z) for a rows × cols float64 matrix (a may be z) */
function activate64Chunk(ci: i32, nc: i32, z: usize, a: usize, rows: i32, cols: i32, act: i32, alpha: f64): void {
  if (act == SOFTMAX) {
    const r1 = shareEnd(rows, 1, ci, nc);
    for (let r = shareStart(rows, 1, ci, nc); r < r1; r++) softmaxRow64(z + ((<usize>r * cols) << 3), a + ((<usize>r * cols) << 3), cols);
    return;
  }
  const len = rows * cols;
  let i = shareStart(len, 16, ci, nc);
  const end = shareEnd(len, 16, ci, nc);
  if (act == IDENTITY || act == RELU || act == LEAKY_RELU) {
    const zero = f64x2.splat(0);
    const va = f64x2.splat(alpha);
    for (; i + 2 <= end; i += 2) {
      const o = <usize>i << 3;
      const v = v128.load(z + o);
      let r = v;
      if (act == RELU) r = v128.bitselect(v, zero, f64x2.gt(v, zero));
      else if (act == LEAKY_RELU) r = v128.bitselect(v, f64x2.mul(v, va), f64x2.gt(v, zero));
      v128.store(a + o, r);
    }
    for (; i < end; i++) {
      const o = <usize>i << 3;
      const v = load<f64>(z + o);
      store<f64>(a + o, act == RELU ? (v > 0 ? v : 0) : act == LEAKY_RELU ? (v > 0 ? v : alpha * v) : v);
    }
    return;
  }
  for (; i < end; i++) {
    const o = <usize>i << 3;
    const v = load<f64>(z + o);
    // softsign(z) = z / (1 + |z|)
    store<f64>(a + o, act == SOFTSIGN ? v / (1 + Math.abs(v)) : scalarForward(act, v, alpha));
  }
}
/** Runs activate64 on the arguments of the current job (activate's argument list). */
export function activate64(self: i32, nt: i32): void {
  const args = jobArgs();
  const z = <usize>load<f64>(args, 0);
  const a = <usize>load<f64>(args, 8);
  const rows = <i32>load<f64>(args, 16);
  const cols = <i32>load<f64>(args, 24);
  const act = <i32>load<f64>(args, 32);
  const alpha = load<f64>(args, 40);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    activate64Chunk(ch, nt, z, a, rows, cols, act, alpha);
    chunkDone();
  }
}

/** dZ ← dA ⊙ φ′(z) (softmax: a ⊙ (dA − ⟨a, dA⟩) per row) for a rows × cols float64 matrix */
function activationBackward64Chunk(ci: i32, nc: i32, z: usize, a: usize, dA: usize, dZ: usize, rows: i32, cols: i32, act: i32, alpha: f64): void {
  if (act == SOFTMAX) {
    const r1 = shareEnd(rows, 1, ci, nc);
    for (let r = shareStart(rows, 1, ci, nc); r < r1; r++) {
      const off = (<usize>r * cols) << 3;
      let dot: f64 = 0;
      for (let j = 0; j < cols; j++) {
        const o = off + (<usize>j << 3);
        dot += load<f64>(a + o) * load<f64>(dA + o);
      }
      for (let j = 0; j < cols; j++) {
        const o = off + (<usize>j << 3);
        store<f64>(dZ + o, load<f64>(a + o) * (load<f64>(dA + o) - dot));
      }
    }
    return;
  }
  const len = rows * cols;
  let i = shareStart(len, 16, ci, nc);
  const end = shareEnd(len, 16, ci, nc);
  if (act <= TANH) {
    const zero = f64x2.splat(0);
    const one = f64x2.splat(1);
    const va = f64x2.splat(alpha);
    for (; i + 2 <= end; i += 2) {
      const o = <usize>i << 3;
      const g = v128.load(dA + o);
      let r = g;
      if (act == RELU) r = v128.and(g, f64x2.gt(v128.load(z + o), zero));
      else if (act == LEAKY_RELU) r = v128.bitselect(g, f64x2.mul(g, va), f64x2.gt(v128.load(z + o), zero));
      else if (act == SIGMOID) {
        // σ′ = a(1 − a)
        const s = v128.load(a + o);
        r = f64x2.mul(g, f64x2.mul(s, f64x2.sub(one, s)));
      } else if (act == TANH) {
        // tanh′ = 1 − a²
        const t = v128.load(a + o);
        r = f64x2.mul(g, f64x2.sub(one, f64x2.mul(t, t)));
      }
      v128.store(dZ + o, r);
    }
  }
  for (; i < end; i++) {
    const o = <usize>i << 3;
    const zv = load<f64>(z + o);
    const av = load<f64>(a + o);
    let d: f64 = 1;
    if (act == RELU) d = zv > 0 ? 1 : 0;
    else if (act == LEAKY_RELU) d = zv > 0 ? 1 : alpha;
    else if (act == SIGMOID) d = av * (1 - av);
    else if (act == TANH) d = 1 - av * av;
    // softsign′ = 1 / (1 + |z|)²
    else if (act == SOFTSIGN) d = 1 / ((1 + Math.abs(zv)) * (1 + Math.abs(zv)));
    // elu′ = 1 or α·e^z
    else if (act == ELU) d = zv > 0 ? 1 : alpha * Math.exp(zv);
    else if (act != IDENTITY) d = scalarDerivative(act, zv);
    store<f64>(dZ + o, load<f64>(dA + o) * d);
  }
}
/** Runs activationBackward64 on the arguments of the current job (activationBackward's argument list). */
export function activationBackward64(self: i32, nt: i32): void {
  const args = jobArgs();
  const z = <usize>load<f64>(args, 0);
  const a = <usize>load<f64>(args, 8);
  const dA = <usize>load<f64>(args, 16);
  const dZ = <usize>load<f64>(args, 24);
  const rows = <i32>load<f64>(args, 32);
  const cols = <i32>load<f64>(args, 40);
  const act = <i32>load<f64>(args, 48);
  const alpha = load<f64>(args, 56);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    activationBackward64Chunk(ch, nt, z, a, dA, dZ, rows, cols, act, alpha);
    chunkDone();
  }
}
