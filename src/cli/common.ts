import type { Command } from 'commander';
import { setWarningHandler } from '../index.js';
import { Output } from './output.js';

/** --json, --quiet and --debug, which every command takes. */
export interface CommonOptions {
  json?: boolean;
  quiet?: boolean;
  debug?: boolean;
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'write one JSON document on stdout (progress and notes still go to stderr)')
    .option('-q, --quiet', 'no progress, notes or charts')
    .option('--debug', 'print the stack trace of an error');
}

/** The command's output channels; library warnings go to stderr as "warning: …". */
export function openOutput(options: CommonOptions): Output {
  const out = new Output({ json: options.json === true, quiet: options.quiet === true });
  setWarningHandler((message) => out.warn(message.replace(/^mlpkit: /, '')));
  return out;
}

/** Whether the user set an option on the command line (not its default). */
export function given(cmd: Command, name: string): boolean {
  return cmd.getOptionValueSource(name) === 'cli';
}
