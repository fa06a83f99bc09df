/** Small formatting helpers for person-readable output. */

/** A number with `digits` significant digits, or "—" for null/NaN. */
export function num(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e6)) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}

/** A fraction as a percentage with one decimal: 0.9667 → "96.7 %". */
export function pct(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return `${(v * 100).toFixed(1)} %`;
}

/** Fixed-width number for matrices: sign column, `decimals` decimals. */
export function fixed(v: number, decimals = 4): string {
  if (!Number.isFinite(v)) return String(v);
  const s = v.toFixed(decimals);
  return s === `-${(0).toFixed(decimals)}` ? (0).toFixed(decimals) : s;
}

/** 12345 → "12,345". */
export function int(n: number): string {
  return n.toLocaleString('en-US');
}

/** Seconds as "45 ms", "0.8 s", "12 s", "3 min 4 s". */
export function duration(seconds: number): string {
  if (seconds < 0.95) return `${Math.max(1, Math.round(seconds * 1000))} ms`;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - 60 * m)} s`;
}

/**
 * A text table: the first row is the header; columns listed in `right` are right-aligned.
 * Rows are joined with two spaces; a rule goes under the header.
 */
export function table(rows: readonly (readonly string[])[], right: readonly number[] = []): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, c) => (widths[c] = Math.max(widths[c] ?? 0, [...cell].length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, c) => {
        const pad = (widths[c] as number) - [...cell].length;
        return right.includes(c) ? ' '.repeat(pad) + cell : cell + ' '.repeat(pad);
      })
      .join('  ')
      .trimEnd();
  const [header, ...body] = rows;
  if (header === undefined) return '';
  const rule = '─'.repeat(widths.reduce((s, w) => s + w, 0) + 2 * (widths.length - 1));
  return [line(header), rule, ...body.map(line)].join('\n');
}

/** A matrix of numbers, one row per line, columns aligned. */
export function matrix(rows: readonly (readonly number[])[], decimals = 4, indent = '    '): string {
  const cells = rows.map((r) => r.map((v) => fixed(v, decimals)));
  const width = Math.max(1, ...cells.flat().map((c) => c.length));
  return cells.map((r) => indent + '[ ' + r.map((c) => c.padStart(width)).join('  ') + ' ]').join('\n');
}
