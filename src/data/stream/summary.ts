import { Rng } from '../../core/rng.js';
import { checkHeader } from '../builder.js';
import { CellReader, DEFAULT_MISSING, type Cell } from '../cells.js';
import { DataError } from '../errors.js';

export type { Cell };

/** Options of `StreamSummary`. */
export interface StreamSummaryOptions {
  /** Cells read as missing (default: empty, `NA`, `N/A`, `?`). */
  readonly missing?: readonly string[];
  /** Most distinct values a text column may hold (default 10,000): one-hot columns beyond that are refused. */
  readonly maxCategories?: number;
  /** Values kept per numeric column for its quantiles (default 65,536): exact up to that many rows, a seeded uniform sample beyond. */
  readonly sketchSize?: number;
  /** Seed of the quantile samples (default 0). */
  readonly seed?: number;
}

/** Where a value was first seen: the 0-based row index and the source line. */
export interface Place {
  readonly row: number;
  readonly line: number;
}

/**
 * Streaming statistics of a numeric column over the rows that were fitted on (the non-test rows).
 * The mean and Σ(x − mean)² are exact (Welford's update, in float64); quantiles come from a sample.
 */
export interface NumericSummary {
  readonly kind: 'numeric';
  readonly name: string;
  /** Fitted rows with a value, and without one. */
  readonly present: number;
  readonly missing: number;
  readonly firstMissing: Place | null;
  readonly mean: number;
  /** Σ (x − mean)² over the present values. */
  readonly m2: number;
  /** Every present value (over all rows) is an integer. */
  readonly integer: boolean;
  /** Distinct present values with their counts, or null when there were more than `DISTINCT_LIMIT`. */
  readonly counts: ReadonlyMap<number, number> | null;
  /** The present values in ascending order when there were at most `sketchSize` of them, else a seeded uniform sample of that size. */
  readonly sample: Float64Array;
  /** Whether `sample` holds every present value. */
  readonly exact: boolean;
}

/** Streaming statistics of a text column: its categories and their counts over the fitted rows. */
export interface TextSummary {
  readonly kind: 'text';
  readonly name: string;
  readonly present: number;
  readonly missing: number;
  readonly firstMissing: Place | null;
  /** Every distinct value seen in any row, in order of first appearance (a value's index is its code). */
  readonly categories: readonly string[];
  /** Fitted rows holding each category (0 for one seen only in test rows). */
  readonly counts: Float64Array;
  /** Rows before this index were stored as numbers (the column was numeric until then); −1 when text from the start. */
  readonly switchRow: number;
  /** Present values over all rows, and how many of them are numbers (for the typo check). */
  readonly allPresent: number;
  readonly numberLike: number;
  /** The first value that is not a number, when the column holds numbers too. */
  readonly firstText: (Place & { readonly text: string }) | null;
}

export type ColumnSummary = NumericSummary | TextSummary;

/** Most distinct values a numeric column's counts are kept for (mode, class labels, a later switch to text). */
export const DISTINCT_LIMIT = 10_000;

/**
 * The first pass over a streamed table: column types, category sets, row count, and the
 * statistics the preprocessing is fitted from — with memory bounded by the number of columns, the
 * categories and the quantile samples, never by the number of rows.
 *
 * Typing follows `TableBuilder`: a column starts numeric and becomes text at its first value that
 * is neither a number nor missing; the numbers before it then count as their text (`String(v)`).
 * Every row shapes the types and the category sets; only rows passed with `fitted = true` (the
 * non-test rows) count in the statistics, as the in-memory path fits on the training rows only.
 *
 * `add` also writes each kept column's stored value into a row of float64s — the number (NaN when
 * missing) for a numeric column, the category code (−1 when missing) for a text one — which is
 * what the row cache saves for the epochs.
 */
export class StreamSummary {
  /** Names of the header's columns, trimmed. */
  readonly header: readonly string[];
  /** Indices (into the header) of the columns summarized, in header order. */
  readonly kept: readonly number[];
  private readonly columns: ColumnAccumulator[];
  private readonly cells: CellReader;
  /** Rows seen, and rows fitted on. */
  rows = 0;
  fittedRows = 0;

