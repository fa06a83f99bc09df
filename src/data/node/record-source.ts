import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Cell } from '../cells.js';
import { DataError } from '../errors.js';
import { checkDelimiter, DEFAULT_MAX_FIELD_LENGTH, DEFAULT_MAX_LINE_LENGTH, fieldTooLong, sniffDelimiter, type CsvLimits } from '../sniff.js';
import { csvParser, ioError, newlinesIn, openCsvInput, readError } from './csv-file.js';
import { openParquetSource } from './parquet.js';

/** Some rows of a streamed file, in file order. */
export interface RecordChunk {
  /** Rows of cells, each meant to be as wide as the header (checked by the consumer). */
  readonly rows: readonly (readonly Cell[])[];
  /** Source line where each row starts (Parquet: the row number + 1, as in a CSV with a header). */
  readonly lines: readonly number[];
  /** How far through the source the reader is after this chunk, in `unit`s of `total`. */
  readonly done: number;
}

/** A table file read one chunk at a time, as often as needed. */
export interface RecordSource {
  /** Name used in messages (the path as given). */
  readonly source: string;
  readonly header: readonly string[];
  /** What `done` and `total` count: bytes of the file (CSV) or rows (Parquet). */
  readonly unit: 'bytes' | 'rows';
  readonly total: number;
  /** One pass over the data rows (a fresh read of the file each call). */
  chunks(): AsyncIterable<RecordChunk>;
}

/** Options of `openRecordSource`. */
export interface RecordSourceOptions extends CsvLimits {
  /** Name used in messages (default: the file's base name). */
  readonly source?: string;
  /** CSV field separator (default: sniffed from the first lines, as `readCsvFile` does). */
  readonly delimiter?: string;
}

/** The table formats read from files: CSV (optionally gzip-compressed) and Parquet, by extension. */
export function tableFormatOf(path: string): 'csv' | 'csv.gz' | 'parquet' {
  const lower = path.toLowerCase();
  if (lower.endsWith('.parquet') || lower.endsWith('.parq')) return 'parquet';
  if (lower.endsWith('.gz')) return 'csv.gz';
  return 'csv';
}

/**
 * Opens a CSV or Parquet file for streaming: the header is read now; `chunks()` then reads the
 * data rows, a chunk at a time, as often as asked — memory is bounded by a chunk (a read buffer
 * of CSV, a row group of Parquet), not by the file.
 */
export async function openRecordSource(path: string, options: RecordSourceOptions = {}): Promise<RecordSource> {
  const source = options.source ?? basename(path);
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    throw ioError(e, source);
  }
  if (info.isDirectory()) throw new DataError(`${path}: is a directory, not a table file`);
  if (tableFormatOf(path) === 'parquet') return openParquetSource(path, source);
  const csv = new CsvSource(path, source, info.size, options.delimiter, {
    maxFieldLength: options.maxFieldLength ?? DEFAULT_MAX_FIELD_LENGTH,
    maxLineLength: options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH,
  });
  await csv.readHeader();
  return csv;
}

/** Rows per chunk a CSV source aims at (a chunk ends at the end of a read buffer past this). */
const CSV_CHUNK_ROWS = 4096;

/**
 * A CSV file read through `openCsvInput` (gzip decompressed on the fly, binary files refused) and
 * csv-parse, with the separator sniffed once from the first lines (unless given) and the field and
 * line limits of `readCsvFile`.
 */
class CsvSource implements RecordSource {
  readonly unit = 'bytes';
  header: readonly string[] = [];
  private delimiter: string | undefined;

  constructor(
    private readonly path: string,
    readonly source: string,
    readonly total: number,
    delimiter: string | undefined,
    private readonly limits: Required<CsvLimits>,
  ) {
    if (delimiter !== undefined) this.delimiter = checkDelimiter(delimiter);
  }

  async readHeader(): Promise<void> {
    for await (const chunk of this.records(true)) {
      void chunk;
      break;
    }
    if (this.header.length === 0) throw new DataError(`${this.source}: the file is empty; expected a header row`);
  }

  chunks(): AsyncIterable<RecordChunk> {
    return this.records(false);
  }

  /**
   * Parses the file with csv-parse in pull mode: each read buffer is written to the parser, and
   * the records it yields are taken with `read()`, so no record waits on an event-loop turn.
   * `done` counts bytes of the file read (compressed bytes for .gz).
   */
  private async *records(headerOnly: boolean): AsyncGenerator<RecordChunk> {
    const input = await openCsvInput(this.path, this.source);
    this.delimiter ??= sniffDelimiter(input.head.toString('utf8'), input.whole);
    const { maxFieldLength, maxLineLength } = this.limits;
    const parser = csvParser(this.delimiter, maxLineLength);
    let failure: unknown = null;
    input.stream.on('error', (e: unknown) => (failure ??= e));
    parser.on('error', (e: unknown) => (failure ??= e));
    let line = 1;
    let sawHeader = false;
    let rows: Cell[][] = [];
    let lines: number[] = [];
    const take = (): void => {
      let record: string[] | null;
      while ((record = parser.read() as string[] | null) !== null) {
        const start = line;
        line += 1 + newlinesIn(record);
        if (record.length === 1 && (record[0] as string).trim() === '') continue; // blank line
        for (let k = 0; k < record.length; k++) {
          if ((record[k] as string).length > maxFieldLength) throw fieldTooLong(this.source, start, k, maxFieldLength);
        }
        if (!sawHeader) {
          sawHeader = true;
          this.header = record;
          continue;
        }
        rows.push(record);
        lines.push(start);
      }
    };
    try {
      for await (const buffer of input.stream) {
        parser.write(buffer as Buffer);
        take();
        if (failure !== null) break;
        if (headerOnly && sawHeader) return;
        if (rows.length >= CSV_CHUNK_ROWS) {
          yield { rows, lines, done: input.position() };
          rows = [];
          lines = [];
        }
      }
      if (failure === null) {
        parser.end();
        await new Promise<void>((resolve) => {
          if (parser.readableEnded) resolve();
          parser.on('readable', () => {
            try {
              take();
            } catch (e) {
              failure ??= e;
              resolve();
            }
          });
          parser.on('end', resolve);
          parser.on('error', () => resolve());
        });
        take();
      }
      if (failure !== null) throw failure;
      if (rows.length > 0) yield { rows, lines, done: input.position() };
    } catch (e) {
      throw readError(e, this.source, line, maxLineLength);
    } finally {
      input.stream.destroy();
      parser.destroy();
    }
  }
}
