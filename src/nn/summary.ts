import type { Layer } from './layer.js';

/** One row of the architecture table. */
export interface SummaryRow {
  /** 1-based position in the stack */
  readonly index: number;
  readonly name: string;
  readonly type: string;
  readonly units: number;
  /** activation name ('—' for layers without one) */
  readonly activation: string;
  /** [inputs, units] for dense layers, null otherwise */
  readonly weightShape: readonly [number, number] | null;
  /** [units] for dense layers with bias, null otherwise */
  readonly biasShape: readonly [number] | null;
  readonly params: number;
}

export interface ModelSummary {
  readonly inputs: number;
  readonly rows: readonly SummaryRow[];
  readonly totalParams: number;
  /** The table as text, ready to print. */
  readonly text: string;
}

export function summarize(inputs: number, layers: readonly Layer[]): ModelSummary {
  const rows: SummaryRow[] = layers.map((layer, i) => {
    const params = layer.params();
    const W = params[0];
    const b = params[1];
    const config = layer.config();
    const activation = config.type === 'dense' ? (typeof config.activation === 'string' ? config.activation : `${config.activation.name}(α=${config.activation.alpha ?? ''})`) : `rate ${config.rate}`;
    return {
      index: i + 1,
      name: layer.name,
      type: layer.type,
      units: layer.outputWidth,
      activation,
      weightShape: W === undefined ? null : [W.value.rows, W.value.cols],
      biasShape: b === undefined ? null : [b.value.cols],
      params: params.reduce((s, p) => s + p.value.size, 0),
    };
  });
  const totalParams = rows.reduce((s, r) => s + r.params, 0);
  return { inputs, rows, totalParams, text: render(inputs, rows, totalParams) };
}

function render(inputs: number, rows: readonly SummaryRow[], total: number): string {
  const header = ['Layer', 'Type', 'Units', 'Activation', 'Weights W', 'Bias b', 'Params'];
  const body = rows.map((r) => [
    `${r.index} ${r.name}`,
    r.type,
    String(r.units),
    r.activation,
    r.weightShape === null ? '—' : `${r.weightShape[0]}×${r.weightShape[1]}`,
    r.biasShape === null ? '—' : String(r.biasShape[0]),
    r.params.toLocaleString('en-US'),
  ]);
  const table = [header, ...body];
  const widths = header.map((_, c) => Math.max(...table.map((row) => (row[c] as string).length)));
  const line = (row: string[]): string =>
    row.map((cell, c) => (c >= 2 && c !== 3 ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number))).join('  ').trimEnd();
  const rule = '─'.repeat(widths.reduce((s, w) => s + w, 0) + 2 * (widths.length - 1));
  return [
    `Input: ${inputs} features`,
    line(header),
    rule,
    ...body.map(line),
    rule,
    `Total parameters: ${total.toLocaleString('en-US')}`,
  ].join('\n');
}
