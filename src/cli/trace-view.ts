import type { StepTrace } from '../index.js';
import { fixed, num } from './format.js';

/** Shape and summary statistics of a matrix, for networks too large to print in full. */
export interface MatrixStats {
  shape: [number, number];
  /** Frobenius norm √Σv² */
  norm: number;
  min: number;
  max: number;
  mean: number;
}

export function stats(m: readonly (readonly number[])[]): MatrixStats {
  let sum = 0;
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  for (const row of m) {
    for (const v of row) {
      sum += v;
      sq += v * v;
      if (v < min) min = v;
      if (v > max) max = v;
      n++;
    }
  }
  return { shape: [m.length, m[0]?.length ?? 0], norm: Math.sqrt(sq), min: n === 0 ? 0 : min, max: n === 0 ? 0 : max, mean: n === 0 ? 0 : sum / n };
}

/** A trace with every matrix replaced by its statistics (the `--json` form for large networks). */
export type SummarizedTrace = ReturnType<typeof summarizeTrace>;

export function summarizeTrace(t: StepTrace) {
  return {
    input: stats(t.input),
    target: stats(t.target),
    forward: t.forward.map((f) => ({ ...f, z: stats(f.z), a: stats(f.a) })),
    loss: t.loss,
    backward: t.backward.map((b) => ({ ...b, delta: stats(b.delta), dW: stats(b.dW), db: b.db === null ? null : stats([b.db]) })),
    inputGradient: stats(t.inputGradient),
    update:
      t.update === null
        ? null
        : {
            ...t.update,
            tensors: t.update.tensors.map((u) => ({ name: u.name, before: stats(u.before), gradient: stats(u.gradient), after: stats(u.after), change: stats(u.change) })),
          },
    updateNote: t.updateNote,
  };
}

/** Whether a trace is small enough to print every number (largest matrix ≤ `limit` values). */
export function isSmall(t: StepTrace, limit = 160): boolean {
  const sizes = [
    ...t.forward.map((f) => (f.z[0]?.length ?? 0) * f.z.length),
    ...t.backward.map((b) => b.dW.length * (b.dW[0]?.length ?? 0)),
    (t.input[0]?.length ?? 0) * t.input.length,
  ];
  return Math.max(...sizes) <= limit;
}

/** One matrix for the text view: its numbers (full) or its statistics. */
export function show(label: string, m: readonly (readonly number[])[], full: boolean, indent = '    '): string {
  const rows = m.length;
  const cols = m[0]?.length ?? 0;
  if (full) {
    if (rows === 1) return `${indent}${label} = [ ${(m[0] as number[]).map((v) => fixed(v, 6)).join('  ')} ]`;
    return `${indent}${label} (${rows}×${cols}) =\n${m.map((r) => `${indent}  [ ${r.map((v) => fixed(v, 6).padStart(10)).join(' ')} ]`).join('\n')}`;
  }
  const s = stats(m);
  return `${indent}${label}: ${rows}×${cols}, norm ${num(s.norm)}, min ${num(s.min)}, max ${num(s.max)}, mean ${num(s.mean)}`;
}
