// The benchmark's workloads, shared by every runner (JS and, through run.mjs's arguments, Python).

/** A: MNIST-shaped classifier, 784-256-128-10, ReLU, softmax + cross-entropy, Adam 1e-3. */
export const A = { inputs: 784, hidden: [256, 128], classes: 10, rows: 4096, batches: [32, 128, 512], lr: 1e-3 };
/** B: iris-shaped, 4-16-3, batch 16, SGD 0.1, 150 samples × 200 epochs (2,000 optimizer steps). */
export const B = { inputs: 4, hidden: [16], classes: 3, rows: 150, batch: 16, epochs: 200, lr: 0.1 };
/** C: prediction of 10,000 rows in batches of 1,024 on A's network; single-row latency on A's and B's. */
export const C = { rows: 10_000, batch: 1024 };
/** GEMM products, m × k × n. */
export const GEMMS = [
  { name: '128×784×256', m: 128, k: 784, n: 256 },
  { name: '1024×1024×1024', m: 1024, k: 1024, n: 1024 },
];
/** Seconds each timed measurement aims for (a run's length scales with it). */
export const TARGET_SECONDS = Number(process.env.BENCH_SECONDS ?? 1.0);

/** B's optimizer steps: ⌈150 / 16⌉ per epoch. */
export const B_STEPS = B.epochs * Math.ceil(B.rows / B.batch);

/** Seconds since an arbitrary origin. */
export function now() {
  return performance.now() / 1000;
}

/**
 * Throughput of a training function train(rows, epochs) (sync or async), in samples per second:
 * a warm-up on a few batches, then one timed run sized to last about TARGET_SECONDS (a subset of the
 * rows for slow runners, several epochs for fast ones).
 */
export async function trainingThroughput(train, totalRows, batch) {
  await train(Math.min(totalRows, batch), 1);
  let rows = Math.min(totalRows, 2 * batch);
  let t = now();
  await train(rows, 1);
  const rate = rows / (now() - t);
  let epochs = 1;
  const wanted = rate * TARGET_SECONDS;
  if (wanted >= totalRows) {
    rows = totalRows;
    epochs = Math.max(1, Math.round(wanted / totalRows));
  } else {
    rows = Math.max(batch, Math.floor(wanted / batch) * batch);
  }
  t = now();
  await train(rows, epochs);
  return (rows * epochs) / (now() - t);
}

/**
 * Median seconds per call of fn: a short warm-up, then 5 blocks of calls lasting about
 * TARGET_SECONDS / 5 each (3 single calls when one call alone is longer than that).
 */
export async function latency(fn) {
  let t = now();
  for (let i = 0; i < 20 && now() - t < 0.2; i++) await fn();
  t = now();
  let calls = 0;
  while (now() - t < 0.05 || calls === 0) {
    await fn();
    calls++;
  }
  const perCall = (now() - t) / calls;
  const blocks = perCall > TARGET_SECONDS / 5 ? 3 : 5;
  const perBlock = Math.max(1, Math.round(TARGET_SECONDS / 5 / perCall));
  const times = [];
  for (let b = 0; b < blocks; b++) {
    t = now();
    for (let i = 0; i < perBlock; i++) await fn();
    times.push((now() - t) / perBlock);
  }
  times.sort((x, y) => x - y);
  return times[Math.floor(blocks / 2)];
}

/** GFLOPS of fn() computing an m × k × n product, best of a few timed blocks. */
export async function gflops(fn, m, k, n) {
  const flops = 2 * m * k * n;
  await fn();
  let t = now();
  await fn();
  const once = now() - t;
  const reps = Math.max(1, Math.round(TARGET_SECONDS / 3 / once));
  let best = Infinity;
  for (let b = 0; b < 3; b++) {
    t = now();
    for (let i = 0; i < reps; i++) await fn();
    best = Math.min(best, (now() - t) / reps);
  }
  return flops / best / 1e9;
}

/** Median seconds of 3 timed calls of fn (after the caller's warm-up run). */
export async function medianSeconds(fn) {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const t = now();
    await fn();
    times.push(now() - t);
  }
  return times.sort((x, y) => x - y)[1];
}

/** Peak resident memory of this process so far, in MiB. */
export function peakRssMiB() {
  return process.resourceUsage().maxRSS / 1024;
}
