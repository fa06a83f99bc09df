import { CommanderError } from 'commander';
import { ConfigError, DivergenceError, MlpkitError, ModelFormatError } from '../index.js';
import { DataError } from '../data/index.js';
import { sanitize } from './sanitize.js';

/**
 * Exit codes of the `mlpkit` command (documented in docs/cli.md):
 *   0 success · 1 unexpected internal error · 2 invalid command line or option value ·
 *   3 bad input data · 4 bad model file · 5 training diverged · 6 gradient check failed ·
 *   7 out of memory
 */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  data: 3,
  model: 4,
  diverged: 5,
  gradcheck: 6,
  memory: 7,
  /** Ctrl-C (SIGINT) stopped training; the last complete epoch was saved (128 + 2, as shells report SIGINT) */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as one line, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A bad option value or argument (exit 2). */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT.usage);
}

/** The exit code for any thrown value. */
export function exitCodeOf(e: unknown): ExitCode {
  if (e instanceof CliError) return e.exitCode;
  if (isOutOfMemory(e)) return EXIT.memory;
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (e instanceof DataError) return EXIT.data;
  if (e instanceof ModelFormatError) return EXIT.model;
  if (e instanceof DivergenceError) return EXIT.diverged;
  if (e instanceof ConfigError) return EXIT.usage;
  if (e instanceof MlpkitError) return EXIT.data;
  return EXIT.internal;
}

/**
 * The library's messages name its own option spellings; at the command line the user typed flags.
 * E.g. "pass unknown 'ignore'" → "pass --unknown ignore".
 */
export function cliWording(message: string): string {
  return message
    .replace(/pass unknown 'ignore'/g, 'pass --unknown ignore')
    .replace(/choose impute mean, median or most-frequent, or drop the column/g, 'pass --impute mean|median|most-frequent, or --drop the column')
    .replace(/; drop it$/g, '; --drop it')
    .replace(/^dataset must be one of/, '--dataset must be one of');
}

/**
 * Writes one line for the error on stderr ("mlpkit: …"); the stack trace only with `--debug`.
 * Returns the exit code. Commander has already printed its own usage errors.
 */
export function reportError(e: unknown, debug: boolean, stderr: NodeJS.WritableStream = process.stderr): ExitCode {
  if (isOutOfMemory(e) && !(e instanceof CliError)) e = outOfMemoryError(e);
  const code = exitCodeOf(e);
  if (e instanceof CommanderError) return code;
  const message = e instanceof Error ? e.message : String(e);
  const oneLine = sanitize(cliWording(message).replace(/\s*\n\s*/g, ' '));
  const prefix = code === EXIT.internal ? 'mlpkit: internal error: ' : 'mlpkit: error: ';
  stderr.write(`${prefix}${oneLine}\n`);
  if (debug && e instanceof Error && e.stack !== undefined) stderr.write(`${e.stack}\n`);
  else if (code === EXIT.internal) stderr.write('(run again with --debug for the stack trace)\n');
  return code;
}

/** Messages of JavaScript and WebAssembly when memory runs out. */
const OUT_OF_MEMORY = /Array buffer allocation failed|Invalid typed array length|Invalid array length|invalid array length|Maximum memory size exceeded|WebAssembly\.Memory\.grow|Out of memory|out of memory|Cannot create a string longer|Invalid string length/;

/** Whether an error is memory running out (not a bug). */
export function isOutOfMemory(e: unknown): boolean {
  return (e instanceof RangeError || e instanceof Error) && OUT_OF_MEMORY.test(e.message);
}

/** The one-line report of memory running out, with what to try (exit 7). */
export function outOfMemoryError(e: unknown): CliError {
  const what = /WebAssembly/.test((e as Error).message)
    ? "the WebAssembly backend's memory (at most 4 GB)"
    : /string/i.test((e as Error).message)
      ? 'the largest text JavaScript can hold (the model file is too large)'
      : 'memory';
  return new CliError(`out of ${what} (${(e as Error).message}); try a smaller --batch-size, fewer rows, fewer or smaller layers, or --backend reference`, EXIT.memory);
}
