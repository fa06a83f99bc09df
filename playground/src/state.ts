/**
 * The playground's whole configuration, and its codec to and from the URL hash.
 * Pure: no DOM. Decoding never throws: a missing or invalid value keeps its default and is
 * reported in `warnings`, so any shared link opens.
 */
import { ACTIVATION_DESCRIPTORS } from '../../src/nn/activation-registry.js';
import { LOSS_DESCRIPTORS } from '../../src/nn/loss-registry.js';
import { OPTIMIZER_DESCRIPTORS } from '../../src/optim/registry.js';

export const CLASSIFICATION_SETS = ['circle', 'xor', 'gauss', 'spiral'] as const;
export const REGRESSION_SETS = ['plane', 'bumps'] as const;
export const BUNDLED_SETS = ['iris', 'digits', 'breast_cancer'] as const;
export const DATA_SOURCES = [...CLASSIFICATION_SETS, ...REGRESSION_SETS, ...BUNDLED_SETS, 'csv'] as const;
export type DataSource = (typeof DATA_SOURCES)[number];

/** The activations whose descriptor gives a playground code, offered for hidden layers. */
type Offered = Extract<(typeof ACTIVATION_DESCRIPTORS)[number], { playground: string }>;
export type HiddenActivation = Offered['name'];
const OFFERED = ACTIVATION_DESCRIPTORS.filter((d): d is Offered => 'playground' in d);
export const HIDDEN_ACTIVATIONS: readonly HiddenActivation[] = OFFERED.map((d) => d.name);
export const OUTPUT_ACTIVATIONS = ['auto', 'sigmoid', 'softmax', 'identity', 'tanh'] as const;
/** 'auto' and the losses whose descriptor offers them to the playground. */
export type PlaygroundLoss = 'auto' | Extract<(typeof LOSS_DESCRIPTORS)[number], { playground: object }>['name'];
export const LOSSES: readonly PlaygroundLoss[] = ['auto', ...LOSS_DESCRIPTORS.filter((d): d is Extract<typeof d, { playground: object }> => 'playground' in d).map((d) => d.name)];
/** The optimizers whose descriptor offers them to the playground. */
export type PlaygroundOptimizer = Extract<(typeof OPTIMIZER_DESCRIPTORS)[number], { playground: true }>['name'];
export const OPTIMIZERS: readonly PlaygroundOptimizer[] = OPTIMIZER_DESCRIPTORS.filter((d): d is Extract<typeof d, { playground: true }> => 'playground' in d).map((d) => d.name);
export const SCHEDULES = ['constant', 'step', 'exponential', 'inverseScaling', 'cosine'] as const;
export const PROJECTIONS = ['pca', 'columns'] as const;
/** How much training each drawn frame shows: one batch, one epoch, or as much as fits in the frame. */
export const SPEEDS = ['batch', 'epoch', 'fast'] as const;

/** The network's inputs, TensorFlow Playground's: the two coordinates and five crosses of them. */
export const INPUT_FEATURES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sin1', 'sin2'] as const;
export type InputFeature = (typeof INPUT_FEATURES)[number];

/** One hidden layer of the editor: a Dense layer, optionally followed by Dropout. */
export interface LayerSpec {
  units: number;
  activation: HiddenActivation;
  /** dropout rate after this layer, 0 = none */
  dropout: number;
}

export interface PlaygroundState {
  /** data */
  source: DataSource;
  /** synthetic sets: noise level 0 … 0.5 */
  noise: number;
  /** synthetic sets: number of points */
  points: number;
  /** share of rows held out as the test set */
  testRatio: number;
  /** tables (bundled sets, CSV): first two principal directions, or two chosen columns */
  projection: (typeof PROJECTIONS)[number];
  /** tables in 'columns' projection: the two feature columns ('' = first two numeric) */
  xColumn: string;
  yColumn: string;
  /** tables: the target column ('' = last column) */
  target: string;
  /** network: the inputs switched on (in INPUT_FEATURES order, at least one) */
  features: InputFeature[];
  layers: LayerSpec[];
  outputActivation: (typeof OUTPUT_ACTIVATIONS)[number];
  loss: PlaygroundLoss;
  /** training */
  optimizer: PlaygroundOptimizer;
  lr: number;
  /** SGD and RMSprop momentum */
  momentum: number;
  /** Adam β₁, β₂ */
  beta1: number;
  beta2: number;
  schedule: (typeof SCHEDULES)[number];
  /** step/exponential decay factor γ */
  gamma: number;
  /** step schedule: epochs per decay */
  stepSize: number;
  /** cosine schedule: steps to reach the minimum */
  totalSteps: number;
  /** 1 = stochastic … ≥ rows = full batch */
  batchSize: number;
  l1: number;
  l2: number;
  seed: number;
  /** views */
  speed: (typeof SPEEDS)[number];
  discretize: boolean;
  showTest: boolean;
}

