import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, lstat, open, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CliError, EXIT } from './errors.js';

/**
 * How the CLI writes files. A regular file is written all at once or not at all: the bytes go to
 * a temporary file `.mlpkit-PID-HEX.tmp` in the target's folder (same file system, so the rename
 * is atomic; a short name, so a long target name still fits in 255 bytes), which is flushed to
 * disk and renamed over the target. A crash or an error midway leaves the old file (or none).
 *
 * The temporary file is removed on every exit path: an error, process.exit, SIGINT and SIGTERM.
 * Only `kill -9` (or a power cut) can leave one; `sweepStaleTemps` removes those on a later run.
 * A symbolic link is followed (the file it points to is replaced, the link stays); a character
 * device or FIFO (`/dev/null`, a named pipe) is written through, never replaced.
 */

/** `.mlpkit-<pid>-<8 hex>.tmp`: ours, and which process made it. */
const TEMP_NAME = /^\.mlpkit-(\d+)-[0-9a-f]{8}\.tmp$/;
/** Temporary names of mlpkit 0.1 (`.NAME.<12 hex>.tmp`), swept when older than STALE_MS. */
const OLD_TEMP_NAME = /^\..+\.[0-9a-f]{12}\.tmp$/;
/** A temporary file older than this is stale whichever process made it. */
export const STALE_MS = 60 * 60 * 1000;

/** Temporary files this process has open: removed by the exit and signal handlers. */
const live = new Set<string>();

function removeLive(): void {
  for (const path of live) {
    try {
      rmSync(path, { force: true });
    } catch {
      // nothing more can be done on the way out
    }
  }
  live.clear();
}

const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };
function onSignal(signal: 'SIGINT' | 'SIGTERM'): void {
  removeLive();
  process.exit(SIGNAL_EXIT[signal]);
}
const onSigint = (): void => onSignal('SIGINT');
const onSigterm = (): void => onSignal('SIGTERM');

/**
 * Registers a temporary file. While any is live, SIGINT and SIGTERM remove them and exit (130,
 * 143); at other times the signals keep their usual meaning (and the trainer's Ctrl-C handling).
 */
function track(path: string): void {
  if (live.size === 0) {
    process.on('exit', removeLive);
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
  }
  live.add(path);
}

function untrack(path: string): void {
  live.delete(path);
  if (live.size === 0) {
    process.off('exit', removeLive);
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  }
}

/** A fresh temporary name in `dir`. */
export function tempPath(dir: string): string {
  return join(dir, `.mlpkit-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes text or bytes to `path` atomically (see above); a failure is a CliError (exit 3) naming the file. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  let target = path;
  let existing: import('node:fs').Stats | null = null;
  try {
    existing = await stat(path); // follows a symbolic link
    if ((await lstat(path)).isSymbolicLink()) target = await realpath(path);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw writeError(path, e);
  }
  if (existing !== null && (existing.isCharacterDevice() || existing.isFIFO())) {
    try {
      await writeFile(path, data, typeof data === 'string' ? { encoding: 'utf8', flag: 'w' } : { flag: 'w' });
    } catch (e) {
      throw writeError(path, e);
    }
    return;
  }
  const temp = tempPath(dirname(target));
  track(temp);
  try {
    const handle = await open(temp, 'wx', 0o666);
    try {
      await handle.writeFile(data, typeof data === 'string' ? 'utf8' : undefined);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (existing !== null) await chmod(temp, existing.mode & 0o7777).catch(() => undefined);
    await rename(temp, target);
    untrack(temp);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    untrack(temp);
    throw writeError(path, e);
  }
}

function writeError(path: string, e: unknown): CliError {
  return new CliError(`${path === '' ? "''" : path}: cannot write the file: ${describeIoError(e)}`, EXIT.data);
}

/**
 * Removes our stale temporary files in `dir`: those of a process that no longer runs (left by
 * `kill -9`), and any older than an hour. Returns how many it removed; never throws.
 */
export async function sweepStaleTemps(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  const now = Date.now();
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (m === null && !OLD_TEMP_NAME.test(name)) continue;
    const path = join(dir, name);
    try {
      const info = await lstat(path);
      if (!info.isFile()) continue;
      const old = now - info.mtimeMs > STALE_MS;
      const pid = m === null ? null : Number(m[1]);
      const orphan = pid !== null && pid !== process.pid && !processRuns(pid);
      if (old || orphan) {
        await rm(path, { force: true });
        removed++;
      }
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

/** Whether a process with this id runs (EPERM: it runs, as another user). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
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
  if (code === 'ENAMETOOLONG') return 'the name is too long';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'EDQUOT') return 'over the disk quota';
  return (e as Error).message;
}

