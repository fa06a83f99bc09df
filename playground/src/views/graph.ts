import { css, diverging, NEGATIVE, POSITIVE } from '../colors.js';
import type { PlaneData } from '../dataset.js';
import { expandFeatures, featureLabel } from '../features.js';
import { fmt } from '../stages.js';
import { gridInputs, neuronColumn } from '../grid.js';
import type { Snapshot } from '../protocol.js';
import { INPUT_FEATURES, type InputFeature } from '../state.js';
import { Heatmap, paintNeuron } from './heatmap.js';

const NODE = 40;
const GAP = 14;
/** how near (CSS px) the pointer must be to a link to pick it */
const LINK_HIT = 5;
/** room on the left for the input names */
const GUTTER = 44;

interface NodeView {
  el: HTMLDivElement;
  map: Heatmap;
  value: HTMLSpanElement;
  bias: HTMLSpanElement | null;
  x: number;
  y: number;
}

/** One link: layer l's weight W[i][j], from node `from` of column l to node j of column l + 1. */
export interface LinkRef {
  layer: number;
  i: number;
  j: number;
}

/** What the graph tells the page. */
export interface GraphEvents {
  /** the pointer is over a neuron (column 0 = inputs, by INPUT_FEATURES index), or left it (null) */
  hoverNeuron(target: { column: number; unit: number; label: string; values: Float32Array } | null): void;
  /** the user typed a new value for a weight */
  editWeight(link: LinkRef, value: number): void;
  /** an input was clicked: switch it on or off */
  toggleInput(feature: InputFeature): void;
}

/**
 * The network graph: one column per layer (all seven inputs first, the unused ones faded), each
 * neuron a small heat map of its output over the input plane with its bias as a small square, each
 * link a curve whose width and colour show its weight (blue positive, orange negative). Hovering a
 * neuron shows its output on the big plane; hovering a link shows its weight; clicking one edits it.
 * In step mode the neurons show a number (a, or δ) and, in the update stage, the links that
 * changed are drawn by |Δw|.
 */
export class GraphView {
  private readonly root: HTMLDivElement;
  /** the links, drawn on one canvas (cheaper to repaint every frame than SVG paths) */
  private readonly linkCanvas: HTMLCanvasElement;
  private readonly linkCtx: CanvasRenderingContext2D;
  private readonly tip: HTMLDivElement;
  private readonly editor: HTMLInputElement;
  private columns: NodeView[][] = [];
  private size = { width: 0, height: 0 };
  private shape = '';
  private data: PlaneData | null = null;
  /** all seven input features over the grid (size² × 7), for the input neurons, on or off */
  private inputGrid: Float32Array | null = null;
  private active: InputFeature[] = ['x1', 'x2'];
  private last: Snapshot | null = null;
  /** |Δw| per layer, row-major like W, while the update stage is shown */
  private changes: number[][][] | null = null;
  private hovered: { column: number; unit: number } | null = null;
  private editing: LinkRef | null = null;