export const DEFAULT_STATE: Readonly<PlaygroundState> = Object.freeze({
  source: 'circle',
  noise: 0,
  points: 500,
  testRatio: 0.5,
  projection: 'pca',
  xColumn: '',
  yColumn: '',
  target: '',
  features: ['x1', 'x2'],
  layers: [
    { units: 8, activation: 'tanh', dropout: 0 },
    { units: 8, activation: 'tanh', dropout: 0 },
  ],
  outputActivation: 'auto',
  loss: 'auto',
  optimizer: 'sgd',
  lr: 0.03,
  momentum: 0,
  beta1: 0.9,
  beta2: 0.999,
  schedule: 'constant',
  gamma: 0.95,
  stepSize: 10,
  totalSteps: 5000,
  batchSize: 10,
  l1: 0,
  l2: 0,
  seed: 1,
  speed: 'epoch',
  discretize: false,
  showTest: true,
}) as Readonly<PlaygroundState>;

export const MAX_LAYERS = 6;
export const MAX_UNITS = 8;

/** A fresh, mutable copy of the defaults. */
export function defaultState(): PlaygroundState {
  return cloneState(DEFAULT_STATE);
}

export function cloneState(s: Readonly<PlaygroundState>): PlaygroundState {
  return { ...s, features: [...s.features], layers: s.layers.map((l) => ({ ...l })) };
}

type ScalarKey = Exclude<keyof PlaygroundState, 'layers' | 'features'>;

/** How each scalar field is written in the URL and what values it accepts. */
type Field =
  | { key: ScalarKey; kind: 'number'; min: number; max: number; integer?: boolean }
  | { key: ScalarKey; kind: 'enum'; values: readonly string[] }
  | { key: ScalarKey; kind: 'bool' }
  | { key: ScalarKey; kind: 'text' };

const FIELDS: readonly Field[] = [
  { key: 'source', kind: 'enum', values: DATA_SOURCES },
  { key: 'noise', kind: 'number', min: 0, max: 0.5 },
  { key: 'points', kind: 'number', min: 50, max: 2000, integer: true },
  { key: 'testRatio', kind: 'number', min: 0.1, max: 0.9 },
  { key: 'projection', kind: 'enum', values: PROJECTIONS },
  { key: 'xColumn', kind: 'text' },
  { key: 'yColumn', kind: 'text' },
  { key: 'target', kind: 'text' },
  { key: 'outputActivation', kind: 'enum', values: OUTPUT_ACTIVATIONS },
  { key: 'loss', kind: 'enum', values: LOSSES },
  { key: 'optimizer', kind: 'enum', values: OPTIMIZERS },
  { key: 'lr', kind: 'number', min: 1e-6, max: 10 },
  { key: 'momentum', kind: 'number', min: 0, max: 0.999 },
  { key: 'beta1', kind: 'number', min: 0, max: 0.9999 },
  { key: 'beta2', kind: 'number', min: 0, max: 0.99999 },
  { key: 'schedule', kind: 'enum', values: SCHEDULES },
  { key: 'gamma', kind: 'number', min: 0.01, max: 1 },
  { key: 'stepSize', kind: 'number', min: 1, max: 1000, integer: true },
  { key: 'totalSteps', kind: 'number', min: 1, max: 1e6, integer: true },
  { key: 'batchSize', kind: 'number', min: 1, max: 5000, integer: true },
  { key: 'l1', kind: 'number', min: 0, max: 1 },
  { key: 'l2', kind: 'number', min: 0, max: 1 },
  { key: 'seed', kind: 'number', min: 0, max: 0xffffffff, integer: true },
  { key: 'speed', kind: 'enum', values: SPEEDS },
  { key: 'discretize', kind: 'bool' },
  { key: 'showTest', kind: 'bool' },
];

/** Short activation codes used in the `layers` parameter, e.g. `8t,4r:0.2` (the descriptors' `playground`). */
const ACTIVATION_CODES = Object.fromEntries(OFFERED.map((d) => [d.name, d.playground])) as Readonly<Record<HiddenActivation, string>>;

/** `8t,4r:0.2` — units, activation code, optional dropout rate; empty string for no hidden layer. */
export function encodeLayers(layers: readonly LayerSpec[]): string {
  return layers.map((l) => `${l.units}${ACTIVATION_CODES[l.activation]}${l.dropout > 0 ? `:${l.dropout}` : ''}`).join(',');
}

