import { Option } from 'commander';
import { cellText, getColumn, type Column } from '../../data/index.js';
import { addBackendOptions, prepareBackend, type BackendOptions } from '../backend.js';
import { addCommonOptions, openOutput, type CommonOptions } from '../common.js';
import { csvLine, csvNumber } from '../csv-out.js';
import { usageError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { checkFinitePredictions, readModelFile } from '../model-file.js';
import { checkOutputs } from '../output-paths.js';
import { addApplyOptions, loadForModel, type ApplyOptions } from '../model-data.js';
import * as parse from '../parse.js';
import type { CliCommand } from './command.js';

interface PredictOptions extends ApplyOptions, BackendOptions, CommonOptions {
  proba?: boolean;
  out?: string;
  keep: string[];
}

export const predictCommand: CliCommand = {
  name: 'predict',
  register(program) {
    const cmd = program
      .command('predict')
      .description('predict every row of a CSV file: a CSV of class names or target values, in row order')
      .argument('<model>', 'model file saved by mlpkit train')
      .argument('[file]', 'CSV file with the columns the model needs (the target column may be absent)')
      .option('--proba', 'add one probability column per class (classification)')
      .option('-o, --out <file>', 'write the CSV there instead of to stdout')
      .addOption(new Option('--keep <columns>', 'copy these input columns (e.g. an id) in front of the predictions').argParser(parse.nameList).default([] as string[], 'none'));
    addApplyOptions(cmd);
    addBackendOptions(cmd);
    addCommonOptions(cmd);
    cmd.action(async (modelPath: string, file: string | undefined, o: PredictOptions) => {
      const out = openOutput(o);
      await checkOutputs([{ flag: '--out', path: o.out }], [modelPath, file]);
      const backend = await prepareBackend(o, out);
      const m = await readModelFile(modelPath, { backend });
      const pre = m.preprocessor;
      const { table, source, encoded } = await loadForModel(file, o, m, false);
      const kept: Column[] = o.keep.map((name) => getColumn(table, name, 'column to keep'));
      const classification = pre.task === 'classification';
      if (o.proba === true && !classification) throw usageError(`--proba is for classification; '${pre.targetName}' is a number (regression)`);
      let labels: string[];
      let values: Float64Array | null = null;
      let proba: number[][] | null = null;
      if (classification) {
        const p = m.model.predictProba(encoded.x);
        checkFinitePredictions(m, encoded.x, p, source);
        const classes = m.model.predictClasses(encoded.x);
        labels = pre.decodeClasses(classes);
        if (o.proba === true) proba = p.toArray();
      } else {
        const raw = m.model.predict(encoded.x);
        checkFinitePredictions(m, encoded.x, raw, source);
        values = pre.inverseTransformTarget(raw);
        labels = Array.from(values, (v) => csvNumber(v));
      }
      const header = [...o.keep, pre.targetName, ...(proba === null ? [] : pre.classes.map((c) => `proba_${c}`))];
      const lines = [csvLine(header)];
      for (let i = 0; i < table.rows; i++) {
        const row = kept.map((c) => cellText(c, i) ?? '');
        row.push(labels[i] as string);
        if (proba !== null) for (const v of proba[i] as number[]) row.push(String(Number(v.toFixed(6))));
        lines.push(csvLine(row));
      }
      const csv = `${lines.join('\n')}\n`;
      if (o.out !== undefined) {
        await writeFileAtomic(o.out, csv);
        out.info(`wrote ${table.rows} predictions to ${o.out}`);
      }
      if (out.json) {
        out.document({
          command: 'predict',
          model: modelPath,
          data: source,
          out: o.out ?? null,
          rows: table.rows,
          target: pre.targetName,
          task: pre.task,
          classes: [...pre.classes],
          predictions: values === null ? labels : Array.from(values),
          ...(proba === null ? {} : { probabilities: proba }),
        });
      } else if (o.out === undefined) {
        out.result(csv);
      }
    });
  },
};
