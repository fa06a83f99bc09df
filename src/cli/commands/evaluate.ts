import type { Matrix } from '../../index.js';
import { addBackendOptions, prepareBackend, type BackendOptions } from '../backend.js';
import { addCommonOptions, openOutput, type CommonOptions } from '../common.js';
import { checkFinitePredictions, readModelFile } from '../model-file.js';
import { addApplyOptions, loadForModel, type ApplyOptions } from '../model-data.js';
import { baselineJson, baselinesFromRecord, baselineText, scoreBaselines } from '../baselines.js';
import { score, scoresText } from '../scores.js';
import type { CliCommand } from './command.js';

type EvaluateOptions = ApplyOptions & BackendOptions & CommonOptions;

export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  register(program) {
    const cmd = program
      .command('evaluate')
      .description('score a saved model on labelled rows: accuracy, macro precision/recall/F1 and the confusion matrix, or MSE, MAE and R²')
      .argument('<model>', 'model file saved by mlpkit train')
      .argument('[file]', 'CSV file with the target column');
    addApplyOptions(cmd);
    addBackendOptions(cmd);
    addCommonOptions(cmd);
    cmd.action(async (modelPath: string, file: string | undefined, o: EvaluateOptions) => {
      const out = openOutput(o);
      const backend = await prepareBackend(o, out);
      const m = await readModelFile(modelPath, { backend });
      const { source, encoded } = await loadForModel(file, o, m, true);
      checkFinitePredictions(m, encoded.x, m.model.predict(encoded.x), source);
      const s = score(m.model, m.preprocessor, encoded.x, encoded.y as Matrix);
      // the baselines saved by train, scored on the same rows (absent from older model files)
      const b = baselinesFromRecord(m.metadata['baseline'], backend);
      const bs = b === null ? null : scoreBaselines(b, m.preprocessor, encoded.x, encoded.y as Matrix);
      if (out.json) {
        out.document({ command: 'evaluate', model: modelPath, data: source, target: m.preprocessor.targetName, ...s, baselines: bs === null ? null : baselineJson(s, bs) });
        return;
      }
      const text = bs === null ? null : baselineText(s, bs);
      out.result(`${modelPath} on ${source} (target '${m.preprocessor.targetName}')\n${scoresText(s)}${text === null ? '' : `\n${text.line}`}`);
      if (text?.warning != null) out.warn(text.warning);
    });
  },
};
