#!/usr/bin/env node
/**
 * Writes a learnable synthetic CSV for the streaming benchmark (never committed: generated at run time).
 *   node bench/scale/generate.mjs FILE ROWS [COLS=20] [SEED=1]
 * COLS−1 numeric columns f0 … f(COLS−2), 6 decimals, ~N(0, 10²); a 0/1 `label` column:
 *   label = [ Σⱼ wⱼ·fⱼ/10 + sin(f0/5)·f1/10 + ε > 0 ],  wⱼ = (−1)ʲ / √(j+1),  ε ~ N(0, 0.5²)
 * so a linear model gets most rows right and a hidden layer does better (the sin term).
 */
import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';

const [file, rowsText, colsText, seedText] = process.argv.slice(2);
if (file === undefined || rowsText === undefined) {
  console.error('usage: node bench/scale/generate.mjs FILE ROWS [COLS=20] [SEED=1]');
  process.exit(2);
}
const rows = Number(rowsText);
const cols = Number(colsText ?? 20);
let state = Number(seedText ?? 1) >>> 0 || 1;
/** xorshift32 in [0, 1) */
const uniform = () => {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state / 4294967296;
};
/** Box–Muller */
const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
const w = Array.from({ length: cols - 1 }, (_, j) => (j % 2 === 0 ? 1 : -1) / Math.sqrt(j + 1));

const out = createWriteStream(file, { highWaterMark: 1 << 20 });
out.write(`${[...Array.from({ length: cols - 1 }, (_, j) => `f${j}`), 'label'].join(',')}\n`);
const f = new Float64Array(cols - 1);
let chunk = '';
for (let i = 0; i < rows; i++) {
  let z = 0;
  for (let j = 0; j < cols - 1; j++) {
    f[j] = Math.round(normal() * 10 * 1e6) / 1e6;
    z += (w[j] * f[j]) / 10;
  }
  z += (Math.sin(f[0] / 5) * f[1]) / 10 + 0.5 * normal();
  chunk += `${Array.from(f, (v) => v.toFixed(6)).join(',')},${z > 0 ? 1 : 0}\n`;
  if (chunk.length > 1 << 16) {
    if (!out.write(chunk)) await once(out, 'drain');
    chunk = '';
  }
}
out.write(chunk);
out.end();
await once(out, 'finish');
console.log(`wrote ${file}: ${rows} rows × ${cols} columns, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`);
