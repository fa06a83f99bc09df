import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse, CsvError, type Parser } from 'csv-parse';
import { TableBuilder, type TableReadOptions } from '../builder.js';
import { DataError } from '../errors.js';
import {
  binaryReason,
  checkDelimiter,
  DEFAULT_MAX_FIELD_LENGTH,
  DEFAULT_MAX_LINE_LENGTH,
  fieldTooLong,
  isGzip,
  lineTooLong,
  SNIFF_BYTES,
  sniffDelimiter,
  type CsvLimits,
} from '../sniff.js';
import type { Table } from '../table.js';

/** Options of `readCsvFile`. */
export interface ReadCsvOptions extends TableReadOptions, CsvLimits {
  /** Field separator (default: sniffed from the first lines, one of `, ; tab |`; see `sniffDelimiter`). */
  readonly delimiter?: string;
  /** Name used in messages (default: the file's base name). */
  readonly source?: string;
}

/**
 * Reads a CSV file with a header row into a column store, streaming: the file is parsed in chunks
 * by csv-parse and each record goes straight into typed columns (see `TableBuilder`), so the text is
 * never held whole. Blank lines are skipped; a byte-order mark is ignored; CRLF, LF and CR line ends may be mixed.
 * Gzip files (`.gz`, or the gzip signature) are decompressed on the fly; the separator is sniffed
 * from the first lines unless given.
 *
 * Throws a DataError naming the file (and line and column where there is one) for: a missing,
 * unreadable or non-regular file; a binary file; corrupt gzip data; an empty file; a header
 * without data rows; a row whose field count differs from the header's; a field or record over
 * the size limits; a quoting error; a NaN/Inf literal in a numeric column; a non-numeric value in
 * a column declared numeric.
 */
export async function readCsvFile(path: string, options: ReadCsvOptions = {}): Promise<Table> {
  const source = options.source ?? basename(path);
  const maxField = options.maxFieldLength ?? DEFAULT_MAX_FIELD_LENGTH;
  const maxLine = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  if (options.delimiter !== undefined) checkDelimiter(options.delimiter);
  const input = await openCsvInput(path, source);
  const delimiter = options.delimiter ?? sniffDelimiter(input.head.toString('utf8'), input.whole);
  const parser = csvParser(delimiter, maxLine);
  let builder = null as TableBuilder | null; // (assigned in a callback)
  // Line where the next record starts. Counted here rather than with csv-parse's `info` option
  // (which copies an object per record and costs a fifth of the time): each record ends one line
  // on, plus the line breaks inside its quoted fields. Blank lines arrive as a single empty field.
  let line = 1;
  await new Promise<void>((resolve, reject) => {
    const fail = (e: unknown): void => {
      input.stream.destroy();
      parser.destroy();
      reject(e);
    };
    input.stream.on('error', fail);
    parser.on('error', fail);
    parser.on('end', resolve);
    parser.on('data', (record: string[]) => {
      const start = line;
      line += 1 + newlinesIn(record);
      if (record.length === 1 && (record[0] as string).trim() === '') return; // blank line
      for (let k = 0; k < record.length; k++) {
        if ((record[k] as string).length > maxField) return fail(fieldTooLong(source, start, k, maxField));
      }
      try {
        if (builder === null) builder = new TableBuilder(record, source, options);
        else builder.addRow(record, start);
      } catch (e) {
        fail(e);
      }
    });
    input.stream.pipe(parser);
  }).catch((e: unknown) => {
    throw readError(e, source, line, maxLine);
  });
  if (builder === null) throw new DataError(`${source}: the file is empty; expected a header row`);
  return builder.finish();
}

/** A CSV file opened for streaming: its text (gunzipped when gzip), and the first bytes for sniffing. */
export interface CsvInput {
  /** the whole text, head included, as a byte stream */
  stream: Readable;
  /** the first SNIFF_BYTES bytes of the text (or all of it) */
  head: Buffer;
  /** whether `head` is the whole text */
  whole: boolean;
  gzip: boolean;
  /** Bytes of the file read so far (compressed bytes for gzip), for progress. */
  position: () => number;
}

/**
 * Opens a file for CSV reading: checks it is readable and not a folder, decompresses gzip (by
 * the `.gz` extension or the signature 1f 8b), and refuses binary data (a DataError naming the
 * file, with the first bytes in hex). Streaming readers build on this; `readCsvFile` parses it.
 */
export async function openCsvInput(path: string, source: string = basename(path)): Promise<CsvInput> {
  await checkReadable(path, source);
  let first: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      first = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(first, 0, SNIFF_BYTES, null);
      first = first.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw ioError(e, source);
  }
  const gzip = isGzip(first);
  if (!gzip && /\.gz$/i.test(path) && first.length > 0) throw new DataError(`${source}: is named .gz but is not gzip data`);
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  let text: Readable = raw;
  if (gzip) {
    const gunzip = createGunzip();
    raw.on('error', (e) => gunzip.destroy(e));
    text = raw.pipe(gunzip);
  }
  // read the head of the text, then hand on a stream of the head followed by the rest
  const chunks = text[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const parts: Buffer[] = [];
  let size = 0;
  let done = false;
  try {
    while (size < SNIFF_BYTES) {
      const r = await chunks.next();
      if (r.done === true) {
        done = true;
        break;
      }
      parts.push(r.value);
      size += r.value.length;
    }
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('Z_') === true) throw new DataError(`${source}: the gzip data is corrupt (${(e as Error).message})`);
    throw ioError(e, source);
  }
  const joined = Buffer.concat(parts);
  const head = joined.subarray(0, SNIFF_BYTES);
  const why = binaryReason(head);
  if (why !== null) {
    text.destroy();
    throw new DataError(`${source}: ${why}`);
  }
  async function* all(): AsyncGenerator<Buffer> {
    if (joined.length > 0) yield joined;
    if (done) return;
    for (;;) {
      const r = await chunks.next();
      if (r.done === true) return;
      yield r.value;
    }
  }
  const stream = Readable.from(all(), { objectMode: false });
  stream.on('close', () => text.destroy());
  return { stream, head, whole: done && joined.length <= SNIFF_BYTES, gzip, position: () => raw.bytesRead };
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

/**
 * csv-parse as both CSV readers use it: the given separator, a BOM skipped, records of any width
 * (the consumer reports ragged rows, with our message), mixed line ends, records up to `maxLine`.
 */
export function csvParser(delimiter: string, maxLine: number): Parser {
  return parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: maxLine,
  });
}

/**
 * What a failure while reading `source` means to a user, as a DataError: our own errors as they
 * are, csv-parse's (a record over `maxLine` at `line`, a quoting error), corrupt gzip, or the file system's.
 */
export function readError(e: unknown, source: string, line: number, maxLine: number): DataError {
  if (e instanceof DataError) return e;
  if (e instanceof CsvError) {
    if (e.code === 'CSV_MAX_RECORD_SIZE') return lineTooLong(source, line, maxLine);
    return new DataError(`${source}: ${e.message}`);
  }
  if ((e as { code?: string }).code?.startsWith('Z_') === true) return new DataError(`${source}: the gzip data is corrupt (${(e as Error).message})`);
  return ioError(e, source);
}

/** A file-system failure reading `source`, in words. */
export function ioError(e: unknown, source: string): DataError {
  const code = (e as { code?: string }).code;
  const why =
    code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
  return new DataError(`${source}: cannot read the file: ${why}`);
}

/** Line breaks inside the quoted fields of a record (a record spans 1 + this many lines). */
export function newlinesIn(record: readonly string[]): number {
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
