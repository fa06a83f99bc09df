import { InvalidArgumentError } from 'commander';
import { activationName, createSchedule, SCHEDULE_NAMES, type ActivationName, type ScheduleConfig, type ScheduleName } from '../index.js';

/**
 * Parsers for option values, in commander's argParser shape: they return the parsed value or throw
 * InvalidArgumentError, which commander reports as
 *   error: option '--lr <rate>' argument '-1' is invalid. expected a number > 0
 * and the CLI exits with code 2.
 */

/** One hidden (or, for `summary`, any) layer of `--layers`: its width and optional activation. */
export interface LayerSpec {
  units: number;
  activation?: ActivationName;
}

/** A decimal number as a person writes it: 12, -0.5, .5, 1e-3 (not 0x10, 0b1, Infinity). */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

function numberOf(text: string): number {
  const trimmed = text.trim();
  const v = DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isFinite(v)) throw new InvalidArgumentError(`expected a number, got '${text}'`);
  return v;
}

/** A number > 0 (learning rates, tolerances). */
export function positiveNumber(text: string): number {
  const v = numberOf(text);
  if (!(v > 0)) throw new InvalidArgumentError(`expected a number > 0`);
  return v;
}

/** A number ≥ 0 (penalties, noise). */
export function nonNegativeNumber(text: string): number {
  const v = numberOf(text);
  if (!(v >= 0)) throw new InvalidArgumentError(`expected a number ≥ 0`);
  return v;
}

/** A fraction in [0, 1) (splits, dropout rate). */
export function fraction(text: string): number {
  const v = numberOf(text);
  if (!(v >= 0 && v < 1)) throw new InvalidArgumentError(`expected a fraction from 0 up to (not including) 1`);
  return v;
}

/** An integer ≥ 1 (epochs, batch size, rows). */
export function positiveInt(text: string): number {
  const v = numberOf(text);
  if (!(Number.isInteger(v) && v >= 1)) throw new InvalidArgumentError(`expected a whole number ≥ 1`);
  return v;
}

/** The k of k-fold cross-validation: an integer ≥ 2. */
export function foldCount(text: string): number {
  const v = numberOf(text);
  if (!(Number.isInteger(v) && v >= 2)) throw new InvalidArgumentError(`cross-validation needs a whole number of folds ≥ 2`);
  return v;
}

/** An integer ≥ 0 (seeds, epochs to add). */
export function nonNegativeInt(text: string): number {
  const v = numberOf(text);
  if (!(Number.isInteger(v) && v >= 0)) throw new InvalidArgumentError(`expected a whole number ≥ 0`);
  return v;
}

/** A seed: an integer from 0 to 2³² − 1. */
export function seed(text: string): number {
  const v = nonNegativeInt(text);
  if (v > 0xffffffff) throw new InvalidArgumentError('expected a whole number from 0 to 4294967295');
  return v;
}

/** A size in bytes: 4GB, 512MB, 1.5G, 2e9 (powers of 1024 for K, M, G, T). */
export function byteSize(text: string): number {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(text);
  if (m === null) throw new InvalidArgumentError(`expected a size such as 8GB, 512MB or 2e9 (bytes), got '${text}'`);
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[(m[2] as string).toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const v = Number(m[1]) * scale;
  if (!(Number.isFinite(v) && v >= 1)) throw new InvalidArgumentError(`expected a size of at least 1 byte, got '${text}'`);
  return v;
}

/** `--delimiter`: one character; `tab` or `\t` for a tab. */
export function delimiter(text: string): string {
  const d = text === 'tab' || text === '\\t' ? '\t' : text;
  if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
    throw new InvalidArgumentError(`expected one character (e.g. ',', ';', '|') or 'tab', got ${JSON.stringify(text)}`);
  }
  return d;
}

/** Comma-separated names: "id,date" → ['id', 'date']. Repeating the option adds to the list. */
export function nameList(text: string, previous: string[] = []): string[] {
  const names = text.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new InvalidArgumentError(`expected comma-separated column names, got '${text}'`);
  return [...previous, ...names];
}

/** An activation name (aliases such as linear, logistic, silu accepted), canonical form. */
export function activation(text: string): ActivationName {
  try {
    return activationName(text.trim());
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

/**
 * `--layers`: comma-separated widths, each optionally with its activation:
 * "64,32", "64:relu,32:tanh", or "none" for no hidden layer.
 */
export function layers(text: string): LayerSpec[] {
  const trimmed = text.trim();
  if (trimmed === 'none' || trimmed === '') return [];
  return trimmed.split(',').map((part) => {
    const [unitsText = '', act, ...rest] = part.trim().split(':');
    if (rest.length > 0) throw new InvalidArgumentError(`'${part}' has more than one ':'; write a layer as UNITS or UNITS:ACTIVATION`);
    const units = DECIMAL.test(unitsText.trim()) ? Number(unitsText) : Number.NaN;
    if (!(Number.isInteger(units) && units >= 1)) {
      throw new InvalidArgumentError(`layer sizes must be whole numbers ≥ 1 (e.g. 64,32 or 64:relu,32:tanh), got '${unitsText}'`);
    }
    return act === undefined ? { units } : { units, activation: activation(act) };
  });
}

/**
 * `--schedule NAME[:KEY=VALUE,…]`, e.g. "step:stepSize=10,gamma=0.5", "cosine",
 * "reduceOnPlateau:patience=5". Values are numbers; the engine checks names and ranges.
 */
export function schedule(text: string): Partial<ScheduleConfig> & { name: ScheduleName } {
  const [nameText = '', params] = splitOnce(text.trim(), ':');
  const name = SCHEDULE_NAMES.find((s) => s.toLowerCase() === nameText.toLowerCase());
  if (name === undefined) throw new InvalidArgumentError(`unknown schedule '${nameText}'; expected one of ${SCHEDULE_NAMES.join(', ')}`);
  const config: Record<string, number | string> = { name };
  // the keys the schedule takes: those of its filled-in config
  const known = Object.keys(createSchedule({ name } as ScheduleConfig).config).filter((k) => k !== 'name');
  if (params !== undefined && params !== '') {
    for (const pair of params.split(',')) {
      const [key = '', value] = splitOnce(pair.trim(), '=');
      if (key === '' || value === undefined) throw new InvalidArgumentError(`expected KEY=VALUE after '${name}:', got '${pair}'`);
      if (!known.includes(key)) {
        throw new InvalidArgumentError(`the ${name} schedule has no setting '${key}'; ${known.length === 0 ? 'it takes none' : `it takes ${known.join(', ')}`}`);
      }
      if (key in config) throw new InvalidArgumentError(`${key} is given twice`);
      const v = DECIMAL.test(value.trim()) ? Number(value) : Number.NaN;
      if (!Number.isFinite(v)) throw new InvalidArgumentError(`${key} must be a number, got '${value}'`);
      config[key] = v;
    }
  }
  return config as Partial<ScheduleConfig> & { name: ScheduleName };
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const k = text.indexOf(sep);
  return k < 0 ? [text, undefined] : [text.slice(0, k), text.slice(k + 1)];
}