  /**
   * @param header the header row
   * @param source name used in messages (the file)
   * @param keep which columns to summarize (default all); the others are skipped, costing nothing
   */
  constructor(
    header: readonly string[],
    readonly source: string,
    keep: (name: string) => boolean = () => true,
    options: StreamSummaryOptions = {},
  ) {
    this.header = checkHeader(header, source);
    this.kept = this.header.flatMap((name, j) => (keep(name) ? [j] : []));
    this.cells = new CellReader(options.missing ?? DEFAULT_MISSING);
    const maxCategories = options.maxCategories ?? 10_000;
    const sketch = options.sketchSize ?? 65_536;
    const seed = options.seed ?? 0;
    this.columns = this.kept.map((j, k) => new ColumnAccumulator(this.header[j] as string, source, maxCategories, sketch, new Rng((seed + 0x632be5ab * (k + 1)) >>> 0)));
  }

  /** Number of columns summarized (the width of a stored row). */
  get width(): number {
    return this.kept.length;
  }

  /**
   * Adds one row of the header's width. `fitted`: whether it counts in the statistics; `stored`,
   * when given, receives at `offset` the kept columns' stored values, then the line and the row
   * index (`width + 2` values: what `StoredRowDecoder` reads).
   */
  add(cells: readonly Cell[], line: number, fitted: boolean, stored?: Float64Array, offset = 0): void {
    if (cells.length !== this.header.length) {
      throw new DataError(`${this.source}: line ${line} has ${cells.length} field${cells.length === 1 ? '' : 's'}, expected ${this.header.length} like the header`);
    }
    const row = this.rows;
    for (let k = 0; k < this.columns.length; k++) {
      const v = (this.columns[k] as ColumnAccumulator).add(cells[this.kept[k] as number] as Cell, this.cells, row, line, fitted);
      if (stored !== undefined) stored[offset + k] = v;
    }
    if (stored !== undefined) {
      stored[offset + this.columns.length] = line;
      stored[offset + this.columns.length + 1] = row;
    }
    this.rows++;
    if (fitted) this.fittedRows++;
  }

  /** The summaries of the kept columns, in header order. */
  summaries(): ColumnSummary[] {
    return this.columns.map((c) => c.summary());
  }
}

/** One column's running statistics: numeric until proven text. */
class ColumnAccumulator {
  private kind: 'numeric' | 'text' = 'numeric';
  private present = 0;
  private missing = 0;
  private firstMissing: Place | null = null;
  // numeric
  private mean = 0;
  private m2 = 0;
  private integer = true;
  private numberCounts: Map<number, number> | null = new Map();
  private readonly sample: Float64Array;
  private seen = 0;
  // text
  private readonly codes = new Map<string, number>();
  private readonly categories: string[] = [];
  private counts = new Float64Array(16);
  private switchRow = -1;
  private allPresent = 0;
  private numberLike = 0;
  private firstText: (Place & { text: string }) | null = null;

  constructor(
    private readonly name: string,
    private readonly source: string,
    private readonly maxCategories: number,
    sketchSize: number,
    private readonly rng: Rng,
  ) {
    this.sample = new Float64Array(sketchSize);
  }

  /** Adds one cell; returns its stored value (number, NaN, category code or −1). */
  add(cell: Cell, cells: CellReader, row: number, line: number, fitted: boolean): number {
    let value = Number.NaN;
    let text: string | null = null;
    if (typeof cell === 'number') {
      if (!Number.isFinite(cell)) throw this.notFinite(String(cell), line);
      value = cell;
    } else if (cell !== null) {
      switch (cells.classify(cell)) {
        case 'number':
          value = cells.value;
          break;
        case 'missing':
          break;
        case 'non-finite':
          if (this.kind === 'numeric') throw this.notFinite(cell, line);
          text = cell;
          break;
        case 'text':
          text = cell;
      }
    }
    const missing = text === null && Number.isNaN(value);
    if (missing) {
      if (fitted) {
        this.missing++;
        if (this.firstMissing === null) this.firstMissing = { row, line };
      }
      return this.kind === 'numeric' ? Number.NaN : -1;
    }
    this.allPresent++;
    if (text === null) this.numberLike++;
    if (text !== null && this.kind === 'numeric') this.becomeText(row, line, text);
    if (this.kind === 'text') {
      // numbers in a text column count as their text, as in TableBuilder
      const code = this.code(text ?? String(value), row, line);
      if (fitted) {
        this.counts[code] = (this.counts[code] as number) + 1;
        this.present++;
      }
      return code;
    }
    if (!Number.isInteger(value)) this.integer = false;
    if (fitted) this.addNumber(value);
    return value;
  }

