import asciichart from 'asciichart';
import type { HistoryPoint } from './model-file.js';

/** Most points drawn across (the chart is one column per point). */
const WIDTH = 60;

/** Every k-th value so that at most `width` remain (the last one always kept). */
export function downsample(values: readonly number[], width = WIDTH): number[] {
  if (values.length <= width) return [...values];
  const out: number[] = [];
  const step = (values.length - 1) / (width - 1);
  for (let i = 0; i < width; i++) out.push(values[Math.round(i * step)] as number);
  return out;
}

/**
 * The training and validation cost per epoch as a terminal line chart (asciichart), with a legend.
 * Colours only when `color` is set (a terminal). Returns '' when there are fewer than two epochs.
 */
export function costChart(history: readonly HistoryPoint[], color: boolean, height = 8): string {
  if (history.length < 2) return '';
  const train = downsample(history.map((h) => h.cost));
  const hasVal = history.every((h) => h.valCost !== null && Number.isFinite(h.valCost));
  const series = hasVal ? [train, downsample(history.map((h) => h.valCost as number))] : [train];
  const colors = color ? [asciichart.blue, asciichart.yellow] : [undefined, undefined];
  const chart = asciichart.plot(series, {
    height,
    colors,
    format: (v: number) => v.toPrecision(3).padStart(9),
  });
  const paint = (text: string, c: string | undefined): string => (c === undefined ? text : `${c}${text}${asciichart.reset}`);
  const legend =
    `  cost per epoch (1 … ${history.length}${history.length > WIDTH ? `, every ${((history.length - 1) / (WIDTH - 1)).toFixed(1)}th shown` : ''}):  ` +
    paint('── training', colors[0]) +
    (hasVal ? '   ' + paint('── validation', colors[1]) : '');
  return `${legend}\n${chart}`;
}
