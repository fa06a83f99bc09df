// What both benchmark drivers (bench/run.mjs, bench/estimators/run.mjs) do the same way: read
// `--name value` options, and run every runner as a child process for a number of rounds, each
// round in a rotated order, taking the JSON its last line of output prints.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The Python that runs the peers (Debian's, with python3-torch / python3-sklearn where installed). */
export const PYTHON = '/usr/bin/python3';

/** The value after `--name` on the command line, or `fallback`. */
export function option(name, fallback, args = process.argv.slice(2)) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}

/**
 * Runs each runner `{ name, cmd, args, env?, python? }` once per round, round r starting at the
 * r-th runner, so that no runner always goes first. A run counts when it exits 0 and its last
 * line is JSON; one that prints `{"skipped": why}` (or is a Python runner without Python) is not
 * run again. Reports each run's time on stderr.
 * @returns `{ results: name → parsed JSON per counted run, skipped: name → why, failures: name → messages }`
 */
export function runRounds(runners, { rounds, timeout, env = {} }) {
  const results = Object.fromEntries(runners.map((r) => [r.name, []]));
  const skipped = {};
  const failures = {};
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < runners.length; i++) {
      const runner = runners[(i + round) % runners.length];
      if (skipped[runner.name] !== undefined) continue;
      if (runner.python && !existsSync(PYTHON)) {
        skipped[runner.name] = `${PYTHON} not found`;
        continue;
      }
      const t = Date.now();
      const run = spawnSync(runner.cmd, runner.args, {
        env: { ...process.env, ...env, ...(runner.env ?? {}) },
        encoding: 'utf8',
        maxBuffer: 16 << 20,
        timeout,
      });
      const last = (run.stdout ?? '').trim().split('\n').pop() ?? '';
      let parsed = null;
      try {
        parsed = JSON.parse(last);
      } catch {
        parsed = null;
      }
      if (parsed?.skipped !== undefined) {
        skipped[runner.name] = parsed.skipped;
      } else if (run.status !== 0 || parsed === null) {
        (failures[runner.name] ??= []).push(`round ${round + 1}: exit ${run.status} ${run.signal ?? ''} ${(run.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
      } else {
        results[runner.name].push(parsed);
      }
      process.stderr.write(`round ${round + 1}/${rounds} ${runner.name}: ${((Date.now() - t) / 1000).toFixed(1)} s${skipped[runner.name] ? ' (skipped)' : ''}\n`);
    }
  }
  return { results, skipped, failures };
}
