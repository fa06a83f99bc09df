// A consumer's module flags must not break the backend: the helper threads' source is evaluated by
// worker_threads, which inherits the parent's execArgv — under `node --input-type=module` a source
// that calls require() fails with "require is not defined in ES module scope".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The built entry point (npm test builds first). */
const ENTRY = pathToFileURL(fileURLToPath(new URL('../../dist/index.js', import.meta.url))).href;

for (const inputType of ['module', 'commonjs']) {
  test(`initWasmBackend with two threads starts under node --input-type=${inputType}`, () => {
    const body = `const b = await m.initWasmBackend({ threads: 2 }); console.log('threads', b.threads); b.terminate();`;
    const script =
      inputType === 'module'
        ? `import * as m from ${JSON.stringify(ENTRY)}; ${body}`
        : `import(${JSON.stringify(ENTRY)}).then(async (m) => { ${body} });`;
    const run = spawnSync(process.execPath, [`--input-type=${inputType}`, '-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /threads 2/);
  });
}
