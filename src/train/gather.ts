/** A typed array: what the trainer gathers from and into. */
type Rows = Float32Array | Float64Array | Int32Array | Uint32Array;

/** Rows at least this wide are copied with `set` (a memcpy); narrower ones element by element, cheaper than a subarray. */
const COPY_COLS = 8;

/** Copies the rows listed in `rows` (from `offset`, `count` of them) of a row-major table into `out`. */
export function gatherRows(src: ArrayLike<number>, cols: number, rows: ArrayLike<number>, offset: number, count: number, out: { [i: number]: number }): void {
  if (cols >= COPY_COLS && isTyped(src) && isTyped(out) && src.constructor === out.constructor) {
    for (let i = 0; i < count; i++) {
      const r = (rows[offset + i] as number) * cols;
      out.set(src.subarray(r, r + cols), i * cols);
    }
    return;
  }
  for (let i = 0; i < count; i++) {
    const r = (rows[offset + i] as number) * cols;
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[o + j] = src[r + j] as number;
  }
}

function isTyped(a: unknown): a is Rows {
  return a instanceof Float32Array || a instanceof Float64Array || a instanceof Int32Array || a instanceof Uint32Array;
}
