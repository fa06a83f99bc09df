import { TableBuilder, type TableReadOptions } from './builder.js';
import { DataError } from './errors.js';
import { checkDelimiter, DEFAULT_MAX_FIELD_LENGTH, DEFAULT_MAX_LINE_LENGTH, fieldTooLong, lineTooLong, sniffDelimiter, type CsvLimits } from './sniff.js';
import type { Table } from './table.js';

/** Options of `parseCsv`. */
export interface ParseCsvOptions extends TableReadOptions, CsvLimits {
  /** Name used in error messages (default `'CSV'`); pass the file name the user picked. */
  readonly source?: string;
  /** Field separator (default: sniffed from the first lines, one of `, ; tab |`; see `sniffDelimiter`). */
  readonly delimiter?: string;
}

/**
 * Parses CSV text that is already in memory (the playground's "load your own CSV"; use
 * `readCsvFile` from `mlpkit/node` for files). The first record is the header. Fields may be quoted
 * with `"` (a doubled `""` inside is one quote, and quoted fields may span lines); CRLF and LF
 * line ends are accepted; blank lines are skipped. Typing and errors are those of `TableBuilder`.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): Table {
  const source = options.source ?? 'CSV';
  let builder: TableBuilder | null = null;
  const delimiter = options.delimiter ?? sniffDelimiter(text);
  for (const { fields, line } of csvRecords(text, source, delimiter, options)) {
    if (builder === null) builder = new TableBuilder(fields, source, options);
    else builder.addRow(fields, line);
  }
  if (builder === null) throw new DataError(`${source}: is empty; expected a header row`);
  return builder.finish();
}

/** One record of CSV text and the line where it starts (1-based). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** Splits CSV text into records (RFC 4180 quoting); blank lines are skipped; fields and records over the limits are errors. */
export function* csvRecords(text: string, source: string, delimiter = ',', limits: CsvLimits = {}): Generator<CsvRecord> {
  const sep = checkDelimiter(delimiter).charCodeAt(0);
  const maxField = limits.maxFieldLength ?? DEFAULT_MAX_FIELD_LENGTH;
  const maxLine = limits.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark
  let line = 1;
  while (i < n) {
    const start = line;
    const recordStart = i;
    const fields: string[] = [];
    // one record
    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === QUOTE) {
        const opened = line;
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) throw new DataError(`${source}: line ${opened}: a quoted field opened on this line is never closed`);
          value += text.slice(j, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            j = q + 2;
          } else {
            j = q + 1;
            break;
          }
        }
        for (let k = i; k < j; k++) if (text.charCodeAt(k) === LF) line++;
        i = j;
        const c = i < n ? text.charCodeAt(i) : LF;
        if (c !== sep && c !== LF && c !== CR) {
          throw new DataError(`${source}: line ${line}: unexpected '${text[i]}' after a closing quote`);
        }
        field = value;
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === sep || c === LF || c === CR) break;
          j++;
        }
        field = text.slice(i, j);
        i = j;
      }
      if (field.length > maxField) throw fieldTooLong(source, start, fields.length, maxField);
      if (i - recordStart > maxLine) throw lineTooLong(source, start, maxLine);
      fields.push(field);
      if (i < n && text.charCodeAt(i) === sep) {
        i++;
        continue;
      }
      // end of record: CRLF, LF, CR or end of text
      if (i < n && text.charCodeAt(i) === CR) i++;
      if (i < n && text.charCodeAt(i) === LF) i++;
      line++;
      break;
    }
    if (fields.length === 1 && (fields[0] as string).trim() === '') continue; // blank or whitespace-only line
    yield { fields, line: start };
  }
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
