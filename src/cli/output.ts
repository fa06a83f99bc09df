import { sanitize, sanitizeKeepingColour } from './sanitize.js';

/** Where the CLI writes: results on stdout, progress and notes on stderr, or one JSON document. */
export interface OutputOptions {
  /** one JSON document on stdout and nothing else there */
  json: boolean;
  /** no progress, notes, warnings or charts; errors and results only */
  quiet: boolean;
}

/**
 * The CLI's three channels:
 * - `result`: what the user asked for, for a person (stdout; not written in --json mode, where
 *   the JSON document carries it);
 * - `info` / `warn`: progress notes on stderr, silenced by --quiet;
 * - `json`: the one JSON document on stdout.
 */
export class Output {
  readonly json: boolean;
  readonly quiet: boolean;

  constructor(
    options: OutputOptions,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream | NodeJS.WritableStream = process.stderr,
  ) {
    this.json = options.json;
    this.quiet = options.quiet;
  }

  /** Whether stderr is a terminal (progress bars, colours). */
  get interactive(): boolean {
    return (this.stderr as NodeJS.WriteStream).isTTY === true;
  }

  /** Whether person-readable result text goes anywhere. */
  get showsResults(): boolean {
    return !this.json;
  }

  // every channel writes through the sanitizer: no control character from a file reaches the terminal
  result(text: string): void {
    if (!this.json) this.stdout.write(line(sanitize(text)));
  }

  /** A person-readable extra (chart, table): on stdout normally, on stderr in --json mode, never with --quiet. */
  extra(text: string): void {
    if (this.quiet) return;
    const stream = this.json ? this.stderr : this.stdout;
    stream.write(line(sanitizeKeepingColour(text)));
  }

  info(text: string): void {
    if (!this.quiet) this.stderr.write(line(sanitize(text)));
  }

  warn(text: string): void {
    if (!this.quiet) this.stderr.write(line(`warning: ${sanitize(text)}`));
  }

  /** The raw stderr stream (for the progress bar). */
  get progressStream(): NodeJS.WritableStream {
    return this.stderr;
  }

  /** Writes the JSON document (once per command). Non-finite numbers become null. */
  document(doc: unknown): void {
    this.stdout.write(`${JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
  }
}

function line(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
