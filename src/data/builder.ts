import type { DType, FloatArray } from '../core/matrix.js';
import { CellReader, DEFAULT_MISSING, type Cell } from './cells.js';
import { DataError } from './errors.js';
import { GrowableArray } from './growable.js';
import { makeTable, type Column, type Table } from './table.js';

/** A column type the caller can impose instead of letting the reader infer it. */
export type DeclaredType = 'numeric' | 'text';

/** Options shared by every table reader (`parseCsv` in the browser, `readCsvFile` in Node). */
export interface TableReadOptions {
  /**
   * Column types to impose. A column declared numeric makes any non-numeric value an error (with
   * line, column and value); a column declared text keeps numbers as text. Undeclared columns are
   * numeric when every non-missing value is a number, text otherwise.
   */
  readonly columnTypes?: Readonly<Record<string, DeclaredType>>;
  /** Storage of numeric columns: float64 (default) or float32 (half the memory). */
  readonly dtype?: DType;
  /** Cells read as missing (default: empty, `NA`, `N/A`, `?`). */
  readonly missing?: readonly string[];
}

/**
 * Builds a column store one row at a time, so a reader never holds the whole text: numeric columns
 * go straight into growable typed arrays, text columns into a dictionary and an index array.
 *
 * Typing rule: a column starts numeric and becomes text at its first value that is neither a number
 * nor missing (the numbers read before are kept as their text form, e.g. `1.50` → `1.5`). A column
 * that ends numeric may not hold `NaN`/`Inf` literals: `finish` reports the first one. A column
 * declared numeric fails at its first non-numeric value.
 */
export class TableBuilder {
  private readonly columns: ColumnBuilder[];
  private readonly lines = new GrowableArray((n) => new Uint32Array(n));
  private rowCount = 0;

  /**
   * @param header column names from the header row (trimmed; must be non-empty and unique)
   * @param source name used in error messages (a file name)
   */
  constructor(
    header: readonly string[],
    private readonly source: string,
    options: TableReadOptions = {},
  ) {
    const names = checkHeader(header, source);
    const declared = options.columnTypes ?? {};
    for (const name of Object.keys(declared)) {
      if (!names.includes(name)) {
        throw new DataError(`${source}: column '${name}' has a declared type but is not in the header; the columns are: ${names.join(', ')}`);
      }
    }
    const cells = new CellReader(options.missing ?? DEFAULT_MISSING);
    const dtype = options.dtype ?? 'float64';
    this.columns = names.map((name) => new ColumnBuilder(name, source, cells, dtype, declared[name]));
  }

  /** Number of columns the header declared. */
  get width(): number {
    return this.columns.length;
  }

  /**
   * Adds one data row; `line` is the line where it starts in the source (for messages). A cell is
   * text (typed by `CellReader`), or already a number or null (missing) from a typed format.
   */
  addRow(fields: readonly Cell[], line: number): void {
    if (fields.length !== this.columns.length) {
      throw new DataError(
        `${this.source}: line ${line} has ${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${this.columns.length} like the header`,
      );
    }
    const row = this.rowCount;
    for (let j = 0; j < fields.length; j++) (this.columns[j] as ColumnBuilder).add(fields[j] as Cell, row, line);
    this.lines.push(line);
    this.rowCount++;
  }

  /** The finished table; throws when there were no data rows or a numeric column holds NaN/Inf literals. */
  finish(): Table {
    if (this.rowCount === 0) throw new DataError(`${this.source}: has a header row but no data rows`);
    const columns: Column[] = this.columns.map((c) => c.finish());
    return makeTable(columns, this.rowCount, this.source, this.lines.finish());
  }
}