/** The inverse of `encodeLayers`; null when the text is not a valid layer list. */
export function decodeLayers(text: string): LayerSpec[] | null {
  if (text === '' || text === '-') return [];
  const parts = text.split(',');
  if (parts.length > MAX_LAYERS) return null;
  const layers: LayerSpec[] = [];
  for (const part of parts) {
    const m = /^(\d+)([a-z])(?::(0(?:\.\d+)?|\.\d+))?$/.exec(part);
    if (m === null) return null;
    const units = Number(m[1]);
    const activation = (Object.keys(ACTIVATION_CODES) as HiddenActivation[]).find((a) => ACTIVATION_CODES[a] === m[2]);
    const dropout = m[3] === undefined ? 0 : Number(m[3]);
    if (activation === undefined || units < 1 || units > MAX_UNITS || !(dropout >= 0 && dropout < 0.95)) return null;
    layers.push({ units, activation, dropout });
  }
  return layers;
}

/** `x1,x2,x1x2`: the switched-on inputs in canonical order. */
export function encodeFeatures(features: readonly InputFeature[]): string {
  return INPUT_FEATURES.filter((f) => features.includes(f)).join(',');
}

/** The inverse of `encodeFeatures`; null when the text names an unknown input or none. */
export function decodeFeatures(text: string): InputFeature[] | null {
  const parts = text.split(',').filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => !(INPUT_FEATURES as readonly string[]).includes(p))) return null;
  return INPUT_FEATURES.filter((f) => parts.includes(f));
}

/**
 * The state as a URL hash (without '#'): only the fields that differ from the defaults,
 * in a fixed order, so equal states give equal links.
 */
export function encodeState(state: Readonly<PlaygroundState>): string {
  const params = new URLSearchParams();
  for (const f of FIELDS) {
    const v = state[f.key];
    if (v === DEFAULT_STATE[f.key]) continue;
    params.set(f.key, f.kind === 'bool' ? (v ? '1' : '0') : String(v));
  }
  const features = encodeFeatures(state.features);
  if (features !== encodeFeatures(DEFAULT_STATE.features)) params.set('features', features);
  const layers = encodeLayers(state.layers);
  if (layers !== encodeLayers(DEFAULT_STATE.layers)) params.set('layers', layers === '' ? '-' : layers);
  return params.toString();
}

export interface Decoded {
  state: PlaygroundState;
  /** one line per ignored parameter */
  warnings: string[];
}

/** Reads a URL hash (with or without '#'); unknown keys and invalid values are ignored with a warning. */
export function decodeState(hash: string): Decoded {
  const state = defaultState();
  const warnings: string[] = [];
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const known = new Set<string>(['layers', 'features', ...FIELDS.map((f) => f.key)]);
  for (const key of params.keys()) if (!known.has(key)) warnings.push(`unknown setting '${key}' ignored`);
  const fields = state as unknown as Record<ScalarKey, string | number | boolean>;
  for (const f of FIELDS) {
    const raw = params.get(f.key);
    if (raw === null) continue;
    const value = parseField(f, raw);
    if (value === null) warnings.push(`${f.key}: '${raw}' is not valid; kept ${String(fields[f.key])}`);
    else fields[f.key] = value;
  }
  const features = params.get('features');
  if (features !== null) {
    const parsed = decodeFeatures(features);
    if (parsed === null) warnings.push(`features: '${features}' is not valid; kept x1,x2`);
    else state.features = parsed;
  }
  const layers = params.get('layers');
  if (layers !== null) {
    const parsed = decodeLayers(layers);
    if (parsed === null) warnings.push(`layers: '${layers}' is not valid; kept the default network`);
    else state.layers = parsed;
  }
  return { state, warnings };
}

function parseField(f: Field, raw: string): string | number | boolean | null {
  switch (f.kind) {
    case 'enum':
      return f.values.includes(raw) ? raw : null;
    case 'bool':
      return raw === '1' || raw === 'true' ? true : raw === '0' || raw === 'false' ? false : null;
    case 'text':
      return raw.length <= 200 ? raw : null;
    case 'number': {
      if (raw.trim() === '') return null;
      const v = Number(raw);
      if (!Number.isFinite(v) || v < f.min || v > f.max) return null;
      if (f.integer === true && !Number.isInteger(v)) return null;
      return v;
    }
  }
}

/** Whether the data source is one of the synthetic 2-D sets (classification or regression). */
export function isSynthetic(source: DataSource): source is (typeof CLASSIFICATION_SETS)[number] | (typeof REGRESSION_SETS)[number] {
  return (CLASSIFICATION_SETS as readonly string[]).includes(source) || (REGRESSION_SETS as readonly string[]).includes(source);
}
