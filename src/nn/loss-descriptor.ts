import type { OptionSpecs } from '../core/options.js';
import type { Loss } from './losses.js';

/** The playground's tasks. */
export type PlaygroundTask = 'binary' | 'multiclass' | 'regression';

/**
 * What a loss is, in one place: its name and spellings, what it fits, its options with defaults
 * and checks, and how to build it. The entries live in `loss-registry.ts`.
 */
export interface LossDescriptor {
  readonly name: string;
  /** other spellings accepted (compared lowercase, without '-', '_' or spaces) */
  readonly aliases?: readonly string[];
  /** what its targets are: numbers to regress, or classes (labels or probabilities) */
  readonly task: 'regression' | 'classification';
  /** its options; a loss with options is saved as `{ name, ...options }` and must carry each as a field */
  readonly options?: OptionSpecs;
  /** the playground tasks offering it, each with its rank in that task's list (1 = the default) */
  readonly playground?: Readonly<Partial<Record<PlaygroundTask, number>>>;
  /** builds it from its options, resolved (defaults filled, checked) */
  readonly create: (options: Readonly<Record<string, number | boolean>>) => Loss;
}
