import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DataError, parseCsv } from '../../src/data/index.js';
import { readCsvFile } from '../../src/data/node/index.js';
import { numeric, rejectsWith, text, textValues } from './helpers.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mlpkit-csv-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('readCsvFile: streaming', () => {
  it('streams a generated multi-chunk file into the right columns', async () => {
    // 30,000 rows ≈ 900 kB: many 64 kB read chunks, so records straddle chunk boundaries.
    const n = 30_000;
    const path = join(dir, 'big.csv');
    const out = createWriteStream(path);
    out.write('i,half,colour,maybe,label\n');
    for (let i = 0; i < n; i++) {
      const maybe = i % 7 === 0 ? '' : String(i % 13);
      const line = `${i},${i / 2},${['red', 'green', 'blue'][i % 3]},${maybe},${i % 4 === 0 ? 'yes' : 'no'}\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');

    const t = await readCsvFile(path);
    assert.equal(t.rows, n);
    assert.equal(t.source, 'big.csv');
    const i = numeric(t.columns[0]).values;
    const half = numeric(t.columns[1]).values;
    const maybe = numeric(t.columns[3]).values;
    const colour = text(t.columns[2]);
    const label = text(t.columns[4]);
    assert.deepEqual(colour.categories, ['red', 'green', 'blue']);
    for (let r = 0; r < n; r++) {
      assert.equal(i[r], r);
      assert.equal(half[r], r / 2);
      if (r % 7 === 0) assert.ok(Number.isNaN(maybe[r] as number), `row ${r} missing`);
      else assert.equal(maybe[r], r % 13);
      assert.equal(colour.codes[r], r % 3);
      assert.equal(label.categories[label.codes[r] as number], r % 4 === 0 ? 'yes' : 'no');
      assert.equal(t.lines?.[r], r + 2);
    }
  });

  it('stores float32 on request', async () => {
    const t = await readCsvFile(await file('f32.csv', 'a,b\n0.1,x\n0.3,y\n'), { dtype: 'float32' });
    const a = numeric(t.columns[0]).values;
    assert.ok(a instanceof Float32Array);
    assert.deepEqual(Array.from(a), [Math.fround(0.1), Math.fround(0.3)]);
  });

  it('handles CRLF, a BOM, quotes and blank lines, and gives start lines of records', async () => {
    const t = await readCsvFile(await file('q.csv', '\uFEFFa,b\r\n1,"x, y"\r\n\r\n2,"multi\nline"\r\n3,z\r\n'));
    assert.deepEqual(t.columns.map((c) => c.name), ['a', 'b']);
    assert.deepEqual(textValues(text(t.columns[1])), ['x, y', 'multi\nline', 'z']);
    assert.deepEqual(Array.from(t.lines ?? []), [2, 4, 6]);
  });

  it('accepts mixed CRLF, LF and CR line ends and skips whitespace-only lines', async () => {
    const t = await readCsvFile(await file('mixed.csv', 'a,b\r\n1,2\n3,4\r5,6\r\n   \n7,8\n'));
    assert.deepEqual(Array.from(numeric(t.columns[0]).values), [1, 3, 5, 7]);
    assert.deepEqual(Array.from(t.lines ?? []), [2, 3, 4, 6]);
  });

  it('reads a file exactly as parseCsv reads the same text', async () => {
    const content = '\uFEFFn,s,q\r\n1,a,"x\ny"\n\n2,,"p,q"\r3,NA,z\r\n  \n4.5,b,""""\n';
    const fromFile = await readCsvFile(await file('same.csv', content));
    const fromText = parseCsv(content, { source: 'same.csv' });
    assert.deepEqual(fromFile, fromText);
    // header 1; "1,a,x⏎y" spans 2–3; blank 4; 2 on 5; 3 on 6; blank 7; 4.5 on 8
    assert.deepEqual(Array.from(fromFile.lines ?? []), [2, 5, 6, 8]);
  });

  it('turns a column text at its first non-numeric value, even far into the file', async () => {
    const rows = Array.from({ length: 5000 }, (_, k) => `${k},${k % 10}`);
    rows.push('5000,ten');
    const t = await readCsvFile(await file('late.csv', `a,b\n${rows.join('\n')}\n`));
    const b = text(t.columns[1]);
    assert.equal(b.categories.length, 11);
    assert.deepEqual(textValues(b).slice(0, 3), ['0', '1', '2']);
    assert.equal(textValues(b)[5000], 'ten');
  });
});

describe('readCsvFile: bad input, each message naming the file', () => {
  it('missing file', () => rejectsWith(DataError, () => readCsvFile(join(dir, 'nope.csv')), 'nope.csv', 'no such file'));
  it('a directory', () => rejectsWith(DataError, () => readCsvFile(dir), dir, 'directory'));
  it('unreadable file', async () => {
    const path = await file('secret.csv', 'a\n1\n');
    await chmod(path, 0o000);
    if (process.getuid?.() !== 0) {
      await rejectsWith(DataError, () => readCsvFile(path), 'secret.csv', 'permission denied');
      return;
    }
    // root reads any file: read it from a child process that has dropped to the unprivileged 'nobody'
    const module = pathToFileURL(join(process.cwd(), 'src/data/node/index.ts')).href;
    const script = `process.setuid(65534); const { readCsvFile } = await import(${JSON.stringify(module)});
      try { await readCsvFile(${JSON.stringify(path)}); console.log('read'); } catch (e) { console.log(e.constructor.name + ': ' + e.message); }`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^DataError: .*secret\.csv.*permission denied/);
  });
  it('empty file', async () => rejectsWith(DataError, async () => readCsvFile(await file('empty.csv', '')), 'empty.csv', 'empty'));
  it('header only', async () =>
    rejectsWith(DataError, async () => readCsvFile(await file('header.csv', 'a,b,c\r\n')), 'header.csv', 'no data rows'));
  it('ragged row: line number', async () =>
    rejectsWith(DataError, async () => readCsvFile(await file('ragged.csv', 'a,b,c\n1,2,3\n4,5,6\n7,8\n')), 'ragged.csv: line 4', '2 fields', 'expected 3'));
  it('ragged row after a blank line keeps the true line number', async () =>
    rejectsWith(DataError, async () => readCsvFile(await file('ragged2.csv', 'a,b\n1,2\n\n\n3\n')), 'ragged2.csv: line 5'));
  it('non-numeric value in a column declared numeric: line, column, value', async () =>
    rejectsWith(
      DataError,
      async () => readCsvFile(await file('typed.csv', 'x,y\n1,2\n3,4\n5,six\n'), { columnTypes: { y: 'numeric' } }),
      'typed.csv: line 4',
      "column 'y'",
      "'six'",
    ));
  it('NaN or infinite literal in a numeric column: line, column, value', async () => {
    await rejectsWith(DataError, async () => readCsvFile(await file('nan.csv', 'x,y\n1,2\n3,nan\n5,6\n')), 'nan.csv: line 3', "column 'y'", "'nan'");
    await rejectsWith(DataError, async () => readCsvFile(await file('inf.csv', 'x,y\n1,2\nInfinity,4\n')), 'inf.csv: line 3', "column 'x'", "'Infinity'");
  });
  it('quoting error from the parser', async () =>
    rejectsWith(DataError, async () => readCsvFile(await file('quote.csv', 'a,b\n1,"unclosed\n')), 'quote.csv', 'Quote'));
});
