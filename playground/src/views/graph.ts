import { css, NEGATIVE, POSITIVE } from '../colors.js';
import type { PlaneData } from '../dataset.js';
import { fmt } from '../stages.js';
import { gridInputs, neuronColumn } from '../grid.js';
import type { Snapshot } from '../protocol.js';
import { Heatmap, paintPrediction } from './heatmap.js';

const NODE = 40;
const GAP = 14;

interface NodeView {
  el: HTMLDivElement;
  map: Heatmap;
  value: HTMLSpanElement;
  x: number;
  y: number;
}

/**
 * The network graph: one column per layer (inputs first), each neuron a small heat map of its
 * output over the input plane, each link a curve whose width and colour show its weight
 * (blue positive, orange negative). In step mode each neuron also shows a number (a, or δ).
 */
export class GraphView {
  private readonly root: HTMLDivElement;
  /** the links, drawn on one canvas (cheaper to repaint every frame than SVG paths) */
  private readonly linkCanvas: HTMLCanvasElement;
  private readonly linkCtx: CanvasRenderingContext2D;
  private columns: NodeView[][] = [];
  private size = { width: 0, height: 0 };
  private shape = '';
  private data: PlaneData | null = null;
  private inputGrid: Float32Array | null = null;

  constructor(host: HTMLElement) {
    this.root = document.createElement('div');
    this.root.className = 'graph';
    this.root.setAttribute('role', 'img');
    this.linkCanvas = document.createElement('canvas');
    this.linkCanvas.className = 'links';
    this.linkCtx = this.linkCanvas.getContext('2d') as CanvasRenderingContext2D;
    this.root.appendChild(this.linkCanvas);
    host.appendChild(this.root);
  }

  setData(data: PlaneData): void {
    this.data = data;
    this.inputGrid = null;
  }

  /** Rebuilds the columns if the architecture changed, then draws weights and heat maps. */
  update(snap: Snapshot, discretize: boolean): void {
    const data = this.data;
    if (data === null) return;
    const widths = [2, ...snap.layers.map((l) => l.units)];
    const shape = widths.join('-');
    if (shape !== this.shape) this.build(widths, snap);
    this.root.setAttribute('aria-label', `Network graph, ${widths.join(' → ')} neurons`);
    this.drawLinks(snap);
    // input neurons: x1 and x2 themselves
    if (this.inputGrid === null || this.inputGrid.length !== snap.gridSize * snap.gridSize * 2) this.inputGrid = gridInputs(data.domain, snap.gridSize);
    const inputs = this.columns[0] as NodeView[];
    inputs.forEach((node, j) => {
      node.map.resize(snap.gridSize);
      node.map.autoscaled(neuronColumn(this.inputGrid as Float32Array, 2, j));
    });
    // hidden and output neurons
    snap.layers.forEach((layer, l) => {
      const grid = snap.grids[l] as Float32Array;
      const last = l === snap.layers.length - 1;
      (this.columns[l + 1] as NodeView[]).forEach((node, j) => {
        node.map.resize(snap.gridSize);
        if (last && layer.units === 1) {
          paintPrediction(node.map, data, grid, discretize);
          return;
        }
        const values = neuronColumn(grid, layer.units, j);
        if (layer.activation === 'tanh') node.map.diverging(values);
        else if (layer.activation === 'sigmoid' || layer.activation === 'softmax') node.map.diverging(values.map((v) => 2 * v - 1));
        else node.map.autoscaled(values);
      });
    });
  }

  /** Numbers under the neurons (per column, inputs first), or null to hide them. */
  setValues(values: (readonly number[])[] | null, label = 'a'): void {
    this.columns.forEach((col, c) =>
      col.forEach((node, j) => {
        const v = values?.[c]?.[j];
        node.value.textContent = v === undefined ? '' : fmt(v);
        node.value.title = v === undefined ? '' : `${label} = ${v}`;
        node.el.classList.toggle('lit', v !== undefined);
      }),
    );
  }

  /** Links as curves: width ∝ |w| (capped), blue for w ≥ 0, orange for w < 0. */
  private drawLinks(snap: Snapshot): void {
    const ctx = this.linkCtx;
    const ratio = this.linkCanvas.width / Math.max(1, this.size.width);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, this.size.width, this.size.height);
    snap.layers.forEach((layer, l) => {
      const from = this.columns[l] as NodeView[];
      const to = this.columns[l + 1] as NodeView[];
      for (let i = 0; i < layer.inputs; i++) {
        for (let j = 0; j < layer.units; j++) {
          const w = layer.W[i * layer.units + j] as number;
          const a = from[i] as NodeView;
          const b = to[j] as NodeView;
          const x0 = a.x + NODE / 2;
          const x1 = b.x - NODE / 2;
          const mid = (x0 + x1) / 2;
          ctx.beginPath();
          ctx.moveTo(x0, a.y);
          ctx.bezierCurveTo(mid, a.y, mid, b.y, x1, b.y);
          ctx.lineWidth = Math.min(7, 0.4 + 1.6 * Math.abs(w));
          ctx.strokeStyle = css(w >= 0 ? POSITIVE : NEGATIVE, Math.min(1, 0.25 + Math.abs(w)));
          ctx.stroke();
        }
      }
    });
  }

  private build(widths: number[], snap: Snapshot): void {
    this.shape = widths.join('-');
    for (const col of this.columns) for (const n of col) n.el.remove();
    const tallest = Math.max(...widths);
    const height = tallest * (NODE + GAP) + GAP + 10;
    const host = this.root.parentElement;
    const width = Math.max(widths.length * 62, Math.min(640, Math.max(300, (host?.clientWidth ?? 480) - 8)));
    this.root.style.height = `${height}px`;
    this.root.style.width = `${width}px`;
    const ratio = window.devicePixelRatio || 1;
    this.linkCanvas.width = Math.round(width * ratio);
    this.linkCanvas.height = Math.round(height * ratio);
    this.linkCanvas.style.width = `${width}px`;
    this.linkCanvas.style.height = `${height}px`;
    this.size = { width, height };
    const names = ['input', ...snap.layers.map((l, i) => (i === snap.layers.length - 1 ? 'output' : `hidden ${i + 1} (${l.activation})`))];
    this.columns = widths.map((count, c) => {
      const x = 6 + (c * (width - 12 - NODE)) / (widths.length - 1);
      const top = (height - count * (NODE + GAP) + GAP) / 2;
      return Array.from({ length: count }, (_, j) => {
        const el = document.createElement('div');
        el.className = 'node';
        el.style.left = `${x}px`;
        el.style.top = `${top + j * (NODE + GAP)}px`;
        const map = new Heatmap(snap.gridSize);
        el.appendChild(map.canvas);
        const value = document.createElement('span');
        value.className = 'value';
        el.appendChild(value);
        const data = this.data;
        el.title = c === 0 ? `input ${data?.featureNames[j] ?? `x${j + 1}`}` : `${names[c]}, neuron ${j + 1}: output over the plane`;
        this.root.appendChild(el);
        return { el, map, value, x: x + NODE / 2, y: top + j * (NODE + GAP) + NODE / 2 };
      });
    });
  }
}
