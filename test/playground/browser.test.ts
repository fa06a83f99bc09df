/**
 * The playground in a real headless Chromium (Debian's package, driven by playwright-core):
 * train the spiral, walk one step through its four stages and check every number shown against
 * the library run here in Node on the same seed, share settings through the URL, download a
 * model and load it back.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadModel, type StepTrace } from '../../src/index.js';
import { syntheticData } from '../../playground/src/dataset.js';
import { toPixel } from '../../playground/src/grid.js';
import { savedSettings } from '../../playground/src/model-io.js';
import { buildModel, buildOptimizer, outputChoice } from '../../playground/src/network.js';
import { parseShown } from '../../playground/src/stages.js';
import { decodeState } from '../../playground/src/state.js';
import { Trainer } from '../../playground/src/trainer.js';
import { CHROMIUM, CHROMIUM_ARGS, ensureBuilt, serve } from './static-server.js';

const SPIRAL = 'source=spiral&optimizer=adam&lr=0.01';
const skip = existsSync(CHROMIUM) ? false : `Debian's chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)`;

/** The page's model, rebuilt in Node from the same settings: same data, same initial weights. */
function nodeTrainer(hash: string): Trainer {
  const state = decodeState(hash).state;
  const data = syntheticData(state);
  return new Trainer(buildModel(state, outputChoice(state, data.task, data.classes.length)), buildOptimizer(state), data, state.batchSize);
}

/** Every row of a stage table as shown: [label, ...cells] with each cell's text and full value. */
async function readTable(page: Page, id: string): Promise<{ label: string; cells: { text: string; raw: number }[] }[]> {
  return page.evaluate(`Array.from(document.querySelectorAll('#t-${id} tbody tr')).map((tr) => ({
    label: tr.cells[0].textContent,
    cells: Array.from(tr.cells).slice(1).map((td) => ({ text: td.textContent, raw: Number(td.dataset.raw) })),
  }))`);
}

/** A shown number agrees with the Node value: its text to the 4 digits shown, its full value to float32 precision. */
function same(cell: { text: string; raw: number } | undefined, expected: number, what: string): void {
  assert.ok(cell !== undefined, `${what}: no cell`);
  const tol = (digits: number) => digits * Math.max(Math.abs(expected), 1e-12);
  assert.ok(Math.abs(parseShown(cell.text) - expected) <= tol(6e-4), `${what}: shows ${cell.text}, Node has ${expected}`);
  assert.ok(Math.abs(cell.raw - expected) <= tol(1e-6) + 1e-12, `${what}: holds ${cell.raw}, Node has ${expected}`);
}

async function stage(page: Page, name: string): Promise<void> {
  await page.click('#step');
  await page.waitForSelector(`#step-panel[data-stage="${name}"]`, { timeout: 5000 });
}

const status = (page: Page, key: string) => page.evaluate(`Number(document.getElementById('status').dataset.${key})`) as Promise<number>;

