/**
 * Bad input data (defined in core/errors.ts, where the engine's boundary checks throw it too): a file
 * that cannot be read, a ragged row, a value of the wrong kind, a missing column, an unknown category.
 */
export { DataError } from '../core/errors.js';
