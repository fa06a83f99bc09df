import { checkNumber } from '../core/checks.js';
import type { Rng } from '../core/rng.js';
import { makeTable, type Table } from './table.js';

/**
 * Two-feature data sets after TensorFlow Playground's (`src/dataset.ts`): points (x1, x2) in about
 * [−6, 6]², a class label 0/1 (the Playground's −1 is our 0) or a regression value. Every random
 * draw comes from the Rng passed in, so one seed gives one data set. Rows are shuffled.
 */
export interface SyntheticOptions {
  /** Number of points (default 500). */
  readonly n?: number;
  /** Noise level in [0, 1]; the Playground's slider goes 0 … 0.5 (default 0). */
  readonly noise?: number;
  readonly rng: Rng;
}

/** Names of the synthetic classification sets. */
export const SYNTHETIC_CLASSIFICATION = ['xor', 'circle', 'spiral', 'gauss'] as const;
/** Names of the synthetic regression surfaces. */
export const SYNTHETIC_REGRESSION = ['plane', 'bumps'] as const;
export type SyntheticName = (typeof SYNTHETIC_CLASSIFICATION)[number] | (typeof SYNTHETIC_REGRESSION)[number];

/** Feature columns of every synthetic set, and the target of the classification / regression ones. */
export const SYNTHETIC_FEATURES = ['x1', 'x2'] as const;
export const SYNTHETIC_CLASS_TARGET = 'label';
export const SYNTHETIC_VALUE_TARGET = 'value';

/** A generated set, point by point, before it becomes a table. */
interface Points {
  x1: number[];
  x2: number[];
  y: number[];
}

/**
 * Four quadrants: label 1 where x1·x2 ≥ 0. Points are kept 0.3 away from the axes; the label is
 * taken at the point moved by uniform noise of ±noise·5 per coordinate, so noise flips labels near the axes.
 */
export function xor(options: SyntheticOptions): Table {
  const { n, noise, rng } = checked(options);
  const p: Points = { x1: [], x2: [], y: [] };
  const padding = 0.3;
  for (let i = 0; i < n; i++) {
    let a = rng.range(-5, 5);
    a += a > 0 ? padding : -padding;
    let b = rng.range(-5, 5);
    b += b > 0 ? padding : -padding;
    const na = rng.range(-5, 5) * noise;
    const nb = rng.range(-5, 5) * noise;
    push(p, a, b, (a + na) * (b + nb) >= 0 ? 1 : 0);
  }
  return toTable(p, rng, SYNTHETIC_CLASS_TARGET);
}

/**
 * A disc of radius 2.5 (label 1) inside a ring from 3.5 to 5 (label 0). The label is that of the
 * point moved by uniform noise of ±noise·5 per coordinate.
 */
export function circle(options: SyntheticOptions): Table {
  const { n, noise, rng } = checked(options);
  const p: Points = { x1: [], x2: [], y: [] };
  const radius = 5;
  const labelAt = (a: number, b: number): number => (Math.hypot(a, b) < radius * 0.5 ? 1 : 0);
  const ring = (count: number, rMin: number, rMax: number): void => {
    for (let i = 0; i < count; i++) {
      const r = rng.range(rMin, rMax);
      const angle = rng.range(0, 2 * Math.PI);
      const a = r * Math.sin(angle);
      const b = r * Math.cos(angle);
      const na = rng.range(-radius, radius) * noise;
      const nb = rng.range(-radius, radius) * noise;
      push(p, a, b, labelAt(a + na, b + nb));
    }
  };
  ring(Math.ceil(n / 2), 0, radius * 0.5);
  ring(Math.floor(n / 2), radius * 0.7, radius);
  return toTable(p, rng, SYNTHETIC_CLASS_TARGET);
}

/** Two interleaved spirals (1.75 turns, radius 0 → 5), labels 1 and 0; noise adds ±noise to each coordinate. */
export function spiral(options: SyntheticOptions): Table {
  const { n, noise, rng } = checked(options);
  const p: Points = { x1: [], x2: [], y: [] };
  const arm = (count: number, deltaT: number, label: number): void => {
    for (let i = 0; i < count; i++) {
      const r = (i / count) * 5;
      const t = ((1.75 * i) / count) * 2 * Math.PI + deltaT;
      push(p, r * Math.sin(t) + rng.range(-1, 1) * noise, r * Math.cos(t) + rng.range(-1, 1) * noise, label);
    }
  };
  arm(Math.ceil(n / 2), 0, 1);
  arm(Math.floor(n / 2), Math.PI, 0);
  return toTable(p, rng, SYNTHETIC_CLASS_TARGET);
}

