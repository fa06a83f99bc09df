import { classColor, maxAbs, paintClasses, paintDiverging, paintShade, type Rgb } from '../colors.js';
import type { PlaneData } from '../dataset.js';

/** A small off-screen canvas holding one heat map at grid resolution, drawn scaled up where needed. */
export class Heatmap {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private image: ImageData;

  constructor(size: number) {
    this.canvas = document.createElement('canvas');
    this.canvas.width = size;
    this.canvas.height = size;
    this.ctx = this.canvas.getContext('2d') as CanvasRenderingContext2D;
    this.image = this.ctx.createImageData(size, size);
  }

  resize(size: number): void {
    if (this.canvas.width === size) return;
    this.canvas.width = size;
    this.canvas.height = size;
    this.image = this.ctx.createImageData(size, size);
  }

  /** Values already in [−1, 1] (or scaled to it by `scale`). */
  diverging(values: ArrayLike<number>, scale = 1, discretize = false): void {
    paintDiverging(this.image.data, values, scale, discretize);
    this.ctx.putImageData(this.image, 0, 0);
  }

  /** Values of any range: scaled by their largest magnitude. */
  autoscaled(values: ArrayLike<number>): void {
    this.diverging(values, 1 / maxAbs(values));
  }

  /** Values in [0, 1]: light grey … colour. */
  shade(values: ArrayLike<number>, color: Rgb, discretize = false): void {
    paintShade(this.image.data, values, color, discretize);
    this.ctx.putImageData(this.image, 0, 0);
  }

  classes(probs: ArrayLike<number>, classes: number, discretize = false): void {
    paintClasses(this.image.data, probs, classes, discretize);
    this.ctx.putImageData(this.image, 0, 0);
  }
}

/**
 * Paints the model's prediction over the plane: class regions for classification (probability of
 * class 1 for a binary output), the predicted value for regression (on the targets' range).
 */
export function paintPrediction(map: Heatmap, data: Readonly<PlaneData>, output: Float32Array, discretize: boolean): void {
  if (data.task === 'multiclass') {
    map.classes(output, data.classes.length, discretize);
    return;
  }
  const n = output.length;
  const t = new Float32Array(n);
  if (data.task === 'binary') {
    // p ∈ [0, 1] → 2p − 1 ∈ [−1, 1]
    for (let i = 0; i < n; i++) t[i] = 2 * (output[i] as number) - 1;
  } else {
    const [lo, hi] = data.yRange;
    for (let i = 0; i < n; i++) t[i] = (2 * ((output[i] as number) - lo)) / (hi - lo) - 1;
  }
  map.diverging(t, 1, discretize);
}

/**
 * One neuron's output over the plane, in the colours the legend explains: an output neuron in
 * the prediction's colours (class j's colour for a multi-class output, so the plane and the graph
 * agree); tanh on −1 … 1, sigmoid on 0 … 1, any other activation scaled by its largest |value|.
 */
export function paintNeuron(map: Heatmap, data: Readonly<PlaneData>, values: Float32Array, activation: string, output: boolean, unit: number, discretize: boolean): void {
  if (output) {
    if (data.task === 'multiclass') map.shade(values, classColor(unit), discretize);
    else paintPrediction(map, data, values, discretize);
    return;
  }
  if (activation === 'tanh') map.diverging(values);
  else if (activation === 'sigmoid') map.diverging(values.map((v) => 2 * v - 1));
  else map.autoscaled(values);
}
