/**
 * Checks the step panel's tables — as the page shows them, or as `stageView` builds them — against
 * a trace from `explainStep` in Node, number by number, and checks the chain rule on the numbers
 * shown: z = x·W + b, δ = ∂C/∂a · φ′(z), ∂C/∂W = xᵀ·δ + ∂penalty/∂W, new = old + change.
 */
import assert from 'node:assert/strict';
import type { StepTrace } from '../../src/index.js';
import { parseShown, type StageName, type StageTable } from '../../playground/src/stages.js';

export interface ShownCell {
  text: string;
  raw: number;
}
export interface ShownRow {
  key: string;
  label: string;
  cells: ShownCell[];
}
/** table id → its rows */
export type ShownTables = Map<string, ShownRow[]>;

/** stageView's tables in the shape the page's DOM is read into. */
export function fromStageTables(tables: readonly StageTable[]): ShownTables {
  return new Map(
    tables.map((t) => [
      t.id,
      t.rows.map((r) => ({ key: r.key, label: r.cells[0]?.text ?? '', cells: r.cells.slice(1).map((c) => ({ text: c.text, raw: c.raw ?? Number.NaN })) })),
    ]),
  );
}

/** A shown number agrees with Node: its text to the digits shown, its full value to float32 precision. */
export function same(cell: ShownCell | undefined, expected: number, what: string): void {
  assert.ok(cell !== undefined, `${what}: no cell`);
  const digits = cell.text.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').length;
  const tol = Math.max(Math.abs(expected), 1e-12) * 0.6 * 10 ** (1 - Math.max(4, digits));
  assert.ok(Math.abs(parseShown(cell.text) - expected) <= tol, `${what}: shows ${cell.text}, Node has ${expected}`);
  assert.ok(Math.abs(cell.raw - expected) <= 2e-6 * Math.max(Math.abs(expected), 1e-6), `${what}: holds ${cell.raw}, Node has ${expected}`);
}

const near = (a: number, b: number, what: string, tol = 1e-5) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

function table(shown: ShownTables, id: string): ShownRow[] {
  const t = shown.get(id);
  assert.ok(t !== undefined, `table ${id} is missing; shown: ${[...shown.keys()].join(', ')}`);
  return t;
}

function rowOf(rows: ShownRow[], key: string, id: string): ShownRow {
  const r = rows.find((x) => x.key === key);
  assert.ok(r !== undefined, `${id}: no row ${key}`);
  return r;
}

function rowIs(rows: ShownRow[], key: string, values: readonly number[], what: string): void {
  const r = rowOf(rows, key, what);
  assert.equal(r.cells.length, values.length, `${what} ${key}: ${r.cells.length} cells for ${values.length} values`);
  values.forEach((v, j) => same(r.cells[j], v, `${what} ${key}[${j + 1}]`));
}

