/** One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line from fields. */
export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

/** A number for a CSV cell: at most `digits` significant digits, no trailing zeros. */
export function csvNumber(v: number, digits = 7): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : '';
}
