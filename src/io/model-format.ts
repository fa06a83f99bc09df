import { z } from 'zod';
import type { Backend } from '../backend/backend.js';
import type { BackendName } from '../backend/registry.js';
import { ConfigError, ModelFormatError } from '../core/errors.js';
import type { DType } from '../core/matrix.js';
import { ACTIVATION_NAMES, type ActivationSpec } from '../nn/activations.js';
import { Dense } from '../nn/dense.js';
import { Dropout } from '../nn/dropout.js';
import { INITIALIZER_NAMES } from '../nn/initializers.js';
import type { Layer } from '../nn/layer.js';
import { LOSS_DESCRIPTORS } from '../nn/loss-registry.js';
import { LOSS_NAMES, lossSpecOf, type LossSpec } from '../nn/losses.js';
import type { NumberOption, OptionSpecs } from '../core/options.js';
import { Model } from '../nn/model.js';
import { createOptimizer, OPTIMIZER_NAMES } from '../optim/create.js';
import { checkMagnitudes, modelText } from './model-limits.js';
import type { OptimizerConfig, OptimizerName } from '../optim/optimizer.js';

/**
 * The mlpkit model file (JSON), version 1 — documented for other programs in docs/model-format.md.
 * It holds the architecture, the weights (row-major, W as inputs × units so that z = x·W + b),
 * the loss, optionally the optimizer with its state and the generator state (to resume training),
 * and free-form metadata (the CLI stores its fitted preprocessing there). Loading validates the
 * whole document before building anything; it never evaluates code.
 */
export const MODEL_FORMAT = 'mlpkit-model';
export const MODEL_FORMAT_VERSION = 1;

/**
 * The document's schema, built on first use (not at import): a program or bundle that never loads a
 * model file never runs zod (with `"sideEffects": false`, bundlers then leave zod out).
 */
function buildSchemas() {
  const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
  const count = z.number().int().min(1);
  const initializer = z.union([z.enum(['auto', ...INITIALIZER_NAMES]), z.object({ name: z.literal('constant'), value: finite }).strict()]);
  const activation = z.union([
    z.enum(ACTIVATION_NAMES as unknown as [string, ...string[]]),
    z.object({ name: z.enum(ACTIVATION_NAMES as unknown as [string, ...string[]]), alpha: finite.optional() }).strict(),
  ]);
  const tensor = z.object({ shape: z.array(z.number().int().min(0)).min(1).max(2), data: z.array(finite) }).strict();

  const denseSchema = z
    .object({
      type: z.literal('dense'),
      units: count,
      activation,
      useBias: z.boolean(),
      kernelInitializer: initializer,
      biasInitializer: initializer,
      l1: finite.min(0),
      l2: finite.min(0),
      weights: z.object({ W: tensor, b: tensor.nullable() }).strict(),
    })
    .strict();
  const dropoutSchema = z.object({ type: z.literal('dropout'), rate: finite.min(0).max(0.999999) }).strict();

  const scheduleSchema = z.object({ name: z.string() }).passthrough();
  const optimizerSchema = z
    .object({
      config: z.object({ name: z.enum(OPTIMIZER_NAMES as unknown as [OptimizerName, ...OptimizerName[]]), schedule: scheduleSchema.optional() }).passthrough(),
      state: z
        .object({
          iterations: z.number().int().min(0),
          epoch: z.number().int().min(0),
          schedule: z.array(finite),
          slots: z.array(z.array(z.array(finite))),
          steps: z.array(z.number().int().min(0)).optional(),
        })
        .strict()
        .nullable(),
    })
    .strict();

  const documentSchema = z
    .object({
      format: z.literal(MODEL_FORMAT),
      version: z.literal(MODEL_FORMAT_VERSION),
      dtype: z.enum(['float32', 'float64']),
      seed: z.number().int().min(0).max(0xffffffff),
      inputs: count,
      loss: z.union([
        z.enum(LOSS_NAMES as unknown as [string, ...string[]]),
        ...LOSS_DESCRIPTORS.flatMap((d) => ('options' in d ? [z.object({ name: z.literal(d.name), ...optionsShape(d.options) }).strict()] : [])),
      ]),
      layers: z.array(z.discriminatedUnion('type', [denseSchema, dropoutSchema])).min(1),
      optimizer: optimizerSchema.nullable().optional(),
      rng: z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int(), finite.nullable()]).optional(),
      metadata: z.record(z.string(), z.unknown()).optional(),
    })
    .strict();
  return { denseSchema, optimizerSchema, documentSchema };
}

