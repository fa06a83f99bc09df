// Element-wise operations and reductions over flat float32 arrays of len elements.
import { chunkDone, claim, jobArgs, shareEnd, shareStart } from "./parallel";

/** out ← a ⊙ b */
function mulChunk(self: i32, ci: i32, nc: i32, a: usize, b: usize, out: usize, len: i32): void {
  let i = shareStart(len, 16, ci, nc);
  const end = shareEnd(len, 16, ci, nc);
  for (; i + 4 <= end; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < end; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(a + o) * load<f32>(b + o));
  }
}
/** Runs mul on the arguments of the current job (see parallel.as), claiming chunks until none are left. */
export function mul(self: i32, nt: i32): void {
  const args = jobArgs();
  const a = <usize>load<f64>(args, 0);
  const b = <usize>load<f64>(args, 8);
  const out = <usize>load<f64>(args, 16);
  const len = <i32>load<f64>(args, 24);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    mulChunk(self, ch, nt, a, b, out, len);
    chunkDone();
  }
}

/** y ← y + α·x */
function axpyChunk(self: i32, ci: i32, nc: i32, alpha: f32, x: usize, y: usize, len: i32): void {
  let i = shareStart(len, 16, ci, nc);
  const end = shareEnd(len, 16, ci, nc);
  const va = f32x4.splat(alpha);
  for (; i + 4 <= end; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.add(v128.load(y + o), f32x4.mul(va, v128.load(x + o))));
  }
  for (; i < end; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, load<f32>(y + o) + alpha * load<f32>(x + o));
  }
}
/** Runs axpy on the arguments of the current job (see parallel.as), claiming chunks until none are left. */
export function axpy(self: i32, nt: i32): void {
  const args = jobArgs();
  const alpha = <f32>load<f64>(args, 0);
  const x = <usize>load<f64>(args, 8);
  const y = <usize>load<f64>(args, 16);
  const len = <i32>load<f64>(args, 24);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    axpyChunk(self, ch, nt, alpha, x, y, len);
    chunkDone();
  }
}

/** x ← α·x */
function scaleChunk(self: i32, ci: i32, nc: i32, x: usize, alpha: f32, len: i32): void {
  let i = shareStart(len, 16, ci, nc);
  const end = shareEnd(len, 16, ci, nc);
  const va = f32x4.splat(alpha);
  for (; i + 4 <= end; i += 4) {
    const o = <usize>i << 2;
    v128.store(x + o, f32x4.mul(va, v128.load(x + o)));
  }
  for (; i < end; i++) {
    const o = <usize>i << 2;
    store<f32>(x + o, alpha * load<f32>(x + o));
  }
}
/** Runs scale on the arguments of the current job (see parallel.as), claiming chunks until none are left. */
export function scale(self: i32, nt: i32): void {
  const args = jobArgs();
  const x = <usize>load<f64>(args, 0);
  const alpha = <f32>load<f64>(args, 8);
  const len = <i32>load<f64>(args, 16);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    scaleChunk(self, ch, nt, x, alpha, len);
    chunkDone();
  }
}

/** Σ xᵢ² and Σ |xᵢ| (which = 0 or 1), accumulated in f64 */
export function sumOf(x: usize, len: i32, which: i32): f64 {
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const lo = f64x2.promote_low_f32x4(v);
    const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    // squares in f64, exact for float32 inputs
    s0 = f64x2.add(s0, which == 0 ? f64x2.mul(lo, lo) : f64x2.abs(lo));
    s1 = f64x2.add(s1, which == 0 ? f64x2.mul(hi, hi) : f64x2.abs(hi));
  }
  const s = f64x2.add(s0, s1);
  let t = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < len; i++) {
    const v = <f64>load<f32>(x + (<usize>i << 2));
    t += which == 0 ? v * v : Math.abs(v);
  }
  return t;
}

