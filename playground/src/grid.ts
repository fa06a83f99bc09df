import { Dense, Matrix, type Model } from '../../src/index.js';
import type { Domain } from './dataset.js';

/**
 * The input plane sampled on a size × size grid of cell centres, row-major from the top row
 * (largest x2) down, as a (size²) × 2 matrix: what the heat maps are coloured from.
 */
export function gridInputs(domain: Readonly<Domain>, size: number): Float32Array<ArrayBuffer> {
  const out = new Float32Array(size * size * 2);
  for (let r = 0; r < size; r++) {
    const x2 = domain.yMax - ((r + 0.5) / size) * (domain.yMax - domain.yMin);
    for (let c = 0; c < size; c++) {
      const x1 = domain.xMin + ((c + 0.5) / size) * (domain.xMax - domain.xMin);
      out[2 * (r * size + c)] = x1;
      out[2 * (r * size + c) + 1] = x2;
    }
  }
  return out;
}

/**
 * Every neuron's output a = φ(z) over the grid (`inputs`: the grid's network inputs, size² × model.inputs):
 * one forward pass in inference mode, then a copy
 * of each Dense layer's activations (size² × units, row-major). The last entry is the prediction.
 */
export function layerOutputsOnGrid(model: Model, inputs: ArrayLike<number>): Float32Array[] {
  const rows = inputs.length / model.inputs;
  model.forward(new Matrix(rows, model.inputs, Float32Array.from(inputs)));
  return model.denseLayers().map((layer: Dense) => {
    const o = layer.lastOutputs;
    if (o === null) throw new Error('layerOutputsOnGrid: no forward pass');
    return Float32Array.from(o.a.data);
  });
}

/** One neuron's column of a layer's grid output (size² values). */
export function neuronColumn(layerOutput: Float32Array, units: number, unit: number): Float32Array {
  const n = layerOutput.length / units;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = layerOutput[i * units + unit] as number;
  return out;
}

/** Plane coordinates → pixel position in a width × height drawing (x2 grows upwards). */
export function toPixel(domain: Readonly<Domain>, width: number, height: number, x1: number, x2: number): [number, number] {
  return [((x1 - domain.xMin) / (domain.xMax - domain.xMin)) * width, ((domain.yMax - x2) / (domain.yMax - domain.yMin)) * height];
}

/** Pixel position → plane coordinates: the inverse of `toPixel`. */
export function fromPixel(domain: Readonly<Domain>, width: number, height: number, px: number, py: number): [number, number] {
  return [domain.xMin + (px / width) * (domain.xMax - domain.xMin), domain.yMax - (py / height) * (domain.yMax - domain.yMin)];
}

/** The row whose point is nearest to (x1, x2) among `rows`, or −1 when none is within `radius`. */
export function nearestPoint(x: ArrayLike<number>, rows: ArrayLike<number>, x1: number, x2: number, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k] as number;
    const d = ((x[2 * i] as number) - x1) ** 2 + ((x[2 * i + 1] as number) - x2) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}
