import { ConfigError } from '../core/errors.js';
import { Matrix } from '../core/matrix.js';
import { Dense } from '../nn/dense.js';
import { Dropout } from '../nn/dropout.js';
import type { Layer } from '../nn/layer.js';
import { Model } from '../nn/model.js';

/**
 * Merges N trained networks of one architecture (same inputs, layers, activations; trained on the
 * same encoded inputs) into ONE network N times as wide whose output is the members' average:
 * - first hidden layer: the members' weight matrices side by side (W = [W¹ … Wᴺ], b = [b¹ … bᴺ]),
 *   so member k's units see the inputs exactly as before;
 * - later hidden layers: block-diagonal (W = diag(W¹ … Wᴺ)), so member k's units see only member k's;
 * - output layer: the members' weight matrices stacked row-wise and divided by N, the biases
 *   averaged: z = Σₖ (hᵏ·Wᵏ + bᵏ)/N, the mean of the members' pre-activations.
 * For an identity output (regression) that is exactly the mean prediction; for softmax it is the
 * softmax of the mean logits (not the mean of the probabilities). Dropout layers keep their rate;
 * they do nothing at inference. The merged model is an ordinary Model: it saves, predicts and
 * exports as any other. With one member, a copy of it.
 */
export function mergeEnsemble(members: readonly Model[]): Model {
  const first = members[0];
  if (first === undefined) throw new ConfigError('mergeEnsemble: needs at least one model');
  const n = members.length;
  const shape = architecture(first);
  for (const m of members) {
    if (m.inputs !== first.inputs || m.dtype !== first.dtype || architecture(m) !== shape) {
      throw new ConfigError(`mergeEnsemble: every model needs the architecture of the first (${shape}), got ${architecture(m)}`);
    }
  }
  const denseCount = first.denseLayers().length;
  const layers: Layer[] = [];
  let dense = 0;
  for (const layer of first.layers) {
    const c = layer.config();
    if (c.type === 'dropout') {
      layers.push(new Dropout({ rate: c.rate }));
      continue;
    }
    const last = dense === denseCount - 1;
    layers.push(new Dense({ units: last ? c.units : c.units * n, activation: c.activation, useBias: c.useBias, l1: c.l1, l2: c.l2 }));
    dense++;
  }
  const merged = new Model({ inputs: first.inputs, layers, seed: first.seed, dtype: first.dtype, backend: first.backend, loss: first.loss });
  const parts = members.map((m) => m.denseLayers().map((d) => d.params()));
  const values: Matrix[] = [];
  merged.denseLayers().forEach((d, l) => {
    const [W, b] = d.params();
    const w = (W as { value: Matrix }).value;
    const out = new Float64Array(w.rows * w.cols);
    const bias = b === undefined ? null : new Float64Array(b.value.cols);
    for (let k = 0; k < n; k++) {
      const [Wk, bk] = (parts[k] as ReturnType<Dense['params']>[])[l] as ReturnType<Dense['params']>;
      const wk = (Wk as { value: Matrix }).value;
      const bkData = bk?.value.data;
      if (l === denseCount - 1) {
        // output: rows of member k's hidden units, divided by N; bias = mean of the biases
        const row0 = l === 0 ? 0 : k * wk.rows;
        for (let i = 0; i < wk.rows; i++) {
          for (let j = 0; j < wk.cols; j++) {
            if (l === 0) out[i * w.cols + j] = (out[i * w.cols + j] as number) + (wk.data[i * wk.cols + j] as number) / n;
            else out[(row0 + i) * w.cols + j] = (wk.data[i * wk.cols + j] as number) / n;
          }
        }
        if (bias !== null && bkData !== undefined) for (let j = 0; j < bias.length; j++) bias[j] = (bias[j] as number) + (bkData[j] as number) / n;
      } else {
        // hidden: member k's units are columns k·u … (k+1)·u − 1; its inputs all inputs (first) or its own block
        const row0 = l === 0 ? 0 : k * wk.rows;
        const col0 = k * wk.cols;
        for (let i = 0; i < wk.rows; i++) {
          for (let j = 0; j < wk.cols; j++) out[(row0 + i) * w.cols + col0 + j] = wk.data[i * wk.cols + j] as number;
        }
        if (bias !== null && bkData !== undefined) for (let j = 0; j < wk.cols; j++) bias[col0 + j] = bkData[j] as number;
      }
    }
    values.push(new Matrix(w.rows, w.cols, out));
    if (bias !== null) values.push(new Matrix(1, bias.length, bias));
  });
  merged.setWeights(values);
  return merged;
}

/** "4 → dense 8 relu → dropout 0.1 → dense 1 identity": what must match for a merge. */
function architecture(m: Model): string {
  const parts = m.layers.map((layer) => {
    const c = layer.config();
    return c.type === 'dropout' ? `dropout ${c.rate}` : `dense ${c.units} ${JSON.stringify(c.activation)}${c.useBias ? '' : ' nobias'}`;
  });
  return [String(m.inputs), ...parts].join(' → ');
}
