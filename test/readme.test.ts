// The README's quick start must run as printed: its code block is written next to the tests and
// executed against the built package (imported by its name, 'mlpkit'), and what it prints must be
// the README's "prints" block, line for line. test/package/ runs the same block from the packed tarball.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { readmeQuickStart } from './readme-block.js';

test('README quick start runs and prints exactly the block shown under it', () => {
  const { code, output } = readmeQuickStart(readFileSync('README.md', 'utf8'));
  assert.match(code, /await initWasmBackend\(\)/, 'the quick start uses the fast backend');
  assert.ok(code.split('\n').filter((l) => l.trim() !== '').length <= 20, 'quick start should stay about 20 lines');
  const file = 'test/.readme-quickstart.tmp.ts';
  writeFileSync(file, code);
  try {
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, output, `the README's "prints" block is stale; the quick start now prints:\n${run.stdout}`);
  } finally {
    rmSync(file, { force: true });
  }
});