/** Checks one stage's tables; `penalty` gives l1 and l2 to check ∂penalty/∂W independently. Returns how many numbers were checked. */
export function checkStage(stage: StageName, shown: ShownTables, t: StepTrace, penalty: { l1: number; l2: number } = { l1: 0, l2: 0 }): number {
  let n = 0;
  const count = (rows: ShownRow[]) => rows.reduce((s, r) => s + r.cells.length, 0);
  switch (stage) {
    case 'forward': {
      const x = t.input[0] as number[];
      table(shown, 'forward-input').forEach((r, j) => same(r.cells[0], x[j] as number, `x${j + 1}`));
      for (const f of t.forward) {
        const id = `forward-${f.name}`;
        const rows = table(shown, id);
        f.W.forEach((w, i) => rowIs(rows, `W${i + 1}`, w, id));
        if (f.b !== null) rowIs(rows, 'b', f.b, id);
        rowIs(rows, 'z', f.z[0] as number[], id);
        rowIs(rows, 'a', f.a[0] as number[], id);
        // by hand from what is shown: z_j = Σᵢ xᵢ·W_ij + b_j
        const z = rowOf(rows, 'z', id).cells.map((c) => c.raw);
        z.forEach((zj, j) => {
          let s = f.b === null ? 0 : (rowOf(rows, 'b', id).cells[j]?.raw as number);
          f.x[0]?.forEach((xi, i) => (s += xi * (rowOf(rows, `W${i + 1}`, id).cells[j]?.raw as number)));
          near(s, zj, `${id} z${j + 1} = x·W + b`);
        });
        if (f.dropout !== null) {
          rowIs(rows, 'mask', f.dropout.mask[0] as number[], id);
          rowIs(rows, 'out', f.dropout.output[0] as number[], id);
          assert.ok((f.dropout.mask[0] as number[]).every((m) => m === 0 || Math.abs(m - 1 / (1 - f.dropout!.rate)) < 1e-6), `${id}: mask values`);
        } else {
          assert.ok(rows.every((r) => r.key !== 'mask'), `${id}: a mask without dropout`);
        }
        n += count(rows);
      }
      return n;
    }
    case 'loss': {
      const rows = table(shown, 'loss');
      rowIs(rows, 'loss', [t.loss.perSample[0] as number], 'loss');
      rowIs(rows, 'data', [t.loss.dataCost], 'loss');
      rowIs(rows, 'penalty', [t.loss.penalty], 'loss');
      rowIs(rows, 'cost', [t.loss.cost], 'loss');
      return count(rows);
    }
    case 'backward': {
      for (const b of t.backward) {
        const f = t.forward.find((s) => s.layer === b.layer);
        assert.ok(f !== undefined);
        const id = `backward-${b.name}-delta`;
        const rows = table(shown, id);
        rowIs(rows, 'delta', b.delta[0] as number[], id);
        const delta = rowOf(rows, 'delta', id).cells.map((c) => c.raw);
        if (b.dA === null) {
          // fused output: δ = ŷ − y, from the shown ŷ and y
          const yhat = rowOf(rows, 'yhat', id).cells.map((c) => c.raw);
          const y = rowOf(rows, 'y', id).cells.map((c) => c.raw);
          delta.forEach((d, j) => near((yhat[j] as number) - (y[j] as number), d, `${id} δ${j + 1} = ŷ − y`));
        } else {
          rowIs(rows, 'dA', b.dA[0] as number[], id);
          assert.ok(b.activationDerivative !== null);
          rowIs(rows, 'dphi', b.activationDerivative[0] as number[], id);
          const dA = rowOf(rows, 'dA', id).cells.map((c) => c.raw);
          const dphi = rowOf(rows, 'dphi', id).cells.map((c) => c.raw);
          delta.forEach((d, j) => near((dA[j] as number) * (dphi[j] as number), d, `${id} δ${j + 1} = ∂C/∂a · φ′(z)`));
        }
        // ∂C/∂b is δ for one sample: not a second identical column
        assert.ok(rows.every((r) => r.cells.length === delta.length));
        b.db?.forEach((v, j) => assert.ok(v === b.delta[0]?.[j], `${b.name}: ∂C/∂b = δ at ${j + 1}`));
        const dW = table(shown, `backward-${b.name}-dW`);
        b.dW.forEach((r, i) => rowIs(dW, `in${i + 1}`, r, `${b.name} ∂C/∂W`));
        const x = f.x[0] as number[];
        const hasPenalty = penalty.l1 !== 0 || penalty.l2 !== 0;
        assert.equal(shown.has(`backward-${b.name}-penalty`), hasPenalty, `${b.name}: a penalty table exactly when there is a penalty`);
        if (hasPenalty) {
          const xd = table(shown, `backward-${b.name}-xdelta`);
          const pg = table(shown, `backward-${b.name}-penalty`);
          x.forEach((xi, i) =>
            (b.delta[0] as number[]).forEach((dj, j) => {
              const w = f.W[i]?.[j] as number;
              same(rowOf(xd, `in${i + 1}`, 'xδ').cells[j], xi * dj, `${b.name} (xᵀ·δ)[${i + 1},${j + 1}]`);
              same(rowOf(pg, `in${i + 1}`, 'penalty').cells[j], penalty.l1 * Math.sign(w) + 2 * penalty.l2 * w, `${b.name} ∂penalty/∂W[${i + 1},${j + 1}]`);
              const total = (rowOf(xd, `in${i + 1}`, 'xδ').cells[j]?.raw as number) + (rowOf(pg, `in${i + 1}`, 'penalty').cells[j]?.raw as number);
              near(total, rowOf(dW, `in${i + 1}`, 'dW').cells[j]?.raw as number, `${b.name} ∂C/∂W = xᵀ·δ + penalty [${i + 1},${j + 1}]`);
            }),
          );
          n += count(xd) + count(pg);
        } else {
          x.forEach((xi, i) => (b.delta[0] as number[]).forEach((dj, j) => near(xi * dj, rowOf(dW, `in${i + 1}`, 'dW').cells[j]?.raw as number, `${b.name} ∂C/∂W = xᵀ·δ`)));
        }
        n += count(rows) + count(dW);
      }
      return n;
    }
    case 'update': {
      const u = t.update;
      assert.ok(u !== null);
      const loss = table(shown, 'update-loss');
      rowIs(loss, 'loss', [t.loss.perSample[0] as number, u.lossAfter.perSample[0] as number, (u.lossAfter.perSample[0] as number) - (t.loss.perSample[0] as number)], 'update-loss');
      rowIs(loss, 'cost', [t.loss.cost, u.lossAfter.cost, u.lossAfter.cost - t.loss.cost], 'update-loss');
      n += count(loss);
      for (const tensor of u.tensors) {
        const id = `update-${tensor.name.replace('/', '-')}`;
        const rows = table(shown, id);
        tensor.before.forEach((r, i) =>
          r.forEach((old, j) => {
            const row = rowOf(rows, `${i},${j}`, id);
            const what = `${tensor.name}[${i + 1},${j + 1}]`;
            same(row.cells[0], old, `${what} old`);
            same(row.cells[1], tensor.gradient[i]?.[j] as number, `${what} gradient`);
            same(row.cells[2], u.learningRate, `${what} η`);
            same(row.cells[3], tensor.after[i]?.[j] as number, `${what} new`);
            same(row.cells[4], tensor.change[i]?.[j] as number, `${what} change`);
            // a weight that changed is shown with enough digits to see it change
            if (tensor.after[i]?.[j] !== old) assert.notEqual(row.cells[0]?.text, row.cells[3]?.text, `${what}: old and new print the same (${row.cells[0]?.text})`);
          }),
        );
        n += count(rows);
      }
      return n;
    }
  }
}
