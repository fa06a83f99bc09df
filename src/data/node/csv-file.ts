import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse, CsvError } from 'csv-parse';
import { TableBuilder, type TableReadOptions } from '../builder.js';
import { DataError } from '../errors.js';
import type { Table } from '../table.js';

/** Options of `readCsvFile`. */
export interface ReadCsvOptions extends TableReadOptions {
  /** Field separator (default `,`). */
  readonly delimiter?: string;
  /** Name used in messages (default: the file's base name). */
  readonly source?: string;
}

/**
 * Reads a CSV file with a header row into a column store, streaming: the file is parsed in chunks
 * by csv-parse and each record goes straight into typed columns (see `TableBuilder`), so the text is
 * never held whole. Blank lines are skipped; a byte-order mark is ignored; CRLF, LF and CR line ends may be mixed.
 *
 * Throws a DataError naming the file (and line and column where there is one) for: a missing,
 * unreadable or non-regular file; an empty file; a header without data rows; a row whose field
 * count differs from the header's; a quoting error; a NaN/Inf literal in a numeric column; a
 * non-numeric value in a column declared numeric.
 */
export async function readCsvFile(path: string, options: ReadCsvOptions = {}): Promise<Table> {
  const source = options.source ?? basename(path);
  await checkReadable(path, source);
  const parser = parse({
    delimiter: options.delimiter ?? ',',
    bom: true,
    relax_column_count: true, // ragged rows are reported by TableBuilder, with our message
    record_delimiter: ['\r\n', '\n', '\r'], // accept mixed line ends
  });
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  let builder = null as TableBuilder | null; // (assigned in a callback)
  // Line where the next record starts. Counted here rather than with csv-parse's `info` option
  // (which copies an object per record and costs a fifth of the time): each record ends one line
  // on, plus the line breaks inside its quoted fields. Blank lines arrive as a single empty field.
  let line = 1;
  await new Promise<void>((resolve, reject) => {
    const fail = (e: unknown): void => {
      input.destroy();
      parser.destroy();
      reject(e);
    };
    input.on('error', fail);
    parser.on('error', fail);
    parser.on('end', resolve);
    parser.on('data', (record: string[]) => {
      const start = line;
      line += 1 + newlinesIn(record);
      if (record.length === 1 && (record[0] as string).trim() === '') return; // blank line
      try {
        if (builder === null) builder = new TableBuilder(record, source, options);
        else builder.addRow(record, start);
      } catch (e) {
        fail(e);
      }
    });
    input.pipe(parser);
  }).catch((e: unknown) => {
    if (e instanceof DataError) throw e;
    if (e instanceof CsvError) throw new DataError(`${source}: ${e.message}`);
    throw ioError(e, source);
  });
  if (builder === null) throw new DataError(`${source}: the file is empty; expected a header row`);
  return builder.finish();
}

async function checkReadable(path: string, source: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    throw ioError(e, source === basename(path) ? path : source);
  }
  if (info.isDirectory()) throw new DataError(`${path}: is a directory, not a CSV file`);
}

function ioError(e: unknown, source: string): DataError {
  const code = (e as { code?: string }).code;
  const why =
    code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
  return new DataError(`${source}: cannot read the file: ${why}`);
}

function newlinesIn(record: readonly string[]): number {
  let count = 0;
  for (const field of record) {
    let k = field.indexOf('\n');
    while (k >= 0) {
      count++;
      k = field.indexOf('\n', k + 1);
    }
  }
  return count;
}
