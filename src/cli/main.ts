#!/usr/bin/env node
/**
 * mlpkit — the command-line tool. Each sub-command lives in its own module under ./commands/ and
 * is registered below; errors become one line on stderr and an exit code (see ./errors.ts).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { reportError } from './errors.js';
import { rejectRepeatedOptions } from './repeated-options.js';
import type { CliCommand } from './commands/command.js';
import { trainCommand } from './commands/train.js';
import { cvCommand } from './commands/cv.js';
import { tuneCommand } from './commands/tune.js';
import { evaluateCommand } from './commands/evaluate.js';
import { predictCommand } from './commands/predict.js';
import { summaryCommand } from './commands/summary.js';
import { explainCommand } from './commands/explain.js';
import { gradcheckCommand } from './commands/gradcheck.js';
import { datasetsCommand } from './commands/datasets.js';
import { exportCommand, importCommand } from './commands/export.js';

/**
 * The registration list: to add a command, import its CliCommand above and add it here
 * (the order is the order of `mlpkit --help`).
 */
const COMMANDS: readonly CliCommand[] = [
  trainCommand,
  cvCommand,
  tuneCommand,
  evaluateCommand,
  predictCommand,
  summaryCommand,
  explainCommand,
  gradcheckCommand,
  datasetsCommand,
  exportCommand, importCommand,
];

export const VERSION = '0.1.0';

/** Builds the program with every registered command. */
export function buildProgram(): Command {
  const program = new Command('mlpkit')
    .description('multi-layer perceptrons: train, evaluate, predict, inspect and explain, on CSV data')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.startsWith('error:') ? `mlpkit: ${text}` : text) });
  for (const command of COMMANDS) command.register(program);
  // sub-commands inherit exitOverride/configureOutput only if set before they are added
  for (const sub of program.commands) sub.exitOverride().configureOutput({ outputError: (text, write) => write(`mlpkit: ${text}`) });
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return 0;
    }
    rejectRepeatedOptions(program, argv.slice(2));
    await program.parseAsync([...argv]);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError && (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')) return 0;
    return reportError(e, argv.includes('--debug'));
  }
}

/** Whether this module is the program being run (not imported, e.g. by the in-process fuzz test). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// Exit explicitly: helper threads of the wasm backend would otherwise keep the process alive. But
// first let stdout drain: a write larger than the pipe's buffer (an explain --json of a wide
// network) is queued, and exiting at once would cut the document short.
const exit = (code: number): void => {
  process.stdout.write('', () => process.exit(code));
};
if (isEntryPoint()) main(process.argv).then(exit, (e: unknown) => exit(reportError(e, true)));
