import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Label, MLPOptions } from '../../src/estimators/index.js';

/** test/fixtures/sklearn/mlp.json, written by test/fixtures/sklearn/generate.py (scikit-learn 1.2.1). */
export interface SklearnFixture {
  sklearn: string;
  datasets: Record<string, DatasetEntry>;
  scores: ScoreEntry[];
  reproduction: ReproductionEntry[];
  shapes: ShapeEntry[];
}

interface DatasetEntry {
  task: 'classification' | 'regression';
  file?: string;
  x?: number[][];
  y?: number[];
  y2?: number[];
  splits: { seed: number; train: number[]; test: number[] }[];
}

export interface ScoreEntry {
  dataset: string;
  solver: 'lbfgs' | 'sgd' | 'adam';
  params: Record<string, unknown>;
  seeds: number[];
  scores: number[];
  median: number;
  nIter: number[];
}

export interface ReproductionEntry {
  name: string;
  dataset: string;
  split: number;
  params: Record<string, unknown>;
  coefs: number[][][];
  intercepts: number[][];
  lossCurve?: number[];
  finalLoss?: number;
  nIter?: number;
}

export interface ShapeEntry {
  name: string;
  classes: Label[] | null;
  nOutputs: number;
  nLayers: number;
  outActivation: string;
  coefs: number[][];
  intercepts: number[][];
  predictShape: number[];
  probaShape: number[] | null;
}

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

export const fixture = JSON.parse(readFileSync(join(root, 'test/fixtures/sklearn/mlp.json'), 'utf8')) as SklearnFixture;

/** scikit-learn's snake_case parameters as our camelCase options. */
export function camelParams(params: Record<string, unknown>): MLPOptions {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    const name = k === 'beta_1' ? 'beta1' : k === 'beta_2' ? 'beta2' : k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    out[name] = v;
  }
  return out as MLPOptions;
}

export interface Table {
  x: number[][];
  /** class labels (strings from the CSV, numbers for digits) or regression targets */
  y: Label[];
  y2?: number[];
}

const tables = new Map<string, Table>();

/** A data set of the fixture: its CSV from data/ (last column the target) or its stored values. */
export function table(name: string): Table {
  const cached = tables.get(name);
  if (cached !== undefined) return cached;
  const entry = fixture.datasets[name];
  if (entry === undefined) throw new Error(`no data set ${name} in the fixture`);
  let t: Table;
  if (entry.file !== undefined) {
    const lines = readFileSync(join(root, 'data', entry.file), 'utf8').split(/\r?\n/).slice(1).filter((l) => l.trim() !== '');
    const rows = lines.map((l) => l.trim().split(','));
    const numeric = name === 'digits';
    t = { x: rows.map((r) => r.slice(0, -1).map(Number)), y: rows.map((r) => (numeric ? Number(r[r.length - 1]) : (r[r.length - 1] as string))) };
  } else {
    t = { x: entry.x as number[][], y: entry.y as number[], y2: entry.y2 as number[] };
  }
  tables.set(name, t);
  return t;
}

export interface SplitData {
  xTrain: number[][];
  xTest: number[][];
  train: number[];
  test: number[];
}

/** The stored split `index` of a data set, features standardized with the train part's mean and population std (0 → 1). */
export function splitData(name: string, index: number): SplitData {
  const entry = fixture.datasets[name];
  const split = entry?.splits[index];
  if (split === undefined) throw new Error(`no split ${index} of ${name}`);
  const { x } = table(name);
  const d = (x[0] as number[]).length;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (const i of split.train) (x[i] as number[]).forEach((v, j) => (mean[j] = (mean[j] as number) + v));
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / split.train.length;
  for (const i of split.train) (x[i] as number[]).forEach((v, j) => (std[j] = (std[j] as number) + (v - (mean[j] as number)) ** 2));
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt((std[j] as number) / split.train.length);
    std[j] = s === 0 ? 1 : s;
  }
  const scale = (rows: number[]): number[][] => rows.map((i) => (x[i] as number[]).map((v, j) => (v - (mean[j] as number)) / (std[j] as number)));
  return { xTrain: scale(split.train), xTest: scale(split.test), train: split.train, test: split.test };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
