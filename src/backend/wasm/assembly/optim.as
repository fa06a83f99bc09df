// Fused optimizer updates: one pass over θ, g and the optimizer's state, in the formulation of
// PyTorch (the same as src/backend/reference.ts). Scalars that depend only on the step, such as the
// bias corrections, are computed once by the caller in f64 and passed in.
import { chunkDone, claim, jobArgs, shareEnd, shareStart } from "./parallel";

/** SGD: g ← g + λθ;  v ← μv + (1 − dampening)g (v ← g on the first step);  g ← g + μv (Nesterov) or v;  θ ← θ − ηg */
function sgdChunk(self: i32, ci: i32, nc: i32, theta: usize, g: usize, v: usize, len: i32,
  lr: f32, momentum: f32, oneMinusDampening: f32, nesterov: i32, wd: f32, firstStep: i32,
): void {
  let i = shareStart(len, 16, ci, nc);
  const end = shareEnd(len, 16, ci, nc);
  const useV = v != 0 && momentum != 0;
  const vlr = f32x4.splat(lr), vmu = f32x4.splat(momentum), vdamp = f32x4.splat(oneMinusDampening), vwd = f32x4.splat(wd);
  for (; i + 4 <= end; i += 4) {
    const o = <usize>i << 2;
    const t = v128.load(theta + o);
    let grad = f32x4.add(v128.load(g + o), f32x4.mul(vwd, t));
    if (useV) {
      const vi = firstStep ? grad : f32x4.add(f32x4.mul(vmu, v128.load(v + o)), f32x4.mul(vdamp, grad));
      v128.store(v + o, vi);
      grad = nesterov ? f32x4.add(grad, f32x4.mul(vmu, vi)) : vi;
    }
    v128.store(theta + o, f32x4.sub(t, f32x4.mul(vlr, grad)));
  }
  for (; i < end; i++) {
    const o = <usize>i << 2;
    const t = load<f32>(theta + o);
    let grad = load<f32>(g + o) + wd * t;
    if (useV) {
      const vi = firstStep ? grad : momentum * load<f32>(v + o) + oneMinusDampening * grad;
      store<f32>(v + o, vi);
      grad = nesterov ? grad + momentum * vi : vi;
    }
    store<f32>(theta + o, t - lr * grad);
  }
}
/** Runs sgd on the arguments of the current job (see parallel.as), claiming chunks until none are left. */
export function sgd(self: i32, nt: i32): void {
  const args = jobArgs();
  const theta = <usize>load<f64>(args, 0);
  const g = <usize>load<f64>(args, 8);
  const v = <usize>load<f64>(args, 16);
  const len = <i32>load<f64>(args, 24);
  const lr = <f32>load<f64>(args, 32);
  const momentum = <f32>load<f64>(args, 40);
  const oneMinusDampening = <f32>load<f64>(args, 48);
  const nesterov = <i32>load<f64>(args, 56);
  const wd = <f32>load<f64>(args, 64);
  const firstStep = <i32>load<f64>(args, 72);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    sgdChunk(self, ch, nt, theta, g, v, len, lr, momentum, oneMinusDampening, nesterov, wd, firstStep);
    chunkDone();
  }
}

/**
 * Adam / AdamW: m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − η·(m/c₁) / (√v/√c₂ + ε),
 * with c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ; weight decay coupled (g ← g + λθ) or decoupled (θ ← θ − ηλθ);
 * amsgrad uses v̂max ← max(v̂max, v) in place of v.
 */