/** The zod fields of declared options: booleans, and finite numbers within the declared range. */
function optionsShape(specs: OptionSpecs): Record<string, z.ZodType> {
  return Object.fromEntries(
    Object.entries(specs).map(([key, spec]): [string, z.ZodType] => {
      if (typeof spec.default === 'boolean') return [key, z.boolean()];
      const { min, max, exclusiveMin, integer } = spec as NumberOption;
      let n = z.number();
      if (integer === true) n = n.int();
      if (min !== undefined) n = exclusiveMin === true ? n.gt(min) : n.min(min);
      if (max !== undefined) n = n.max(max);
      return [key, n.refine(Number.isFinite, { message: 'must be a finite number' })];
    }),
  );
}

type Schemas = ReturnType<typeof buildSchemas>;
let schemas: Schemas | null = null;
function getSchemas(): Schemas {
  return (schemas ??= buildSchemas());
}

export type ModelDocument = z.infer<Schemas['documentSchema']>;
type DenseDocument = z.infer<Schemas['denseSchema']>;
type OptimizerDocument = z.infer<Schemas['optimizerSchema']>;

export interface SaveOptions {
  /** include the optimizer's hyperparameters and state (default true when the model has one) */
  optimizer?: boolean;
  /** free-form JSON data stored with the model (feature names, classes, preprocessing, history, …) */
  metadata?: Record<string, unknown>;
}

/** The model as a JSON-ready document. Float32 weights are written with 9 significant digits (exact round trip). */
export function modelToJSON(model: Model, options: SaveOptions = {}): ModelDocument {
  const write = model.dtype === 'float32' ? (v: number) => +v.toPrecision(9) : (v: number) => v;
  const layers = model.layers.map((layer): ModelDocument['layers'][number] => {
    const config = layer.config();
    if (config.type === 'dropout') return config;
    const dense = layer as Dense;
    const W = dense.weights.value;
    const b = dense.bias?.value ?? null;
    return {
      ...config,
      activation: config.activation as DenseDocument['activation'],
      weights: {
        W: { shape: [W.rows, W.cols], data: Array.from(W.data, write) },
        b: b === null ? null : { shape: [b.cols], data: Array.from(b.data, write) },
      },
    };
  });
  const doc: ModelDocument = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    dtype: model.dtype,
    seed: model.seed,
    inputs: model.inputs,
    loss: lossSpecOf(model.loss) as ModelDocument['loss'],
    layers,
  };
  const opt = model.optimizer;
  if (opt !== null && options.optimizer !== false) {
    doc.optimizer = {
      config: opt.config() as OptimizerDocument['config'],
      state: opt.getState(model),
    };
  }
  const [a, b, c, d, spare] = model.rng.getState() as [number, number, number, number, number];
  doc.rng = [a, b, c, d, Number.isNaN(spare) ? null : spare];
  if (options.metadata !== undefined) doc.metadata = options.metadata;
  return doc;
}

/** The model file's text: `modelToJSON` as JSON. */
export function serializeModel(model: Model, options: SaveOptions = {}): string {
  return JSON.stringify(modelToJSON(model, options));
}

export interface LoadedModel {
  model: Model;
  metadata: Record<string, unknown>;
}

/**
 * Builds a model from a document (text or parsed JSON), validating all of it first.
 * Throws ModelFormatError naming the JSON path of the first problem.
 */
export function loadModel(source: string | unknown, options: { backend?: BackendName | Backend; dtype?: DType } = {}): LoadedModel {
  let raw: unknown = source;
  if (typeof source === 'string') {
    const text = modelText(source); // byte-order mark dropped, nesting depth checked
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new ModelFormatError(`not a model file: invalid JSON (${(e as Error).message})`);
    }
  }
  const doc = validateDocument(raw);
  // a value the schema admits but a constructor refuses (e.g. Adam's epsilon 0) is a bad file too
  return asFormatError('layers', () => buildFromDocument(doc, options));
}

function asFormatError<T>(where: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof ConfigError) throw new ModelFormatError(`invalid model file at ${where}: ${e.message}`);
    throw e;
  }
}

