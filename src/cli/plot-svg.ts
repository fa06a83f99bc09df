import type { HistoryPoint } from './model-file.js';

/** What the SVG shows: the history and the name of the main metric. */
export interface CurvePlot {
  title: string;
  history: readonly HistoryPoint[];
  metric: 'accuracy' | 'r2';
}

const W = 960;
const H = 400;
const PANEL = { top: 64, bottom: 56, left: 72, right: 24 };
const COLORS = { train: '#1f77b4', validation: '#ff7f0e', grid: '#e5e5e5', axis: '#333', text: '#222' };

/**
 * Two side-by-side line charts as a standalone SVG document: the cost per epoch (training and
 * validation) and the main metric (accuracy in % or R²), each with axes, ticks, gridlines, axis
 * labels and a legend.
 */
export function curvesSvg(plot: CurvePlot): string {
  const epochs = plot.history.map((h) => h.epoch + 1);
  const panelWidth = W / 2;
  const metricName = plot.metric === 'accuracy' ? 'Accuracy (%)' : 'R²';
  const scale = plot.metric === 'accuracy' ? 100 : 1;
  const costPanel = panel({
    x0: 0,
    width: panelWidth,
    title: 'Cost',
    yLabel: 'cost',
    epochs,
    train: plot.history.map((h) => h.cost),
    validation: plot.history.map((h) => h.valCost),
  });
  const metricPanel = panel({
    x0: panelWidth,
    width: panelWidth,
    title: metricName,
    yLabel: metricName,
    epochs,
    train: plot.history.map((h) => (h.metric === null ? null : h.metric * scale)),
    validation: plot.history.map((h) => (h.valMetric === null ? null : h.valMetric * scale)),
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="17" font-weight="bold" fill="${COLORS.text}">${escape(plot.title)}</text>`,
    legend(W / 2 - 110, 44),
    costPanel,
    metricPanel,
    '</svg>',
    '',
  ].join('\n');
}

interface PanelSpec {
  x0: number;
  width: number;
  title: string;
  yLabel: string;
  epochs: number[];
  train: (number | null)[];
  validation: (number | null)[];
}

function panel(p: PanelSpec): string {
  const left = p.x0 + PANEL.left;
  const right = p.x0 + p.width - PANEL.right;
  const top = PANEL.top + 16;
  const bottom = H - PANEL.bottom;
  const values = [...p.train, ...p.validation].filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0 || p.epochs.length === 0) return '';
  const xTicks = niceTicks(Math.min(...p.epochs), Math.max(...p.epochs), 6, true);
  const yTicks = niceTicks(Math.min(...values), Math.max(...values), 5, false);
  const [xMin, xMax] = [xTicks[0] as number, xTicks[xTicks.length - 1] as number];
  const [yMin, yMax] = [yTicks[0] as number, yTicks[yTicks.length - 1] as number];
  const sx = (x: number): number => left + ((x - xMin) / Math.max(xMax - xMin, 1e-12)) * (right - left);
  const sy = (y: number): number => bottom - ((y - yMin) / Math.max(yMax - yMin, 1e-12)) * (bottom - top);
  const parts: string[] = [];
  parts.push(`<text x="${(left + right) / 2}" y="${top - 10}" text-anchor="middle" font-size="14" font-weight="bold" fill="${COLORS.text}">${escape(p.title)}</text>`);
  for (const t of yTicks) {
    const y = sy(t).toFixed(1);
    parts.push(`<line x1="${left}" x2="${right}" y1="${y}" y2="${y}" stroke="${COLORS.grid}"/>`);
    parts.push(`<text x="${left - 8}" y="${y}" dy="0.32em" text-anchor="end" font-size="11" fill="${COLORS.text}">${tickLabel(t)}</text>`);
  }
  for (const t of xTicks) {
    const x = sx(t).toFixed(1);
    parts.push(`<line x1="${x}" x2="${x}" y1="${bottom}" y2="${bottom + 5}" stroke="${COLORS.axis}"/>`);
    parts.push(`<text x="${x}" y="${bottom + 18}" text-anchor="middle" font-size="11" fill="${COLORS.text}">${tickLabel(t)}</text>`);
  }
  parts.push(`<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="${COLORS.axis}"/>`);
  parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${bottom}" stroke="${COLORS.axis}"/>`);
  parts.push(`<text x="${(left + right) / 2}" y="${H - 14}" text-anchor="middle" font-size="12" fill="${COLORS.text}">epoch</text>`);
  const cy = (top + bottom) / 2;
  parts.push(`<text x="${p.x0 + 18}" y="${cy}" text-anchor="middle" font-size="12" fill="${COLORS.text}" transform="rotate(-90 ${p.x0 + 18} ${cy})">${escape(p.yLabel)}</text>`);
  parts.push(polyline(p.epochs, p.train, sx, sy, COLORS.train, ''));
  parts.push(polyline(p.epochs, p.validation, sx, sy, COLORS.validation, ' stroke-dasharray="6 3"'));
  return parts.filter((s) => s !== '').join('\n');
}

function polyline(xs: number[], ys: (number | null)[], sx: (x: number) => number, sy: (y: number) => number, color: string, extra: string): string {
  const points: string[] = [];
  ys.forEach((y, i) => {
    if (y !== null && Number.isFinite(y)) points.push(`${sx(xs[i] as number).toFixed(1)},${sy(y).toFixed(1)}`);
  });
  if (points.length === 0) return '';
  if (points.length === 1) {
    const [x, y] = (points[0] as string).split(',');
    return `<circle cx="${x}" cy="${y}" r="3" fill="${color}"/>`;
  }
  return `<polyline fill="none" stroke="${color}" stroke-width="2"${extra} points="${points.join(' ')}"/>`;
}

function legend(x: number, y: number): string {
  return [
    `<line x1="${x}" x2="${x + 28}" y1="${y}" y2="${y}" stroke="${COLORS.train}" stroke-width="2"/>`,
    `<text x="${x + 34}" y="${y}" dy="0.32em" font-size="12" fill="${COLORS.text}">training</text>`,
    `<line x1="${x + 120}" x2="${x + 148}" y1="${y}" y2="${y}" stroke="${COLORS.validation}" stroke-width="2" stroke-dasharray="6 3"/>`,
    `<text x="${x + 154}" y="${y}" dy="0.32em" font-size="12" fill="${COLORS.text}">validation</text>`,
  ].join('\n');
}

/** Round tick values (1, 2, 2.5 or 5 × 10ᵏ apart) covering [min, max]; integers only when asked. */
export function niceTicks(min: number, max: number, count: number, integer: boolean): number[] {
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    [min, max] = [min - pad, max + pad];
  }
  const raw = (max - min) / Math.max(1, count - 1);
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  if (integer) step = Math.max(1, Math.round(step));
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let t = first; t < max + step * 0.999; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function tickLabel(v: number): string {
  if (v === 0) return '0';
  if (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3) return v.toExponential(1);
  return String(Number(v.toPrecision(6)));
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
