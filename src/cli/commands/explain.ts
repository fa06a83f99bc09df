import { explainStep, type StepTrace } from '../../index.js';
import { cellText, describeRow, findColumn, takeRows, type Preprocessor, type Table } from '../../data/index.js';
import { addCommonOptions, openOutput, type CommonOptions } from '../common.js';
import { usageError } from '../errors.js';
import { fixed, num } from '../format.js';
import { readModelFile } from '../model-file.js';
import { addApplyOptions, loadForModel, type ApplyOptions } from '../model-data.js';
import * as parse from '../parse.js';
import { isSmall, show, summarizeTrace } from '../trace-view.js';
import type { CliCommand } from './command.js';

interface ExplainOptions extends ApplyOptions, CommonOptions {
  row: number;
  full?: boolean;
  brief?: boolean;
}

export const explainCommand: CliCommand = {
  name: 'explain',
  register(program) {
    const cmd = program
      .command('explain')
      .description('one training step on one row, as the method teaches it: z and a per layer, loss and cost, deltas, gradients and the update')
      .argument('<model>', 'model file saved by mlpkit train')
      .argument('[file]', 'CSV file with the columns the model needs and the target')
      .option('--row <n>', 'data row to explain, 1 = the first row after the header', parse.positiveInt, 1)
      .option('--full', 'print every number, however large the network')
      .option('--brief', 'print shapes and statistics only, however small the network');
    addApplyOptions(cmd);
    addCommonOptions(cmd);
    cmd.action(async (modelPath: string, file: string | undefined, o: ExplainOptions) => {
      const out = openOutput(o);
      if (o.full === true && o.brief === true) throw usageError('--full and --brief exclude each other');
      // float64 and the reference backend: the numbers a person checks by hand
      const m = await readModelFile(modelPath, { backend: 'reference', dtype: 'float64' });
      const { table, source, encoded } = await loadForModel(file, o, m, true);
      if (o.row > table.rows) throw usageError(`--row ${o.row}: ${source} has ${table.rows} data rows`);
      const r = o.row - 1;
      const x = takeRows(encoded.x, [r]);
      const y = takeRows(encoded.y!, [r]);
      const trace = explainStep(m.model, x, y, { training: false });
      const full = o.full === true || (o.brief !== true && isSmall(trace));
      const pre = m.preprocessor;
      const inputs = Object.fromEntries(pre.inputColumns.map((c) => [c, cellText(findColumn(table, c)!, r)]));
      const targetRaw = cellText(findColumn(table, pre.targetName)!, r);
      const line = table.lines?.[r] ?? null;
      if (out.json) {
        out.document({
          command: 'explain',
          model: modelPath,
          data: source,
          row: o.row,
          line,
          columns: inputs,
          features: pre.featureNames,
          target: { column: pre.targetName, value: targetRaw, encoded: trace.target[0] },
          full,
          trace: full ? trace : summarizeTrace(trace),
        });
        return;
      }
      const where = table.lines === undefined ? source : describeRow(table, r);
      out.result(render(trace, full, { modelPath, where, row: o.row, inputs, targetRaw, pre, table }));
    });
  },
};

interface Context {
  modelPath: string;
  where: string;
  row: number;
  inputs: Record<string, string | null>;
  targetRaw: string | null;
  pre: Preprocessor;
  table: Table;
}

function render(t: StepTrace, full: boolean, c: Context): string {
  const L: string[] = [];
  const names = c.pre.featureNames;
  L.push(`One training step of ${c.modelPath} on row ${c.row} (${c.where})${full ? '' : ' — large network: shapes and statistics (--full for every number)'}`);
  L.push('');
  const x = t.input[0] as number[];
  if (full) {
    L.push('INPUT  x = the row after preprocessing');
    names.forEach((n, j) => {
      const col = n.includes('=') ? n.slice(0, n.indexOf('=')) : n;
      const raw = c.inputs[col] ?? '';
      const shown = n.includes('=') || raw === '' || !Number.isFinite(Number(raw)) ? raw : num(Number(raw), 7);
      L.push(`    ${n.padEnd(Math.max(...names.map((s) => s.length)))}  ${shown.padStart(10)}  →  ${fixed(x[j] as number, 6)}`);
    });
  } else {
    L.push(`INPUT  x: ${x.length} features from ${Object.keys(c.inputs).length} columns`);
  }
  const yEnc = t.target[0]?.[0] as number;
  L.push(
    `TARGET y: ${c.pre.targetName} = ${c.targetRaw ?? '?'}` +
      (c.pre.task === 'classification' ? ` (class index ${yEnc})` : ` (standardized: ${fixed(yEnc, 6)})`),
  );
  L.push('');
  L.push('FORWARD  z = a_prev·W + b,  a = φ(z)   (a_prev of the first layer is x)');
  for (const f of t.forward) {
    L.push(`  ${f.name} (${f.activation}, ${f.z[0]?.length ?? 0} units)`);
    L.push(show('z', f.z, full));
    L.push(show('a', f.a, full));
  }
  L.push('');
  const l = t.loss;
  L.push(`LOSS  ${l.name}${l.fused ? ' (fused with the output activation: δ_out = ŷ − y)' : ''}`);
  L.push(`    ℓ = ${num(l.perSample[0], 6)}    cost = ${l.reduction === 'mean' ? 'mean' : 'sum'} of ℓ ${num(l.dataCost, 6)} + penalty ${num(l.penalty, 6)} = ${num(l.cost, 6)}`);
  L.push('');
  L.push('BACKWARD  δ = ∂cost/∂z = ∂cost/∂a ⊙ φ′(z),  ∂cost/∂W = a_prevᵀ·δ,  ∂cost/∂b = Σ δ,  ∂cost/∂a_prev = δ·Wᵀ');
  for (const b of t.backward) {
    L.push(`  ${b.name}`);
    L.push(show('δ', b.delta, full));
    L.push(show('∂cost/∂W', b.dW, full));
    if (b.db !== null) L.push(show('∂cost/∂b', [b.db], full));
  }
  L.push(show('∂cost/∂x', t.inputGradient, full, '  '));
  L.push('');
  if (t.update === null) {
    L.push(`UPDATE  none: ${t.updateNote ?? ''}`);
  } else {
    const u = t.update;
    L.push(`UPDATE  ${u.optimizer.name}, learning rate ${num(u.learningRate, 6)} — what one step on this row would change (the model file is not modified)`);
    for (const tensor of u.tensors) L.push(show(`Δ ${tensor.name}`, tensor.change, full));
  }
  return L.join('\n');
}
