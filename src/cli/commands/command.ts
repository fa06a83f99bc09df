import type { Command } from 'commander';

/**
 * One `mlpkit` sub-command. A module under src/cli/commands/ exports one of these; main.ts lists
 * them in COMMANDS. `register` adds the command, its options and its action to the program.
 * The action throws on failure (a CliError with an exit code, or a library error that
 * `reportError` maps to one); it never calls process.exit itself.
 */
export interface CliCommand {
  readonly name: string;
  register(program: Command): void;
}