function adamChunk(self: i32, ci: i32, nc: i32, theta: usize, g: usize, m: usize, v: usize, vMax: usize, len: i32,
  lr: f32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32, eps: f32,
  wd: f32, decoupled: i32, invBc1: f32, invSqrtBc2: f32,
): void {
  let i = shareStart(len, 16, ci, nc);
  const end = shareEnd(len, 16, ci, nc);
  const ams = vMax != 0;
  const decay: f32 = decoupled ? 1 - lr * wd : 1;
  const gwd: f32 = decoupled ? 0 : wd;
  const vdecay = f32x4.splat(decay), vgwd = f32x4.splat(gwd);
  const vb1 = f32x4.splat(beta1), vb1c = f32x4.splat(oneMinusBeta1), vb2 = f32x4.splat(beta2), vb2c = f32x4.splat(oneMinusBeta2);
  const vstep = f32x4.splat(lr * invBc1), vinv2 = f32x4.splat(invSqrtBc2), veps = f32x4.splat(eps);
  for (; i + 4 <= end; i += 4) {
    const o = <usize>i << 2;
    const t0 = v128.load(theta + o);
    const grad = f32x4.add(v128.load(g + o), f32x4.mul(vgwd, t0));
    const t = f32x4.mul(vdecay, t0);
    const mi = f32x4.add(f32x4.mul(vb1, v128.load(m + o)), f32x4.mul(vb1c, grad));
    const vi = f32x4.add(f32x4.mul(vb2, v128.load(v + o)), f32x4.mul(vb2c, f32x4.mul(grad, grad)));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    let vu = vi;
    if (ams) {
      vu = f32x4.max(v128.load(vMax + o), vi);
      v128.store(vMax + o, vu);
    }
    const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vu), vinv2), veps);
    v128.store(theta + o, f32x4.sub(t, f32x4.div(f32x4.mul(vstep, mi), denom)));
  }
  for (; i < end; i++) {
    const o = <usize>i << 2;
    const t0 = load<f32>(theta + o);
    const grad = load<f32>(g + o) + gwd * t0;
    const t = decay * t0;
    const mi = beta1 * load<f32>(m + o) + oneMinusBeta1 * grad;
    const vi = beta2 * load<f32>(v + o) + oneMinusBeta2 * grad * grad;
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    let vu = vi;
    if (ams) {
      vu = max(load<f32>(vMax + o), vi);
      store<f32>(vMax + o, vu);
    }
    store<f32>(theta + o, t - (lr * invBc1 * mi) / (Mathf.sqrt(vu) * invSqrtBc2 + eps));
  }
}
/** Runs adam on the arguments of the current job (see parallel.as), claiming chunks until none are left. */
export function adam(self: i32, nt: i32): void {
  const args = jobArgs();
  const theta = <usize>load<f64>(args, 0);
  const g = <usize>load<f64>(args, 8);
  const m = <usize>load<f64>(args, 16);
  const v = <usize>load<f64>(args, 24);
  const vMax = <usize>load<f64>(args, 32);
  const len = <i32>load<f64>(args, 40);
  const lr = <f32>load<f64>(args, 48);
  const beta1 = <f32>load<f64>(args, 56);
  const oneMinusBeta1 = <f32>load<f64>(args, 64);
  const beta2 = <f32>load<f64>(args, 72);
  const oneMinusBeta2 = <f32>load<f64>(args, 80);
  const eps = <f32>load<f64>(args, 88);
  const wd = <f32>load<f64>(args, 96);
  const decoupled = <i32>load<f64>(args, 104);
  const invBc1 = <f32>load<f64>(args, 112);
  const invSqrtBc2 = <f32>load<f64>(args, 120);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    adamChunk(self, ch, nt, theta, g, m, v, vMax, len, lr, beta1, oneMinusBeta1, beta2, oneMinusBeta2, eps, wd, decoupled, invBc1, invSqrtBc2);
    chunkDone();
  }
}

/**
 * RMSprop: g ← g + λθ;  s ← ρs + (1 − ρ)g²;  centered: ḡ ← ρḡ + (1 − ρ)g, d = √(s − ḡ²) + ε, else d = √s + ε;
 * momentum: b ← μb + g/d, θ ← θ − ηb;  otherwise θ ← θ − ηg/d
 */
