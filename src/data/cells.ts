/**
 * What one CSV cell holds. The typing rules, shared by the browser parser and the streaming file
 * reader:
 * - a decimal number (`12`, `-0.5`, `.5`, `1e-3`, surrounding spaces allowed) is a number;
 * - an empty cell, or one of the missing-value markers (default `NA`, `N/A`, `?`), is missing;
 * - `NaN`, `Inf`, `Infinity` (any case, optional sign) and numbers too large for a double are
 *   non-finite literals: an error in a numeric column, a plain category in a text column;
 * - anything else is text.
 */
export type CellKind = 'number' | 'missing' | 'non-finite' | 'text';

/**
 * One cell as a reader delivers it: text (from CSV; typed by the rules above), a number (from a
 * typed format such as Parquet), or null for missing.
 */
export type Cell = string | number | null;

/** Markers read as a missing value unless the caller passes its own list. */
export const DEFAULT_MISSING: readonly string[] = ['', 'NA', 'N/A', '?'];

const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const NON_FINITE = /^\s*[+-]?(?:nan|inf|infinity)\s*$/i;

/** Classifies cells and parses numbers; one per reader, holding the set of missing markers. */
export class CellReader {
  private readonly missing: ReadonlySet<string>;
  /** Whether some marker looks like a number, so markers must be checked first. */
  private readonly numericMarkers: boolean;
  /** The number parsed by the last `classify` call that returned 'number'. */
  value = Number.NaN;

  constructor(missing: readonly string[] = DEFAULT_MISSING) {
    this.missing = new Set(missing.map((m) => m.trim()));
    this.numericMarkers = [...this.missing].some((m) => DECIMAL.test(m));
  }

  /** The kind of one cell; for 'number' the parsed value is left in `this.value`. */
  classify(text: string): CellKind {
    // Numeric markers (e.g. -999) are checked before numbers; the usual text markers after them.
    if (this.numericMarkers && this.isMissing(text)) return 'missing';
    if (DECIMAL.test(text)) {
      const v = Number(text);
      if (!Number.isFinite(v)) return 'non-finite'; // e.g. 1e999
      this.value = v;
      return 'number';
    }
    if (this.isMissing(text)) return 'missing';
    if (NON_FINITE.test(text)) return 'non-finite';
    return 'text';
  }

  /** Whether the cell is empty or a missing-value marker. */
  isMissing(text: string): boolean {
    return this.missing.has(text) || this.missing.has(text.trim());
  }
}
