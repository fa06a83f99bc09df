/**
 * Text from files (column names, class labels, category values, paths) reaches the terminal in
 * results, notes and error messages. A control character there could move the cursor, rewrite a
 * line or change the terminal's state, so every printed string passes through `sanitize`: control
 * characters other than line feed and tab become visible escapes (ESC → `\x1b`, CR → `\x0d`).
 */

/** C0 controls except tab and line feed, DEL, C1 controls, and the bidirectional overrides. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** ANSI colour sequences (SGR), which the CLI's own charts use on a terminal. */
const SGR = /\u001b\[[0-9;]*m/g;

/** The text with every control character written as a visible escape. */
export function sanitize(text: string): string {
  return text.replace(CONTROL, escape);
}

/** As `sanitize`, but colour sequences are kept (for the CLI's own charts). */
export function sanitizeKeepingColour(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(SGR)) {
    out += sanitize(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + sanitize(text.slice(last));
}

function escape(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
