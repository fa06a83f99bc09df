import assert from 'node:assert/strict';

/** The README's quick start: its code and the output the README shows under "prints". */
export function readmeQuickStart(readme: string): { code: string; output: string } {
  const section = readme.slice(readme.indexOf('## Quick start'));
  const match = /```ts\n([\s\S]*?)```\nprints\n```\n([\s\S]*?)```/.exec(section);
  assert.ok(match !== null, 'quick start: a ```ts block followed by "prints" and its output block');
  return { code: match[1] as string, output: match[2] as string };
}
