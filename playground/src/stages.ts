import type { BackwardStage, ForwardStage, StepTrace } from '../../src/index.js';

/** The four stages of one training step, in the order the method runs them. */
export const STAGES = ['forward', 'loss', 'backward', 'update'] as const;
export type StageName = (typeof STAGES)[number];

/** A table cell: the text shown and, for numbers, the full value (kept in a data attribute). */
export interface Cell {
  text: string;
  raw?: number;
}

/** A table row: a stable key (for tests and screen-reader headers) and its cells, the first one the row's label. */
export interface Row {
  key: string;
  cells: Cell[];
}

export interface StageTable {
  /** stable id for tests and anchors, e.g. 'forward-dense_1' */
  id: string;
  caption: string;
  head: string[];
  rows: Row[];
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

/** A number with `digits` significant digits (4 by default); exponent form outside [1e-4, 1e5); '0' for zero. */
export function fmt(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e5) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}

/**
 * Significant digits that show a value and the same value changed by `change` as different
 * numbers: two digits past the one the change first touches, 4 at least, 8 at most (float32).
 */
export function digitsFor(value: number, change: number): number {
  if (change === 0 || !Number.isFinite(change) || !Number.isFinite(value)) return 4;
  const d = Math.ceil(Math.log10(Math.max(Math.abs(value), Math.abs(value + change)) / Math.abs(change))) + 2;
  return Math.max(4, Math.min(8, d));
}

/** Parses what `fmt` wrote (the tests read the page with it). */
export function parseShown(text: string): number {
  return Number(text.replace('−', '-'));
}

const num = (v: number, digits = 4): Cell => ({ text: fmt(v, digits), raw: v });
const label = (text: string): Cell => ({ text });
const row = (key: string, name: string, values: readonly number[], digits = 4): Row => ({ key, cells: [label(name), ...values.map((v) => num(v, digits))] });