  constructor(host: HTMLElement, private readonly events: GraphEvents) {
    this.root = document.createElement('div');
    this.root.className = 'graph';
    this.root.setAttribute('role', 'group');
    this.linkCanvas = document.createElement('canvas');
    this.linkCanvas.className = 'links';
    this.linkCanvas.setAttribute('aria-hidden', 'true');
    this.linkCtx = this.linkCanvas.getContext('2d') as CanvasRenderingContext2D;
    this.tip = document.createElement('div');
    this.tip.className = 'graph-tip';
    this.tip.id = 'graph-tip';
    this.tip.hidden = true;
    this.editor = document.createElement('input');
    this.editor.type = 'number';
    this.editor.step = 'any';
    this.editor.id = 'weight-editor';
    this.editor.className = 'weight-editor';
    this.editor.hidden = true;
    this.root.append(this.linkCanvas, this.tip, this.editor);
    host.appendChild(this.root);
    this.root.addEventListener('mousemove', (e) => this.pointer(e));
    this.root.addEventListener('mouseleave', () => this.hideTip());
    this.root.addEventListener('click', (e) => this.click(e));
    this.editor.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.commitEdit();
      else if (e.key === 'Escape') this.closeEditor();
      else return;
      e.preventDefault();
      e.stopPropagation();
    });
    this.editor.addEventListener('blur', () => this.closeEditor());
  }

  setData(data: PlaneData): void {
    this.data = data;
    this.inputGrid = null;
    this.shape = '';
  }

  /** The inputs switched on. */
  setInputs(active: readonly InputFeature[]): void {
    this.active = [...active];
    this.shape = '';
  }

  /** Rebuilds the columns if the architecture changed, then draws weights, biases and heat maps. */
  update(snap: Snapshot, discretize: boolean): void {
    const data = this.data;
    if (data === null) return;
    this.last = snap;
    const widths = [INPUT_FEATURES.length, ...snap.layers.map((l) => l.units)];
    const shape = `${widths.join('-')}:${this.active.join(',')}`;
    if (shape !== this.shape) {
      this.build(widths, snap);
      this.inputGrid = null;
    }
    this.drawLinks(snap);
    if (this.inputGrid === null || this.inputGrid.length !== snap.gridSize * snap.gridSize * INPUT_FEATURES.length) {
      this.inputGrid = Float32Array.from(expandFeatures(gridInputs(data.domain, snap.gridSize), INPUT_FEATURES));
      (this.columns[0] as NodeView[]).forEach((node, f) => {
        node.map.resize(snap.gridSize);
        node.map.autoscaled(neuronColumn(this.inputGrid as Float32Array, INPUT_FEATURES.length, f));
      });
    }
    snap.layers.forEach((layer, l) => {
      const g = snap.grids[l] as Float32Array;
      const last = l === snap.layers.length - 1;
      (this.columns[l + 1] as NodeView[]).forEach((node, j) => {
        node.map.resize(snap.gridSize);
        paintNeuron(node.map, data, neuronColumn(g, layer.units, j), layer.activation, last, j, discretize);
        const b = layer.b?.[j];
        if (node.bias !== null && b !== undefined) {
          node.bias.style.background = css(diverging(Math.max(-1, Math.min(1, b))));
          node.bias.title = `bias b = ${fmt(b)}`;
        }
      });
    });
    if (this.hovered !== null) this.emitHover(this.hovered.column, this.hovered.unit);
  }

  /** Numbers under the neurons (per network column, inputs first, active inputs only), or null to hide them. */
  setValues(values: (readonly number[])[] | null, label = 'a'): void {
    this.columns.forEach((col, c) =>
      col.forEach((node, j) => {
        const k = c === 0 ? this.active.indexOf(INPUT_FEATURES[j] as InputFeature) : j;
        const v = k < 0 ? undefined : values?.[c]?.[k];
        node.value.textContent = v === undefined ? '' : `${label} ${fmt(v)}`;
        node.value.title = v === undefined ? '' : `${label} = ${v}`;
        node.el.classList.toggle('lit', v !== undefined);
      }),
    );
  }

  /** Draws the links by |Δw| (the update stage), or back by weight (null). */
  setChanges(changes: number[][][] | null): void {
    this.changes = changes;
    if (this.last !== null) this.drawLinks(this.last);
  }

  /** The network column of an input feature's node (for tests: its centre in page coordinates). */
  nodeCentre(column: number, unit: number): [number, number] | null {
    const n = this.columns[column]?.[unit];
    if (n === undefined) return null;
    const r = this.root.getBoundingClientRect();
    return [r.left + n.x, r.top + n.y];
  }

  /** Centre of a link's curve in page coordinates. */
  linkCentre(link: LinkRef): [number, number] | null {
    const p = this.curve(link);
    if (p === null) return null;
    const [x, y] = bezier(p, 0.5);
    const r = this.root.getBoundingClientRect();
    return [r.left + x, r.top + y];
  }

  /** Row i of layer 0's W is the i-th active input; its node is that feature's place in INPUT_FEATURES. */
  private fromNode(layer: number, i: number): NodeView | undefined {
    if (layer > 0) return this.columns[layer]?.[i];
    return this.columns[0]?.[INPUT_FEATURES.indexOf(this.active[i] as InputFeature)];
  }

  private curve(link: LinkRef): [number, number, number, number] | null {
    const a = this.fromNode(link.layer, link.i);
    const b = this.columns[link.layer + 1]?.[link.j];
    if (a === undefined || b === undefined) return null;
    return [a.x + NODE / 2, a.y, b.x - NODE / 2, b.y];
  }

  /** Links as curves: width ∝ |w| (capped), blue for w ≥ 0, orange for w < 0; or by |Δw| in red. */
  private drawLinks(snap: Snapshot): void {
    const ctx = this.linkCtx;
    const ratio = this.linkCanvas.width / Math.max(1, this.size.width);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, this.size.width, this.size.height);
    let biggest = 0;
    for (const layer of this.changes ?? []) for (const r of layer) for (const c of r) biggest = Math.max(biggest, c);
    snap.layers.forEach((layer, l) => {
      for (let i = 0; i < layer.inputs; i++) {
        for (let j = 0; j < layer.units; j++) {
          const p = this.curve({ layer: l, i, j });
          if (p === null) continue;
          const w = layer.W[i * layer.units + j] as number;
          const [x0, y0, x1, y1] = p;
          const mid = (x0 + x1) / 2;
          ctx.beginPath();
          ctx.moveTo(x0, y0);
          ctx.bezierCurveTo(mid, y0, mid, y1, x1, y1);
          if (this.changes !== null) {
            const c = biggest > 0 ? (this.changes[l]?.[i]?.[j] ?? 0) / biggest : 0;
            ctx.lineWidth = 0.5 + 6 * c;
            ctx.strokeStyle = c > 0 ? `rgba(208,2,27,${0.25 + 0.75 * c})` : 'rgba(150,150,150,0.35)';
          } else {
            ctx.lineWidth = Math.min(7, 0.4 + 1.6 * Math.abs(w));
            ctx.strokeStyle = css(w >= 0 ? POSITIVE : NEGATIVE, Math.min(1, 0.25 + Math.abs(w)));
          }
          ctx.stroke();
        }
      }
    });
  }

  /** The link nearest to a point (root coordinates) within LINK_HIT px, by sampling each curve. */
  private linkAt(x: number, y: number): LinkRef | null {
    const snap = this.last;
    if (snap === null) return null;
    let best: LinkRef | null = null;
    let bestD = LINK_HIT * LINK_HIT;
    snap.layers.forEach((layer, l) => {
      for (let i = 0; i < layer.inputs; i++) {
        for (let j = 0; j < layer.units; j++) {
          const p = this.curve({ layer: l, i, j });
          if (p === null || x < p[0] || x > p[2]) continue;
          for (let s = 0; s <= 24; s++) {
            const [bx, by] = bezier(p, s / 24);
            const d = (bx - x) ** 2 + (by - y) ** 2;
            if (d < bestD) {
              bestD = d;
              best = { layer: l, i, j };
            }
          }
        }
      }
    });
    return best;
  }

  private linkName(link: LinkRef): string {
    const names = this.data?.featureNames ?? ['x1', 'x2'];
    const from = link.layer === 0 ? featureLabel(this.active[link.i] as InputFeature, names) : `${this.columnName(link.layer)} neuron ${link.i + 1}`;
    return `${from} → ${this.columnName(link.layer + 1)} neuron ${link.j + 1}`;
  }

  private columnName(c: number): string {
    const layers = this.last?.layers.length ?? 0;
    return c === 0 ? 'input' : c === layers ? 'output' : `hidden ${c}`;
  }

  private weightOf(link: LinkRef): number {
    const layer = this.last?.layers[link.layer];
    return layer === undefined ? Number.NaN : (layer.W[link.i * layer.units + link.j] as number);
  }

  private local(e: MouseEvent): [number, number] {
    const r = this.root.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  private pointer(e: MouseEvent): void {
    if ((e.target as HTMLElement).closest('.node') !== null || e.target === this.editor) return;
    const [x, y] = this.local(e);
    const link = this.linkAt(x, y);
    if (link === null) {
      this.hideTip();
      return;
    }
    this.tip.textContent = `${this.linkName(link)}: w = ${fmt(this.weightOf(link), 6)} (click to edit)`;
    this.tip.style.left = `${Math.min(x + 12, this.size.width - 200)}px`;
    this.tip.style.top = `${y + 12}px`;
    this.tip.hidden = false;
    this.linkCanvas.style.cursor = 'pointer';
  }

  private hideTip(): void {
    this.tip.hidden = true;
  }

  private click(e: MouseEvent): void {
    if ((e.target as HTMLElement).closest('.node') !== null || e.target === this.editor) return;
    const [x, y] = this.local(e);
    const link = this.linkAt(x, y);
    if (link === null) return;
    this.hideTip();
    this.editing = link;
    this.editor.value = String(Number(this.weightOf(link).toPrecision(6)));
    this.editor.setAttribute('aria-label', `Weight ${this.linkName(link)}`);
    this.editor.style.left = `${Math.min(x, this.size.width - 110)}px`;
    this.editor.style.top = `${Math.max(0, y - 14)}px`;
    this.editor.hidden = false;
    this.editor.focus();
    this.editor.select();
  }

  private commitEdit(): void {
    const link = this.editing;
    const v = Number(this.editor.value);
    if (link !== null && this.editor.value.trim() !== '' && Number.isFinite(v)) this.events.editWeight(link, v);
    this.closeEditor();
  }

  private closeEditor(): void {
    this.editing = null;
    this.editor.hidden = true;
  }

  private emitHover(column: number, unit: number): void {
    const snap = this.last;
    const names = this.data?.featureNames ?? ['x1', 'x2'];
    if (snap === null) return;
    if (column === 0) {
      const f = INPUT_FEATURES[unit] as InputFeature;
      if (this.inputGrid === null) return;
      this.events.hoverNeuron({ column, unit, label: `input ${featureLabel(f, names)}`, values: neuronColumn(this.inputGrid, INPUT_FEATURES.length, unit) });
      return;
    }
    const layer = snap.layers[column - 1];
    const g = snap.grids[column - 1];
    if (layer === undefined || g === undefined) return;
    this.events.hoverNeuron({ column, unit, label: `${this.columnName(column)} neuron ${unit + 1}`, values: neuronColumn(g, layer.units, unit) });
  }

  private build(widths: number[], snap: Snapshot): void {
    this.shape = `${widths.join('-')}:${this.active.join(',')}`;
    for (const col of this.columns) for (const n of col) n.el.remove();
    const tallest = Math.max(...widths);
    const height = tallest * (NODE + GAP) + GAP + 10;
    const host = this.root.parentElement;
    const width = Math.max(GUTTER + widths.length * 58, Math.min(640, Math.max(300, (host?.clientWidth ?? 480) - 8)));
    this.root.style.height = `${height}px`;
    this.root.style.width = `${width}px`;
    const ratio = window.devicePixelRatio || 1;
    this.linkCanvas.width = Math.round(width * ratio);
    this.linkCanvas.height = Math.round(height * ratio);
    this.linkCanvas.style.width = `${width}px`;
    this.linkCanvas.style.height = `${height}px`;
    this.size = { width, height };
    const names = this.data?.featureNames ?? ['x1', 'x2'];
    this.root.setAttribute('aria-label', `Network graph: inputs ${this.active.map((f) => featureLabel(f, names)).join(', ')} → ${snap.layers.map((l) => l.units).join(' → ')} neurons`);
    this.columns = widths.map((count, c) => {
      const x = GUTTER + (c * (width - GUTTER - 6 - NODE)) / (widths.length - 1);
      const top = (height - count * (NODE + GAP) + GAP) / 2;
      return Array.from({ length: count }, (_, j) => {
        const el = document.createElement('div');
        el.className = 'node';
        el.dataset.column = String(c);
        el.dataset.unit = String(j);
        el.style.left = `${x}px`;
        el.style.top = `${top + j * (NODE + GAP)}px`;
        const map = new Heatmap(snap.gridSize);
        el.appendChild(map.canvas);
        const value = document.createElement('span');
        value.className = 'value';
        el.appendChild(value);
        let bias: HTMLSpanElement | null = null;
        if (c === 0) {
          const f = INPUT_FEATURES[j] as InputFeature;
          const on = this.active.includes(f);
          const label = featureLabel(f, names);
          el.classList.toggle('off', !on);
          el.tabIndex = 0;
          el.setAttribute('role', 'switch');
          el.setAttribute('aria-checked', String(on));
          el.setAttribute('aria-label', `input ${label}`);
          el.title = `input ${label}: click to switch ${on ? 'off' : 'on'}`;
          const name = document.createElement('span');
          name.className = 'input-name';
          name.textContent = label;
          el.appendChild(name);
          const toggle = () => this.events.toggleInput(f);
          el.addEventListener('click', toggle);
          el.addEventListener('keydown', (e) => {
            if (e.key !== 'Enter' && e.key !== ' ') return;
            e.preventDefault();
            toggle();
          });
        } else {
          el.title = `${this.columnName(c)}, neuron ${j + 1}: its output over the plane (hover to see it large)`;
          if (snap.layers[c - 1]?.b !== null) {
            bias = document.createElement('span');
            bias.className = 'bias';
            el.appendChild(bias);
          }
        }
        el.addEventListener('mouseenter', () => {
          this.hovered = { column: c, unit: j };
          this.emitHover(c, j);
        });
        el.addEventListener('mouseleave', () => {
          this.hovered = null;
          this.events.hoverNeuron(null);
        });
        this.root.appendChild(el);
        return { el, map, value, bias, x: x + NODE / 2, y: top + j * (NODE + GAP) + NODE / 2 };
      });
    });
  }
}

/** A point of the link curve (x0, y0) → (x1, y1) with both control points at the middle x, at t ∈ [0, 1]. */
function bezier(p: readonly [number, number, number, number], t: number): [number, number] {
  const [x0, y0, x1, y1] = p;
  const mid = (x0 + x1) / 2;
  const u = 1 - t;
  // B(t) = u³P₀ + 3u²tP₁ + 3ut²P₂ + t³P₃
  const x = u * u * u * x0 + 3 * u * u * t * mid + 3 * u * t * t * mid + t * t * t * x1;
  const y = u * u * u * y0 + 3 * u * u * t * y0 + 3 * u * t * t * y1 + t * t * t * y1;
  return [x, y];
}
