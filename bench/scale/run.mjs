#!/usr/bin/env node
/**
 * Memory and throughput of `mlpkit train FILE --stream` against in-memory training (issue 16).
 * Not part of the test run. Needs the build (`npm run build`).
 *
 *   node bench/scale/run.mjs [--sizes 1m,5m,20m] [--epochs 3] [--dir DIR] [--in-memory-at 1m]
 *
 * For each size it generates the file in a temporary folder (bench/scale/generate.mjs, never
 * committed), trains on it with --stream — and, for the sizes in --in-memory-at, in memory too,
 * right after, in the same conditions — each run under /usr/bin/time -v for the peak RSS, and
 * deletes the file before the next size. Prints a Markdown table and writes
 * bench/scale/results.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? args[k + 1] : fallback;
};
const ROWS = { '1m': 1_000_000, '5m': 5_000_000, '20m': 20_000_000 };
const sizes = opt('sizes', '1m,5m,20m').split(',');
const inMemoryAt = opt('in-memory-at', '1m').split(',');
const epochs = opt('epochs', '3');
const dir = mkdtempSync(join(opt('dir', tmpdir()), 'mlpkit-scale-'));
const TRAIN = ['--target', 'label', '--epochs', epochs, '--batch-size', '256', '--seed', '7', '--no-save', '--json'];

/** Runs the CLI under /usr/bin/time -v; returns its JSON document, wall seconds and peak RSS. */
function train(file, mode) {
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-v', process.execPath, CLI, 'train', file, ...TRAIN, mode], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`train ${file} ${mode} exited ${run.status}: ${run.stderr.slice(-2000)}`);
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1]) / 1024;
  const doc = JSON.parse(run.stdout);
  const firstPass = Number(/first pass: [\d,]+ rows in ([\d.]+) s/.exec(run.stderr)?.[1] ?? NaN);
  return {
    mode,
    wallSeconds: wall,
    peakRssMiB: rss,
    trainSeconds: doc.seconds,
    firstPassSeconds: firstPass,
    trainRows: doc.rows.train,
    testRows: doc.rows.test,
    epochs: doc.epochs,
    // rows trained per second of the training phase (epochs, validation included), and of the whole command
    epochRowsPerSecond: (doc.rows.train * doc.epochs) / doc.seconds,
    wholeRowsPerSecond: (doc.rows.train * doc.epochs) / wall,
    testAccuracy: doc.test?.accuracy ?? null,
  };
}

const results = [];
for (const size of sizes) {
  const rows = ROWS[size];
  if (rows === undefined) throw new Error(`unknown size ${size}; use ${Object.keys(ROWS).join(', ')}`);
  const file = join(dir, `${size}.csv`);
  const gen = spawnSync(process.execPath, [join(ROOT, 'bench/scale/generate.mjs'), file, String(rows)], { encoding: 'utf8' });
  if (gen.status !== 0) throw new Error(gen.stderr);
  const bytes = statSync(file).size;
  process.stderr.write(`${gen.stdout.trim()}\n`);
  const runs = [train(file, '--stream')];
  if (inMemoryAt.includes(size)) runs.push(train(file, '--no-stream'));
  rmSync(file, { force: true });
  for (const r of runs) {
    results.push({ size, rows, fileMiB: bytes / 2 ** 20, ...r });
    process.stderr.write(`${size} ${r.mode}: ${JSON.stringify(r)}\n`);
  }
}
rmSync(dir, { recursive: true, force: true });
writeFileSync(join(ROOT, 'bench/scale/results.json'), `${JSON.stringify({ date: new Date().toISOString(), epochs, results }, null, 2)}\n`);

const f0 = (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—');
const f1 = (v) => (Number.isFinite(v) ? v.toFixed(1) : '—');
console.log('| file | mode | peak RSS (MiB) | first pass / load (s) | training (s) | whole command (s) | epoch rows/s | test accuracy |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${r.size} rows (${f0(r.fileMiB)} MiB) | ${r.mode === '--stream' ? 'stream' : 'in memory'} | ${f0(r.peakRssMiB)} | ${r.mode === '--stream' ? f1(r.firstPassSeconds) : '—'} | ${f1(r.trainSeconds)} | ${f1(r.wallSeconds)} | ${f0(r.epochRowsPerSecond)} | ${r.testAccuracy === null ? '—' : r.testAccuracy.toFixed(4)} |`,
  );
}
for (const size of sizes) {
  const s = results.find((r) => r.size === size && r.mode === '--stream');
  const m = results.find((r) => r.size === size && r.mode === '--no-stream');
  if (s === undefined || m === undefined) continue;
  console.log(
    `\n${size}: stream ÷ in-memory — epoch throughput ${(s.epochRowsPerSecond / m.epochRowsPerSecond).toFixed(2)}, whole-command throughput ${(s.wholeRowsPerSecond / m.wholeRowsPerSecond).toFixed(2)}; ` +
      `test accuracy ${s.testAccuracy.toFixed(4)} vs ${m.testAccuracy.toFixed(4)} (difference ${(s.testAccuracy - m.testAccuracy).toFixed(4)})`,
  );
}