/** Trims header names and checks that they are non-empty and unique. */
export function checkHeader(header: readonly string[], source: string): string[] {
  const names = header.map((h, j) => (j === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
  const first = new Map<string, number>();
  names.forEach((name, j) => {
    if (name === '') throw new DataError(`${source}: line 1, column ${j + 1}: the header has an empty column name`);
    const earlier = first.get(name);
    if (earlier !== undefined) {
      throw new DataError(`${source}: line 1: column name '${name}' appears twice (columns ${earlier + 1} and ${j + 1})`);
    }
    first.set(name, j);
  });
  return names;
}

/** A NaN/Inf literal seen while the column was still numeric. */
interface Literal {
  row: number;
  line: number;
  text: string;
}

/** One column under construction: numeric until proven text. */
class ColumnBuilder {
  private numbers: GrowableArray<FloatArray> | null;
  private codes: GrowableArray<Int32Array> | null = null;
  private readonly dictionary = new Map<string, number>();
  private readonly categories: string[] = [];
  private readonly literals: Literal[] = [];

  constructor(
    private readonly name: string,
    private readonly source: string,
    private readonly cells: CellReader,
    private readonly dtype: DType,
    private readonly declared: DeclaredType | undefined,
  ) {
    this.numbers = declared === 'text' ? null : new GrowableArray<FloatArray>((n) => (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n)));
    if (declared === 'text') this.codes = new GrowableArray((n) => new Int32Array(n));
  }

  add(cell: Cell, row: number, line: number): void {
    if (cell === null || (typeof cell === 'number' && Number.isNaN(cell))) {
      if (this.numbers === null) (this.codes as GrowableArray<Int32Array>).push(-1);
      else this.numbers.push(Number.NaN);
      return;
    }
    // a number from a typed format: its text form where the column is text
    const text = typeof cell === 'number' ? String(cell) : cell;
    if (this.numbers === null) {
      this.pushText(text);
      return;
    }
    switch (typeof cell === 'number' ? (Number.isFinite(cell) ? 'number' : 'non-finite') : this.cells.classify(text)) {
      case 'number':
        this.numbers.push(typeof cell === 'number' ? cell : this.cells.value);
        return;
      case 'missing':
        this.numbers.push(Number.NaN);
        return;
      case 'non-finite':
        if (this.declared === 'numeric') throw this.notFinite({ row, line, text });
        this.literals.push({ row, line, text });
        this.numbers.push(Number.NaN);
        return;
      case 'text':
        if (this.declared === 'numeric') {
          throw new DataError(`${this.source}: line ${line}, column '${this.name}': expected a number, got '${text}'`);
        }
        this.becomeText();
        this.pushText(text);
    }
  }

  finish(): Column {
    if (this.numbers !== null) {
      const first = this.literals[0];
      if (first !== undefined) throw this.notFinite(first);
      return { kind: 'numeric', name: this.name, values: this.numbers.finish() };
    }
    const codes = (this.codes as GrowableArray<Int32Array>).finish();
    return { kind: 'text', name: this.name, codes, categories: this.categories };
  }

  private notFinite(at: Literal): DataError {
    return new DataError(
      `${this.source}: line ${at.line}, column '${this.name}': '${at.text.trim()}' is not a finite number (NaN and infinite values are not allowed; leave the cell empty to mark it missing)`,
    );
  }

  private pushText(text: string): void {
    const codes = this.codes as GrowableArray<Int32Array>;
    if (this.cells.isMissing(text)) {
      codes.push(-1);
      return;
    }
    let code = this.dictionary.get(text);
    if (code === undefined) {
      code = this.categories.length;
      this.categories.push(text);
      this.dictionary.set(text, code);
    }
    codes.push(code);
  }

  /** Re-encodes the numbers read so far as text (NaN/Inf literals get their original text back). */
  private becomeText(): void {
    const numbers = this.numbers as GrowableArray<FloatArray>;
    const literalAt = new Map(this.literals.map((l) => [l.row, l.text]));
    this.codes = new GrowableArray((n) => new Int32Array(n), Math.max(1024, numbers.length * 2));
    const n = numbers.length;
    for (let r = 0; r < n; r++) {
      const v = numbers.get(r);
      const literal = literalAt.get(r);
      if (literal !== undefined) this.pushText(literal);
      else if (Number.isNaN(v)) this.codes.push(-1);
      else this.pushText(formatNumber(v, this.dtype));
    }
    this.numbers = null;
    this.literals.length = 0;
  }
}

/** Text form of a number read earlier: shortest round-trip for float64, 7 significant digits for float32. */
function formatNumber(v: number, dtype: DType): string {
  return dtype === 'float32' ? String(Number(v.toPrecision(7))) : String(v);
}
