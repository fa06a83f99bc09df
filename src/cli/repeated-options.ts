import type { Command, Option } from 'commander';
import { usageError } from './errors.js';
import { nameList } from './parse.js';

/**
 * Commander lets a later `--target b` silently replace an earlier `--target a`. The CLI refuses
 * that (exit 2) for every option that takes a value, except the list options whose parser adds
 * to the list (`--drop id --drop date`).
 *
 * @param args the command line after `node mlpkit` (sub-command first)
 */
export function rejectRepeatedOptions(program: Command, args: readonly string[]): void {
  const commandIndex = args.findIndex((a) => !a.startsWith('-'));
  const name = args[commandIndex];
  const command = program.commands.find((c) => c.name() === name || c.aliases().includes(name ?? ''));
  if (command === undefined) return;
  const seen = new Map<string, string>();
  for (let i = commandIndex + 1; i < args.length; i++) {
    const token = args[i] as string;
    if (token === '--') break;
    if (!token.startsWith('-') || token === '-') continue;
    const long = token.startsWith('--');
    const flag = long ? (token.split('=')[0] as string) : token.slice(0, 2);
    const option = command.options.find((o: Option) => o.long === flag || o.short === flag);
    if (option === undefined || !(option.required || option.optional)) continue;
    const attached = long ? token.includes('=') : token.length > 2;
    const value = attached ? token.slice(flag.length + (long ? 1 : 0)) : (args[i + 1] ?? '');
    if (!attached) i++;
    if (option.parseArg === (nameList as unknown)) continue;
    const key = option.attributeName();
    const before = seen.get(key);
    if (before !== undefined) {
      throw usageError(`${option.long ?? flag} is given twice (${JSON.stringify(before)} and ${JSON.stringify(value)}); give it once`);
    }
    seen.set(key, value);
  }
}