function rmspropChunk(self: i32, ci: i32, nc: i32, theta: usize, g: usize, sq: usize, gAvg: usize, buf: usize, len: i32,
  lr: f64, rho: f64, oneMinusRho: f64, eps: f64, momentum: f64, wd: f64,
): void {
  let i = shareStart(len, 16, ci, nc);
  const end = shareEnd(len, 16, ci, nc);
  const useBuf = buf != 0 && momentum > 0;
  for (; i < end; i++) {
    const o = <usize>i << 2;
    // in f64: b = μb + g/d cancels, so its terms are kept exact before the one rounding on store
    const t = <f64>load<f32>(theta + o);
    const grad = <f64>load<f32>(g + o) + wd * t;
    const si = rho * <f64>load<f32>(sq + o) + oneMinusRho * grad * grad;
    store<f32>(sq + o, <f32>si);
    let denom: f64;
    if (gAvg != 0) {
      const gi = rho * <f64>load<f32>(gAvg + o) + oneMinusRho * grad;
      store<f32>(gAvg + o, <f32>gi);
      denom = Math.sqrt(si - gi * gi) + eps;
    } else {
      denom = Math.sqrt(si) + eps;
    }
    if (useBuf) {
      const bi = momentum * <f64>load<f32>(buf + o) + grad / denom;
      store<f32>(buf + o, <f32>bi);
      store<f32>(theta + o, <f32>(t - lr * bi));
    } else {
      store<f32>(theta + o, <f32>(t - (lr * grad) / denom));
    }
  }
}
/** Runs rmsprop on the arguments of the current job (see parallel.as), claiming chunks until none are left. */
export function rmsprop(self: i32, nt: i32): void {
  const args = jobArgs();
  const theta = <usize>load<f64>(args, 0);
  const g = <usize>load<f64>(args, 8);
  const sq = <usize>load<f64>(args, 16);
  const gAvg = <usize>load<f64>(args, 24);
  const buf = <usize>load<f64>(args, 32);
  const len = <i32>load<f64>(args, 40);
  const lr = load<f64>(args, 48);
  const rho = load<f64>(args, 56);
  const oneMinusRho = load<f64>(args, 64);
  const eps = load<f64>(args, 72);
  const momentum = load<f64>(args, 80);
  const wd = load<f64>(args, 88);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    rmspropChunk(self, ch, nt, theta, g, sq, gAvg, buf, len, lr, rho, oneMinusRho, eps, momentum, wd);
    chunkDone();
  }
}

/** Adagrad: g ← g + λθ;  G ← G + g²;  θ ← θ − η·g / (√G + ε) */
function adagradChunk(self: i32, ci: i32, nc: i32, theta: usize, g: usize, sum: usize, len: i32, lr: f64, eps: f64, wd: f64): void {
  let i = shareStart(len, 16, ci, nc);
  const end = shareEnd(len, 16, ci, nc);
  for (; i < end; i++) {
    const o = <usize>i << 2;
    const t = <f64>load<f32>(theta + o);
    const grad = <f64>load<f32>(g + o) + wd * t;
    const si = <f64>load<f32>(sum + o) + grad * grad;
    store<f32>(sum + o, <f32>si);
    store<f32>(theta + o, <f32>(t - (lr * grad) / (Math.sqrt(si) + eps)));
  }
}
/** Runs adagrad on the arguments of the current job (see parallel.as), claiming chunks until none are left. */
export function adagrad(self: i32, nt: i32): void {
  const args = jobArgs();
  const theta = <usize>load<f64>(args, 0);
  const g = <usize>load<f64>(args, 8);
  const sum = <usize>load<f64>(args, 16);
  const len = <i32>load<f64>(args, 24);
  const lr = load<f64>(args, 32);
  const eps = load<f64>(args, 40);
  const wd = load<f64>(args, 48);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    adagradChunk(self, ch, nt, theta, g, sum, len, lr, eps, wd);
    chunkDone();
  }
}
