import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { replaceSection } from '../../bench/quality/sections.js';

test('bench:quality replaces only its own section of docs/quality.md and keeps the hand-written rest', () => {
  const doc = readFileSync(new URL('../../docs/quality.md', import.meta.url), 'utf8');
  const next = replaceSection(doc, 'defaults', '## Test scores\n\n| a new table |\n');
  // the defaults section is the new one
  assert.match(next, /<!-- bench:quality defaults -->\n## Test scores\n\n\| a new table \|\n<!-- \/bench:quality defaults -->/);
  const outside = (t: string, kind: string): string => t.replace(new RegExp(`<!-- bench:quality ${kind} -->[\\s\\S]*<!-- /bench:quality ${kind} -->`), '');
  // everything outside it, the tune section and the hand-written text, is unchanged
  assert.equal(outside(next, 'defaults'), outside(doc, 'defaults'));
  assert.ok(next.includes('## How they were chosen'));
  assert.equal(next.match(/<!-- bench:quality tune -->/g)?.length, 1);
});

test('a file without the markers gets the section appended, nothing removed', () => {
  const next = replaceSection('# Quality\n\nhand-written\n', 'tune', 'tune table');
  assert.equal(next, '# Quality\n\nhand-written\n\n<!-- bench:quality tune -->\ntune table\n<!-- /bench:quality tune -->\n');
  // writing again replaces, does not append a second copy
  assert.equal(replaceSection(next, 'tune', 'other'), '# Quality\n\nhand-written\n\n<!-- bench:quality tune -->\nother\n<!-- /bench:quality tune -->\n');
});
