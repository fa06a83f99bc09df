// The API reference (`npm run docs`, TypeDoc over the two entry points) builds without a warning
// (typedoc.json: treatWarningsAsErrors). A new public function whose signature names a type that no
// entry point exports fails here: export the type (src/index.ts or src/node.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers.js';

test('TypeDoc builds the API reference with no warnings', () => {
  const out = mkdtempSync(join(tmpdir(), 'mlpkit-docs-'));
  try {
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const text = `${run.stdout}${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
    assert.equal(run.status, 0, text);
    assert.doesNotMatch(text, /\[warning\]/, text);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
