import { classColor, css, diverging } from '../colors.js';
import type { PlaneData } from '../dataset.js';
import { fromPixel, nearestPoint, toPixel } from '../grid.js';
import { Heatmap, paintPrediction } from './heatmap.js';
import { fitToDisplay } from './canvas.js';

export interface PlaneOptions {
  showTest: boolean;
  discretize: boolean;
  /** the sample picked for step mode, −1 for none */
  selected: number;
}

/** Something shown on the plane instead of the prediction: a hovered neuron's output. */
export interface PlaneOverlay {
  label: string;
  paint(map: Heatmap): void;
}

/**
 * The input plane: the prediction as a background (decision boundary or regression surface), or a
 * hovered neuron's output; the training points (filled discs) and test points (white centre,
 * coloured ring). Clicking a point picks it for step mode.
 */
export class PlaneView {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly map = new Heatmap(50);
  private data: PlaneData | null = null;
  private lastOutput: Float32Array | null = null;
  private options: PlaneOptions = { showTest: true, discretize: false, selected: -1 };
  private overlay: PlaneOverlay | null = null;
  /** what an empty plane says */
  private empty = '';

  constructor(
    host: HTMLElement,
    private readonly onPick: (sample: number) => void,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.id = 'plane';
    this.canvas.className = 'plane';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Input plane with the model prediction and the data points; click a point to pick it for step mode');
    host.appendChild(this.canvas);
    this.ctx = this.canvas.getContext('2d') as CanvasRenderingContext2D;
    this.canvas.addEventListener('click', (e) => this.click(e));
    new ResizeObserver(() => this.redraw()).observe(this.canvas);
  }

  setData(data: PlaneData): void {
    this.data = data;
    this.lastOutput = null;
    this.empty = '';
    this.redraw();
  }

  /** No data: an empty plane with a line of text. */
  clear(text: string): void {
    this.data = null;
    this.lastOutput = null;
    this.overlay = null;
    this.empty = text;
    this.redraw();
  }

  setOptions(options: Partial<PlaneOptions>): void {
    this.options = { ...this.options, ...options };
    this.redraw();
  }

  /** Shows a neuron's output instead of the prediction (null: back to the prediction). */
  setOverlay(overlay: PlaneOverlay | null): void {
    this.overlay = overlay;
    if (overlay === null) delete this.canvas.dataset.showing;
    else this.canvas.dataset.showing = overlay.label;
    this.redraw();
  }

  /** A new prediction grid (the output layer's activations). */
  update(output: Float32Array, gridSize: number): void {
    this.lastOutput = output;
    this.map.resize(gridSize);
    this.redraw();
  }

  /** The pixel (in CSS pixels, relative to the canvas) of a sample: for tests and keyboard help. */
  pixelOf(sample: number): [number, number] {
    const d = this.data;
    if (d === null) return [0, 0];
    return toPixel(d.domain, this.canvas.clientWidth, this.canvas.clientHeight, d.x[2 * sample] as number, d.x[2 * sample + 1] as number);
  }