/** g ← g + l1·sign(θ) + 2·l2·θ */
function addPenaltyGradientChunk(self: i32, ci: i32, nc: i32, theta: usize, g: usize, len: i32, l1: f32, l2: f32): void {
  let i = shareStart(len, 16, ci, nc);
  const end = shareEnd(len, 16, ci, nc);
  const vl1 = f32x4.splat(l1);
  const v2l2 = f32x4.splat(2 * l2);
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  for (; i + 4 <= end; i += 4) {
    const o = <usize>i << 2;
    const t = v128.load(theta + o);
    // sign(θ) = [θ > 0] − [θ < 0]
    const sign = f32x4.sub(v128.and(f32x4.gt(t, zero), one), v128.and(f32x4.lt(t, zero), one));
    v128.store(g + o, f32x4.add(v128.load(g + o), f32x4.add(f32x4.mul(vl1, sign), f32x4.mul(v2l2, t))));
  }
  for (; i < end; i++) {
    const o = <usize>i << 2;
    const t = load<f32>(theta + o);
    const sign: f32 = t > 0 ? 1 : t < 0 ? -1 : 0;
    store<f32>(g + o, load<f32>(g + o) + (l1 * sign + 2 * l2 * t));
  }
}
/** Runs addPenaltyGradient on the arguments of the current job (see parallel.as), claiming chunks until none are left. */
export function addPenaltyGradient(self: i32, nt: i32): void {
  const args = jobArgs();
  const theta = <usize>load<f64>(args, 0);
  const g = <usize>load<f64>(args, 8);
  const len = <i32>load<f64>(args, 16);
  const l1 = <f32>load<f64>(args, 24);
  const l2 = <f32>load<f64>(args, 32);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    addPenaltyGradientChunk(self, ch, nt, theta, g, len, l1, l2);
    chunkDone();
  }
}

/** g ← clamp(g, −c, c) */
function clipByValueChunk(self: i32, ci: i32, nc: i32, g: usize, len: i32, c: f32): void {
  let i = shareStart(len, 16, ci, nc);
  const end = shareEnd(len, 16, ci, nc);
  const hi = f32x4.splat(c);
  const lo = f32x4.splat(-c);
  for (; i + 4 <= end; i += 4) {
    const o = <usize>i << 2;
    v128.store(g + o, f32x4.min(hi, f32x4.max(lo, v128.load(g + o))));
  }
  for (; i < end; i++) {
    const o = <usize>i << 2;
    store<f32>(g + o, min(c, max(-c, load<f32>(g + o))));
  }
}
/** Runs clipByValue on the arguments of the current job (see parallel.as), claiming chunks until none are left. */
export function clipByValue(self: i32, nt: i32): void {
  const args = jobArgs();
  const g = <usize>load<f64>(args, 0);
  const len = <i32>load<f64>(args, 8);
  const c = <f32>load<f64>(args, 16);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    clipByValueChunk(self, ch, nt, g, len, c);
    chunkDone();
  }
}

/** db ← Σ_rows dZ (dZ rows × cols); threads split the columns */
function sumRowsChunk(self: i32, ci: i32, nc: i32, dZ: usize, db: usize, rows: i32, cols: i32): void {
  const j0 = shareStart(cols, 4, ci, nc);
  const j1 = shareEnd(cols, 4, ci, nc);
  const ld = <usize>cols << 2;
  let j = j0;
  for (; j + 16 <= j1; j += 16) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let p = dZ + (<usize>j << 2);
    for (let i = 0; i < rows; i++) {
      s0 = f32x4.add(s0, v128.load(p)); s1 = f32x4.add(s1, v128.load(p, 16));
      s2 = f32x4.add(s2, v128.load(p, 32)); s3 = f32x4.add(s3, v128.load(p, 48));
      p += ld;
    }
    const o = db + (<usize>j << 2);
    v128.store(o, s0); v128.store(o, s1, 16); v128.store(o, s2, 32); v128.store(o, s3, 48);
  }
  for (; j + 4 <= j1; j += 4) {
    let s = f32x4.splat(0);
    let p = dZ + (<usize>j << 2);
    for (let i = 0; i < rows; i++) {
      s = f32x4.add(s, v128.load(p));
      p += ld;
    }
    v128.store(db + (<usize>j << 2), s);
  }
  for (; j < j1; j++) {
    let s: f32 = 0;
    let p = dZ + (<usize>j << 2);
    for (let i = 0; i < rows; i++) {
      s += load<f32>(p);
      p += ld;
    }
    store<f32>(db + (<usize>j << 2), s);
  }
}
/** Runs sumRows on the arguments of the current job (see parallel.as), claiming chunks until none are left. */
export function sumRows(self: i32, nt: i32): void {
  const args = jobArgs();
  const dZ = <usize>load<f64>(args, 0);
  const db = <usize>load<f64>(args, 8);
  const rows = <i32>load<f64>(args, 16);
  const cols = <i32>load<f64>(args, 24);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    sumRowsChunk(self, ch, nt, dZ, db, rows, cols);
    chunkDone();
  }
}