  private addNumber(x: number): void {
    // Welford: n ← n + 1, d = x − mean, mean ← mean + d/n, m2 ← m2 + d·(x − mean)
    this.present++;
    const d = x - this.mean;
    this.mean += d / this.present;
    this.m2 += d * (x - this.mean);
    if (this.numberCounts !== null) {
      this.numberCounts.set(x, (this.numberCounts.get(x) ?? 0) + 1);
      if (this.numberCounts.size > DISTINCT_LIMIT) this.numberCounts = null;
    }
    // reservoir sample (Vitter's algorithm R): the i-th value replaces a random slot with probability k/i
    const k = this.sample.length;
    if (this.seen < k) this.sample[this.seen] = x;
    else {
      const j = this.rng.int(this.seen + 1);
      if (j < k) this.sample[j] = x;
    }
    this.seen++;
  }

  private becomeText(row: number, line: number, text: string): void {
    this.firstText = { row, line, text };
    if (this.numberCounts === null) {
      throw new DataError(
        `${this.source}: line ${line}, column '${this.name}': '${text}' is text, but the column's earlier rows hold more than ${DISTINCT_LIMIT.toLocaleString('en-US')} distinct numbers; ` +
          'fix the value, or --drop the column',
      );
    }
    const numbers = this.numberCounts;
    this.kind = 'text';
    this.switchRow = row;
    this.present = 0;
    for (const [v, c] of numbers) {
      const code = this.code(String(v), row, line);
      this.counts[code] = (this.counts[code] as number) + c;
      this.present += c;
    }
    this.numberCounts = null;
  }

  private code(text: string, _row: number, line: number): number {
    let code = this.codes.get(text);
    if (code !== undefined) return code;
    code = this.categories.length;
    if (code >= this.maxCategories) {
      throw new DataError(
        `${this.source}: line ${line}, column '${this.name}': more than ${this.maxCategories.toLocaleString('en-US')} distinct values (one-hot encoding would be that wide); --drop the column or encode it yourself`,
      );
    }
    this.categories.push(text);
    this.codes.set(text, code);
    if (code >= this.counts.length) {
      const bigger = new Float64Array(this.counts.length * 2);
      bigger.set(this.counts);
      this.counts = bigger;
    }
    return code;
  }

  private notFinite(text: string, line: number): DataError {
    return new DataError(
      `${this.source}: line ${line}, column '${this.name}': '${text.trim()}' is not a finite number (NaN and infinite values are not allowed; leave the cell empty to mark it missing)`,
    );
  }

  summary(): ColumnSummary {
    if (this.kind === 'text') {
      return {
        kind: 'text',
        name: this.name,
        present: this.present,
        missing: this.missing,
        firstMissing: this.firstMissing,
        categories: this.categories,
        counts: this.counts.slice(0, this.categories.length),
        switchRow: this.switchRow,
        allPresent: this.allPresent,
        numberLike: this.numberLike,
        firstText: this.firstText,
      };
    }
    const exact = this.seen <= this.sample.length;
    const sample = this.sample.slice(0, Math.min(this.seen, this.sample.length)).sort();
    return {
      kind: 'numeric',
      name: this.name,
      present: this.present,
      missing: this.missing,
      firstMissing: this.firstMissing,
      mean: this.present === 0 ? Number.NaN : this.mean,
      m2: this.m2,
      integer: this.integer,
      counts: this.numberCounts,
      sample,
      exact,
    };
  }
}
