import { checkKnownKeys, checkNumber } from './checks.js';
import { ConfigError } from './errors.js';

/**
 * Declared options: each with its default and its check, so that one declaration gives the
 * constructor's validation, the saved config, the model-file schema and the error messages.
 */

/** A numeric option: its default and the range `checkNumber` enforces. */
export interface NumberOption {
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  readonly exclusiveMin?: boolean;
  readonly integer?: boolean;
}

export interface BooleanOption {
  readonly default: boolean;
}

export type OptionSpec = NumberOption | BooleanOption;
export type OptionSpecs = { readonly [name: string]: OptionSpec };

/** The value type of an option: boolean or number. */
export type OptionValue<S extends OptionSpec> = S extends BooleanOption ? boolean : number;

/** The values of declared options, every one present (defaults filled). */
export type OptionValues<S extends OptionSpecs> = { -readonly [K in keyof S]: OptionValue<S[K]> };

/** What a caller may pass: any of the options. */
export type OptionInput<S extends OptionSpecs> = { [K in keyof S]?: OptionValue<S[K]> };

/**
 * The options with defaults filled, each checked (`owner: key must be …, got …`); a key that is
 * neither declared nor in `alsoKnown` is refused, suggesting the close name.
 */
export function resolveOptions<S extends OptionSpecs>(owner: string, specs: S, given: object, alsoKnown: readonly string[] = []): OptionValues<S> {
  checkKnownKeys(owner, given, [...Object.keys(specs), ...alsoKnown]);
  const values = given as Readonly<Record<string, unknown>>;
  const out: Record<string, number | boolean> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const value = values[key] ?? spec.default;
    if (typeof spec.default === 'boolean') {
      if (typeof value !== 'boolean') throw new ConfigError(`${owner}: ${key} must be true or false, got ${String(value)}`);
      out[key] = value;
    } else {
      out[key] = checkNumber(`${owner}: ${key}`, value as number, spec as NumberOption);
    }
  }
  return out as OptionValues<S>;
}
