import type { CostPoint } from '../trainer.js';
import { fitToDisplay } from './canvas.js';

/** Train and test cost per epoch, on a canvas; the latest values in the legend. */
export class CurvesView {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private points: CostPoint[] = [];

  constructor(host: HTMLElement) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'curves';
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Train and test cost per epoch');
    host.appendChild(this.canvas);
    this.ctx = this.canvas.getContext('2d') as CanvasRenderingContext2D;
    new ResizeObserver(() => this.draw()).observe(this.canvas);
  }

  add(points: readonly CostPoint[], reset: boolean): void {
    if (reset) this.points = [];
    this.points.push(...points);
    this.canvas.dataset.points = String(this.points.length);
    if (points.length > 0 || reset) this.draw();
  }

  draw(): void {
    const { w, h, ratio } = fitToDisplay(this.canvas);
    const ctx = this.ctx;
    ctx.clearRect(0, 0, w, h);
    const pts = this.points;
    const pad = { l: 40 * ratio, r: 8 * ratio, t: 18 * ratio, b: 16 * ratio };
    let top = 0;
    for (const p of pts) top = Math.max(top, Number.isFinite(p.train) ? p.train : 0, Number.isFinite(p.test) ? p.test : 0);
    top = top > 0 ? top * 1.05 : 1;
    const last = pts[pts.length - 1]?.epoch ?? 1;
    const xOf = (e: number) => pad.l + (e / Math.max(1, last)) * (w - pad.l - pad.r);
    const yOf = (v: number) => pad.t + (1 - Math.min(v, top) / top) * (h - pad.t - pad.b);
    ctx.strokeStyle = '#ccc';
    ctx.lineWidth = ratio;
    ctx.beginPath();
    ctx.moveTo(pad.l, pad.t);
    ctx.lineTo(pad.l, h - pad.b);
    ctx.lineTo(w - pad.r, h - pad.b);
    ctx.stroke();
    ctx.fillStyle = '#555';
    ctx.font = `${10 * ratio}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    ctx.fillText(top.toPrecision(2), 2 * ratio, pad.t);
    ctx.fillText('0', 2 * ratio, h - pad.b);
    ctx.textBaseline = 'bottom';
    ctx.fillText(`epoch ${last}`, w - pad.r - 60 * ratio, h);
    const line = (key: 'train' | 'test', color: string, dash: number[]) => {
      ctx.strokeStyle = color;
      ctx.lineWidth = 2 * ratio;
      ctx.setLineDash(dash.map((d) => d * ratio));
      ctx.beginPath();
      pts.forEach((p, k) => (k === 0 ? ctx.moveTo(xOf(p.epoch), yOf(p[key])) : ctx.lineTo(xOf(p.epoch), yOf(p[key]))));
      ctx.stroke();
      ctx.setLineDash([]);
    };
    line('train', '#333', []);
    line('test', '#d0021b', [5, 3]);
    const tail = pts[pts.length - 1];
    ctx.textBaseline = 'top';
    ctx.fillStyle = '#333';
    ctx.fillText(`— train ${tail === undefined ? '' : tail.train.toFixed(3)}`, pad.l + 6 * ratio, 2 * ratio);
    ctx.fillStyle = '#d0021b';
    ctx.fillText(`- - test ${tail === undefined ? '' : tail.test.toFixed(3)}`, pad.l + 110 * ratio, 2 * ratio);
  }
}
