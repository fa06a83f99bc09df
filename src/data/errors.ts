import { MlpkitError } from '../core/errors.js';

/**
 * Bad input data: a file that cannot be read, a ragged row, a value of the wrong kind, a missing
 * column, an unknown category. The message is one line that names the source (file name), the line
 * or row, the column and the offending value, so the CLI can print it as it is.
 */
export class DataError extends MlpkitError {
  override readonly code = 'ERR_DATA';
}