/** 'hidden layer 2' or 'output layer', counted over the dense layers only (the library's names count dropout too). */
export function layerTitle(index: number, count: number): string {
  return index === count - 1 ? 'output layer' : `hidden layer ${index + 1}`;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const neuronHead = (n: number) => Array.from({ length: n }, (_, j) => `neuron ${j + 1}`);

/** The view of one stage of a trace of a one-sample step. */
export function stageView(stage: StageName, trace: StepTrace, sample: number, inputNames: readonly string[] = []): StageView {
  switch (stage) {
    case 'forward':
      return forwardView(trace, sample, inputNames);
    case 'loss':
      return lossView(trace, sample);
    case 'backward':
      return backwardView(trace);
    case 'update':
      return updateView(trace);
  }
}

/** The inputs of a layer as row labels: 'x1 = 0.25', and '(dropped)' where dropout zeroed one. */
function inputLabels(f: ForwardStage, prev: ForwardStage | undefined, names: readonly string[]): string[] {
  const x = f.x[0] as number[];
  return x.map((v, i) => {
    const masked = prev?.dropout !== null && prev?.dropout !== undefined;
    const name = prev === undefined ? (names[i] ?? `x${i + 1}`) : masked ? `a${i + 1}·m${i + 1}` : `a${i + 1}`;
    const dropped = masked && prev?.dropout?.mask[0]?.[i] === 0;
    return `${name} = ${fmt(v)}${dropped ? ' (dropped)' : ''}`;
  });
}

function forwardView(t: StepTrace, sample: number, inputNames: readonly string[]): StageView {
  const x = t.input[0] as number[];
  const count = t.forward.length;
  const tables: StageTable[] = [
    { id: 'forward-input', caption: `Input x (sample ${sample})`, head: ['feature', 'x'], rows: x.map((v, j) => row(`x${j + 1}`, inputNames[j] ?? `x${j + 1}`, [v])) },
  ];
  t.forward.forEach((f, k) => {
    const prev = t.forward[k - 1];
    const units = (f.z[0] as number[]).length;
    const labels = inputLabels(f, prev, inputNames);
    const rows: Row[] = f.W.map((w, i) => row(`W${i + 1}`, `W from ${labels[i]}`, w));
    if (f.b !== null) rows.push(row('b', 'b', f.b));
    rows.push(row('z', 'z = x·W + b', f.z[0] as number[]));
    rows.push(row('a', `a = ${f.activation}(z)`, f.a[0] as number[]));
    if (f.dropout !== null) {
      rows.push(row('mask', `dropout mask m (p = ${f.dropout.rate})`, f.dropout.mask[0] as number[]));
      rows.push(row('out', 'a ⊙ m (to the next layer)', f.dropout.output[0] as number[]));
    }
    const dropNote = f.dropout === null ? '' : `; ${f.dropout.name} zeroes each output with probability ${f.dropout.rate} and scales the rest by 1/(1 − p)`;
    tables.push({
      id: `forward-${f.name}`,
      caption: `${cap(layerTitle(k, count))} (${f.name}, ${f.activation}): z_j = Σᵢ xᵢ·W_ij + b_j, a = ${f.activation}(z)${dropNote}`,
      head: ['', ...neuronHead(units)],
      rows,
    });
  });
  const out = (t.forward[count - 1]?.a[0] ?? []) as number[];
  return {
    stage: 'forward',
    title: '1 · Forward pass',
    formula: 'z = x·W + b,  a = φ(z), layer by layer',
    announcement: `sample ${sample}, input (${x.map((v) => fmt(v)).join(', ')}) gives output ${out.map((v) => fmt(v)).join(', ')}.`,
    tables,
  };
}

/** The target as one value per output: one-hot for a class label when there are several outputs. */
function targetVector(t: StepTrace): number[] {
  const out = (t.forward[t.forward.length - 1]?.a[0] ?? []) as number[];
  const target = (t.target[0] ?? []) as number[];
  if (target.length === out.length) return target;
  return out.map((_, j) => (j === target[0] ? 1 : 0));
}

function lossView(t: StepTrace, sample: number): StageView {
  const out = (t.forward[t.forward.length - 1]?.a[0] ?? []) as number[];
  const target = (t.target[0] ?? []) as number[];
  const l = t.loss;
  const rows: Row[] = [
    ...out.map((v, j) => row(`yhat${j + 1}`, out.length > 1 ? `prediction ŷ${j + 1}` : 'prediction ŷ', [v])),
    ...target.map((v, j) => row(`y${j + 1}`, target.length < out.length ? 'target y (class index)' : 'target y', [v])),
    row('loss', `loss ℓ (${l.name})`, [l.perSample[0] as number]),
    row('data', `data cost (${l.reduction} over the batch)`, [l.dataCost]),
    row('penalty', 'penalty (L1 + L2)', [l.penalty]),
    row('cost', 'cost C', [l.cost]),
  ];
  return {
    stage: 'loss',
    title: '2 · Loss and cost',
    formula: 'ℓ = loss(ŷ, y);  C = mean ℓ + penalty',
    announcement: `${l.name} for sample ${sample}: ℓ = ${fmt(l.perSample[0] as number)}, cost C = ${fmt(l.cost)}${l.fused ? ' (computed from the logits)' : ''}.`,
    tables: [{ id: 'loss', caption: `Loss (${l.name}${l.fused ? ', fused with the output activation' : ''})`, head: ['quantity', 'value'], rows }],
  };
}

/** xᵀ·δ for one sample: the outer product of the layer's input and its δ. */
export function inputTimesDelta(f: ForwardStage, b: BackwardStage): number[][] {
  const x = f.x[0] as number[];
  const delta = b.delta[0] as number[];
  return x.map((xi) => delta.map((d) => xi * d));
}

function backwardView(t: StepTrace): StageView {
  const tables: StageTable[] = [];
  const count = t.forward.length;
  const fusedOut = t.backward[0]?.dA === null;
  for (const b of t.backward) {
    const k = t.forward.findIndex((f) => f.layer === b.layer);
    const f = t.forward[k] as ForwardStage;
    const next = t.forward[k + 1];
    const title = cap(layerTitle(k, count));
    const delta = b.delta[0] as number[];
    const rows: Row[] = [];
    let how: string;
    if (b.dA === null) {
      rows.push(row('yhat', 'ŷ', f.a[0] as number[]), row('y', 'y', targetVector(t)));
      rows.push(row('delta', 'δ = ŷ − y', delta));
      how = `${f.activation} with ${t.loss.name} is fused: the φ′ and ∂ℓ/∂ŷ factors cancel, so δ = ŷ − y`;
    } else {
      const source = next === undefined ? `∂C/∂ŷ from ${t.loss.name}` : `∂C/∂a = δ(${layerTitle(k + 1, count)})·Wᵀ${f.dropout === null ? '' : ' ⊙ m'}`;
      rows.push(row('dA', next === undefined ? '∂C/∂ŷ' : '∂C/∂a', b.dA[0] as number[]));
      if (b.activationDerivative !== null) rows.push(row('dphi', `φ′(z) (${f.activation}′)`, b.activationDerivative[0] as number[]));
      rows.push(row('delta', 'δ = ∂C/∂a · φ′(z)', delta));
      how = `${source}; δ = ∂C/∂a ⊙ φ′(z)`;
    }
    tables.push({
      id: `backward-${b.name}-delta`,
      caption: `${title} (${b.name}): ${how}. ∂C/∂b = δ (the sum of δ over a batch of one)`,
      head: ['', ...neuronHead(delta.length)],
      rows,
    });
    const labels = inputLabels(f, t.forward[k - 1], []);
    const xd = inputTimesDelta(f, b);
    if (b.penaltyGradient === null) {
      tables.push({
        id: `backward-${b.name}-dW`,
        caption: `${title}: ∂C/∂W = xᵀ·δ (row = input, column = neuron)`,
        head: ['from', ...neuronHead(delta.length)],
        rows: b.dW.map((r, i) => row(`in${i + 1}`, labels[i] as string, r)),
      });
    } else {
      const penalty = b.penaltyGradient;
      tables.push({
        id: `backward-${b.name}-xdelta`,
        caption: `${title}: xᵀ·δ, the data term (row = input, column = neuron)`,
        head: ['from', ...neuronHead(delta.length)],
        rows: xd.map((r, i) => row(`in${i + 1}`, labels[i] as string, r)),
      });
      tables.push({
        id: `backward-${b.name}-penalty`,
        caption: `${title}: ∂penalty/∂W = l1·sign(W) + 2·l2·W`,
        head: ['from', ...neuronHead(delta.length)],
        rows: penalty.map((r, i) => row(`in${i + 1}`, labels[i] as string, r)),
      });
      tables.push({
        id: `backward-${b.name}-dW`,
        caption: `${title}: ∂C/∂W = xᵀ·δ + ∂penalty/∂W`,
        head: ['from', ...neuronHead(delta.length)],
        rows: b.dW.map((r, i) => row(`in${i + 1}`, labels[i] as string, r)),
      });
    }
  }
  const out = t.backward[0];
  return {
    stage: 'backward',
    title: '3 · Backward pass',
    formula: `${fusedOut ? 'δ_out = ŷ − y (fused)' : 'δ_out = ∂C/∂ŷ ⊙ φ′(z)'};  δ = (δ_next·W_nextᵀ) ⊙ φ′(z);  ∂C/∂W = xᵀ·δ${t.backward.some((b) => b.penaltyGradient !== null) ? ' + ∂penalty/∂W' : ''};  ∂C/∂b = δ`,
    announcement: `from the output back, output δ = ${((out?.delta[0] ?? []) as number[]).map((v) => fmt(v)).join(', ')}; gradients for ${t.backward.length} layers.`,
    tables,
  };
}

/** Largest |change| per dense layer's W, for the graph's highlight. */
export function weightChanges(t: StepTrace): number[][][] {
  if (t.update === null) return [];
  return t.forward.map((f) => t.update?.tensors.find((u) => u.name === `${f.name}/W`)?.change.map((r) => r.map(Math.abs)) ?? []);
}

function updateView(t: StepTrace): StageView {
  if (t.update === null) {
    return { stage: 'update', title: '4 · Update', formula: '', announcement: t.updateNote ?? 'no update', tables: [] };
  }
  const u0 = t.update;
  const lr = u0.learningRate;
  const count = t.forward.length;
  const after = u0.lossAfter;
  const tables: StageTable[] = [
    {
      id: 'update-loss',
      caption: 'This sample before and after the step',
      head: ['', 'before', 'after', 'change'],
      rows: [
        row('loss', `loss ℓ (${t.loss.name})`, [t.loss.perSample[0] as number, after.perSample[0] as number, (after.perSample[0] as number) - (t.loss.perSample[0] as number)]),
        row('cost', 'cost C', [t.loss.cost, after.cost, after.cost - t.loss.cost]),
      ],
    },
  ];
  for (const u of u0.tensors) {
    const [layerName, kind] = u.name.split('/');
    const k = t.forward.findIndex((f) => f.name === layerName);
    const rows: Row[] = [];
    u.before.forEach((r, i) =>
      r.forEach((old, j) => {
        const change = u.change[i]?.[j] as number;
        const d = digitsFor(old, change);
        const name = u.before.length === 1 ? `[${j + 1}]` : `[${i + 1},${j + 1}]`;
        rows.push({ key: `${i},${j}`, cells: [label(name), num(old, d), num(u.gradient[i]?.[j] as number), num(lr), num(u.after[i]?.[j] as number, d), num(change)] });
      }),
    );
    tables.push({ id: `update-${u.name.replace('/', '-')}`, caption: `${kind === 'b' ? 'b' : 'W'} of ${layerTitle(k, count)} (${u.name})`, head: ['element', 'old', 'gradient', 'η', 'new', 'change'], rows });
  }
  const opt = u0.optimizer.name;
  let biggest = 0;
  for (const u of u0.tensors) for (const r of u.change) for (const c of r) biggest = Math.max(biggest, Math.abs(c));
  const dl = (after.perSample[0] as number) - (t.loss.perSample[0] as number);
  return {
    stage: 'update',
    title: '4 · Update',
    formula: opt === 'sgd' ? 'w ← w − η·∂C/∂w (plus momentum)' : `w ← ${opt} rule(w, ∂C/∂w, η, state)`,
    announcement: `${opt} at learning rate ${fmt(lr)}: ${u0.tensors.length} tensors change, the largest change is ${fmt(biggest)}; this sample's loss goes from ${fmt(t.loss.perSample[0] as number)} to ${fmt(after.perSample[0] as number)} (${dl <= 0 ? 'down' : 'up'} ${fmt(Math.abs(dl))}).`,
    tables,
  };
}
