/**
 * The sections of docs/quality.md that `npm run bench:quality` writes: each kind of run (defaults,
 * tune, defaults+tune) owns the text between `<!-- bench:quality KIND -->` and
 * `<!-- /bench:quality KIND -->`; everything else in the file is written by hand and kept.
 */

/** `text` with the section of `kind` replaced by `section` (appended when the markers are absent). */
export function replaceSection(text: string, kind: string, section: string): string {
  const start = `<!-- bench:quality ${kind} -->`;
  const end = `<!-- /bench:quality ${kind} -->`;
  const block = `${start}\n${section.trim()}\n${end}`;
  const i = text.indexOf(start);
  const j = text.indexOf(end, i);
  if (i >= 0 && j > i) return text.slice(0, i) + block + text.slice(j + end.length);
  return `${text.trimEnd()}\n\n${block}\n`;
}