/** Two Gaussian clouds at (2, 2) (label 1) and (−2, −2) (label 0); variance 0.5 + 7·noise (0.5 … 4 as noise goes 0 … 0.5). */
export function gauss(options: SyntheticOptions): Table {
  const { n, noise, rng } = checked(options);
  const p: Points = { x1: [], x2: [], y: [] };
  const std = Math.sqrt(0.5 + 7 * noise);
  const cloud = (count: number, c: number, label: number): void => {
    for (let i = 0; i < count; i++) push(p, rng.normal(c, std), rng.normal(c, std), label);
  };
  cloud(Math.ceil(n / 2), 2, 1);
  cloud(Math.floor(n / 2), -2, 0);
  return toTable(p, rng, SYNTHETIC_CLASS_TARGET);
}

/** A tilted plane: value = (x1 + x2) / 10 over [−6, 6]², in [−1.2, 1.2]; noise moves the point where the value is read by ±noise·6. */
export function plane(options: SyntheticOptions): Table {
  const { n, noise, rng } = checked(options);
  const p: Points = { x1: [], x2: [], y: [] };
  for (let i = 0; i < n; i++) {
    const a = rng.range(-6, 6);
    const b = rng.range(-6, 6);
    const na = rng.range(-6, 6) * noise;
    const nb = rng.range(-6, 6) * noise;
    // value = (x1 + x2) / 10
    push(p, a, b, (a + na + b + nb) / 10);
  }
  return toTable(p, rng, SYNTHETIC_VALUE_TARGET);
}

/**
 * Six Gaussian-like bumps, alternately up and down, centred at x1 ∈ {−4, 0, 4}, x2 = ±2.5: the value
 * is the strongest of sign·max(0, 1 − distance/2) (the Playground's "multi-Gaussian"); in [−1, 1].
 */
export function bumps(options: SyntheticOptions): Table {
  const { n, noise, rng } = checked(options);
  const p: Points = { x1: [], x2: [], y: [] };
  const centres: readonly (readonly [number, number, number])[] = [
    [-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1],
  ];
  const valueAt = (a: number, b: number): number => {
    let value = 0;
    for (const [cx, cy, sign] of centres) {
      const v = sign * Math.max(0, 1 - Math.hypot(a - cx, b - cy) / 2);
      if (Math.abs(v) > Math.abs(value)) value = v;
    }
    return value;
  };
  for (let i = 0; i < n; i++) {
    const a = rng.range(-6, 6);
    const b = rng.range(-6, 6);
    const na = rng.range(-6, 6) * noise;
    const nb = rng.range(-6, 6) * noise;
    push(p, a, b, valueAt(a + na, b + nb));
  }
  return toTable(p, rng, SYNTHETIC_VALUE_TARGET);
}

/** The generator for a name. */
export const SYNTHETIC_GENERATORS: Readonly<Record<SyntheticName, (options: SyntheticOptions) => Table>> = {
  xor,
  circle,
  spiral,
  gauss,
  plane,
  bumps,
};

function checked(options: SyntheticOptions): { n: number; noise: number; rng: Rng } {
  const n = checkNumber('n', options.n ?? 500, { min: 2, integer: true });
  const noise = checkNumber('noise', options.noise ?? 0, { min: 0, max: 1 });
  return { n, noise, rng: options.rng };
}

function push(p: Points, a: number, b: number, y: number): void {
  p.x1.push(a);
  p.x2.push(b);
  p.y.push(y);
}

/** The points as a table (x1, x2, target), rows shuffled with `rng`. */
function toTable(p: Points, rng: Rng, target: string): Table {
  const n = p.y.length;
  const order = rng.permutation(n);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = order[i] as number;
    x1[i] = p.x1[k] as number;
    x2[i] = p.x2[k] as number;
    y[i] = p.y[k] as number;
  }
  return makeTable(
    [
      { kind: 'numeric', name: 'x1', values: x1 },
      { kind: 'numeric', name: 'x2', values: x2 },
      { kind: 'numeric', name: target, values: y },
    ],
    n,
  );
}
