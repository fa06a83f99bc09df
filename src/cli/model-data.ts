import { Option, type Command } from 'commander';
import type { Encoded, Table } from '../data/index.js';
import { addDataInputOptions, loadTable, type DataOptions } from './data-source.js';
import type { ModelFile } from './model-file.js';
import * as parse from './parse.js';

/** Options of the commands that apply a saved model to rows: evaluate, predict, explain. */
export interface ApplyOptions extends DataOptions {
  unknown: 'error' | 'ignore';
}

/** Adds --dataset, --n, --noise, --seed (data only) and --unknown. */
export function addApplyOptions(cmd: Command): Command {
  return addDataInputOptions(cmd)
    .option('--dataset <name>', 'use a bundled or synthetic data set instead of FILE')
    .option('--n <points>', 'points of a synthetic data set', parse.positiveInt)
    .option('--noise <level>', 'noise of a synthetic data set, 0 … 1', parse.nonNegativeNumber)
    .option('--seed <n>', 'seed of a synthetic data set', parse.seed)
    .addOption(new Option('--unknown <policy>', 'a category the model has not seen: error, or ignore (encoded as all zeros)').choices(['error', 'ignore']).default('error'));
}

/** Reads FILE (or --dataset) and encodes it with the model's own preprocessing. */
export async function loadForModel(
  file: string | undefined,
  o: ApplyOptions,
  model: ModelFile,
  requireTarget: boolean,
): Promise<{ table: Table; source: string; encoded: Encoded }> {
  const data = await loadTable(file, {
    ...(o.dataset === undefined ? {} : { dataset: o.dataset }),
    ...(o.n === undefined ? {} : { n: o.n }),
    ...(o.noise === undefined ? {} : { noise: o.noise }),
    ...(o.seed === undefined ? {} : { seed: o.seed }),
    ...(o.delimiter === undefined ? {} : { delimiter: o.delimiter }),
    ...(o.maxMemory === undefined ? {} : { maxMemory: o.maxMemory }),
  });
  // encoded in the model's own dtype: a float64 model (explain) sees the float64 values, not float32 roundings
  const encoded = model.preprocessor.transform(data.table, { requireTarget, unknown: o.unknown, dtype: model.model.dtype });
  return { table: data.table, source: data.source, encoded };
}
