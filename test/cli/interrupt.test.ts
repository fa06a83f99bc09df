import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel } from '../../src/index.js';
import { CLI, tempDir } from './helpers.js';

/**
 * Ctrl-C during `mlpkit train`: the trainer (fitAsync) sees SIGINT within a step, the model of the
 * last complete epoch is saved atomically to --out, and the CLI says so and exits 130.
 */
test('SIGINT during mlpkit train saves the last complete epoch and says so', async () => {
  const dir = await tempDir();
  const child = spawn(process.execPath, [CLI, 'train', '--dataset', 'digits', '--epochs', '100000', '--out', 'model.json'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  let stdout = '';
  let sent = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    // the first epoch has finished: interrupt the run
    if (!sent && /epoch\s+1\//.test(stderr + stdout)) {
      sent = true;
      setTimeout(() => child.kill('SIGINT'), 200);
    }
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no exit after SIGINT; stderr:\n${stderr}`));
    }, 60_000);
    child.on('close', (c) => {
      clearTimeout(guard);
      resolve(c);
    });
  });
  assert.ok(sent, `the first epoch line never came; stderr:\n${stderr}`);
  assert.equal(code, 130, stderr);
  const m = /training interrupted by Ctrl-C after (\d+) complete epochs?; saved the last complete epoch \((\d+)\) to model\.json/.exec(stderr);
  assert.ok(m !== null, stderr);
  const epochs = Number(m[1]);
  assert.ok(epochs >= 1);
  const text = await readFile(join(dir, 'model.json'), 'utf8');
  const { model, metadata } = loadModel(text);
  assert.equal(model.inputs, 64);
  assert.equal((metadata as { training: { history: unknown[] } }).training.history.length, epochs);
  assert.match(stdout, /interrupted \(Ctrl-C\)/);
});
