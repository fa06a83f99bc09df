import { cellText, type Table } from '../../src/data/index.js';

/** A table back to CSV text (header row; missing cells empty; fields with , " or newlines quoted). */
export function tableToCsv(table: Table): string {
  const quote = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [table.columns.map((c) => quote(c.name)).join(',')];
  for (let i = 0; i < table.rows; i++) lines.push(table.columns.map((c) => quote(cellText(c, i) ?? '')).join(','));
  return lines.join('\n') + '\n';
}