function buildFromDocument(doc: ModelDocument, options: { backend?: BackendName | Backend; dtype?: DType }): LoadedModel {
  const layers: Layer[] = doc.layers.map((l) =>
    l.type === 'dropout'
      ? new Dropout({ rate: l.rate })
      : new Dense({
          units: l.units,
          activation: l.activation as ActivationSpec,
          useBias: l.useBias,
          kernelInitializer: l.kernelInitializer as 'auto',
          biasInitializer: l.biasInitializer as 'zeros',
          l1: l.l1,
          l2: l.l2,
        }),
  );
  const model = new Model({
    inputs: doc.inputs,
    layers,
    seed: doc.seed,
    dtype: options.dtype ?? doc.dtype,
    // validated against LOSS_NAMES by the schema
    loss: doc.loss as LossSpec,
    ...(options.backend !== undefined ? { backend: options.backend } : {}),
  });
  // weights, in parameters() order: W₁, b₁, W₂, b₂, …
  const values = doc.layers.flatMap((l) => (l.type === 'dense' ? [l.weights.W.data, ...(l.weights.b === null ? [] : [l.weights.b.data])] : []));
  model.parameters().forEach((p, i) => p.value.data.set(values[i] as number[]));
  if (doc.rng !== undefined) {
    const [a, b, c, d, spare] = doc.rng;
    model.rng.setState([a >>> 0, b >>> 0, c >>> 0, d >>> 0, spare ?? Number.NaN]);
  }
  if (doc.optimizer !== undefined && doc.optimizer !== null) {
    const config = doc.optimizer.config as Partial<OptimizerConfig> & { name: OptimizerName };
    const optimizer = asFormatError('optimizer.config', () => createOptimizer(config));
    if (doc.optimizer.state !== null) {
      try {
        const { steps, ...rest } = doc.optimizer.state;
        optimizer.setState(model, steps === undefined ? rest : { ...rest, steps });
      } catch (e) {
        throw new ModelFormatError(`invalid model file at optimizer.state: ${(e as Error).message}`);
      }
    }
    model.optimizer = optimizer;
  }
  return { model, metadata: doc.metadata ?? {} };
}

/** Schema and consistency checks: every shape must chain from `inputs` through the layers. */
export function validateDocument(raw: unknown): ModelDocument {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ModelFormatError('not a model file: expected a JSON object');
  const head = raw as Record<string, unknown>;
  if (head.format !== MODEL_FORMAT) {
    throw new ModelFormatError(`not an mlpkit model file: "format" is ${JSON.stringify(head.format)}, expected "${MODEL_FORMAT}"`);
  }
  if (typeof head.version === 'number' && head.version > MODEL_FORMAT_VERSION) {
    throw new ModelFormatError(`model file version ${head.version} is newer than this mlpkit reads (version ${MODEL_FORMAT_VERSION}); upgrade mlpkit`);
  }
  const parsed = getSchemas().documentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    throw new ModelFormatError(`invalid model file at ${formatPath(issue.path)}: ${issue.message}`);
  }
  const doc = parsed.data;
  let width = doc.inputs;
  doc.layers.forEach((l, i) => {
    if (l.type === 'dropout') return;
    const where = `layers[${i}].weights`;
    expectShape(`${where}.W`, l.weights.W, [width, l.units]);
    if (l.useBias !== (l.weights.b !== null)) throw new ModelFormatError(`invalid model file at ${where}.b: useBias is ${l.useBias} but b is ${l.weights.b === null ? 'null' : 'present'}`);
    if (l.weights.b !== null) expectShape(`${where}.b`, l.weights.b, [l.units]);
    width = l.units;
  });
  if (doc.layers[doc.layers.length - 1]?.type !== 'dense') throw new ModelFormatError('invalid model file at layers: the last layer must be dense');
  checkMagnitudes(doc);
  return doc;
}

function expectShape(where: string, t: { shape: number[]; data: number[] }, expected: number[]): void {
  if (t.shape.length !== expected.length || t.shape.some((s, i) => s !== expected[i])) {
    throw new ModelFormatError(`invalid model file at ${where}.shape: expected [${expected.join(', ')}], got [${t.shape.join(', ')}]`);
  }
  const n = expected.reduce((a, b) => a * b, 1);
  if (t.data.length !== n) throw new ModelFormatError(`invalid model file at ${where}.data: expected ${n} values (${expected.join('×')}), got ${t.data.length}`);
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the top level';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
