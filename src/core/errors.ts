/** Base class of every error mlpkit throws on purpose; its message names the offending value. */
export class MlpkitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A shape does not fit: the message gives both shapes. */
export class ShapeError extends MlpkitError {}

/**
 * Bad input data: a file that cannot be read, a ragged row, a value of the wrong kind, a missing
 * column, an unknown category, a NaN or an infinity. The message is one line that names the source,
 * the row, the column and the offending value.
 */
export class DataError extends MlpkitError {}

/** An option or hyperparameter is invalid: the message names the option and its value. */
export class ConfigError extends MlpkitError {}

/** A model document is malformed or from an unsupported version: the message gives the JSON path. */
export class ModelFormatError extends MlpkitError {}

/** Training produced a non-finite cost; weights were restored to the last finite state. */
export class DivergenceError extends MlpkitError {
  constructor(
    message: string,
    /** Epoch (0-based) in which the cost stopped being finite. */
    readonly epoch: number,
  ) {
    super(message);
  }
}

/** Warnings (e.g. a known-bad output/loss pairing) go to this sink; the library itself never prints. */
export type WarningHandler = (message: string) => void;

let warningHandler: WarningHandler = (message) => {
  const proc = (globalThis as { process?: { emitWarning?: (m: string, o: { type: string }) => void } }).process;
  proc?.emitWarning?.(message, { type: 'MlpkitWarning' });
};

/** Replaces the warning sink (the default emits a Node `MlpkitWarning`; in a browser it is silent). */
export function setWarningHandler(handler: WarningHandler): WarningHandler {
  const previous = warningHandler;
  warningHandler = handler;
  return previous;
}

export function warn(message: string): void {
  warningHandler(message);
}
