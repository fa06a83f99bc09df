/**
 * Writes the bundled sets' fixed 75/25 splits (bench/quality/tables.ts) as NAME-train.csv /
 * NAME-test.csv into a folder, for scikit-learn's refs.py:
 *   node --import tsx bench/quality/write-bundled.ts /tmp/bundled && /usr/bin/python3 ../shared/data/tabular/refs.py /tmp/bundled
 * (its output is bench/quality/bundled-refs.txt).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableToCsv } from './csv.js';
import { BUNDLED, loadBenchTable } from './tables.js';

const dir = process.argv[2] ?? 'bundled';
mkdirSync(dir, { recursive: true });
for (const name of BUNDLED) {
  const b = await loadBenchTable(name);
  // the bundled files already have the target last; a numeric class label (digits) is written as
  // text ("c7"), since refs.py treats a numeric target as regression
  const label = (csv: string): string => csv.replace(/,(\d+)$/gm, ',c$1');
  const numeric = b.train.columns.find((c) => c.name === b.target)?.kind === 'numeric';
  writeFileSync(join(dir, `${name}-train.csv`), numeric ? label(tableToCsv(b.train)) : tableToCsv(b.train));
  writeFileSync(join(dir, `${name}-test.csv`), numeric ? label(tableToCsv(b.test)) : tableToCsv(b.test));
}
