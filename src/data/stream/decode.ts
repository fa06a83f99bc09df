import { makeTable, type Column, type Table } from '../table.js';
import type { ColumnSummary } from './summary.js';

/**
 * Turns stored rows — the float64 values `StreamSummary.add` writes, one per kept column, then the
 * row's source line and its index in the file — back into a small `Table`, which `Preprocessor.transform` encodes like any
 * table. A numeric column's value is its number (NaN missing); a text column's is its category
 * code (−1 missing), except in rows before the column turned text, which hold numbers read as
 * `String(v)` (as `TableBuilder` does).
 */
export class StoredRowDecoder {
  /** Values per stored row: one per column, then the line, then the row index. */
  readonly stride: number;
  private readonly lookups: (Map<string, number> | null)[];
  private readonly categories: string[][];

  constructor(
    private readonly columns: readonly ColumnSummary[],
    private readonly source: string,
  ) {
    this.stride = columns.length + 2;
    this.categories = columns.map((c) => (c.kind === 'text' ? [...c.categories] : []));
    this.lookups = columns.map((c) => (c.kind === 'text' && c.switchRow >= 0 ? new Map(c.categories.map((name, k) => [name, k])) : null));
  }

  /** The table of the `rows` stored rows at the start of `data`. */
  decode(data: Float64Array, rows: number): Table {
    const { stride } = this;
    const columns: Column[] = this.columns.map((c, k): Column => {
      if (c.kind === 'numeric') {
        const values = new Float64Array(rows);
        for (let i = 0; i < rows; i++) values[i] = data[i * stride + k] as number;
        return { kind: 'numeric', name: c.name, values };
      }
      const codes = new Int32Array(rows);
      const lookup = this.lookups[k] as Map<string, number> | null;
      for (let i = 0; i < rows; i++) {
        const v = data[i * stride + k] as number;
        if (lookup !== null && (data[i * stride + stride - 1] as number) < c.switchRow) {
          // stored as a number before the column turned text
          if (Number.isNaN(v)) codes[i] = -1;
          else codes[i] = this.codeOf(k, lookup, String(v));
        } else codes[i] = v;
      }
      return { kind: 'text', name: c.name, codes, categories: this.categories[k] as string[] };
    });
    const lines = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) lines[i] = data[i * stride + stride - 2] as number;
    return makeTable(columns, rows, this.source, lines);
  }

  private codeOf(k: number, lookup: Map<string, number>, text: string): number {
    let code = lookup.get(text);
    if (code === undefined) {
      // a number seen only in rows that were not fitted on: a category the model does not know
      const categories = this.categories[k] as string[];
      code = categories.length;
      categories.push(text);
      lookup.set(text, code);
    }
    return code;
  }
}
