import { defaultSettings, type DataShape, type TrainSettings } from '../auto/settings.js';
import type { ModelOptionValues, TableModelOptionValues } from './model-options.js';

/** The options of `train` that its table defaults fill when not given. */
export interface TableTrainOptions extends TableModelOptionValues {
  epochs?: number;
  batchSize?: number;
  validationSplit?: number;
  /** networks averaged (merged into one); 1: a single network */
  ensemble?: number;
}

/** What `train` runs with after the table defaults are filled in. */
export interface ResolvedTrainOptions extends ModelOptionValues {
  epochs: number;
  batchSize: number;
  validationSplit: number;
  ensemble: number;
}

/**
 * Fills every option the user did not give from `defaultSettings` for the table's shape (the
 * same defaults `trainTable` and the playground use; docs/quality.md has the measurement):
 * hidden layers, activation, AdamW with its learning rate and weight decay, a cosine schedule,
 * dropout, label smoothing (classification, with the default loss), epochs, batch size and the
 * validation share. Given options win; the learning rate and weight decay defaults belong to
 * AdamW and are not applied to another --optimizer. `rule` replaces `defaultSettings` (the
 * experiments of bench/quality/cv-defaults.ts score candidate rules through this same path).
 */
export function applyTableDefaults<T extends TableTrainOptions>(o: T, shape: DataShape, rule: (shape: DataShape) => TrainSettings = defaultSettings): T & ResolvedTrainOptions {
  const s = rule(shape);
  const optimizer = o.optimizer ?? 'adamw';
  const layers = o.layers ?? s.layers.map((units) => ({ units }));
  const defaultLoss = o.loss === undefined || o.loss === 'crossentropy';
  return {
    ...o,
    layers,
    activation: o.activation ?? s.activation,
    optimizer,
    ...(optimizer === 'adamw' ? { lr: o.lr ?? s.lr, weightDecay: o.weightDecay ?? s.weightDecay } : {}),
    ...(o.schedule === undefined && optimizer !== 'lbfgs' && s.schedule === 'cosine' ? { schedule: { name: 'cosine' as const } } : {}),
    dropout: o.dropout ?? (layers.length > 0 ? s.dropout : 0),
    labelSmoothing: o.labelSmoothing ?? (shape.task === 'classification' && defaultLoss ? s.labelSmoothing : 0),
    epochs: o.epochs ?? s.epochs,
    batchSize: o.batchSize ?? s.batchSize,
    validationSplit: o.validationSplit ?? s.validationFraction,
    ensemble: o.ensemble ?? s.ensemble,
  };
}