describe('playground in headless Chromium', { skip, timeout: 90_000 }, () => {
  let server: Server;
  let url = '';
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  let downloads = '';

  before(async () => {
    ensureBuilt();
    ({ server, url } = await serve());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    downloads = mkdtempSync(join(tmpdir(), 'mlpkit-playground-'));
  });

  after(async () => {
    await browser?.close();
    server?.close();
    if (downloads !== '') rmSync(downloads, { recursive: true, force: true });
  });

  /** A fresh page load (not a same-document hash change) with these settings. */
  const open = async (hash: string) => {
    await page.goto('about:blank');
    await page.goto(`${url}#${hash}`);
    await page.waitForSelector('#status[data-epoch]', { timeout: 15_000 });
  };

  it('trains the spiral in the worker until the test cost is below 0.25, the page drawing all along', async (t) => {
    await open(SPIRAL);
    assert.equal(await status(page, 'epoch'), 0);
    await page.click('#play');
    await page.waitForFunction(`Number(document.getElementById('status').dataset.test) < 0.25`, undefined, { timeout: 45_000, polling: 100 });
    const fps = await status(page, 'fps');
    const epochs = await status(page, 'epoch');
    await page.click('#play');
    t.diagnostic(`spiral: test cost < 0.25 after ${epochs} epochs; the page drew ${fps} frames per second while training`);
    assert.ok(fps >= 10, `the page should keep drawing while the worker trains; measured ${fps} fps`);
    assert.ok((await page.textContent('#play'))?.includes('Play'));
    assert.deepEqual(errors, []);
  });

  it('one step in four stages on a clicked point shows the numbers explainStep gives in Node', async () => {
    const hash = `${SPIRAL}&layers=4t,3t`;
    await open(hash);
    const node = nodeTrainer(hash);
    const data = node.data;
    // click on a training point
    const pick = data.train[7] as number;
    const box = await page.locator('#plane').boundingBox();
    assert.ok(box !== null);
    const [px, py] = toPixel(data.domain, box.width, box.height, data.x[2 * pick] as number, data.x[2 * pick + 1] as number);
    await page.mouse.click(box.x + px, box.y + py);
    const sample = Number(await page.inputValue('#sample'));
    assert.ok(Number.isInteger(sample) && Math.hypot((data.x[2 * sample] as number) - (data.x[2 * pick] as number), (data.x[2 * sample + 1] as number) - (data.x[2 * pick + 1] as number)) < 0.5);
    const trace: StepTrace = node.explain(sample);

    await stage(page, 'forward');
    for (const [l, f] of trace.forward.entries()) {
      const rows = await readTable(page, `forward-${f.name}`);
      assert.equal(rows.length, f.z[0]?.length, `layer ${l + 1} neurons`);
      rows.forEach((r, j) => {
        same(r.cells[0], f.z[0]?.[j] as number, `${f.name} z${j + 1}`);
        same(r.cells[1], f.a[0]?.[j] as number, `${f.name} a${j + 1}`);
      });
    }
    assert.match((await page.textContent('#stage-text')) ?? '', /Forward pass: sample/);

    await stage(page, 'loss');
    const loss = await readTable(page, 'loss');
    same(loss.find((r) => r.label?.startsWith('loss'))?.cells[0], trace.loss.perSample[0] as number, 'per-sample loss');
    same(loss.find((r) => r.label === 'cost C')?.cells[0], trace.loss.cost, 'cost');

    await stage(page, 'backward');
    for (const b of trace.backward) {
      const deltas = await readTable(page, `backward-${b.name}-delta`);
      deltas.forEach((r, j) => same(r.cells[0], b.delta[0]?.[j] as number, `${b.name} δ${j + 1}`));
      const dW = await readTable(page, `backward-${b.name}-dW`);
      dW.forEach((r, i) => r.cells.forEach((c, j) => same(c, b.dW[i]?.[j] as number, `${b.name} ∂C/∂W[${i},${j}]`)));
    }

    await stage(page, 'update');
    assert.ok(trace.update !== null);
    for (const u of trace.update.tensors) {
      const rows = await readTable(page, `update-${u.name.replace('/', '-')}`);
      const flat = (m: number[][]) => m.flat();
      rows.forEach((r, k) => {
        same(r.cells[0], flat(u.before)[k] as number, `${u.name}[${k}] old`);
        same(r.cells[1], flat(u.gradient)[k] as number, `${u.name}[${k}] gradient`);
        same(r.cells[2], trace.update?.learningRate as number, 'η');
        same(r.cells[3], flat(u.after)[k] as number, `${u.name}[${k}] new`);
      });
    }
    // the update was applied: one optimizer step taken
    await page.waitForFunction(`document.getElementById('status').dataset.steps === '1'`, undefined, { timeout: 5000 });
    assert.match((await page.textContent('#stage-text')) ?? '', /Update: adam at learning rate/);
    assert.deepEqual(errors, []);
  });

  it('keeps every setting in the URL: change some, reload, get them back', async () => {
    await open('source=xor');
    await page.getByLabel('Optimizer').selectOption('rmsprop');
    await page.getByLabel('Learning rate η').fill('0.05');
    await page.getByLabel('Learning rate η').press('Tab');
    await page.click('#add-layer');
    await page.click('#layer-1-minus');
    await page.locator('#layer-2-activation').selectOption('relu');
    await page.getByLabel('L2 penalty').selectOption('0.001');
    const hash = await page.evaluate('location.hash');
    assert.equal(hash, '#source=xor&optimizer=rmsprop&lr=0.05&l2=0.001&layers=7t%2C8r%2C4t');
    await page.reload();
    await page.waitForSelector('#status[data-epoch]');
    assert.equal(await page.getByLabel('Optimizer').inputValue(), 'rmsprop');
    assert.equal(await page.getByLabel('Learning rate η').inputValue(), '0.05');
    assert.equal(await page.locator('#layer-2-activation').inputValue(), 'relu');
    assert.equal(await page.locator('ol.layers li').count(), 3);
    // the architecture table follows: 2→7→8→4→1
    const params = await page.textContent('table.summary caption');
    assert.match(params ?? '', /2 inputs, 126 parameters/);
    assert.deepEqual(errors, []);
  });

  it('downloads the trained model in mlpkit format and loads it back', async () => {
    await open(SPIRAL);
    for (let k = 0; k < 3; k++) await page.click('#epoch');
    await page.waitForFunction(`document.getElementById('status').dataset.epoch === '3'`);
    const trainedCost = await status(page, 'test');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-model')]);
    const file = join(downloads, 'model.json');
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    // the file is an mlpkit model: Node loads it and gets the page's test cost
    const { model } = loadModel(text);
    const node = nodeTrainer(savedSettings(text) ?? '');
    node.model.setWeights(model.getWeights());
    assert.ok(Math.abs(node.cost(node.data.test) - trainedCost) < 1e-6, `Node ${node.cost(node.data.test)} vs page ${trainedCost}`);
    // fresh weights, then the file again
    await page.click('#reset');
    await page.waitForFunction(`document.getElementById('status').dataset.epoch === '0'`);
    assert.notEqual(await status(page, 'test'), trainedCost);
    await page.setInputFiles('#load-model', file);
    await page.waitForFunction(`document.getElementById('message').textContent.startsWith('Model loaded')`, undefined, { timeout: 10_000 });
    await page.waitForFunction(`Math.abs(Number(document.getElementById('status').dataset.test) - ${trainedCost}) < 1e-9`, undefined, { timeout: 5000 });
    assert.deepEqual(errors, []);
  });

  it('works on a narrow screen and from the keyboard', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await open('source=gauss');
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok((overflow as number) <= 1, `the page is ${overflow}px wider than the screen`);
    await page.focus('#plane');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.inputValue('#sample'), '0');
    await page.keyboard.press('e');
    await page.waitForFunction(`document.getElementById('status').dataset.epoch === '1'`);
    await page.keyboard.press('s');
    await page.waitForSelector('#step-panel[data-stage="forward"]');
    assert.equal(await page.getAttribute('#stage-text', 'aria-live'), 'polite');
    // every form control has a label
    const unlabeled = await page.evaluate(`Array.from(document.querySelectorAll('input, select')).filter((el) => el.labels === null || el.labels.length === 0).map((el) => el.id)`);
    assert.deepEqual(unlabeled, []);
    assert.deepEqual(errors, []);
  });
});
