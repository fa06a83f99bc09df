import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { InvalidArgumentError, Option } from 'commander';
import { ModelFormatError, MlpkitError, serializeModel, type ActivationName, type Model } from '../../index.js';
import { Preprocessor, type PreprocessorState } from '../../data/index.js';
import {
  decodeSafetensors,
  fromSafetensors,
  toOnnx,
  toSafetensors,
  toStandaloneModule,
  type ArchitectureLayer,
  type SequentialArchitecture,
} from '../../io/export/index.js';
import { addCommonOptions, openOutput, type CommonOptions } from '../common.js';
import { CliError, EXIT, usageError } from '../errors.js';
import { describeIoError, writeFileAtomic } from '../files.js';
import { checkOutputs } from '../output-paths.js';
import { readAnyModelFile } from '../model-file.js';
import * as parse from '../parse.js';
import type { CliCommand } from './command.js';

/**
 * `mlpkit export MODEL --format onnx|js|safetensors --out FILE` and
 * `mlpkit import WEIGHTS.safetensors [--inputs N --layers …] --out model.json` (docs/export.md).
 */

type Format = 'onnx' | 'js' | 'safetensors';
const FORMATS: readonly Format[] = ['onnx', 'js', 'safetensors'];
const EXTENSIONS: Record<string, Format> = { '.onnx': 'onnx', '.js': 'js', '.mjs': 'js', '.safetensors': 'safetensors' };
/** `__metadata__` key of a safetensors file under which the CLI keeps the preprocessing (JSON). */
const PREPROCESSOR_KEY = 'preprocessor';

interface ExportOptions extends CommonOptions {
  format?: Format;
  out: string;
  opset?: number;
  raw?: boolean;
}

interface ImportOptions extends CommonOptions {
  out: string;
  inputs?: number;
  layers?: ArchitectureLayer[];
  activation: ActivationName;
  prefix: string;
}

export const exportCommand: CliCommand = {
  name: 'export',
  register(program) {
    const cmd = program
      .command('export')
      .description('write a saved model as ONNX, a standalone JavaScript module, or safetensors weights for PyTorch')
      .argument('<model>', 'model file saved by mlpkit train (or by serializeModel)')
      .requiredOption('-o, --out <file>', 'the file to write (.onnx, .mjs/.js or .safetensors)')
      .addOption(new Option('--format <format>', 'output format (default: from the --out extension)').choices([...FORMATS]))
      .option('--opset <n>', 'ONNX opset, 13 … 21 (default 13, or 19 with text columns)', parse.positiveInt)
      .option('--raw', 'leave the preprocessing out: the export takes the encoded inputs of the network');
    addCommonOptions(cmd);
    cmd.action(async (modelPath: string, o: ExportOptions) => {
      const out = openOutput(o);
      const format = o.format ?? formatOf(o.out);
      if (o.opset !== undefined && format !== 'onnx') throw usageError(`--opset is for --format onnx, not ${format}`);
      await checkOutputs([{ flag: '--out', path: o.out }], [modelPath]);
      const { model, preprocessing } = await readAnyModel(modelPath);
      const pre = o.raw === true ? undefined : preprocessing;
      // --raw still names the classes (the label output, predictLabel) when the model file knows them
      const labels = o.raw === true && preprocessing?.target.task === 'classification' ? { classLabels: preprocessing.target.classes } : {};
      const options = pre === undefined ? labels : { preprocessing: pre };
      if (preprocessing === undefined && !out.quiet) out.info(`note: ${modelPath} has no preprocessing; the export takes the network's ${model.inputs} encoded inputs`);
      let bytes: Uint8Array;
      let summary: string;
      try {
        if (format === 'onnx') {
          bytes = toOnnx(model, { ...options, ...(o.opset === undefined ? {} : { opset: o.opset }) });
          summary = onnxSummary(model, pre, pre?.target.task === 'classification' || 'classLabels' in options);
        } else if (format === 'js') {
          bytes = new TextEncoder().encode(toStandaloneModule(model, options));
          summary = pre === undefined ? `predict(row) takes an array of ${model.inputs} numbers` : `predict(row) takes an object with the columns ${pre.features.map((f) => f.name).join(', ')}`;
        } else {
          // the weights, plus the preprocessing as metadata so that `mlpkit import` restores it
          bytes = toSafetensors(model, preprocessing === undefined ? {} : { metadata: { [PREPROCESSOR_KEY]: JSON.stringify(preprocessing) } });
          const names = [...decodeSafetensors(bytes).tensors.keys()];
          summary = `${names.length} tensors (${names.join(', ')}), ${model.dtype === 'float64' ? 'F64' : 'F32'}; the preprocessing is not applied by PyTorch`;
        }
      } catch (e) {
        throw new CliError(`${modelPath}: cannot export as ${format}: ${(e as Error).message}`, e instanceof MlpkitError ? EXIT.usage : EXIT.internal);
      }
      await writeFileAtomic(o.out, bytes);
      if (out.json) {
        out.document({ command: 'export', model: modelPath, format, out: o.out, bytes: bytes.length, preprocessing: pre !== undefined });
        return;
      }
      out.result(`wrote ${o.out} (${format}, ${formatSize(bytes.length)}): ${summary}`);
    });
  },
};

