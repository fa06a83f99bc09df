import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = new URL('../../src/data/', import.meta.url);

describe('browser safety of src/data', () => {
  const core = readdirSync(root).filter((f) => f.endsWith('.ts'));

  it('the core modules import nothing from node: and nothing from ./node/', () => {
    assert.ok(core.length > 5);
    for (const f of core) {
      const src = readFileSync(new URL(f, root), 'utf8');
      assert.doesNotMatch(src, /from ['"]node:/, `${f} imports a node: module`);
      assert.doesNotMatch(src, /from ['"]\.\/node\//, `${f} imports Node-only code`);
      assert.doesNotMatch(src, /from ['"](fs|path|csv-parse)['"]/, `${f} imports a Node package`);
    }
  });

  it('no module uses Math.random or prints', () => {
    for (const f of [...core, ...readdirSync(new URL('node/', root)).map((n) => join('node', n))]) {
      const src = readFileSync(new URL(f, root), 'utf8');
      assert.doesNotMatch(src, /Math\.random/, `${f} uses Math.random`);
      assert.doesNotMatch(src, /console\./, `${f} prints`);
    }
  });
});
