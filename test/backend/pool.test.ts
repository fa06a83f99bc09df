// The thread pool when a kernel traps (issue 10, defect 6): a helper thread that throws used to
// leave its chunk uncounted, and the caller waited for it forever. Run in a child process with a
// timeout, so that a hang fails the test instead of hanging the runner.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

it('a kernel that traps on a helper thread or on every thread throws in the caller, and the pool keeps working', () => {
  const script = fileURLToPath(new URL('./helper-failure.ts', import.meta.url));
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.signal, null, `the child was killed by ${String(run.signal)} after 30 s: the caller hung (stderr: ${run.stderr})`);
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout.trim().split('\n').pop() as string) as Record<string, unknown>;
  assert.match(String(result.helperFailure), /helper thread failed/, 'the helper trap is reported to the caller');
  assert.equal(result.afterHelperFailure, true, 'a good job after the failure computes the right product');
  assert.match(String(result.everywhereFailure), /out of bounds/, "the caller's own trap is rethrown");
  assert.equal(result.afterEverywhereFailure, 'right', 'good jobs after a trap on every thread run and are right');
});
