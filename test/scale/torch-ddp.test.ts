import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../src/index.js';
import { parseCsv, Preprocessor } from '../../src/data/index.js';
import { mlpkit, mlpkitJson } from '../cli/helpers.js';

/** Debian's interpreter, where python3-torch installs (MLPKIT_TEST_PYTHON overrides it, e.g. to check the skip). */
const PYTHON = process.env.MLPKIT_TEST_PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./torch_ddp.py', import.meta.url));
const TOLERANCE = 1e-5;

/** Why the test cannot run here, or null when it can. */
function torchUnavailable(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, torch.distributed as d; assert d.is_available() and d.is_gloo_available(), "no gloo"'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${PYTHON} cannot run (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} has no torch with gloo (${probe.stderr.trim().split('\n').pop() ?? 'import failed'}); install python3-torch`;
  return null;
}

/** 600 rows: two numbers, a colour, a class from a rule with noise. */
function csv(): string {
  const rng = new Rng(12);
  const lines = ['width,height,colour,kind'];
  for (let i = 0; i < 600; i++) {
    const w = rng.normal(10, 3);
    const h = rng.normal(5, 2);
    const c = ['red', 'green', 'blue'][rng.int(3)] as string;
    const score = w - 2 * h + (c === 'blue' ? 2 : 0) + rng.normal(0, 1);
    lines.push(`${w.toFixed(3)},${h.toFixed(3)},${c},${score > 1 ? 'big' : score > -2 ? 'mid' : 'small'}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('hand-off to PyTorch: mlpkit → safetensors → DistributedDataParallel on two processes (gloo) → safetensors → mlpkit import', () => {
  const reason = torchUnavailable();
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlpkit-ddp-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the fine-tuned network imports back, and mlpkit predict gives PyTorch’s probabilities to 1e-5', { timeout: 240_000 }, async (t) => {
    if (reason !== null) {
      t.skip(reason);
      return;
    }
    writeFileSync(join(dir, 'data.csv'), csv());
    const trained = await mlpkit(['train', 'data.csv', '--target', 'kind', '--epochs', '10', '--layers', '16', '--out', 'm.json', '--quiet'], dir);
    assert.equal(trained.code, 0, trained.stderr);
    const exported = await mlpkit(['export', 'm.json', '--out', 'm.safetensors'], dir);
    assert.equal(exported.code, 0, exported.stderr);

    // the rows as the model sees them, encoded by the preprocessing saved in the model file
    const file = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')) as { metadata: { preprocessor: unknown } };
    const pre = Preprocessor.fromJSON(file.metadata.preprocessor);
    const { x, y } = pre.transform(parseCsv(csv()), { requireTarget: true });
    writeFileSync(join(dir, 'data.json'), JSON.stringify({ x: x.toArray(), y: Array.from(y?.data ?? []) }));

    const run = spawnSync(PYTHON, [SCRIPT, join(dir, 'm.safetensors'), join(dir, 'data.json'), join(dir, 'tuned.safetensors'), join(dir, 'report.json')], {
      encoding: 'utf8',
      timeout: 200_000,
    });
    assert.equal(run.status, 0, `python failed: ${run.stderr}`);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as {
      outputs: number[][];
      rank_checksums: number[];
      largest_weight_change: number;
      world_size: number;
      backend: string;
      rows_per_rank: number;
    };
    assert.equal(report.world_size, 2);
    assert.equal(report.backend, 'gloo');
    assert.equal(report.rows_per_rank, 300);
    assert.equal(report.rank_checksums[0], report.rank_checksums[1], 'both ranks end with the same weights');
    assert.ok(report.largest_weight_change > 1e-3, `fine-tuning changed the weights (largest change ${report.largest_weight_change})`);

    const imported = await mlpkit(['import', 'tuned.safetensors', '--out', 'tuned.json'], dir);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /with its preprocessing/);
    const { doc } = await mlpkitJson<{ probabilities: number[][]; predictions: string[] }>(['predict', 'tuned.json', 'data.csv', '--proba'], dir);
    assert.equal(doc.probabilities.length, 600);
    let worst = 0;
    doc.probabilities.forEach((row, i) => row.forEach((p, k) => (worst = Math.max(worst, Math.abs(p - (report.outputs[i]?.[k] as number))))));
    assert.ok(worst <= TOLERANCE, `largest difference ${worst}`);
  });
});
