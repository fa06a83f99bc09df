import type { FloatArray } from '../core/matrix.js';
import { DataError } from './errors.js';

/** A column of numbers; NaN marks a missing value. */
export interface NumericColumn {
  readonly kind: 'numeric';
  readonly name: string;
  /** One value per row; Float64Array unless the reader was asked for float32. */
  readonly values: FloatArray;
}

/** A column of text, dictionary-encoded: row i holds categories[codes[i]], or is missing when codes[i] is −1. */
export interface TextColumn {
  readonly kind: 'text';
  readonly name: string;
  /** Index into `categories` per row; −1 marks a missing value. */
  readonly codes: Int32Array;
  /** Distinct values in the order they were first seen. */
  readonly categories: readonly string[];
}

export type Column = NumericColumn | TextColumn;

/**
 * A table stored by column: what CSV readers, synthetic generators and bundled data sets return,
 * and what `Preprocessor` turns into matrices.
 */
export interface Table {
  readonly columns: readonly Column[];
  /** Number of rows; every column holds exactly this many values. */
  readonly rows: number;
  /** Where the rows came from (a file name), for error messages. */
  readonly source?: string;
  /** Line in the source text where each row starts (1-based; the header is line 1), when known. */
  readonly lines?: Uint32Array;
}

/** Values accepted by `tableFromArrays` for one column: numbers (NaN = missing) or strings (null = missing). */
export type ColumnInput = ArrayLike<number> | ReadonlyArray<string | null>;

/**
 * Builds a table from equal-length columns. Number arrays become numeric columns (copied into a
 * Float64Array), string arrays text columns (null or undefined = missing).
 * @example tableFromArrays({ x: [1, 2], colour: ['red', 'blue'] })
 */
export function tableFromArrays(columns: Readonly<Record<string, ColumnInput>>, source?: string): Table {
  const names = Object.keys(columns);
  const built: Column[] = [];
  let rows = -1;
  for (const name of names) {
    const input = columns[name] as ColumnInput;
    if (rows === -1) rows = input.length;
    else if (input.length !== rows) {
      throw new DataError(`column '${name}' has ${input.length} values, expected ${rows} like '${names[0]}'`);
    }
    built.push(columnFromArray(name, input));
  }
  return makeTable(built, Math.max(rows, 0), source);
}

/** One column from an array of numbers or of strings (see `tableFromArrays`). */
export function columnFromArray(name: string, input: ColumnInput): Column {
  let isText = false;
  for (let i = 0; i < input.length && !isText; i++) isText = typeof input[i] === 'string';
  if (!isText) {
    const values = new Float64Array(input.length);
    for (let i = 0; i < input.length; i++) {
      const v = input[i];
      values[i] = v === null || v === undefined ? Number.NaN : (v as number);
    }
    return { kind: 'numeric', name, values };
  }
  const dictionary = new Map<string, number>();
  const categories: string[] = [];
  const codes = new Int32Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const v = input[i];
    if (v === null || v === undefined) {
      codes[i] = -1;
      continue;
    }
    const text = String(v);
    let code = dictionary.get(text);
    if (code === undefined) {
      code = categories.length;
      categories.push(text);
      dictionary.set(text, code);
    }
    codes[i] = code;
  }
  return { kind: 'text', name, codes, categories };
}

/** A table from already-built columns, checking that names are unique and lengths agree. */
export function makeTable(columns: readonly Column[], rows: number, source?: string, lines?: Uint32Array): Table {
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw new DataError(`${prefix(source)}column '${c.name}' appears twice`);
    seen.add(c.name);
    const n = columnLength(c);
    if (n !== rows) throw new DataError(`${prefix(source)}column '${c.name}' has ${n} values, expected ${rows}`);
  }
  return {
    columns,
    rows,
    ...(source === undefined ? {} : { source }),
    ...(lines === undefined ? {} : { lines }),
  };
}

/** Column names in order. */
export function columnNames(table: Table): string[] {
  return table.columns.map((c) => c.name);
}

/** The named column, or undefined. */
export function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

/** The named column; throws a DataError listing the table's columns when there is none. */
export function getColumn(table: Table, name: string, role = 'column'): Column {
  const column = findColumn(table, name);
  if (column === undefined) {
    throw new DataError(`${prefix(table.source)}no ${role} '${name}'; the columns are: ${columnNames(table).join(', ')}`);
  }
  return column;
}

/** The value of one cell as text (numbers formatted by String), or null when missing. */
export function cellText(column: Column, row: number): string | null {
  if (column.kind === 'text') {
    const code = column.codes[row] as number;
    return code < 0 ? null : (column.categories[code] as string);
  }
  const v = column.values[row] as number;
  return Number.isNaN(v) ? null : String(v);
}

/** The rows at the given indices, in that order, as a new table (column data copied). */
export function selectRows(table: Table, indices: ArrayLike<number>): Table {
  const n = indices.length;
  const columns = table.columns.map((c): Column => {
    if (c.kind === 'numeric') {
      const values = c.values instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = c.values[indices[i] as number] as number;
      return { kind: 'numeric', name: c.name, values };
    }
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = c.codes[indices[i] as number] as number;
    return { kind: 'text', name: c.name, codes, categories: c.categories };
  });
  let lines: Uint32Array | undefined;
  if (table.lines !== undefined) {
    lines = new Uint32Array(n);
    for (let i = 0; i < n; i++) lines[i] = table.lines[indices[i] as number] as number;
  }
  return makeTable(columns, n, table.source, lines);
}

/** "iris.csv: line 7" or "row 5" (0-based row index), for messages about one row. */
export function describeRow(table: Table, row: number): string {
  const where = table.lines !== undefined ? `line ${table.lines[row]}` : `row ${row}`;
  return table.source !== undefined ? `${table.source}: ${where}` : where;
}

function columnLength(c: Column): number {
  return c.kind === 'numeric' ? c.values.length : c.codes.length;
}

function prefix(source: string | undefined): string {
  return source === undefined ? '' : `${source}: `;
}
