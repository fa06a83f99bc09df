// How work is split between threads. A job is cut into nchunks contiguous chunks (whole tile
// heights, tile widths or SIMD blocks each); every thread taking part claims chunks one at a time from
// a counter in memory until none are left, so a thread that starts late (descheduled on a busy
// machine) simply finds less to do. The counter word holds the job's generation in its high half, so
// a thread still waking for an earlier job cannot claim chunks of a later one. The word after it
// counts finished chunks; the caller waits for it to reach nchunks.

/** this instance's job block: [0] generation << 16 | next chunk, [1] chunks finished, from byte 16 the arguments (f64) */
let JOB: usize = 0;
/** the generation this instance is working for */
let GEN: i32 = 0;

/** Points this instance (one per thread) at the current job before it runs a kernel. */
export function beginJob(job: usize, gen: i32): void {
  JOB = job;
  GEN = gen;
}

/** The next unclaimed chunk of the current job, or −1 when there is none (or the job is over). */
export function claim(nchunks: i32): i32 {
  while (true) {
    const cur = ASC_FEATURE_THREADS ? atomic.load<i32>(JOB) : load<i32>(JOB);
    const chunk = cur & 0xffff;
    if (cur >>> 16 != GEN || chunk >= nchunks) return -1;
    if (!ASC_FEATURE_THREADS) {
      store<i32>(JOB, cur + 1);
      return chunk;
    }
    if (atomic.cmpxchg<i32>(JOB, cur, cur + 1) == cur) return chunk;
  }
  return -1;
}

/** Where the current job's arguments are: f64 values from byte 16 of the job block, in parameter order. */
// @ts-ignore: decorator
@inline export function jobArgs(): usize {
  return JOB + 16;
}

/** Opens a new job (generation gen, no chunk claimed or done) and points this instance at it. */
export function openJob(job: usize, gen: i32): void {
  if (ASC_FEATURE_THREADS) {
    atomic.store<i32>(job + 4, 0);
    atomic.store<i32>(job, gen << 16);
  } else {
    store<i32>(job + 4, 0);
    store<i32>(job, gen << 16);
  }
  beginJob(job, gen);
}

/** Marks every chunk of the current job claimed (after a thread failed): no thread starts another. */
export function closeJob(): void {
  if (ASC_FEATURE_THREADS) atomic.store<i32>(JOB, (GEN << 16) | 0xffff);
  else store<i32>(JOB, (GEN << 16) | 0xffff);
}

/** Chunks of the current job finished so far. */
export function chunksDone(): i32 {
  return ASC_FEATURE_THREADS ? atomic.load<i32>(JOB + 4) : load<i32>(JOB + 4);
}

/** Counts one chunk finished. */
export function chunkDone(): void {
  if (ASC_FEATURE_THREADS) atomic.add<i32>(JOB + 4, 1);
  else store<i32>(JOB + 4, load<i32>(JOB + 4) + 1);
}

/** first index of chunk c of nchunks over [0, total), in whole units */
// @ts-ignore: decorator
@inline export function shareStart(total: i32, unit: i32, c: i32, nchunks: i32): i32 {
  const units = (total + unit - 1) / unit;
  const start = <i32>((<i64>units * c) / nchunks) * unit;
  return start < total ? start : total;
}

/** one past the last index of chunk c */
// @ts-ignore: decorator
@inline export function shareEnd(total: i32, unit: i32, c: i32, nchunks: i32): i32 {
  return shareStart(total, unit, c + 1, nchunks);
}
