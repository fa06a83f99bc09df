import { Preprocessor, Rng, selectRows, trainTestSplit, type Matrix } from '../../src/index.js';
import { loadDataset } from '../../src/data/node/index.js';

export interface Prepared {
  xTrain: Matrix;
  yTrain: Matrix;
  xTest: Matrix;
  yTest: Matrix;
  classes: number;
}

/**
 * A bundled data set split 75/25 (stratified for classification, seeded), with the preprocessing
 * (standardization, label encoding) fitted on the training part only.
 */
export async function prepare(name: string, seed = 0, dtype: 'float32' | 'float64' = 'float32'): Promise<Prepared> {
  const data = await loadDataset(name);
  const labels = data.task === 'classification' ? Preprocessor.fit(data.table, { target: data.target }).transform(data.table).y : undefined;
  const split = trainTestSplit(labels === undefined ? data.table.rows : labels.data, { testFraction: 0.25, rng: new Rng(seed) });
  const train = selectRows(data.table, split.train);
  const test = selectRows(data.table, split.test);
  const pre = Preprocessor.fit(train, { target: data.target });
  const a = pre.transform(train, { dtype, requireTarget: true });
  const b = pre.transform(test, { dtype, requireTarget: true });
  return { xTrain: a.x, yTrain: a.y as Matrix, xTest: b.x, yTest: b.y as Matrix, classes: pre.classes.length };
}

/** Largest |a − b| over two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}