  redraw(): void {
    const d = this.data;
    const { w, h, ratio } = fitToDisplay(this.canvas);
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#f3f4f5';
    ctx.fillRect(0, 0, w, h);
    if (d === null) {
      ctx.fillStyle = '#5b6670';
      ctx.font = `${14 * ratio}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(this.empty, w / 2, h / 2);
      ctx.textAlign = 'start';
      return;
    }
    if (this.overlay !== null) {
      this.overlay.paint(this.map);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.map.canvas, 0, 0, w, h);
    } else if (this.lastOutput !== null) {
      paintPrediction(this.map, d, this.lastOutput, this.options.discretize);
      ctx.imageSmoothingEnabled = !this.options.discretize;
      ctx.drawImage(this.map.canvas, 0, 0, w, h);
    }
    const radius = Math.max(2.5, Math.min(w, h) / 110);
    const drawSet = (rows: Uint32Array, test: boolean): void => {
      for (let k = 0; k < rows.length; k++) {
        const i = rows[k] as number;
        const [px, py] = toPixel(d.domain, w, h, d.x[2 * i] as number, d.x[2 * i + 1] as number);
        drawMarker(ctx, px, py, radius, css(this.colorOf(i)), test, ratio);
      }
    };
    drawSet(d.train, false);
    if (this.options.showTest) drawSet(d.test, true);
    const s = this.options.selected;
    if (s >= 0 && s < d.y.length) {
      const [px, py] = toPixel(d.domain, w, h, d.x[2 * s] as number, d.x[2 * s + 1] as number);
      ctx.beginPath();
      ctx.arc(px, py, radius * 2.6, 0, 2 * Math.PI);
      ctx.lineWidth = 2.5 * ratio;
      ctx.strokeStyle = '#d0021b';
      ctx.stroke();
    }
    if (this.overlay !== null) {
      ctx.fillStyle = 'rgba(255,255,255,0.85)';
      ctx.font = `${12 * ratio}px system-ui, sans-serif`;
      const text = `showing ${this.overlay.label}`;
      ctx.fillRect(0, h - 20 * ratio, ctx.measureText(text).width + 12 * ratio, 20 * ratio);
      ctx.fillStyle = '#111';
      ctx.textBaseline = 'bottom';
      ctx.fillText(text, 6 * ratio, h - 4 * ratio);
    }
    // axis labels
    ctx.fillStyle = 'rgba(0,0,0,0.6)';
    ctx.font = `${11 * ratio}px system-ui, sans-serif`;
    ctx.textBaseline = 'bottom';
    ctx.fillText(`${d.featureNames[0]} →`, w - 70 * ratio, h - 4 * ratio);
    ctx.textBaseline = 'top';
    ctx.fillText(`↑ ${d.featureNames[1]}`, 4 * ratio, 4 * ratio);
  }

  private colorOf(i: number): readonly [number, number, number] {
    const d = this.data as PlaneData;
    const y = d.y[i] as number;
    if (d.task === 'regression') {
      const [lo, hi] = d.yRange;
      return diverging((2 * (y - lo)) / (hi - lo) - 1);
    }
    return classColor(y);
  }

  private click(e: MouseEvent): void {
    const d = this.data;
    if (d === null) return;
    const rect = this.canvas.getBoundingClientRect();
    const [x1, x2] = fromPixel(d.domain, rect.width, rect.height, e.clientX - rect.left, e.clientY - rect.top);
    const radius = (12 / rect.width) * (d.domain.xMax - d.domain.xMin);
    const rows = this.options.showTest ? Uint32Array.from([...d.train, ...d.test]) : d.train;
    const i = nearestPoint(d.x, rows, x1, x2, radius);
    if (i >= 0) this.onPick(i);
  }
}

/**
 * A data point: training points are filled discs with a dark rim; test points have a white centre
 * inside a thick ring of their colour, so the two stay apart on any background.
 */
export function drawMarker(ctx: CanvasRenderingContext2D, px: number, py: number, radius: number, color: string, test: boolean, ratio: number): void {
  ctx.beginPath();
  ctx.arc(px, py, radius, 0, 2 * Math.PI);
  if (test) {
    ctx.fillStyle = '#fff';
    ctx.fill();
    ctx.lineWidth = Math.max(2, radius * 0.75);
    ctx.strokeStyle = color;
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(px, py, radius + ctx.lineWidth / 2, 0, 2 * Math.PI);
    ctx.lineWidth = 0.8 * ratio;
    ctx.strokeStyle = 'rgba(0,0,0,0.7)';
    ctx.stroke();
    return;
  }
  ctx.fillStyle = color;
  ctx.fill();
  ctx.lineWidth = 0.9 * ratio;
  ctx.strokeStyle = 'rgba(0,0,0,0.65)';
  ctx.stroke();
}
