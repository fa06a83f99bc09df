import { z } from 'zod';
import { ModelFormatError } from '../core/errors.js';
import { Matrix } from '../core/matrix.js';
import { loadModel, modelToJSON, type ModelDocument } from '../io/model-format.js';
import { LabelBinarizer, uniqueSorted, type Label, type TargetType } from './labels.js';
import { Network } from './network.js';
import { defaultParams, resolveParams, type MLPOptions, type MLPParams } from './params.js';
import type { OutActivation } from './sklearn-losses.js';
import type { FitState } from './state.js';

/**
 * A fitted estimator saved through the model format (docs/model-format.md): its network is an
 * ordinary model document, so any reader of mlpkit model files can run it, and what makes it an
 * estimator — its kind, parameters, classes and fitted attributes — sits under
 * `metadata.estimator`:
 *
 *   { format: 'mlpkit-estimator', version: 1, type: 'MLPClassifier' | 'MLPRegressor',
 *     params: { …MLPParams },          randomState an Rng → null; nIterNoChange Infinity → null
 *     outActivation, labels: { type, classes } | null,
 *     fitted: { nFeatures, nIter, t, loss, bestLoss, lossCurve, validationScores, … } }
 *
 * Not saved: the stochastic solver's moments (a `partialFit` after loading starts them afresh, as a
 * first `partialFit` does) and early stopping's best-weights snapshot (the weights in use are saved).
 */
export const ESTIMATOR_FORMAT = 'mlpkit-estimator';
export const ESTIMATOR_FORMAT_VERSION = 1;

export type EstimatorType = 'MLPClassifier' | 'MLPRegressor';

/** A classifier's labels: the binarizer's type and its classes. */
export interface SavedLabels {
  type: TargetType;
  classes: Label[];
}

/** What `fromJSON` rebuilds. */
export interface RestoredEstimator {
  params: MLPParams;
  state: FitState;
  labels: SavedLabels | null;
}

/** The fitted estimator as a model document, the estimator under `metadata.estimator`. */
export function estimatorToJSON(type: EstimatorType, params: MLPParams, state: FitState, labels: SavedLabels | null): ModelDocument {
  const finiteOrNull = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : v);
  const estimator = {
    format: ESTIMATOR_FORMAT,
    version: ESTIMATOR_FORMAT_VERSION,
    type,
    params: {
      ...params,
      hiddenLayerSizes: [...params.hiddenLayerSizes],
      randomState: typeof params.randomState === 'number' ? params.randomState : null,
      nIterNoChange: finiteOrNull(params.nIterNoChange),
    },
    outActivation: state.network.outActivation,
    labels: labels === null ? null : { type: labels.type, classes: [...labels.classes] },
    fitted: {
      nFeatures: state.nFeatures,
      nIter: state.nIter,
      t: state.t,
      loss: finiteOrNull(state.loss),
      bestLoss: finiteOrNull(state.bestLoss),
      lossCurve: [...state.lossCurve],
      validationScores: state.validationScores === null ? null : [...state.validationScores],
      validationLossCurve: state.validationLossCurve === null ? null : [...state.validationLossCurve],
      bestValidationScore: state.bestValidationScore,
      noImprovementCount: state.noImprovementCount,
    },
  };
  return modelToJSON(state.network.model, { optimizer: false, metadata: { estimator } });
}

/**
 * The estimator's part of the document, checked. Built on first use, like the model format's
 * schema, so that zod runs only where a document is validated.
 */
function buildEstimatorSchema() {
  const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
  const count = z.number().int().min(0);
  const label = z.union([z.string(), finite]);
  return z.strictObject({
    format: z.literal(ESTIMATOR_FORMAT),
    version: z.literal(ESTIMATOR_FORMAT_VERSION),
    type: z.enum(['MLPClassifier', 'MLPRegressor']),
    // every value is checked again by the estimator's own parameter validation
    params: z.record(z.string(), z.unknown()),
    outActivation: z.enum(['identity', 'logistic', 'softmax']),
    labels: z.strictObject({ type: z.enum(['binary', 'multiclass', 'multilabel']), classes: z.array(label).min(1) }).nullable(),
    fitted: z.strictObject({
      nFeatures: z.number().int().min(1),
      nIter: count,
      t: count,
      loss: finite.nullable(),
      bestLoss: finite.nullable(),
      lossCurve: z.array(finite),
      validationScores: z.array(finite).nullable(),
      validationLossCurve: z.array(finite).nullable(),
      bestValidationScore: finite.nullable(),
      noImprovementCount: count,
    }),
  });
}

let estimatorSchema: ReturnType<typeof buildEstimatorSchema> | null = null;

/**
 * Rebuilds an estimator of `type` from a document made by `estimatorToJSON` (text or parsed JSON).
 * The whole model document is validated first (loadModel); then the estimator's part, and that the
 * network is the one its parameters and classes describe. Throws ModelFormatError naming the problem.
 */
