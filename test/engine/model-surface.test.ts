import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { Dense, Model, getLoss, toTargetMatrix } from '../../src/index.js';
import { trainingPasses } from '../../src/nn/passes.js';

/**
 * The model's public surface is forward / cost / backward / predict. The allocation-free passes the
 * training loops run (`inputBuffer`, `forwardInput`, `dataCost`, `backpropagate`) live behind
 * `trainingPasses(model)` in src/nn/passes.ts, which the package's entry does not export.
 */
const INTERNAL = ['inputBuffer', 'forwardInput', 'dataCost', 'backpropagate'] as const;
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function model(): Model {
  return new Model({ inputs: 2, layers: [new Dense({ units: 3, activation: 'tanh' }), new Dense({ units: 1 })], dtype: 'float64', seed: 4 });
}

test('a Model object has none of the training passes as properties', () => {
  const m = model();
  for (const name of INTERNAL) assert.equal(name in m, false, `Model has ${name}`);
});

test('the package entry does not export the training interface', async () => {
  const entry: Record<string, unknown> = await import('../../src/index.js');
  assert.equal('trainingPasses' in entry, false);
});

test('trainingPasses gives the same forward pass and cost as the public methods', () => {
  const m = model();
  const x = [
    [0.5, -1],
    [2, 0.25],
  ];
  const y = [[1], [-0.5]];
  const expected = Array.from(m.forward(x).data);
  const cost = m.cost(y).dataCost;
  const passes = trainingPasses(m);
  const input = passes.inputBuffer(2);
  input.data.set([0.5, -1, 2, 0.25]);
  assert.deepEqual(Array.from(passes.forwardInput(input, false).data), expected);
  assert.equal(passes.dataCost(getLoss('mse'), toTargetMatrix(y, 'float64'), null), cost);
});

test("the package's emitted types (dist/index.d.ts) do not show the training passes on Model", () => {
  const dts = join(ROOT, 'dist', 'nn', 'model.d.ts');
  const src = join(ROOT, 'src', 'nn', 'model.ts');
  assert.ok(statSync(dts).mtimeMs >= statSync(src).mtimeMs, 'dist/ is older than src/nn/model.ts: run `npm run build:ts` first');
  const dir = mkdtempSync(join(tmpdir(), 'mlpkit-surface-'));
  try {
    // a consumer's file: every line under @ts-expect-error must fail to compile, or tsc reports the
    // directive as unused — so the test fails as soon as one of the methods is public again
    const file = join(dir, 'consumer.mts');
    const lines = [
      `import { Dense, Model } from ${JSON.stringify(join(ROOT, 'dist', 'index.js'))};`,
      `const model = new Model({ inputs: 2, layers: [new Dense({ units: 1 })] });`,
      `const out: number = model.forward([[0, 0]]).rows;`,
      `console.log(out, model.cost([[1]]).cost);`,
      ...INTERNAL.flatMap((name) => [`// @ts-expect-error ${name} is internal`, `console.log(model.${name});`]),
    ];
    writeFileSync(file, lines.join('\n') + '\n');
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules', '@types')],
      skipLibCheck: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.deepEqual(diagnostics, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
