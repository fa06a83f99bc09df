import { ModelFormatError } from '../core/errors.js';

/**
 * Limits a model file must keep besides its schema (used by `loadModel`): the JSON nesting depth,
 * checked on the text before it is parsed (a 10,000-deep array would otherwise overflow the stack
 * of whatever walks it next), and the size of the numbers (a weight of 1e308 is finite in the file
 * but Infinity in float32, and a network with it predicts NaN).
 */

/** Deepest JSON nesting a model file may have; mlpkit's own files reach 6. */
export const MAX_MODEL_DEPTH = 64;
/**
 * Largest |weight| or |bias|: far above any trained weight (a run that diverged at --lr 1e6 keeps
 * weights near 1e11), and 1e8 below float32's largest value, where a product overflows.
 */
export const MAX_WEIGHT = 1e30;
/** Largest |value| of the optimizer's state (moments, accumulators). */
export const MAX_STATE_VALUE = 1e30;

/** The text of a model file without a leading byte-order mark, checked for nesting depth. */
export function modelText(text: string): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  checkNesting(body, MAX_MODEL_DEPTH);
  return body;
}

/** Throws a ModelFormatError when JSON text nests arrays and objects deeper than `max` (strings are skipped). */
export function checkNesting(text: string, max: number): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // skip a string: up to the next quote that is not escaped
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) throw new ModelFormatError(`not a model file: JSON nested deeper than ${max} levels (at character ${i + 1})`);
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
}

/** The numbers `checkMagnitudes` looks at. */
interface NumbersOfDocument {
  layers: readonly ({ type: 'dropout' } | { type: 'dense'; weights: { W: { data: readonly number[] }; b: { data: readonly number[] } | null } })[];
  optimizer?: { state: { slots: readonly (readonly (readonly number[])[])[] } | null } | null | undefined;
}

/** Rejects weights over MAX_WEIGHT and optimizer state over MAX_STATE_VALUE, naming the JSON path. */
export function checkMagnitudes(doc: NumbersOfDocument): void {
  doc.layers.forEach((l, i) => {
    if (l.type !== 'dense') return;
    checkArray(`layers[${i}].weights.W.data`, l.weights.W.data, MAX_WEIGHT, 'weights');
    if (l.weights.b !== null) checkArray(`layers[${i}].weights.b.data`, l.weights.b.data, MAX_WEIGHT, 'weights');
  });
  doc.optimizer?.state?.slots.forEach((slot, i) =>
    slot.forEach((values, j) => checkArray(`optimizer.state.slots[${i}][${j}]`, values, MAX_STATE_VALUE, 'optimizer state values')),
  );
}

function checkArray(where: string, values: readonly number[], max: number, what: string): void {
  for (let k = 0; k < values.length; k++) {
    const v = values[k] as number;
    if (!(Math.abs(v) <= max)) throw new ModelFormatError(`invalid model file at ${where}[${k}]: ${v} is out of range (${what} must lie within ±${max})`);
  }
}
