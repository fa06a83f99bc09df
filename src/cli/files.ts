import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError, EXIT } from './errors.js';

/**
 * Writes a file all at once or not at all: the text goes to a temporary file beside the target
 * (same folder, so the rename stays on one file system), which is then renamed over it. A crash or
 * an error midway leaves the old file (or none), never half a file.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new CliError(`${path}: cannot write the file: ${describeIoError(e)}`, EXIT.data);
  }
}

/** "no such file", "permission denied", … for a Node file-system error. */
export function describeIoError(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'ENOSPC') return 'no space left on the device';
  return (e as Error).message;
}
