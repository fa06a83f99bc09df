// Synthetic data of the benchmark, the same for every runner: generated once by run.mjs from fixed
// seeds and written as little-endian float32 / int32 files that the JS and Python runners read.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { A, B, C } from './workloads.mjs';

/** mulberry32: a small seeded generator, uniform in [0, 1) */
function generator(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** rows of `inputs` values in [0, 1]: a per-class prototype blended with noise; labels i mod classes */
function classes(seed, rows, inputs, count) {
  const rand = generator(seed);
  const prototypes = Array.from({ length: count }, () => Float32Array.from({ length: inputs }, () => rand()));
  const x = new Float32Array(rows * inputs);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = i % count;
    y[i] = c;
    const p = prototypes[c];
    for (let j = 0; j < inputs; j++) x[i * inputs + j] = 0.6 * p[j] + 0.4 * rand();
  }
  return { x, y };
}

/** Writes the data sets into dir: a_x.f32 a_y.i32 (A), b_x.f32 b_y.i32 (B), c_x.f32 (C). */
export function writeData(dir) {
  mkdirSync(dir, { recursive: true });
  const a = classes(1, A.rows, A.inputs, A.classes);
  const b = classes(2, B.rows, B.inputs, B.classes);
  const c = classes(3, C.rows, A.inputs, A.classes);
  writeFileSync(join(dir, 'a_x.f32'), a.x);
  writeFileSync(join(dir, 'a_y.i32'), a.y);
  writeFileSync(join(dir, 'b_x.f32'), b.x);
  writeFileSync(join(dir, 'b_y.i32'), b.y);
  writeFileSync(join(dir, 'c_x.f32'), c.x);
}

function read(dir, name, Type) {
  const buf = readFileSync(join(dir, name));
  return new Type(buf.buffer, buf.byteOffset, buf.byteLength / Type.BYTES_PER_ELEMENT).slice();
}

/** The data sets as typed arrays: { a: {x, y}, b: {x, y}, c: {x} } */
export function readData(dir) {
  return {
    a: { x: read(dir, 'a_x.f32', Float32Array), y: read(dir, 'a_y.i32', Int32Array) },
    b: { x: read(dir, 'b_x.f32', Float32Array), y: read(dir, 'b_y.i32', Int32Array) },
    c: { x: read(dir, 'c_x.f32', Float32Array) },
  };
}
