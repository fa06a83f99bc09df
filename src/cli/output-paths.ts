import { access, constants, lstat, realpath, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { usageError } from './errors.js';
import { describeIoError, sweepStaleTemps } from './files.js';

/** A file a command will write, by the flag that named it. */
export interface OutputFile {
  /** the option, for messages: '--out', '--plot' */
  flag: string;
  /** undefined: this output is not written this run */
  path: string | undefined;
  /** an input this output may replace on purpose (train --resume m.json --out m.json) */
  replaces?: string | undefined;
}

/** The longest file name most file systems take, in bytes. */
const NAME_MAX = 255;

/**
 * Checks every output before any work starts, so that a long run never ends in "cannot write"
 * and never overwrites what it read. Refuses (exit 2, one line) an output that
 *   is empty, has a name over 255 bytes, is a folder, a block device or a socket;
 *   lies in a folder that is missing, not a folder, or not writable;
 *   is the same file as an input or as another output (by real path, and by device and inode,
 *   which also catches hard links and symbolic links).
 * A character device or FIFO is accepted (it is written through). Then sweeps our stale
 * temporary files from each output's folder (see files.ts).
 */
export async function checkOutputs(outputs: readonly OutputFile[], inputs: readonly (string | undefined)[]): Promise<void> {
  const inputIds = new Map<string, string>();
  for (const input of inputs) {
    if (input === undefined) continue;
    for (const id of await identities(input)) inputIds.set(id, input);
  }
  const seen = new Map<string, OutputFile>();
  for (const o of outputs) {
    if (o.path === undefined) continue;
    await checkLocation(o.flag, o.path);
    const replaceable = o.replaces === undefined ? new Set<string>() : new Set(await identities(o.replaces));
    for (const id of await identities(o.path)) {
      const input = inputIds.get(id);
      if (input !== undefined && !replaceable.has(id)) {
        throw usageError(`${o.flag} ${o.path}: that is the input file ${input}; writing it would destroy it (choose another name)`);
      }
      const other = seen.get(id);
      if (other !== undefined && other !== o) throw usageError(`${o.flag} ${o.path} and ${other.flag} ${other.path ?? ''} are the same file; give them different names`);
      seen.set(id, o);
    }
  }
  const folders = new Set(outputs.flatMap((o) => (o.path === undefined ? [] : [dirname(resolve(o.path))])));
  for (const folder of folders) await sweepStaleTemps(folder);
}

async function checkLocation(flag: string, path: string): Promise<void> {
  if (path.trim() === '') throw usageError(`${flag}: expected a file name, got ${JSON.stringify(path)}`);
  const name = basename(path);
  if (Buffer.byteLength(name) > NAME_MAX) throw usageError(`${flag}: the file name is ${Buffer.byteLength(name)} bytes long; file systems take at most ${NAME_MAX}`);
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== 'ENOENT') throw usageError(`${flag} ${path}: ${describeIoError(e)}`);
    if ((await lstat(path).catch(() => null))?.isSymbolicLink() === true) {
      throw usageError(`${flag} ${path}: is a symbolic link to a missing file; remove the link or name the file itself`);
    }
  }
  if (info !== undefined) {
    if (info.isDirectory()) throw usageError(`${flag} ${path}: is a directory; give a file name`);
    if (info.isBlockDevice() || info.isSocket()) throw usageError(`${flag} ${path}: is not a regular file (a ${info.isSocket() ? 'socket' : 'block device'}); give a file name`);
    if (info.isFile()) await checkWritableFolder(flag, path, await realpath(path));
    return;
  }
  await checkWritableFolder(flag, path, resolve(path));
}

async function checkWritableFolder(flag: string, path: string, real: string): Promise<void> {
  const folder = dirname(real);
  let info;
  try {
    info = await stat(folder);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') throw usageError(`${flag} ${path}: the folder ${dirname(path)} does not exist; create it first`);
    throw usageError(`${flag} ${path}: ${describeIoError(e)}`);
  }
  if (!info.isDirectory()) throw usageError(`${flag} ${path}: ${dirname(path)} is not a folder`);
  try {
    await access(folder, constants.W_OK);
  } catch {
    throw usageError(`${flag} ${path}: cannot write in the folder ${dirname(path)} (permission denied)`);
  }
}

/**
 * Names under which a path is the same file: its real path (or, when missing, its folder's real
 * path and its name) and, when it exists, its device and inode.
 */
async function identities(path: string): Promise<string[]> {
  const ids: string[] = [];
  try {
    const info = await stat(path);
    ids.push(`inode:${info.dev}:${info.ino}`);
    ids.push(`path:${await realpath(path)}`);
  } catch {
    try {
      ids.push(`path:${resolve(await realpath(dirname(path)), basename(path))}`);
    } catch {
      ids.push(`path:${resolve(path)}`);
    }
  }
  return ids;
}
