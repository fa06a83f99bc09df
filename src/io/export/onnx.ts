import { ConfigError } from '../../core/errors.js';
import type { Model } from '../../nn/model.js';
import type { PreprocessorState } from '../../data/preprocess-schema.js';
import { appendActivation } from './onnx-activations.js';
import { GraphBuilder } from './onnx-graph.js';
import { appendPreprocessing, columnContract, NUMERIC_INPUT, TEXT_INPUT, type ColumnContract } from './onnx-preprocess.js';
import { encodeModel, TensorType, type ValueInfoSpec } from './onnx-proto.js';
import { networkOf, type DenseStage, type Network } from './network.js';
import { checkPreprocessing, describeNetwork, resolveClassLabels } from './options.js';

export interface OnnxExportOptions {
  /**
   * The fitted preprocessing (`Preprocessor.toJSON()`, what `mlpkit train` stores as
   * `metadata.preprocessor`): the graph then takes raw columns and, for regression, gives the
   * target in its own units.
   */
  readonly preprocessing?: PreprocessorState;
  /** ONNX opset of the default domain: 13 … 21; default 13, or 19 when text columns need string Equal. */
  readonly opset?: number;
  /** Names of the network's input columns (without preprocessing; with it they come from it). */
  readonly featureNames?: readonly string[];
  /** Class names in output order (default: the preprocessing's classes); adds the `label` output. */
  readonly classLabels?: readonly string[];
}

/** Opsets this exporter writes and tests; the IR version that goes with each (onnx/docs/Versioning.md). */
export const ONNX_MIN_OPSET = 13;
export const ONNX_MAX_OPSET = 21;
function irVersionFor(opset: number): number {
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  return 10;
}
/** String Equal (the one-hot of text columns) entered the standard domain at opset 19. */
const STRING_EQUAL_OPSET = 19;

/** Graph output names. */
export const OUTPUT = 'output';
export const LABEL_OUTPUT = 'label';
/** The graph input without preprocessing. */
export const INPUT = 'input';
/** The symbolic batch dimension of every input and output. */
const BATCH = 'N';

/**
 * The model as an ONNX file (ModelProto bytes), standard-domain operators only, with a dynamic
 * batch dimension. Weights are float32 (an mlpkit float64 model is rounded to float32).
 *
 * Without preprocessing: input `input` (float, N × inputs) → output `output` (float, N × outputs).
 * With preprocessing: inputs `numeric` (float, N × numeric columns, NaN = missing) and `text`
 * (string, N × text columns, "" = missing), each only when such columns exist, in the order of
 * `featureNames` in the metadata → `output` (probabilities, or the regression target in its own
 * units). With class labels, also `label` (string, N): the argmax class, or p ≥ ½ for one sigmoid.
 * metadata_props hold feature names, columns of each input, class labels and the architecture.
 */
export function toOnnx(model: Model, options: OnnxExportOptions = {}): Uint8Array {
  const network = networkOf(model);
  const preprocessing = options.preprocessing === undefined ? null : checkPreprocessing(options.preprocessing, network);
  const contract = preprocessing === null ? null : columnContract(preprocessing);
  const opset = chooseOpset(options.opset, contract);
  const classLabels = resolveClassLabels(options.classLabels, preprocessing, network);
  if (preprocessing !== null && options.featureNames !== undefined) {
    throw new ConfigError('toOnnx: featureNames cannot be given with preprocessing; the column names come from it');
  }
  if (options.featureNames !== undefined && options.featureNames.length !== network.inputs) {
    throw new ConfigError(`toOnnx: featureNames has ${options.featureNames.length} names for ${network.inputs} inputs`);
  }

  const g = new GraphBuilder();
  const inputs = graphInputs(network, contract);
  for (const i of inputs) g.reserve(i.name);
  g.reserve(OUTPUT);
  if (classLabels !== null) g.reserve(LABEL_OUTPUT);

  let x = preprocessing === null ? INPUT : appendPreprocessing(g, preprocessing, contract as ColumnContract);
  const target = preprocessing?.target;
  const destandardize = target !== undefined && target.task === 'regression';
  network.stages.forEach((stage, i) => {
    const last = i === network.stages.length - 1;
    x = appendDense(g, stage, i + 1, x, last && !destandardize ? OUTPUT : undefined);
  });
  if (destandardize) {
    // y = y'·std + mean
    x = g.op('Add', [g.op('Mul', [x, g.scalar('target_std', target.std)]), g.scalar('target_mean', target.mean)], { output: OUTPUT });
  }
  const outputs: ValueInfoSpec[] = [{ name: OUTPUT, type: TensorType.FLOAT, shape: [BATCH, network.outputs] }];
  if (classLabels !== null) {
    appendLabel(g, OUTPUT, classLabels, network.outputs);
    outputs.push({ name: LABEL_OUTPUT, type: TensorType.STRING, shape: [BATCH] });
  }

  const featureNames = contract !== null ? [...contract.numeric, ...contract.text].map((f) => f.name) : options.featureNames;
  const metadata: [string, string][] = [['architecture', describeNetwork(network)]];
  if (featureNames !== undefined) metadata.push(['feature_names', JSON.stringify(featureNames)]);
  if (contract !== null && preprocessing !== null) {
    metadata.push(['numeric_columns', JSON.stringify(contract.numeric.map((f) => f.name))]);
    metadata.push(['text_columns', JSON.stringify(contract.text.map((f) => f.name))]);
    metadata.push(['target', preprocessing.target.name], ['task', preprocessing.target.task]);
  }
  if (classLabels !== null) metadata.push(['class_labels', JSON.stringify(classLabels)]);

  return encodeModel({
    irVersion: irVersionFor(opset),
    opset,
    producerName: 'mlpkit',
    producerVersion: '0.1.0',
    docString: 'A multi-layer perceptron exported by mlpkit',
    graph: { name: 'mlp', nodes: g.nodes, initializers: g.initializers, inputs, outputs },
    metadata,
  });
}

