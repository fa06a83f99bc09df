import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const root = new URL('../../src/io/export/', import.meta.url);

describe('browser safety of src/io/export', () => {
  it('no module imports node: or a Node package, prints, or uses Math.random', () => {
    const files = readdirSync(root).filter((f) => f.endsWith('.ts'));
    assert.ok(files.length >= 10);
    for (const f of files) {
      const src = readFileSync(new URL(f, root), 'utf8');
      assert.doesNotMatch(src, /from ['"]node:/, `${f} imports a node: module`);
      assert.doesNotMatch(src, /from ['"](fs|path|child_process|onnxruntime-node)['"]/, `${f} imports a Node package`);
      assert.doesNotMatch(src, /console\./, `${f} prints`);
      assert.doesNotMatch(src, /Math\.random/, `${f} uses Math.random`);
    }
  });
});