export const importCommand: CliCommand = {
  name: 'import',
  register(program) {
    const cmd = program
      .command('import')
      .description('build a model file from safetensors weights laid out as torch.nn.Sequential (Linear and activation modules)')
      .argument('<weights>', 'safetensors file: 0.weight, 0.bias, 2.weight, … (torch Linear weights, out × in)')
      .option('-o, --out <file>', 'where to save the model', 'model.json')
      .option('--inputs <n>', 'input width (default: from the file\'s metadata)', parse.positiveInt)
      .option('--layers <list>', 'every layer including the output, e.g. 16:relu,dropout:0.2,3:softmax (default: from the file\'s metadata)', importLayers)
      .option('--activation <name>', 'activation of --layers entries given without one', parse.activation, 'identity' as ActivationName)
      .option('--prefix <text>', 'prefix of every tensor name, e.g. "net." for net.0.weight', '');
    addCommonOptions(cmd);
    cmd.action(async (weightsPath: string, o: ImportOptions) => {
      const out = openOutput(o);
      if ((o.inputs === undefined) !== (o.layers === undefined)) throw usageError('give --inputs and --layers together (or neither, to read the architecture from the file)');
      await checkOutputs([{ flag: '--out', path: o.out }], [weightsPath]);
      const bytes = await readBytes(weightsPath, EXIT.model);
      let architecture: SequentialArchitecture | undefined;
      if (o.inputs !== undefined && o.layers !== undefined) {
        architecture = { inputs: o.inputs, layers: o.layers.map((l) => (l.type === 'dropout' || l.activation !== undefined ? l : { ...l, activation: o.activation })) };
      }
      let model: Model;
      let metadata: Readonly<Record<string, string>>;
      try {
        metadata = decodeSafetensors(bytes).metadata;
        model = fromSafetensors(bytes, architecture, { prefix: o.prefix, backend: 'reference' });
      } catch (e) {
        if (e instanceof MlpkitError) throw new CliError(`${weightsPath}: ${e.message}`, e instanceof ModelFormatError ? EXIT.model : EXIT.usage);
        throw e;
      }
      const preprocessor = preprocessorFrom(metadata, model, weightsPath);
      if (preprocessor === null && !out.quiet) {
        out.info(`note: ${weightsPath} carries no preprocessing; the model takes ${model.inputs} encoded inputs (use it from the API, not with commands that read CSV files)`);
      }
      const text = serializeModel(model, preprocessor === null ? {} : { metadata: { preprocessor } });
      await writeFileAtomic(o.out, text);
      if (out.json) {
        out.document({ command: 'import', weights: weightsPath, out: o.out, inputs: model.inputs, outputs: model.outputs, parameters: model.countParams(), preprocessing: preprocessor !== null });
        return;
      }
      out.result(`wrote ${o.out}: ${model.inputs} inputs → ${model.outputs} outputs, ${model.countParams()} parameters${preprocessor === null ? '' : ', with its preprocessing'}`);
      out.extra(model.summary().text);
    });
  },
};

/** `--layers` of import: UNITS[:ACTIVATION] or dropout[:RATE] entries, comma-separated. */
function importLayers(text: string): ArchitectureLayer[] {
  return text.split(',').map((part): ArchitectureLayer => {
    const entry = part.trim();
    if (entry === 'dropout' || entry.startsWith('dropout:')) {
      const rate = entry === 'dropout' ? 0.5 : parse.fraction(entry.slice('dropout:'.length));
      return { type: 'dropout', rate };
    }
    const [layer] = parse.layers(entry);
    if (layer === undefined) throw new InvalidArgumentError(`empty layer in '${text}'`);
    return layer.activation === undefined ? { units: layer.units } : { units: layer.units, activation: layer.activation };
  });
}

function formatOf(path: string): Format {
  const format = EXTENSIONS[extname(path).toLowerCase()];
  if (format === undefined) throw usageError(`cannot tell the format from '${basename(path)}'; pass --format onnx, js or safetensors (or name the file .onnx, .mjs or .safetensors)`);
  return format;
}

/** A model file and its preprocessing, which is optional here (models saved from the API have none). */
async function readAnyModel(path: string): Promise<{ model: Model; preprocessing: PreprocessorState | undefined }> {
  const file = await readAnyModelFile(path, { backend: 'reference' });
  return { model: file.model, preprocessing: file.preprocessor?.toJSON() };
}

/** The preprocessing an mlpkit export left in the safetensors metadata, checked against the model. */
function preprocessorFrom(metadata: Readonly<Record<string, string>>, model: Model, path: string): PreprocessorState | null {
  const text = metadata[PREPROCESSOR_KEY];
  if (text === undefined) return null;
  let pre: Preprocessor;
  try {
    pre = Preprocessor.fromJSON(JSON.parse(text));
  } catch (e) {
    throw new CliError(`${path}: __metadata__.${PREPROCESSOR_KEY}: ${(e as Error).message}`, EXIT.model);
  }
  if (pre.outputWidth !== model.inputs) {
    throw new CliError(`${path}: the preprocessing in the metadata produces ${pre.outputWidth} inputs but the network takes ${model.inputs}`, EXIT.model);
  }
  return pre.toJSON();
}

function onnxSummary(model: Model, pre: PreprocessorState | undefined, label: boolean): string {
  const outputs = `output (N × ${model.outputs})${label ? ', label (N)' : ''}`;
  if (pre === undefined) return `input (N × ${model.inputs}) → ${outputs}`;
  const numeric = pre.features.filter((f) => f.kind === 'numeric').map((f) => f.name);
  const text = pre.features.filter((f) => f.kind === 'categorical').map((f) => f.name);
  const inputs = [
    ...(numeric.length > 0 ? [`numeric (N × ${numeric.length}: ${numeric.join(', ')})`] : []),
    ...(text.length > 0 ? [`text (N × ${text.length}: ${text.join(', ')})`] : []),
  ];
  return `${inputs.join(', ')} → ${outputs}`;
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function readBytes(path: string, code: (typeof EXIT)['model' | 'data']): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw new CliError(`${path}: cannot read the file: ${describeIoError(e)}`, code);
  }
}
