import { binCount, type Preprocessor } from '../data/index.js';
import { int } from './format.js';

export { tablePreprocessing } from '../auto/preprocessing.js';

/** One line for stderr on what the preprocessing did about missing values and left-out columns, or null. */
export function preprocessingNote(pre: Preprocessor): string | null {
  const parts: string[] = [];
  const state = pre.toJSON();
  const numeric = pre.indicators.map((f) => `'${f.name}'`);
  const text = state.features.filter((f) => f.kind === 'categorical' && f.fill === '').map((f) => `'${f.name}'`);
  if (numeric.length > 0) parts.push(`missing numbers filled with the column ${state.impute} and marked in an indicator column (${numeric.join(', ')})`);
  if (text.length > 0) parts.push(`missing text kept as a category of its own (${text.join(', ')})`);
  for (const d of pre.dropped) parts.push(`left out '${d.name}': ${d.reason}`);
  const binned = pre.binned;
  if (binned.length > 0) {
    const most = Math.max(...binned.map(binCount));
    parts.push(`${binned.length} numeric column${binned.length === 1 ? '' : 's'} also encoded piecewise-linearly in up to ${most} quantile bins each (${int(pre.outputWidth)} inputs)`);
  }
  if (parts.length === 0) return null;
  return `note: ${parts.join('; ')}${numeric.length + text.length > 0 ? ' (--impute none makes a missing value an error)' : ''}`;
}

/** "refit on all 1,500 rows for 43 epochs" */
export function refitNote(rows: number, epochs: number): string {
  return `refit on all ${int(rows)} rows for ${epochs} epoch${epochs === 1 ? '' : 's'} (the epoch count kept on the validation rows); that model is the one saved`;
}
