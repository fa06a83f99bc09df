import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { TableBuilder, type TableReadOptions } from '../builder.js';
import { DataError } from '../errors.js';
import type { Cell } from '../stream/summary.js';
import type { Table } from '../table.js';
import type { RecordChunk, RecordSource } from './record-source.js';

/** Rows handed on at a time from a row group. */
const PARQUET_CHUNK_ROWS = 8192;

/**
 * A Parquet file read through hyparquet (pure JavaScript; snappy, gzip, zstd, brotli and lz4 pages
 * through hyparquet-compressors), one row group at a time: memory holds one row group's decoded
 * values, never the file. Flat columns only: numbers (INT32/INT64/FLOAT/DOUBLE, decimals), text,
 * booleans (as the text `true` / `false`) and dates (as ISO text); null is missing. A nested
 * column (struct, list, map) is refused with its name.
 */
export async function openParquetSource(path: string, source: string): Promise<RecordSource> {
  let file: AsyncBuffer;
  let metadata: FileMetaData;
  try {
    file = await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new DataError(`${source}: not a readable Parquet file (${(e as Error).message})`);
  }
  const schema = parquetSchema(metadata);
  const header: string[] = [];
  for (const child of schema.children) {
    if (child.children.length > 0) throw new DataError(`${source}: column '${child.element.name}' is nested (a struct, list or map); only flat columns can be read`);
    header.push(child.element.name);
  }
  if (header.length === 0) throw new DataError(`${source}: the Parquet file has no columns`);
  const total = Number(metadata.num_rows);
  return {
    source,
    header,
    unit: 'rows',
    total,
    chunks: () => parquetChunks(file, metadata, header, source),
  };
}

/**
 * The codecs, loaded on first use: hyparquet-compressors instantiates WebAssembly when it is
 * imported, which fails under a virtual-memory limit (`ulimit -v`) and would stop every command,
 * not only the ones that read Parquet.
 */
let codecs: Promise<typeof import('hyparquet-compressors').compressors> | undefined;
const loadCodecs = (): Promise<typeof import('hyparquet-compressors').compressors> => (codecs ??= import('hyparquet-compressors').then((m) => m.compressors));

async function* parquetChunks(file: AsyncBuffer, metadata: FileMetaData, header: readonly string[], source: string): AsyncGenerator<RecordChunk> {
  const compressors = await loadCodecs();
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: unknown[][] = [];
    try {
      await parquetRead({
        file,
        metadata,
        rowStart,
        rowEnd,
        columns: [...header],
        compressors,
        onComplete: (r: unknown[][]) => {
          rows = r;
        },
      });
    } catch (e) {
      throw new DataError(`${source}: cannot read rows ${rowStart + 1} … ${rowEnd} (${(e as Error).message})`);
    }
    for (let start = 0; start < rows.length; start += PARQUET_CHUNK_ROWS) {
      const end = Math.min(rows.length, start + PARQUET_CHUNK_ROWS);
      const cells: Cell[][] = [];
      const lines: number[] = [];
      for (let i = start; i < end; i++) {
        const row = rows[i] as unknown[];
        const line = rowStart + i + 2; // as if a CSV: header on line 1
        cells.push(row.map((v, j) => toCell(v, source, line, header[j] as string)));
        lines.push(line);
      }
      yield { rows: cells, lines, done: rowStart + end };
    }
    rowStart = rowEnd;
  }
}

/** A Parquet value as a cell: numbers stay numbers, text stays text, booleans and dates become text. */
function toCell(v: unknown, source: string, line: number, column: string): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return v.toISOString();
  throw new DataError(`${source}: row ${line - 1}, column '${column}': a ${Object.prototype.toString.call(v).slice(8, -1)} value, which mlpkit cannot use as a number or a category`);
}

/**
 * Reads a whole Parquet file into a column store (the in-memory path; `--stream` reads it by row
 * group instead). Typing and errors are those of `TableBuilder`.
 */
export async function readParquetFile(path: string, options: TableReadOptions & { readonly source?: string } = {}): Promise<Table> {
  const source = await openParquetSource(path, options.source ?? path);
  const builder = new TableBuilder(source.header, source.source, options);
  for await (const chunk of source.chunks()) chunk.rows.forEach((row, i) => builder.addRow(row, chunk.lines[i] as number));
  return builder.finish();
}
