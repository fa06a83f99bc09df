import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataError, parseCsv } from '../../src/data/index.js';
import { numeric, text, textValues, throwsWith as throwsType } from './helpers.js';

const throwsWith = (fn: () => unknown, ...fragments: string[]): void => throwsType(DataError, fn, ...fragments);

describe('parseCsv: typing', () => {
  it('types columns: numbers (with spaces, signs, exponents) are numeric, anything else text', () => {
    const t = parseCsv('a,b,c\n1, -2.5 ,x\n.5,1e3,y\n+3,4E-1,x\n', { source: 'mini.csv' });
    assert.equal(t.rows, 3);
    assert.equal(t.source, 'mini.csv');
    assert.deepEqual(Array.from(numeric(t.columns[0]).values), [1, 0.5, 3]);
    assert.deepEqual(Array.from(numeric(t.columns[1]).values), [-2.5, 1000, 0.4]);
    const c = text(t.columns[2]);
    assert.deepEqual(c.categories, ['x', 'y'], 'categories in first-seen order');
    assert.deepEqual(Array.from(c.codes), [0, 1, 0]);
  });

  it('reads empty cells and NA, N/A, ? as missing: NaN in numeric columns, code −1 in text columns', () => {
    const t = parseCsv('a,b\n1,x\n,NA\nN/A,\n?,y\n');
    const a = numeric(t.columns[0]).values;
    assert.equal(a[0], 1);
    assert.ok([1, 2, 3].every((i) => Number.isNaN(a[i] as number)));
    assert.deepEqual(textValues(text(t.columns[1])), ['x', null, null, 'y']);
  });

  it('a column with one non-numeric value becomes text, keeping earlier numbers as text', () => {
    const t = parseCsv('id,v\n1,10\n2,1.50\n3,abc\n4,\n');
    assert.deepEqual(textValues(text(t.columns[1])), ['10', '1.5', 'abc', null]);
  });

  it('keeps numbers as text in a column declared text', () => {
    const t = parseCsv('zip,v\n01234,1\n98765,2\n', { columnTypes: { zip: 'text' } });
    assert.deepEqual(textValues(text(t.columns[0])), ['01234', '98765']);
  });

  it('stores numeric columns as float32 on request', () => {
    const t = parseCsv('a\n0.1\n0.2\n', { dtype: 'float32' });
    const v = numeric(t.columns[0]).values;
    assert.ok(v instanceof Float32Array);
    assert.equal(v[0], Math.fround(0.1));
  });

  it('handles quotes, doubled quotes, delimiters and line breaks inside quotes, CRLF, BOM and blank lines', () => {
    const csv = '\uFEFFname,"note, long",n\r\n"Smith, J","said ""hi""",1\r\n\r\n"Lee","two\nlines",2\r\nKim,plain,3';
    const t = parseCsv(csv);
    assert.deepEqual(t.columns.map((c) => c.name), ['name', 'note, long', 'n']);
    assert.deepEqual(textValues(text(t.columns[0])), ['Smith, J', 'Lee', 'Kim']);
    assert.deepEqual(textValues(text(t.columns[1])), ['said "hi"', 'two\nlines', 'plain']);
    // line 3 is blank; the Lee record starts on line 4 and ends on 5; Kim is on line 6
    assert.deepEqual(Array.from(t.lines ?? []), [2, 4, 6]);
  });

  it('accepts another delimiter', () => {
    const t = parseCsv('a;b\n1;2\n', { delimiter: ';' });
    assert.deepEqual(Array.from(numeric(t.columns[1]).values), [2]);
  });
});

describe('parseCsv: bad input', () => {
  it('empty text', () => throwsWith(() => parseCsv('', { source: 'e.csv' }), 'e.csv', 'empty'));
  it('blank lines only', () => throwsWith(() => parseCsv('\n\n\r\n', { source: 'e.csv' }), 'e.csv', 'empty'));
  it('header only', () => throwsWith(() => parseCsv('a,b\n', { source: 'h.csv' }), 'h.csv', 'no data rows'));
  it('ragged row names its line', () => throwsWith(() => parseCsv('a,b\n1,2\n\n3\n', { source: 'r.csv' }), 'r.csv: line 4', '1 field', 'expected 2'));
  it('too many fields', () => throwsWith(() => parseCsv('a,b\n1,2,3\n', { source: 'r.csv' }), 'line 2', '3 fields'));
  it('NaN literal in a numeric column: line, column and value', () =>
    throwsWith(() => parseCsv('a,b\n1,2\n3,NaN\n', { source: 'n.csv' }), 'n.csv: line 3', "column 'b'", "'NaN'", 'not a finite number'));
  it('infinite literal and overflow', () => {
    throwsWith(() => parseCsv('a\n1\n-inf\n'), 'line 3', "'-inf'");
    throwsWith(() => parseCsv('a\n1e999\n2\n'), 'line 2', "'1e999'");
  });
  it('a NaN literal in a text column is just a category', () => {
    const t = parseCsv('a\nNaN\nfoo\n');
    assert.deepEqual(textValues(text(t.columns[0])), ['NaN', 'foo']);
  });
  it('non-numeric value in a column declared numeric: line, column and value', () =>
    throwsWith(() => parseCsv('x,y\n1,2\n3,4\n5,oops\n', { source: 'd.csv', columnTypes: { y: 'numeric' } }), 'd.csv: line 4', "column 'y'", "'oops'"));
  it('declared type for a column not in the header', () =>
    throwsWith(() => parseCsv('x\n1\n', { columnTypes: { z: 'numeric' } }), "'z'", 'x'));
  it('duplicate and empty header names', () => {
    throwsWith(() => parseCsv('a,b,a\n1,2,3\n'), "'a' appears twice", 'columns 1 and 3');
    throwsWith(() => parseCsv('a,,c\n1,2,3\n'), 'line 1, column 2', 'empty column name');
  });
  it('unclosed quote names the line where it opened', () => throwsWith(() => parseCsv('a,b\n1,2\n3,"x\n4,5\n'), 'line 3', 'never closed'));
});

describe('parseCsv: missing markers', () => {
  it('accepts its own list, numeric sentinels included', () => {
    const t = parseCsv('a,b\n-999,x\n2,none\n', { missing: ['-999', 'none'] });
    const a = numeric(t.columns[0]).values;
    assert.ok(Number.isNaN(a[0] as number));
    assert.equal(a[1], 2);
    assert.deepEqual(textValues(text(t.columns[1])), ['x', null]);
  });
});
