/**
 * `npm run bench:quality`: mlpkit's defaults (and, with --tune SECONDS, `mlpkit tune`) on every
 * development table in ../shared/data/tabular and on the bundled iris, digits and breast cancer
 * sets, run through the built CLI as a user runs it:
 *   mlpkit train NAME-train.csv --seed S --json      (the defaults)
 *   mlpkit evaluate model.json NAME-test.csv --json  (network, and the linear baseline it saved)
 * for seeds 1–5, next to scikit-learn's scores in refs.txt; writes its section of docs/quality.md
 * (between the markers `<!-- bench:quality KIND -->` … `<!-- /bench:quality KIND -->`, KIND being
 * defaults, tune or defaults+tune), leaving the rest of the file as it is.
 * Options: --seeds 1,2,3,4,5  --tables a,b  --tune SECONDS  --out docs/quality.md
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BUNDLED, DEV_TABLES, TABULAR_DIR, loadBenchTable } from './tables.js';
import { tableToCsv } from './csv.js';
import { replaceSection } from './sections.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3,4,5' },
    tables: { type: 'string', default: [...DEV_TABLES, ...BUNDLED].join(',') },
    tune: { type: 'string' },
    'tune-seeds': { type: 'string' },
    'no-defaults': { type: 'boolean', default: false },
    out: { type: 'string', default: 'docs/quality.md' },
  },
});
const ROOT = join(import.meta.dirname, '..', '..');
/** The built CLI ($MLPKIT_CLI: another build, e.g. a copy that a rebuild during the run does not touch). */
const CLI = process.env.MLPKIT_CLI ?? join(ROOT, 'dist', 'cli', 'main.js');
const seeds = (values.seeds as string).split(',').map(Number);
/** tune is slow (a budget per run): it may run on fewer seeds than the defaults */
const tuneSeeds = values['tune-seeds'] === undefined ? seeds : (values['tune-seeds'] as string).split(',').map(Number);
const runDefaults = values['no-defaults'] !== true;
const work = mkdtempSync(join(tmpdir(), 'mlpkit-quality-'));

interface Row {
  name: string;
  metric: 'accuracy' | 'R²';
  rows: string;
  defaults: number[];
  linear: number[];
  tune: number[];
  seconds: number[];
  tuneSeconds: number[];
  /** candidates each tune run scored */
  candidates: number[];
}

