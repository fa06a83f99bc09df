import { cellText, type Column } from '../data/index.js';
import { usageError } from './errors.js';

/**
 * Checks a classification target's held-out split before the preprocessing is fitted, so that a
 * split which cannot work is named for what it is:
 * - the training rows keep a single class (`--test-split 0.99`) → "use a smaller --test-split";
 * - test rows hold classes the training rows never saw, which is what a continuous target forced
 *   to `--task classification` does → "it looks continuous: use --task regression".
 * `labels` holds a number per row (class code or value, −1 when missing); `train` and `test` are row indices.
 */
export function checkClassSplit(
  target: Column,
  labels: ArrayLike<number>,
  train: ArrayLike<number>,
  test: ArrayLike<number>,
  testSplit: number,
  forced: boolean,
  /** 'train': the training rows' classes (before the preprocessing is fitted); 'test': the test rows' (after, so fit's own messages come first) */
  part: 'train' | 'test',
): void {
  const seen = new Set<number>();
  for (let i = 0; i < train.length; i++) {
    const v = labels[train[i] as number] as number;
    if (v !== -1) seen.add(v);
  }
  const all = new Set<number>(seen);
  const unseen: number[] = [];
  for (let i = 0; i < test.length; i++) {
    const row = test[i] as number;
    const v = labels[row] as number;
    if (v === -1) continue;
    all.add(v);
    if (!seen.has(v)) unseen.push(row);
  }
  if (part === 'train' && all.size >= 2 && seen.size < 2) {
    const only = train.length > 0 ? `, all of class '${cellText(target, train[0] as number) ?? ''}'` : '';
    throw usageError(`--test-split ${testSplit} leaves ${train.length} training row${train.length === 1 ? '' : 's'}${only}; use a smaller --test-split`);
  }
  if (part === 'train' || unseen.length === 0) return;
  const example = cellText(target, unseen[0] as number) ?? '';
  const rows = labels.length;
  if (target.kind === 'numeric') {
    throw usageError(
      `${forced ? '--task classification: ' : ''}the target '${target.name}' has ${all.size} distinct numbers in ${rows} rows, and ${unseen.length} held-out rows have a value never seen in training ` +
        `(e.g. ${example}); it looks continuous: use --task regression`,
    );
  }
  throw usageError(`the class '${example}' of '${target.name}' occurs only in the held-out test rows; it has too few rows to learn (use --test-split 0, or drop those rows)`);
}
