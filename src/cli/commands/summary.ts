import { Dense, Model, type Layer } from '../../index.js';
import { addCommonOptions, openOutput, type CommonOptions } from '../common.js';
import { usageError } from '../errors.js';
import { addLimitOption, checkNetwork, type LimitOptions } from '../limits.js';
import { readAnyModelFile } from '../model-file.js';
import * as parse from '../parse.js';
import type { LayerSpec } from '../parse.js';
import type { CliCommand } from './command.js';

interface SummaryOptions extends CommonOptions, LimitOptions {
  inputs?: number;
  layers?: LayerSpec[];
  activation: string;
}

export const summaryCommand: CliCommand = {
  name: 'summary',
  register(program) {
    const cmd = program
      .command('summary')
      .description('the architecture table of a saved model, or of one described by --inputs and --layers')
      .argument('[model]', 'model file saved by mlpkit train')
      .option('--inputs <n>', 'input width (without a model file)', parse.positiveInt)
      .option('--layers <list>', 'every layer including the output, e.g. 4:relu,2:softmax (without a model file)', parse.layers)
      .option('--activation <name>', 'activation of layers given without one', parse.activation, 'identity');
    addLimitOption(cmd);
    addCommonOptions(cmd);
    cmd.action(async (modelPath: string | undefined, o: SummaryOptions) => {
      const out = openOutput(o);
      let model: Model;
      let extra: Record<string, unknown> = {};
      const lines: string[] = [];
      if (modelPath !== undefined) {
        if (o.inputs !== undefined || o.layers !== undefined) throw usageError('give a MODEL file or --inputs and --layers, not both');
        // a model saved from the API has no preprocessing: its network is summarized all the same (as export takes it)
        const file = await readAnyModelFile(modelPath, { backend: 'reference' });
        model = file.model;
        const pre = file.preprocessor;
        extra = {
          task: pre?.task ?? null,
          target: pre?.targetName ?? null,
          classes: pre === null ? [] : [...pre.classes],
          features: pre?.inputColumns ?? null,
          loss: model.loss.name,
          optimizer: model.optimizer?.config() ?? null,
        };
        lines.push(`Model: ${modelPath}`);
        if (pre === null) {
          lines.push(`No preprocessing (saved from the API): the network takes ${model.inputs} encoded inputs`);
        } else {
          lines.push(`Predicts '${pre.targetName}' (${pre.task}${pre.task === 'classification' ? `: ${pre.classes.join(', ')}` : ''})`);
          lines.push(`From ${pre.inputColumns.length} columns: ${pre.inputColumns.slice(0, 12).join(', ')}${pre.inputColumns.length > 12 ? ', …' : ''}`);
        }
        const opt = model.optimizer?.config();
        lines.push(`Loss ${model.loss.name}; optimizer ${opt === undefined ? 'none saved' : `${opt.name}${'lr' in opt ? ` (lr ${String(opt.lr)})` : ''}`}`);
      } else {
        if (o.inputs === undefined || o.layers === undefined || o.layers.length === 0) {
          throw usageError('give a MODEL file, or --inputs N and --layers UNITS[:ACTIVATION],… (e.g. --inputs 3 --layers 4:relu,2:softmax)');
        }
        const plan = { inputs: o.inputs, units: o.layers.map((l) => l.units), bytesPerValue: 4, batchRows: 0, dataRows: 0, optimizerSlots: 0 };
        checkNetwork(plan, o, 'the network');
        const layers: Layer[] = o.layers.map((l) => new Dense({ units: l.units, activation: l.activation ?? (o.activation as 'identity') }));
        model = new Model({ inputs: o.inputs, layers, backend: 'reference' });
      }
      const s = model.summary();
      if (out.json) {
        out.document({ command: 'summary', model: modelPath ?? null, inputs: s.inputs, layers: s.rows, totalParams: s.totalParams, ...extra });
        return;
      }
      lines.push(s.text);
      out.result(lines.join('\n'));
    });
  },
};