export function estimatorFromJSON(type: EstimatorType, source: unknown): RestoredEstimator {
  const { model, metadata } = loadModel(source);
  try {
    const where = 'metadata.estimator';
    if (metadata['estimator'] === undefined) throw new ModelFormatError(`not a saved estimator: the model file has no ${where}`);
    const parsed = (estimatorSchema ??= buildEstimatorSchema()).safeParse(metadata['estimator']);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue === undefined ? '' : issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
      throw new ModelFormatError(`invalid model file at ${where}${path}: ${issue?.message ?? 'invalid'}`);
    }
    const saved = parsed.data;
    if (saved.type !== type) throw new ModelFormatError(`${where}.type: the file holds an ${saved.type}, not an ${type}`);
    const rawParams = saved.params as Record<string, unknown>;
    let params: MLPParams;
    try {
      // unknown keys and every value are checked by the estimator's own validation
      const options = { ...rawParams, nIterNoChange: rawParams['nIterNoChange'] === null ? Infinity : rawParams['nIterNoChange'] } as MLPOptions;
      params = resolveParams(type, defaultParams(), options);
    } catch (e) {
      throw new ModelFormatError(`${where}.params: ${(e as Error).message}`);
    }
    const labels = saved.labels === null ? null : { type: saved.labels.type, classes: saved.labels.classes };
    const outputs = model.outputs;
    if ((type === 'MLPClassifier') !== (labels !== null)) throw new ModelFormatError(`${where}.labels: ${type === 'MLPClassifier' ? 'a classifier needs its labels' : 'a regressor has no labels'}`);
    if (labels !== null) checkLabels(`${where}.labels`, labels, outputs, saved.outActivation);
    else if (saved.outActivation !== 'identity') throw new ModelFormatError(`${where}.outActivation: a regressor's output is 'identity', got '${saved.outActivation}'`);
    if (saved.fitted.nFeatures !== model.inputs) throw new ModelFormatError(`${where}.fitted.nFeatures: ${saved.fitted.nFeatures}, but the network has ${model.inputs} inputs`);
    if (params.dtype !== model.dtype) throw new ModelFormatError(`${where}.params.dtype: '${params.dtype}', but the network is ${model.dtype}`);
    // the network the estimator builds for these parameters must be the one in the file, layer for layer
    const network = new Network([model.inputs, ...params.hiddenLayerSizes, outputs], params.activation, saved.outActivation as OutActivation, params.dtype);
    const expected = network.model.layers.map((l) => JSON.stringify(l.config()));
    const found = model.layers.map((l) => JSON.stringify(l.config()));
    if (expected.length !== found.length || expected.some((c, i) => c !== found[i])) {
      network.model.dispose();
      throw new ModelFormatError(`layers: not the network of an ${type} with hiddenLayerSizes [${params.hiddenLayerSizes.join(', ')}] and activation '${params.activation}'`);
    }
    // weights, in parameters() order: W₁, b₁, W₂, b₂, …
    const values = model.parameters();
    network.model.parameters().forEach((p, i) => p.value.data.set((values[i] as { value: Matrix }).value.data));
    const f = saved.fitted;
    const state: FitState = {
      network,
      nFeatures: f.nFeatures,
      nIter: f.nIter,
      t: f.t,
      loss: f.loss ?? Number.NaN,
      bestLoss: f.bestLoss,
      lossCurve: f.lossCurve,
      validationScores: f.validationScores,
      validationLossCurve: f.validationLossCurve,
      bestValidationScore: f.bestValidationScore,
      bestWeights: null,
      noImprovementCount: f.noImprovementCount,
      optimizer: null,
    };
    return { params, state, labels };
  } finally {
    model.dispose();
  }
}

/** The binarizer of saved labels (the same one `fit` built from those classes). */
export function binarizerOf(labels: SavedLabels): LabelBinarizer {
  return labels.type === 'multilabel'
    ? LabelBinarizer.fit({ kind: 'indicator', matrix: Matrix.zeros(1, labels.classes.length, 'float64') })
    : LabelBinarizer.fit({ kind: 'labels', labels: labels.classes });
}

/** Classes and their type must be what `fit` would have made, and match the network's outputs. */
function checkLabels(where: string, labels: SavedLabels, outputs: number, outActivation: string): void {
  const sorted = uniqueSorted(labels.classes);
  const kinds = new Set(labels.classes.map((c) => typeof c));
  if (kinds.size !== 1 || sorted.length !== labels.classes.length || sorted.some((c, i) => c !== labels.classes[i])) {
    throw new ModelFormatError(`${where}.classes: must be distinct labels of one kind, sorted; got ${JSON.stringify(labels.classes)}`);
  }
  const b = binarizerOf(labels);
  if (b.classes.some((c, i) => c !== labels.classes[i])) throw new ModelFormatError(`${where}.classes: multi-label classes are 0 … k−1, got ${JSON.stringify(labels.classes)}`);
  if (b.type !== labels.type) throw new ModelFormatError(`${where}.type: ${labels.classes.length} classes make a '${b.type}' target, not '${labels.type}'`);
  if (b.outputs !== outputs) throw new ModelFormatError(`${where}.classes: ${labels.classes.length} ${labels.type} classes need ${b.outputs} outputs, the network has ${outputs}`);
  const wanted = labels.type === 'multiclass' ? 'softmax' : 'logistic';
  if (outActivation !== wanted) throw new ModelFormatError(`${where}: a ${labels.type} classifier's output is '${wanted}', got '${outActivation}'`);
}
