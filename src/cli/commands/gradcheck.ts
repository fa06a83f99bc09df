import { Option, type Command } from 'commander';
import { gradCheck, Rng } from '../../index.js';
import { columnNames, getColumn, IMPUTE_STRATEGIES, inferTask, Preprocessor, selectRows, type ImputeStrategy, type Task } from '../../data/index.js';
import { addCommonOptions, openOutput, type CommonOptions } from '../common.js';
import { checkMistypedColumns, loadTable, type DataOptions } from '../data-source.js';
import { CliError, EXIT } from '../errors.js';
import { num, table } from '../format.js';
import { checkNetwork } from '../limits.js';
import { addModelOptions, buildModel, type ModelOptionValues } from '../model-options.js';
import * as parse from '../parse.js';
import type { CliCommand } from './command.js';

interface GradcheckOptions extends ModelOptionValues, Omit<DataOptions, 'seed'>, CommonOptions {
  target?: string;
  task: Task | 'auto';
  drop: string[];
  impute: ImputeStrategy;
  rows: number;
  epsilon: number;
  tolerance: number;
  maxPerTensor?: number;
}

export const gradcheckCommand: CliCommand = {
  name: 'gradcheck',
  register(program) {
    const cmd = program
      .command('gradcheck')
      .description('check backpropagation against central finite differences on a float64 copy of the network; worst relative error per layer')
      .argument('[file]', 'CSV file (default: --dataset iris)')
      .option('-t, --target <column>', 'column to predict')
      .option('--dataset <name>', 'bundled or synthetic data set (default iris)')
      .option('--n <points>', 'points of a synthetic data set', parse.positiveInt)
      .option('--noise <level>', 'noise of a synthetic data set', parse.nonNegativeNumber)
      .addOption(new Option('--task <task>', 'classification or regression').choices(['auto', 'classification', 'regression']).default('auto'))
      .addOption(new Option('--drop <columns>', 'columns to ignore').argParser(parse.nameList).default([] as string[], 'none'))
      .addOption(new Option('--impute <strategy>', 'fill missing values').choices(IMPUTE_STRATEGIES.filter((s) => s !== 'none')).default('none'));
    addModelOptions(cmd);
    cmd
      .option('--rows <n>', 'rows in the batch checked', parse.positiveInt, 8)
      .option('--epsilon <h>', 'finite-difference step', parse.positiveNumber, 1e-6)
      .option('--tolerance <r>', 'largest relative error that passes', parse.positiveNumber, 1e-4)
      .option('--max-per-tensor <n>', 'check at most this many entries per tensor (random, seeded)', parse.positiveInt);
    addCommonOptions(cmd);
    cmd.action(async (file: string | undefined, o: GradcheckOptions, _cmd: Command) => {
      const out = openOutput(o);
      const data = await loadTable(file, { ...pick(o), seed: o.seed }, 'iris');
      const target = o.target ?? data.defaultTarget ?? columnNames(data.table).at(-1)!;
      getColumn(data.table, target, 'target column');
      checkMistypedColumns(data.table, columnNames(data.table).filter((c) => !o.drop.includes(c)));
      const task = inferTask(data.table, target, { forced: o.task });
      const pre = Preprocessor.fit(data.table, { target, drop: o.drop, task, ...(o.impute === 'none' ? {} : { impute: o.impute }) });
      const rows = new Rng(o.seed).permutation(data.table.rows).subarray(0, Math.min(o.rows, data.table.rows));
      const enc = pre.transform(selectRows(data.table, rows), { requireTarget: true, dtype: 'float64' });
      const units = [...o.layers.map((l) => l.units), task === 'classification' ? pre.classes.length : 1];
      checkNetwork({ inputs: pre.outputWidth, units, bytesPerValue: 8, batchRows: rows.length, dataRows: rows.length, optimizerSlots: 0 }, {}, 'the network');
      const model = buildModel(pre.outputWidth, { task, classes: pre.classes.length }, o, { backend: 'reference', dtype: 'float64' });
      const result = gradCheck(model, enc.x, enc.y!, {
        epsilon: o.epsilon,
        ...(o.maxPerTensor === undefined ? {} : { maxPerTensor: o.maxPerTensor, seed: o.seed }),
      });
      const layers = new Map<string, { layer: string; checked: number; maxRelativeError: number; maxAbsoluteError: number }>();
      for (const t of result.tensors) {
        const layer = t.name.includes('/') ? t.name.slice(0, t.name.indexOf('/')) : t.name;
        const entry = layers.get(layer) ?? { layer, checked: 0, maxRelativeError: 0, maxAbsoluteError: 0 };
        entry.checked += t.checked;
        entry.maxRelativeError = Math.max(entry.maxRelativeError, t.maxRelativeError);
        entry.maxAbsoluteError = Math.max(entry.maxAbsoluteError, t.maxAbsoluteError);
        layers.set(layer, entry);
      }
      const passed = result.maxRelativeError <= o.tolerance;
      if (out.json) {
        out.document({
          command: 'gradcheck',
          data: data.source,
          rows: enc.x.rows,
          architecture: model.summary().rows,
          loss: model.loss.name,
          epsilon: o.epsilon,
          tolerance: o.tolerance,
          maxRelativeError: result.maxRelativeError,
          passed,
          layers: [...layers.values()],
          tensors: result.tensors,
        });
      } else {
        out.result(
          [
            `gradient check: ${data.source}, ${enc.x.rows} rows, ${model.summary().rows.map((r) => `${r.units}${r.type === 'dense' ? ':' + r.activation : ' dropout'}`).join(' → ')}, ${model.loss.name}, float64, ε = ${o.epsilon}`,
            '',
            table(
              [['layer', 'entries', 'worst relative error', 'worst absolute error'], ...[...layers.values()].map((l) => [l.layer, String(l.checked), num(l.maxRelativeError, 3), num(l.maxAbsoluteError, 3)])],
              [1, 2, 3],
            ),
            '',
            `worst relative error ${num(result.maxRelativeError, 3)} ${passed ? '≤' : '>'} tolerance ${o.tolerance}: ${passed ? 'PASS' : 'FAIL'}`,
          ].join('\n'),
        );
      }
      if (!passed) throw new CliError(`gradient check failed: worst relative error ${num(result.maxRelativeError, 3)} exceeds ${o.tolerance}`, EXIT.gradcheck);
    });
  },
};

function pick(o: GradcheckOptions): DataOptions {
  return {
    ...(o.dataset === undefined ? {} : { dataset: o.dataset }),
    ...(o.n === undefined ? {} : { n: o.n }),
    ...(o.noise === undefined ? {} : { noise: o.noise }),
  };
}
