/** Copies the rows listed in `rows` (from `offset`, `count` of them) of a row-major table into `out`. */
export function gatherRows(
  src: ArrayLike<number>,
  cols: number,
  rows: ArrayLike<number>,
  offset: number,
  count: number,
  out: { [i: number]: number },
): void {
  for (let i = 0; i < count; i++) {
    const r = (rows[offset + i] as number) * cols;
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[o + j] = src[r + j] as number;
  }
}
