import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mlpkit, CLI, tempDir } from './helpers.js';
import { Rng } from '../../src/core/rng.js';

/**
 * `kill -9` while `mlpkit train` writes a large --out file (≈ 84 MB: 1.4 M weights, their Adam
 * moments and the history): whatever the moment, the target holds either the old file or the new
 * complete one, never half of either; an orphan temporary file may be left (nothing can run after
 * SIGKILL), and the next run that writes into that folder removes it.
 */
const TRAIN = ['train', '--dataset', 'xor', '--n', '200', '--layers', '1200,1200', '--epochs', '1', '--no-refit', '--seed', '7', '--out', 'model.json'];
const TEMP = /^\.mlpkit-\d+-[0-9a-f]{8}\.tmp$/;
const TRIES = 20;

const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const temps = async (dir: string): Promise<string[]> => (await readdir(dir)).filter((n) => TEMP.test(n));

interface Outcome {
  /** ms from the temporary file's appearance to the process's exit or kill */
  writeMs: number;
  killed: boolean;
}

/** Runs TRAIN in `dir`; once the temporary file appears, waits `delayMs` (if given) and kills the process with SIGKILL. */
function run(dir: string, delayMs: number | null): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...TRAIN], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, stdio: 'ignore' });
    let seenAt = 0;
    let killed = false;
    const poll = setInterval(() => {
      if (seenAt !== 0) return;
      readdir(dir).then((names) => {
        if (seenAt !== 0 || !names.some((n) => TEMP.test(n))) return;
        seenAt = Date.now();
        if (delayMs !== null) {
          setTimeout(() => {
            killed = child.kill('SIGKILL');
          }, delayMs);
        }
      }, reject);
    }, 2);
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      clearTimeout(guard);
      if (delayMs === null && code !== 0) reject(new Error(`the reference run exited ${code}`));
      else if (seenAt === 0 && signal === null) reject(new Error('the temporary file was never seen'));
      else resolve({ writeMs: Date.now() - seenAt, killed: killed && signal === 'SIGKILL' });
    });
  });
}

test('kill -9 at 20 moments of a large --out write leaves the old or the new complete file; the next run sweeps the temporary', { timeout: 300_000 }, async () => {
  const dir = await tempDir();
  // the new file, from one uninterrupted run (the same command writes the same bytes)
  const reference = await run(dir, null);
  const fresh = digest(await readFile(join(dir, 'model.json')));
  assert.deepEqual(await temps(dir), []);
  // the old file: a different, small, valid model
  const old = await mlpkit(['train', '--dataset', 'xor', '--n', '50', '--layers', '4', '--epochs', '1', '--out', 'old.json'], dir);
  assert.equal(old.code, 0, old.stderr);
  const oldBytes = await readFile(join(dir, 'old.json'));

  const rng = new Rng(20261202);
  let orphaned = 0;
  let killedMidway = 0;
  for (let i = 0; i < TRIES; i++) {
    await writeFile(join(dir, 'model.json'), oldBytes);
    // a moment within the write (the reference run's time from temporary file to exit, plus a margin)
    const outcome = await run(dir, Math.floor(rng.uniform() * reference.writeMs * 1.2));
    const now = digest(await readFile(join(dir, 'model.json')));
    assert.ok(now === digest(oldBytes) || now === fresh, `try ${i}: model.json is neither the old nor the new complete file`);
    if (outcome.killed && now === digest(oldBytes)) killedMidway++;
    // this run swept the orphans of the earlier tries: at most its own is left
    const left = await temps(dir);
    assert.ok(left.length <= 1, `try ${i}: temporary files of dead processes were not swept: ${left.join(', ')}`);
    orphaned += left.length;
  }
  // the kills did land inside the write (else this test would show nothing)
  assert.ok(killedMidway >= 5, `only ${killedMidway} of ${TRIES} kills landed before the rename`);
  assert.ok(orphaned >= 1, 'SIGKILL mid-write should have left temporary files to sweep');

  // the next run that writes into the folder removes the orphans of dead processes
  const next = await mlpkit(['train', '--dataset', 'xor', '--n', '50', '--layers', '4', '--epochs', '1', '--out', 'next.json'], dir);
  assert.equal(next.code, 0, next.stderr);
  assert.deepEqual(await temps(dir), []);
});