function cli(args: string[]): Record<string, unknown> {
  const text = execFileSync(process.execPath, [CLI, ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(text) as Record<string, unknown>;
}

function main(s: Record<string, unknown>): number {
  return (s['task'] === 'classification' ? s['accuracy'] : s['r2']) as number;
}

const rows: Row[] = [];
for (const name of (values.tables as string).split(',')) {
  const bench = await loadBenchTable(name);
  const trainPath = join(work, `${name}-train.csv`);
  const testPath = join(work, `${name}-test.csv`);
  writeFileSync(trainPath, tableToCsv(bench.train));
  writeFileSync(testPath, tableToCsv(bench.test));
  const row: Row = { name, metric: 'accuracy', rows: `${bench.train.rows} / ${bench.test.rows}`, defaults: [], linear: [], tune: [], seconds: [], tuneSeconds: [], candidates: [] };
  for (const seed of seeds) {
    const model = join(work, `${name}-${seed}.json`);
    if (runDefaults) {
      const t = cli(['train', trainPath, '--target', bench.target, '--seed', String(seed), '-o', model, '--quiet']);
      row.seconds.push(t['seconds'] as number);
      const e = cli(['evaluate', model, testPath]);
      row.metric = e['task'] === 'classification' ? 'accuracy' : 'R²';
      row.defaults.push(main(e));
      const b = e['baselines'] as { linear: Record<string, unknown> } | null;
      if (b !== null) row.linear.push(main(b.linear));
    }
    if (values.tune !== undefined && tuneSeeds.includes(seed)) {
      const tuned = join(work, `${name}-${seed}-tuned.json`);
      const started = performance.now();
      const t = cli(['tune', trainPath, '--target', bench.target, '--seed', String(seed), '--budget', `${values.tune}s`, '-o', tuned, '--quiet']);
      row.tuneSeconds.push((performance.now() - started) / 1000);
      row.candidates.push(t['candidates'] as number);
      const e = cli(['evaluate', tuned, testPath]);
      row.metric = e['task'] === 'classification' ? 'accuracy' : 'R²';
      row.tune.push(main(e));
    }
    console.error(`${name} seed ${seed}: defaults ${row.defaults.at(-1)?.toFixed(3)}  linear ${row.linear.at(-1)?.toFixed(3)}${row.tune.length > 0 ? `  tune ${row.tune.at(-1)?.toFixed(3)}` : ''}`);
  }
  rows.push(row);
}
rmSync(work, { recursive: true, force: true });

// scikit-learn's scores (refs.txt: "name (...): mlp 0.919 [..]  mlp_es ...  linear ...  hgb ...")
// bench/quality/bundled-refs.txt: the same script on the bundled sets' splits (see write-bundled.ts)
const refs = new Map<string, Record<string, number>>();
for (const path of [join(TABULAR_DIR, 'refs.txt'), join(import.meta.dirname, 'bundled-refs.txt')]) {
  try {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const m = /^(\S+) \(/.exec(line);
      if (m === null) continue;
      const scores: Record<string, number> = {};
      for (const [, key, v] of line.matchAll(/(mlp_es|mlp|linear|hgb) ([0-9.-]+)/g)) scores[key as string] = Number(v);
      refs.set(m[1] as string, scores);
    }
  } catch {
    // no such file: those reference columns stay empty
  }
}

const median = (a: number[]): number => {
  if (a.length === 0) return Number.NaN;
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const f = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(3));
const range = (a: number[]): string => (a.length === 0 ? '–' : `${f(median(a))} [${f(Math.min(...a))}–${f(Math.max(...a))}]`);

const lines: string[] = [];
const tuned = values.tune !== undefined;
const head = ['table', 'metric', 'rows train / test'];
if (runDefaults) head.push('mlpkit defaults', 'mlpkit linear (`--layers none`)');
if (tuned) head.push(`tune ${values.tune}s`);
head.push('sklearn MLP', 'sklearn linear', 'sklearn HGB');
if (runDefaults) head.push('defaults ≥ MLP and ≥ linear − 0.005');
if (tuned) head.push('tune ≥ HGB');
lines.push(`| ${head.join(' | ')} |`);
lines.push(`|${head.map(() => '---').join('|')}|`);
for (const r of rows) {
  const ref = refs.get(r.name) ?? {};
  const d = median(r.defaults);
  // met when the median is at least the reference (to the 3 decimals shown)
  const atLeast = (v: number, target: number | undefined): boolean => target !== undefined && v >= target - 5e-4;
  const met = ref['mlp'] === undefined ? '(no reference)' : atLeast(d, ref['mlp']) && atLeast(d, (ref['linear'] as number) - 0.005) ? 'met' : 'missed';
  const cells = [r.name, r.metric, r.rows];
  if (runDefaults) cells.push(range(r.defaults), range(r.linear));
  if (tuned) cells.push(range(r.tune));
  cells.push(f(ref['mlp']), f(ref['linear']), f(ref['hgb']));
  if (runDefaults) cells.push(met);
  if (tuned) cells.push(ref['hgb'] === undefined ? '(no reference)' : atLeast(median(r.tune), ref['hgb']) ? 'yes' : 'no');
  lines.push(`| ${cells.join(' | ')} |`);
}
const table = lines.join('\n');
console.log(table);
writeSection(resolve(ROOT, values.out as string), `${runDefaults ? 'defaults' : ''}${runDefaults && tuned ? '+' : ''}${tuned ? 'tune' : ''}`, render(table));

/** Replaces the run's own section of `path` (see sections.ts); a missing file starts with the header. */
function writeSection(path: string, kind: string, section: string): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    text = `${readFileSync(join(import.meta.dirname, 'quality-header.md'), 'utf8').trim()}\n`;
  }
  writeFileSync(path, replaceSection(text, kind, section));
}

function render(t: string): string {
  const cmd = `npm run bench:quality${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  return `## Test scores (medians over seeds ${seeds.join(', ')}; [min–max])

Produced by \`${cmd}\` on ${new Date().toISOString().slice(0, 10)} (a shared 2-core machine: the seconds are not a speed figure).
Test accuracy for classification, test R² for regression, on the fixed test files (bundled sets:
the 75/25 split of bench/quality/tables.ts). The linear column is the baseline that \`mlpkit train\`
saves beside the network and \`mlpkit evaluate\` scores on the same rows. scikit-learn's columns are
\`../shared/data/tabular/refs.txt\` (refs.py: scikit-learn 1.2 defaults, seeds 1–5).

${t}

${runDefaults ? `Median seconds of \`mlpkit train\` per table (hold-out run + refit + baselines): ${rows.map((r) => `${r.name} ${median(r.seconds).toFixed(1)}`).join(', ')}.` : ''}${tuned ? `\nMedian wall seconds of \`mlpkit tune --budget ${values.tune}s\` per table (candidates scored per run): ${rows.map((r) => `${r.name} ${median(r.tuneSeconds).toFixed(0)} (${r.candidates.join(', ')})`).join('; ')}.` : ''}
`;
}
