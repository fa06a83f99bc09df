/**
 * Peak memory of streaming a large CSV into a Table (and, with --transform, into x and y matrices).
 * Not part of the test run. Usage:
 *   node --import tsx test/data/memory/csv-peak-rss.ts generate FILE [ROWS=1000000] [COLS=20]
 *   /usr/bin/time -v node --import tsx test/data/memory/csv-peak-rss.ts read FILE [float32|float64] [--transform]
 * `generate` writes COLS−1 numeric feature columns (6 decimals) and a 0/1 `label` column; `read`
 * prints rows, columns, seconds and the process's peak RSS (also visible as time's "Maximum
 * resident set size").
 */
import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { Rng } from '../../../src/core/rng.js';
import { Preprocessor } from '../../../src/data/index.js';
import { readCsvFile } from '../../../src/data/node/index.js';

const [mode, file, ...rest] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: generate|read FILE …');

if (mode === 'generate') {
  const rows = Number(rest[0] ?? 1_000_000);
  const cols = Number(rest[1] ?? 20);
  const rng = new Rng(1);
  const out = createWriteStream(file);
  const header = Array.from({ length: cols - 1 }, (_, j) => `f${j}`);
  out.write(`${[...header, 'label'].join(',')}\n`);
  for (let i = 0; i < rows; i++) {
    const cells: string[] = [];
    for (let j = 0; j < cols - 1; j++) cells.push(rng.normal(0, 10).toFixed(6));
    cells.push(rng.uniform() < 0.5 ? '0' : '1');
    if (!out.write(`${cells.join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  process.stdout.write(`wrote ${file}: ${rows} rows × ${cols} columns, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB\n`);
} else {
  const dtype = rest[0] === 'float32' ? 'float32' : 'float64';
  const t0 = performance.now();
  const table = await readCsvFile(file, { dtype });
  const t1 = performance.now();
  let shape = '';
  if (rest.includes('--transform')) {
    const p = Preprocessor.fit(table, { target: 'label' });
    const { x, y } = p.transform(table);
    shape = ` → x ${x.shape}, y ${y?.shape} in ${((performance.now() - t1) / 1000).toFixed(1)} s`;
  }
  const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
  process.stdout.write(
    `${file} (${mib(statSync(file).size)} MiB): ${table.rows} rows × ${table.columns.length} columns (${dtype}) in ${((t1 - t0) / 1000).toFixed(1)} s${shape}; ` +
      `peak RSS ${mib(process.resourceUsage().maxRSS * 1024)} MiB\n`,
  );
}
