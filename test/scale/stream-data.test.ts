import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix, Rng } from '../../src/index.js';
import { csvRecords, parseCsv, Preprocessor, selectRows, type ImputeStrategy, type Table } from '../../src/data/index.js';
import { fitSummaryState, HashSplit, ShuffleBuffer, StoredRowDecoder, StreamSummary } from '../../src/data/stream/index.js';

/** CSV text: numbers with gaps, text with gaps, a column that turns text at row 61, integers, a class and a number to predict. */
function csvText(rows: number, seed = 3): string {
  const rng = new Rng(seed);
  const lines = ['a,colour,mixed,k,label,value'];
  for (let i = 0; i < rows; i++) {
    const a = i % 7 === 2 ? '' : rng.normal(5, 3).toFixed(4);
    const colour = i % 13 === 5 ? 'NA' : (['red', 'green', 'blue', 'teal'][rng.int(4)] as string);
    const mixed = i === 61 ? 'unknown' : String(rng.int(6) * 0.5);
    const k = String(rng.int(9));
    const label = ['x', 'y', 'z'][rng.int(3)] as string;
    const value = rng.normal(100, 20).toFixed(3);
    lines.push([a, colour, mixed, k, label, value].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The first pass over CSV text, fitting on the rows the split does not hold out as test. */
function summarize(text: string, split: HashSplit, keep?: (name: string) => boolean): { summary: StreamSummary; stored: Float64Array[] } {
  let summary: StreamSummary | null = null;
  const stored: Float64Array[] = [];
  let row = 0;
  for (const { fields, line } of csvRecords(text, 'data.csv')) {
    if (summary === null) {
      summary = new StreamSummary(fields, 'data.csv', keep);
      continue;
    }
    const out = new Float64Array(summary.width + 2);
    summary.add(fields, line, !split.isTest(row), out);
    stored.push(out);
    row++;
  }
  return { summary: summary as StreamSummary, stored };
}

function fittedRows(table: Table, split: HashSplit): number[] {
  return Array.from({ length: table.rows }, (_, i) => i).filter((i) => !split.isTest(i));
}

describe('HashSplit: held-out rows from a seeded hash of the row index', () => {
  it('same seed, same parts; shares close to the fractions (within 4 binomial standard deviations); another seed, other rows', () => {
    const n = 200_000;
    const a = new HashSplit({ seed: 42, testFraction: 0.2, validationFraction: 0.1 });
    const b = new HashSplit({ seed: 42, testFraction: 0.2, validationFraction: 0.1 });
    const c = new HashSplit({ seed: 43, testFraction: 0.2, validationFraction: 0.1 });
    const count = { train: 0, validation: 0, test: 0 };
    let agree = 0;
    for (let i = 0; i < n; i++) {
      const part = a.partOf(i);
      assert.equal(part, b.partOf(i));
      assert.equal(part === 'test', a.isTest(i));
      count[part]++;
      if ((c.partOf(i) === 'test') === (part === 'test')) agree++;
    }
    const near = (observed: number, p: number, m: number) => assert.ok(Math.abs(observed - m * p) < 4 * Math.sqrt(m * p * (1 - p)), `${observed} vs ${m * p}`);
    near(count.test, 0.2, n);
    near(count.validation, 0.1, n - count.test); // validation is a share of the non-test rows
    // independent seeds agree on test membership for p² + (1−p)² = 68 % of rows, not 100 %
    near(agree, 0.68, n);
  });

  it('rows beyond 2³² hash too, and fractions 0 put nothing aside', () => {
    const s = new HashSplit({ seed: 1, testFraction: 0.5 });
    let tests = 0;
    for (let i = 0; i < 1000; i++) if (s.isTest(2 ** 40 + i * 2 ** 33)) tests++;
    assert.ok(tests > 400 && tests < 600, String(tests));
    const none = new HashSplit({ seed: 1, testFraction: 0 });
    for (let i = 0; i < 1000; i++) assert.equal(none.partOf(i), 'train');
    assert.throws(() => new HashSplit({ seed: 1, testFraction: 1 }), /testFraction must be below 1/);
  });
});

describe('ShuffleBuffer', () => {
  /** Feeds rows 0 … n−1 (x = [i, −i], y = [2i]) in order; returns the row order that comes out. */
  function run(n: number, capacity: number, batchSize: number, seed: number): number[] {
    const buffer = new ShuffleBuffer(capacity, 2, 1, new Rng(seed));
    const out: number[] = [];
    const chunk = 37;
    const drain = (all: boolean) => {
      while (buffer.size > 0 && (all || buffer.room === 0)) {
        const b = buffer.take(batchSize);
        for (let r = 0; r < b.x.rows; r++) {
          const i = b.x.data[r * 2] as number;
          assert.equal(b.x.data[r * 2 + 1], -i);
          assert.equal(b.y.data[r], 2 * i);
          out.push(i);
        }
      }
    };
    for (let start = 0; start < n; start += chunk) {
      const count = Math.min(chunk, n - start);
      const x = Matrix.zeros(count, 2);
      const y = Matrix.zeros(count, 1);
      for (let r = 0; r < count; r++) {
        x.data[r * 2] = start + r;
        x.data[r * 2 + 1] = -(start + r);
        y.data[r] = 2 * (start + r);
      }
      let from = 0;
      while (from < count) {
        const k = Math.min(buffer.room, count - from);
        buffer.add(x, y, from, k);
        from += k;
        drain(false);
      }
    }
    drain(true);
    return out;
  }

  it('every row comes out once with its own x and y; the seed fixes the order', () => {
    const order = run(1000, 100, 16, 5);
    assert.deepEqual([...order].sort((p, q) => p - q), Array.from({ length: 1000 }, (_, i) => i));
    assert.deepEqual(run(1000, 100, 16, 5), order);
    assert.notDeepEqual(run(1000, 100, 16, 6), order);
  });

  it('row i never leaves before output position i − capacity + 1; a buffer holding every row mixes the two halves', () => {
    for (const capacity of [1, 7, 64, 500]) {
      const order = run(1000, capacity, 8, 1);
      order.forEach((row, position) => assert.ok(position >= row - capacity + 1, `capacity ${capacity}: row ${row} at ${position}`));
    }
    const full = run(1000, 1000, 10, 2);
    const firstHalfEarly = full.slice(0, 500).filter((r) => r < 500).length;
    // a uniform permutation puts 250 ± 8 of the first 500 rows among the first 500 out
    assert.ok(firstHalfEarly > 210 && firstHalfEarly < 290, String(firstHalfEarly));
  });
});

describe('StreamSummary + fitSummaryState: the preprocessing of Preprocessor.fit, from one pass', () => {
  const text = csvText(400);
  const table = parseCsv(text, { source: 'data.csv' });
  const split = new HashSplit({ seed: 9, testFraction: 0.25 });
  const fitted = selectRows(table, fittedRows(table, split));

  for (const impute of ['mean', 'median', 'most-frequent'] as ImputeStrategy[]) {
    for (const target of ['label', 'value', 'k']) {
      it(`impute ${impute}, target ${target}: same features, categories, fills and target encoding`, () => {
        const drop = ['label', 'value'].filter((c) => c !== target);
        const expected = Preprocessor.fit(fitted, { target, drop, impute }).toJSON();
        const { summary } = summarize(text, split);
        const actual = fitSummaryState(summary, { target, drop, impute });
        assert.deepEqual(stripNumbers(actual), stripNumbers(expected));
        actual.features.forEach((f, j) => {
          const e = expected.features[j];
          if (f.kind === 'numeric' && e?.kind === 'numeric') {
            close(f.mean, e.mean, `${f.name} mean`);
            close(f.std, e.std, `${f.name} std`);
            close(f.fill ?? 0, e.fill ?? 0, `${f.name} fill`);
          }
        });
        if (actual.target.task === 'regression' && expected.target.task === 'regression') {
          close(actual.target.mean, expected.target.mean, 'target mean');
          close(actual.target.std, expected.target.std, 'target std');
        }
        assert.equal(summary.rows, 400);
        assert.equal(summary.fittedRows, fitted.rows);
      });
    }
  }

  it('stored rows decode into tables that transform exactly as the in-memory rows do', () => {
    const { summary, stored } = summarize(text, split);
    const pre = Preprocessor.fromJSON(fitSummaryState(summary, { target: 'label', drop: ['value'], impute: 'mean' }));
    const decoder = new StoredRowDecoder(summary.summaries(), 'data.csv');
    const rows = [5, 61, 0, 399, 62, 60, 200];
    const data = new Float64Array(rows.length * decoder.stride);
    rows.forEach((r, i) => data.set(stored[r] as Float64Array, i * decoder.stride));
    const chunk = decoder.decode(data, rows.length);
    const mine = pre.transform(chunk, { unknown: 'ignore' });
    const theirs = pre.transform(selectRows(table, rows), { unknown: 'ignore' });
    assert.deepEqual(Array.from(mine.x.data), Array.from(theirs.x.data));
    assert.deepEqual(Array.from(mine.y?.data ?? []), Array.from(theirs.y?.data ?? []));
    assert.deepEqual(Array.from(chunk.lines ?? []), rows.map((r) => r + 2));
  });

  it('errors name the file, the line and the column, as the in-memory reader does', () => {
    const { summary } = summarize(text, split);
    assert.throws(() => fitSummaryState(summary, { target: 'label', drop: ['value'] }), /data\.csv: line \d+, column 'a': missing value \(\d+ in this column\); choose impute/);
    assert.throws(() => summarize('a,b\n1,2\nNaN,3\n', split), /data\.csv: line 3, column 'a': 'NaN' is not a finite number/);
    assert.throws(() => summarize('a,b\n1,2\n3\n', split), /data\.csv: line 3 has 1 field, expected 2 like the header/);
    const skipped = summarize('id,a,b\nu1,1,x\nu2,2,y\nu3,3,x\nu4,4,y\n', new HashSplit({ seed: 1, testFraction: 0 }), (c) => c !== 'id');
    assert.deepEqual(skipped.summary.summaries().map((c) => c.name), ['a', 'b']);
  });
});

/** The state with every number replaced by 0, to compare structure and text exactly. */
function stripNumbers(state: unknown): unknown {
  return JSON.parse(JSON.stringify(state, (_k, v: unknown) => (typeof v === 'number' ? 0 : v)));
}

function close(a: number, b: number, what: string): void {
  assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
}