function chooseOpset(requested: number | undefined, contract: ColumnContract | null): number {
  const needsStrings = contract !== null && contract.text.length > 0;
  const opset = requested ?? (needsStrings ? STRING_EQUAL_OPSET : ONNX_MIN_OPSET);
  if (!Number.isInteger(opset) || opset < ONNX_MIN_OPSET || opset > ONNX_MAX_OPSET) {
    throw new ConfigError(`toOnnx: opset must be an integer from ${ONNX_MIN_OPSET} to ${ONNX_MAX_OPSET}, got ${String(opset)}`);
  }
  if (needsStrings && opset < STRING_EQUAL_OPSET) {
    const names = (contract as ColumnContract).text.map((f) => f.name).join(', ');
    throw new ConfigError(`toOnnx: the text columns (${names}) are one-hot encoded with string Equal, which needs opset ${STRING_EQUAL_OPSET} or later; got opset ${opset}`);
  }
  return opset;
}

function graphInputs(network: Network, contract: ColumnContract | null): ValueInfoSpec[] {
  if (contract === null) return [{ name: INPUT, type: TensorType.FLOAT, shape: [BATCH, network.inputs] }];
  const inputs: ValueInfoSpec[] = [];
  if (contract.numeric.length > 0) {
    inputs.push({ name: NUMERIC_INPUT, type: TensorType.FLOAT, shape: [BATCH, contract.numeric.length], docString: `numeric columns: ${contract.numeric.map((f) => f.name).join(', ')}` });
  }
  if (contract.text.length > 0) {
    inputs.push({ name: TEXT_INPUT, type: TensorType.STRING, shape: [BATCH, contract.text.length], docString: `text columns: ${contract.text.map((f) => f.name).join(', ')}` });
  }
  return inputs;
}

/** z = x·W + b as Gemm (MatMul without bias), then a = φ(z). */
function appendDense(g: GraphBuilder, stage: DenseStage, index: number, x: string, output: string | undefined): string {
  const W = g.floats(`dense_${index}.W`, [stage.inputs, stage.units], stage.W);
  const identity = stage.activation === 'identity';
  const zOut = identity && output !== undefined ? { output } : { base: `dense_${index}.z` };
  const z = stage.b === null ? g.op('MatMul', [x, W], zOut) : g.op('Gemm', [x, W, g.floats(`dense_${index}.b`, [stage.units], stage.b)], zOut);
  return identity ? z : appendActivation(g, stage.activation, stage.alpha, z, output);
}

/** label = classes[argmax(p)] per row, or classes[p ≥ ½] for a single sigmoid output. */
function appendLabel(g: GraphBuilder, probabilities: string, classes: readonly string[], outputs: number): void {
  let index: string;
  if (outputs === 1) {
    const positive = g.op('GreaterOrEqual', [probabilities, g.scalar('threshold', 0.5)]);
    const asInt = g.op('Cast', [positive], { attributes: [{ name: 'to', kind: 'int', value: TensorType.INT64 }] });
    index = g.op('Reshape', [asInt, g.int64s('flat', [1], [-1])], { base: 'class_index' });
  } else {
    index = g.op('ArgMax', [probabilities], {
      attributes: [
        { name: 'axis', kind: 'int', value: 1 },
        { name: 'keepdims', kind: 'int', value: 0 },
      ],
      base: 'class_index',
    });
  }
  g.op('Gather', [g.strings('classes', [classes.length], classes), index], { attributes: [{ name: 'axis', kind: 'int', value: 0 }], output: LABEL_OUTPUT });
}
