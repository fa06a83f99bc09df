// The estimator workload's data: iris, digits and breast cancer (data/*.csv) and the development
// tables (../shared/data/tabular/*-train.csv), each turned once into the same numeric matrices for
// every runner — text feature columns one-hot encoded, every feature standardized (mean 0, std 1),
// classes numbered in order of first appearance, regression targets as they are — and written as
// little-endian float64 files with a manifest.json.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
/** where the development tables live (a checkout of the shared data next to the repository, or /work/shared) */
const TABULAR = [join(repo, '..', 'shared', 'data', 'tabular'), join(repo, '..', '..', 'shared', 'data', 'tabular'), '/work/shared/data/tabular'].find((d) => existsSync(d));

/** name → { file, task }: the last column is the target */
function sources() {
  const list = [
    { name: 'iris', file: join(repo, 'data', 'iris.csv'), task: 'classification' },
    { name: 'digits', file: join(repo, 'data', 'digits.csv'), task: 'classification' },
    { name: 'breast_cancer', file: join(repo, 'data', 'breast_cancer.csv'), task: 'classification' },
  ];
  if (TABULAR !== undefined) {
    for (const f of readdirSync(TABULAR).filter((f) => f.endsWith('-train.csv')).sort()) list.push({ name: basename(f, '-train.csv'), file: join(TABULAR, f), task: null });
  }
  return list;
}

const numeric = (v) => v.trim() !== '' && Number.isFinite(Number(v));

/** Parses a plain CSV (no quoted commas) into the workload's numeric form. */
function prepare(source) {
  const lines = readFileSync(source.file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const rows = lines.slice(1).map((l) => l.split(','));
  const d = rows[0].length - 1;
  const targets = rows.map((r) => r[d]);
  const task = source.task ?? (targets.every(numeric) && new Set(targets).size > 20 ? 'regression' : 'classification');
  // features: numeric columns as they are, text columns one-hot (levels in order of appearance)
  const columns = [];
  for (let j = 0; j < d; j++) {
    const values = rows.map((r) => r[j]);
    if (values.every(numeric)) columns.push(values.map(Number));
    else for (const level of [...new Set(values)]) columns.push(values.map((v) => (v === level ? 1 : 0)));
  }
  const n = rows.length;
  const p = columns.length;
  const x = new Float64Array(n * p);
  columns.forEach((col, j) => {
    const mean = col.reduce((s, v) => s + v, 0) / n;
    const std = Math.sqrt(col.reduce((s, v) => s + (v - mean) ** 2, 0) / n) || 1;
    col.forEach((v, i) => (x[i * p + j] = (v - mean) / std));
  });
  let y;
  let classes = 0;
  if (task === 'regression') y = Float64Array.from(targets.map(Number));
  else {
    const levels = [...new Set(targets)];
    classes = levels.length;
    y = Float64Array.from(targets.map((t) => levels.indexOf(t)));
  }
  return { name: source.name, task, rows: n, features: p, classes, x, y };
}

/** Writes every data set into dir (name.x.f64, name.y.f64, manifest.json); returns the manifest. */
export function writeEstimatorData(dir) {
  mkdirSync(dir, { recursive: true });
  const manifest = [];
  for (const source of sources()) {
    const t = prepare(source);
    writeFileSync(join(dir, `${t.name}.x.f64`), t.x);
    writeFileSync(join(dir, `${t.name}.y.f64`), t.y);
    manifest.push({ name: t.name, task: t.task, rows: t.rows, features: t.features, classes: t.classes });
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1));
  return manifest;
}

/** One data set as rows of numbers (what both libraries' users pass) and its targets. */
export function readEstimatorData(dir, entry) {
  const read = (suffix) => {
    const buf = readFileSync(join(dir, `${entry.name}.${suffix}.f64`));
    return new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8).slice();
  };
  const flat = read('x');
  const x = Array.from({ length: entry.rows }, (_, i) => Array.from(flat.subarray(i * entry.features, (i + 1) * entry.features)));
  return { x, y: Array.from(read('y')) };
}
