import { DataError } from './errors.js';

/**
 * What a CSV reader checks before it parses: the field separator (sniffed from the first lines),
 * whether the bytes are text at all, and the size limits that keep a wrong file from growing
 * without bound. Shared by `parseCsv` (browser) and `readCsvFile` (Node).
 */

/** The separators a CSV reader recognizes, in order of preference when the evidence ties. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * Size limits of the CSV readers. A line is one record (quoted line breaks included). The limits
 * sit far above real tables (a 28×28 image row is ~3 KB) and stop a file without line breaks
 * (`/dev/zero`, a wrong delimiter, an unclosed quote) before it fills the memory.
 */
export interface CsvLimits {
  /** characters in one field (default 1 MiB) */
  readonly maxFieldLength?: number;
  /** characters in one record (default 16 MiB) */
  readonly maxLineLength?: number;
}
export const DEFAULT_MAX_FIELD_LENGTH = 1 << 20;
export const DEFAULT_MAX_LINE_LENGTH = 16 << 20;

/** Bytes of the start of a file that sniffing looks at. */
export const SNIFF_BYTES = 64 * 1024;
/** Records of the start of a file that delimiter sniffing compares. */
const SNIFF_LINES = 20;

/**
 * The separator of CSV text, from its first lines: the candidate that appears (outside quotes) on
 * the header line and the same number of times on every sampled line; among those, the most
 * frequent; ties go to the earlier of `, ; tab |`. When no candidate is consistent, the most
 * frequent on the header line; when none appears at all (one column), a comma.
 *
 * E.g. `a;b\n1,5;2,3` → `;` (the comma is absent from the header, so it is not the separator).
 */
export function sniffDelimiter(text: string, complete = true): Delimiter {
  const lines = countPerLine(text, complete);
  const header = lines[0];
  if (header === undefined) return ',';
  let best: Delimiter | null = null;
  let bestCount = 0;
  DELIMITERS.forEach((d, k) => {
    const n = header[k] as number;
    if (n > bestCount && lines.every((l) => l[k] === n)) {
      best = d;
      bestCount = n;
    }
  });
  if (best !== null) return best;
  DELIMITERS.forEach((d, k) => {
    if ((header[k] as number) > bestCount) {
      best = d;
      bestCount = header[k] as number;
    }
  });
  return best ?? ',';
}

/** Counts of each delimiter outside quotes, per line, for the first SNIFF_LINES non-blank lines. */
function countPerLine(text: string, complete: boolean): number[][] {
  const lines: number[][] = [];
  let counts = [0, 0, 0, 0];
  let quoted = false;
  let nonBlank = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length && lines.length < SNIFF_LINES; i++) {
    const c = text[i] as string;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (nonBlank) lines.push(counts);
      counts = [0, 0, 0, 0];
      nonBlank = false;
      continue;
    } else if (!quoted) {
      const k = DELIMITERS.indexOf(c as Delimiter);
      if (k >= 0) counts[k] = (counts[k] as number) + 1;
    }
    if (c !== ' ') nonBlank = true;
  }
  // the last line counts only when the text is whole (not a truncated head of a file)
  if (nonBlank && complete && i >= text.length) lines.push(counts);
  return lines;
}

/** Checks a `delimiter` option: one character other than a quote or a line break. */
export function checkDelimiter(delimiter: string): string {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new DataError(`delimiter must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`);
  }
  return delimiter;
}

/** Known binary formats by their first bytes, with what to do instead. */
const SIGNATURES: readonly { magic: readonly number[]; what: string }[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (an .xlsx workbook is one); export the sheet as CSV or unzip it first' },
  { magic: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file' },
  { magic: [0x42, 0x5a, 0x68], what: 'bzip2 data; decompress it first (gzip is read directly)' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a], what: 'xz data; decompress it first (gzip is read directly)' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd data; decompress it first (gzip is read directly)' },
];

/** Whether bytes start with the gzip signature 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Why the start of a file is not CSV text, or null when it is text. Binary: a known signature, a
 * NUL byte, or more than 10 % control characters other than tab, line feed and carriage return.
 * The message shows the first bytes in hex, never the raw bytes.
 */
export function binaryReason(bytes: Uint8Array): string | null {
  for (const s of SIGNATURES) {
    if (s.magic.every((b, i) => bytes[i] === b)) return `is ${s.what}, not CSV text`;
  }
  let controls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0) return `is a binary file, not CSV text (it has NUL bytes; it starts with ${hexStart(bytes)})`;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) controls++;
  }
  if (controls > bytes.length / 10) return `is a binary file, not CSV text (${controls} control bytes in the first ${bytes.length}; it starts with ${hexStart(bytes)})`;
  return null;
}

function hexStart(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** The DataError for a record over the line limit. */
export function lineTooLong(source: string, line: number, limit: number): DataError {
  return new DataError(
    `${source}: line ${line} is longer than ${limit} characters (the limit of one CSV record); ` +
      `the file may have no line breaks, an unclosed quote or another delimiter (--delimiter)`,
  );
}

/** The DataError for a field over the field limit. */
export function fieldTooLong(source: string, line: number, column: number, limit: number): DataError {
  return new DataError(`${source}: line ${line}, field ${column + 1} is longer than ${limit} characters (the limit of one CSV field)`);
}
