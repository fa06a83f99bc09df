import type { StepTrace } from '../../src/index.js';

/** The four stages of one training step, in the order the method runs them. */
export const STAGES = ['forward', 'loss', 'backward', 'update'] as const;
export type StageName = (typeof STAGES)[number];

/** A table cell: the text shown and, for numbers, the full value (kept in a data attribute). */
export interface Cell {
  text: string;
  raw?: number;
}

export interface StageTable {
  /** stable id for tests and anchors, e.g. 'forward-dense_1' */
  id: string;
  caption: string;
  head: string[];
  rows: Cell[][];
}

/** What the step panel shows for one stage. */
export interface StageView {
  stage: StageName;
  title: string;
  /** one or two sentences for the aria-live region */
  announcement: string;
  /** the formula the stage computes */
  formula: string;
  tables: StageTable[];
}

/** A number with 4 significant digits; exponent form outside [1e-4, 1e5); '0' for zero. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e5) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

/** Parses what `fmt` wrote (the tests read the page with it). */
export function parseShown(text: string): number {
  return Number(text.replace('−', '-'));
}

const num = (v: number): Cell => ({ text: fmt(v), raw: v });
const label = (text: string): Cell => ({ text });

/** The view of one stage of a trace of a one-sample step. */
export function stageView(stage: StageName, trace: StepTrace, sample: number): StageView {
  switch (stage) {
    case 'forward':
      return forwardView(trace, sample);
    case 'loss':
      return lossView(trace, sample);
    case 'backward':
      return backwardView(trace);
    case 'update':
      return updateView(trace);
  }
}

function forwardView(t: StepTrace, sample: number): StageView {
  const x = t.input[0] as number[];
  const tables: StageTable[] = [
    { id: 'forward-input', caption: `Input x (sample ${sample})`, head: ['feature', 'x'], rows: x.map((v, j) => [label(`x${j + 1}`), num(v)]) },
  ];
  for (const f of t.forward) {
    const z = f.z[0] as number[];
    const a = f.a[0] as number[];
    tables.push({
      id: `forward-${f.name}`,
      caption: `${f.name} (${f.activation}): z = x·W + b, a = ${f.activation}(z)`,
      head: ['neuron', 'z', 'a'],
      rows: z.map((v, j) => [label(String(j + 1)), num(v), num(a[j] as number)]),
    });
  }
  const out = (t.forward[t.forward.length - 1]?.a[0] ?? []) as number[];
  return {
    stage: 'forward',
    title: '1 · Forward pass',
    formula: 'z = x·W + b,  a = φ(z), layer by layer',
    announcement: `sample ${sample}, input (${x.map(fmt).join(', ')}) gives output ${out.map(fmt).join(', ')}.`,
    tables,
  };
}

function lossView(t: StepTrace, sample: number): StageView {
  const out = (t.forward[t.forward.length - 1]?.a[0] ?? []) as number[];
  const target = (t.target[0] ?? []) as number[];
  const l = t.loss;
  const rows: Cell[][] = [
    ...out.map((v, j) => [label(out.length > 1 ? `prediction ŷ${j + 1}` : 'prediction ŷ'), num(v)]),
    ...target.map((v) => [label('target y'), num(v)]),
    [label(`loss ℓ (${l.name})`), num(l.perSample[0] as number)],
    [label(`data cost (${l.reduction} over the batch)`), num(l.dataCost)],
    [label('penalty (L1 + L2)'), num(l.penalty)],
    [label('cost C'), num(l.cost)],
  ];
  return {
    stage: 'loss',
    title: '2 · Loss and cost',
    formula: 'ℓ = loss(ŷ, y);  C = mean ℓ + penalty',
    announcement: `${l.name} for sample ${sample}: ℓ = ${fmt(l.perSample[0] as number)}, cost C = ${fmt(l.cost)}${l.fused ? ' (computed from the logits)' : ''}.`,
    tables: [{ id: 'loss', caption: `Loss (${l.name}${l.fused ? ', fused with the output activation' : ''})`, head: ['quantity', 'value'], rows }],
  };
}

function backwardView(t: StepTrace): StageView {
  const tables: StageTable[] = [];
  for (const b of t.backward) {
    const delta = b.delta[0] as number[];
    tables.push({
      id: `backward-${b.name}-delta`,
      caption: `${b.name}: δ = ∂C/∂z and ∂C/∂b`,
      head: ['neuron', 'δ', '∂C/∂b'],
      rows: delta.map((v, j) => [label(String(j + 1)), num(v), b.db === null ? label('—') : num(b.db[j] as number)]),
    });
    tables.push({
      id: `backward-${b.name}-dW`,
      caption: `${b.name}: ∂C/∂W = aᵀ·δ (row = input, column = neuron)`,
      head: ['from', ...delta.map((_, j) => `→ ${j + 1}`)],
      rows: b.dW.map((row, i) => [label(`in ${i + 1}`), ...row.map(num)]),
    });
  }
  const out = t.backward[0];
  return {
    stage: 'backward',
    title: '3 · Backward pass',
    formula: 'δ_L = ∂C/∂z_L;  ∂C/∂W = aᵀ·δ;  δ_prev = (δ·Wᵀ) ⊙ φ′(z_prev) — from the output back',
    announcement: `from the output back, output δ = ${((out?.delta[0] ?? []) as number[]).map(fmt).join(', ')}; gradients for ${t.backward.length} layers.`,
    tables,
  };
}

function updateView(t: StepTrace): StageView {
  if (t.update === null) {
    return { stage: 'update', title: '4 · Update', formula: '', announcement: t.updateNote ?? 'no update', tables: [] };
  }
  const lr = t.update.learningRate;
  const tables: StageTable[] = t.update.tensors.map((u) => {
    const rows: Cell[][] = [];
    u.before.forEach((row, i) =>
      row.forEach((old, j) => {
        const name = u.before.length === 1 ? `[${j + 1}]` : `[${i + 1},${j + 1}]`;
        rows.push([label(name), num(old), num(u.gradient[i]?.[j] as number), num(lr), num(u.after[i]?.[j] as number), num(u.change[i]?.[j] as number)]);
      }),
    );
    return { id: `update-${u.name.replace('/', '-')}`, caption: u.name, head: ['element', 'old', 'gradient', 'η', 'new', 'change'], rows };
  });
  const opt = t.update.optimizer.name;
  let biggest = 0;
  for (const u of t.update.tensors) for (const row of u.change) for (const c of row) biggest = Math.max(biggest, Math.abs(c));
  return {
    stage: 'update',
    title: '4 · Update',
    formula: opt === 'sgd' ? 'w ← w − η·∂C/∂w (plus momentum)' : `w ← ${opt} rule(w, ∂C/∂w, η, state)`,
    announcement: `${opt} at learning rate ${fmt(lr)}: ${t.update.tensors.length} tensors change, the largest change is ${fmt(biggest)}.`,
    tables,
  };
}
