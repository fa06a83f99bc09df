import { classColor, css, diverging } from '../colors.js';
import type { PlaneData } from '../dataset.js';
import { fmt } from '../stages.js';
import { drawMarker } from './plane.js';

/** A CSS gradient through the diverging scale, orange (−1) … grey (0) … blue (+1). */
function scaleGradient(): string {
  const stops = [-1, -0.5, 0, 0.5, 1].map((t) => css(diverging(t)));
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

function swatch(color: string, text: string): HTMLElement {
  const item = document.createElement('span');
  item.className = 'key';
  const box = document.createElement('span');
  box.className = 'swatch';
  box.style.background = color;
  item.append(box, text);
  return item;
}

function marker(test: boolean, color: string, text: string): HTMLElement {
  const item = document.createElement('span');
  item.className = 'key';
  const c = document.createElement('canvas');
  const ratio = window.devicePixelRatio || 1;
  c.width = c.height = Math.round(16 * ratio);
  c.className = 'marker';
  const ctx = c.getContext('2d') as CanvasRenderingContext2D;
  drawMarker(ctx, 8 * ratio, 8 * ratio, 4.5 * ratio, color, test, ratio);
  item.append(c, text);
  return item;
}

function bar(lo: string, mid: string, hi: string, caption: string): HTMLElement {
  const item = document.createElement('span');
  item.className = 'key scale';
  const b = document.createElement('span');
  b.className = 'scale-bar';
  b.style.background = scaleGradient();
  const labels = document.createElement('span');
  labels.className = 'scale-labels';
  for (const t of [lo, mid, hi]) {
    const s = document.createElement('span');
    s.textContent = t;
    labels.appendChild(s);
  }
  const text = document.createElement('span');
  text.textContent = caption;
  const box = document.createElement('span');
  box.className = 'scale-box';
  box.append(b, labels);
  item.append(text, box);
  return item;
}

/** The plane's key: the class colours (or the target scale), and what filled and ringed dots mean. */
export function renderPlaneLegend(host: HTMLElement, data: Readonly<PlaneData>): void {
  const items: HTMLElement[] = [];
  if (data.task === 'regression') {
    const [lo, hi] = data.yRange;
    items.push(bar(fmt(lo, 2), fmt((lo + hi) / 2, 2), fmt(hi, 2), 'target / prediction'));
  } else {
    data.classes.forEach((name, k) => items.push(swatch(css(classColor(k)), data.task === 'binary' ? `class ${name}` : name)));
  }
  const c = data.task === 'regression' ? css(diverging(0.6)) : css(classColor(1));
  items.push(marker(false, c, 'training point'), marker(true, c, 'test point'));
  const picked = document.createElement('span');
  picked.className = 'key';
  picked.innerHTML = '<span class="picked-ring"></span>picked for Step';
  items.push(picked);
  host.replaceChildren(...items);
}

/** The graph's key: the neuron colour scale, link colours and widths, the bias square. */
export function renderGraphLegend(host: HTMLElement, data: Readonly<PlaneData>): void {
  const items: HTMLElement[] = [bar('−1', '0', '+1', 'neuron output')];
  items.push(swatch(css(diverging(1)), 'link w > 0'), swatch(css(diverging(-1)), 'link w < 0 (width ∝ |w|)'));
  const bias = document.createElement('span');
  bias.className = 'key';
  bias.innerHTML = '<span class="bias-key"></span>bias b (same colours)';
  items.push(bias);
  if (data.task === 'multiclass') items.push(swatch(css(classColor(0)), `output neuron k: probability of class k, in its colour`));
  else if (data.task === 'binary') items.push(swatch(css(classColor(1)), `output: p(class ${data.classes[1] ?? 1}), orange → blue`));
  host.replaceChildren(...items);
}
