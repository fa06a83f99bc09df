// The README's quick start must run as printed: its code block is written next to the tests and
// executed against the built package (imported by its name, 'mlpkit').
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

test('README quick start runs and prints the 3 → 4 → 2 summary', () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(code !== undefined, 'quick start code block not found');
  assert.ok(code.split('\n').filter((l) => l.trim() !== '').length <= 16, 'quick start should stay about 15 lines');
  const file = 'test/.readme-quickstart.tmp.ts';
  writeFileSync(file, code);
  try {
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /3×4\s+4\s+16/);
    assert.match(run.stdout, /4×2\s+2\s+10/);
    assert.match(run.stdout, /Total parameters: 26/);
    assert.match(run.stdout, /valMetrics: \{ accuracy: (1|0\.9\d*) \}/);
  } finally {
    rmSync(file, { force: true });
  }
});
