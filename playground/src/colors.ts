/** Colour scales of the views (TensorFlow Playground's orange ↔ white ↔ blue). */
export type Rgb = readonly [number, number, number];

export const NEGATIVE: Rgb = [245, 147, 34];
export const POSITIVE: Rgb = [8, 119, 189];
export const MIDDLE: Rgb = [232, 234, 235];

/** Ten distinguishable class colours (class 0 and 1 match the binary scale's ends). */
export const CLASS_COLORS: readonly Rgb[] = [
  NEGATIVE, POSITIVE, [46, 160, 67], [214, 39, 40], [148, 103, 189], [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
];

const LUT_SIZE = 256;
const lut = new Uint8ClampedArray(LUT_SIZE * 3);
for (let k = 0; k < LUT_SIZE; k++) {
  const t = (k / (LUT_SIZE - 1)) * 2 - 1;
  const [r, g, b] = mix(t);
  lut.set([r, g, b], 3 * k);
}

function mix(t: number): Rgb {
  const end = t < 0 ? NEGATIVE : POSITIVE;
  const s = Math.min(1, Math.abs(t));
  return [MIDDLE[0] + (end[0] - MIDDLE[0]) * s, MIDDLE[1] + (end[1] - MIDDLE[1]) * s, MIDDLE[2] + (end[2] - MIDDLE[2]) * s];
}

/** t in [−1, 1] (clamped) → orange … light grey … blue. */
export function diverging(t: number): Rgb {
  const k = Math.round(((Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0)) + 1) / 2) * (LUT_SIZE - 1));
  return [lut[3 * k] as number, lut[3 * k + 1] as number, lut[3 * k + 2] as number];
}

export function classColor(i: number): Rgb {
  return CLASS_COLORS[((i % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length] as Rgb;
}

export function css(c: Rgb, alpha = 1): string {
  return alpha === 1 ? `rgb(${c[0] | 0},${c[1] | 0},${c[2] | 0})` : `rgba(${c[0] | 0},${c[1] | 0},${c[2] | 0},${alpha})`;
}

/** Writes one value per pixel into RGBA pixels through a scale (values already in [−1, 1]). */
export function paintDiverging(pixels: Uint8ClampedArray, values: ArrayLike<number>, scale = 1, discretize = false): void {
  for (let i = 0; i < values.length; i++) {
    let t = (values[i] as number) * scale;
    if (discretize) t = t >= 0 ? 1 : -1;
    const [r, g, b] = diverging(t);
    pixels[4 * i] = r;
    pixels[4 * i + 1] = g;
    pixels[4 * i + 2] = b;
    pixels[4 * i + 3] = 255;
  }
}

/** p ∈ [0, 1] per pixel → light grey … `color` (one class's probability). */
export function paintShade(pixels: Uint8ClampedArray, values: ArrayLike<number>, color: Rgb, discretize = false): void {
  for (let i = 0; i < values.length; i++) {
    let s = Math.max(0, Math.min(1, values[i] as number));
    if (discretize) s = s >= 0.5 ? 1 : 0;
    pixels[4 * i] = MIDDLE[0] + (color[0] - MIDDLE[0]) * s;
    pixels[4 * i + 1] = MIDDLE[1] + (color[1] - MIDDLE[1]) * s;
    pixels[4 * i + 2] = MIDDLE[2] + (color[2] - MIDDLE[2]) * s;
    pixels[4 * i + 3] = 255;
  }
}

/** Class regions: the colour of the likeliest class, paler where the model is less sure. */
export function paintClasses(pixels: Uint8ClampedArray, probs: ArrayLike<number>, classes: number, discretize = false): void {
  const n = probs.length / classes;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if ((probs[i * classes + c] as number) > (probs[i * classes + best] as number)) best = c;
    const p = probs[i * classes + best] as number;
    // sureness 0 at chance level, 1 at certainty
    const s = discretize ? 1 : Math.max(0, Math.min(1, (p - 1 / classes) / (1 - 1 / classes)));
    const col = classColor(best);
    pixels[4 * i] = MIDDLE[0] + (col[0] - MIDDLE[0]) * s * 0.85;
    pixels[4 * i + 1] = MIDDLE[1] + (col[1] - MIDDLE[1]) * s * 0.85;
    pixels[4 * i + 2] = MIDDLE[2] + (col[2] - MIDDLE[2]) * s * 0.85;
    pixels[4 * i + 3] = 255;
  }
}

/** Largest |value| (at least `floor`), for scaling unbounded activations into [−1, 1]. */
export function maxAbs(values: ArrayLike<number>, floor = 1e-6): number {
  let m = floor;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i] as number));
  return m;
}
