/**
 * The playground in a real headless Chromium (Debian's package, driven by playwright-core):
 * train the spiral, walk one step through its four stages and check every number shown against
 * the library run here in Node on the same seed, change optimizer settings without a reset, open a
 * CSV link in a fresh browser, edit a weight on the graph, switch inputs on, hover neurons, use the
 * keyboard and a phone-sized screen, share settings through the URL, download a model and load it back.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadModel, type StepTrace } from '../../src/index.js';
import { syntheticData } from '../../playground/src/dataset.js';
import { toPixel } from '../../playground/src/grid.js';
import { savedSettings } from '../../playground/src/model-io.js';
import { buildModel, buildOptimizer, outputChoice } from '../../playground/src/network.js';
import { STAGES } from '../../playground/src/stages.js';
import { decodeState } from '../../playground/src/state.js';
import { Trainer } from '../../playground/src/trainer.js';
import { retuned } from '../../playground/src/retune.js';
import { CHROMIUM, CHROMIUM_ARGS, ensureBuilt, serve } from './static-server.js';
import { checkStage, type ShownTables } from './step-check.js';

const SPIRAL = 'source=spiral&optimizer=adam&lr=0.01';
const skip = existsSync(CHROMIUM) ? false : `Debian's chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)`;

/** The page's model, rebuilt in Node from the same settings: same data, same initial weights. */
function nodeTrainer(hash: string): Trainer {
  const state = decodeState(hash).state;
  const data = syntheticData(state);
  return new Trainer(buildModel(state, outputChoice(state, data.task, data.classes.length)), buildOptimizer(state), data, state.batchSize, state.features);
}

/** Every table of the step panel as shown: id → rows of key, label and cells (text and full value). */
async function readTables(page: Page): Promise<ShownTables> {
  const tables = (await page.evaluate(`Array.from(document.querySelectorAll('#step-panel table.numbers')).map((t) => [t.id.slice(2),
    Array.from(t.tBodies[0].rows).map((tr) => ({
      key: tr.dataset.key,
      label: tr.cells[0].textContent,
      cells: Array.from(tr.cells).slice(1).map((td) => ({ text: td.textContent, raw: Number(td.dataset.raw) })),
    }))])`)) as [string, ShownTables extends Map<string, infer R> ? R : never][];
  return new Map(tables);
}

async function stage(page: Page, name: string): Promise<void> {
  await page.click('#step');
  await page.waitForSelector(`#step-panel[data-stage="${name}"]`, { timeout: 5000 });
}

const status = (page: Page, key: string) => page.evaluate(`Number(document.getElementById('status').dataset.${key})`) as Promise<number>;
const message = (page: Page) => page.evaluate(`[document.getElementById('message').textContent, document.getElementById('message').className]`) as Promise<[string, string]>;

describe('playground in headless Chromium', { skip, timeout: 120_000 }, () => {
  let server: Server;
  let url = '';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  let downloads = '';

  before(async () => {
    ensureBuilt();
    ({ server, url } = await serve());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
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
  const open = async (hash: string, p: Page = page) => {
    await p.goto('about:blank');
    await p.goto(`${url}#${hash}`);
    await p.waitForSelector('#status[data-epoch]', { timeout: 15_000 });
  };

  /** Downloads the page's model and loads it in Node. */
  const downloadModel = async (name: string) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-model')]);
    const file = join(downloads, name);
    await download.saveAs(file);
    return { file, text: readFileSync(file, 'utf8') };
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

  for (const [name, hash, penalty] of [
    ['L2 and dropout, fused sigmoid output', `${SPIRAL}&l2=0.01&layers=4t%3A0.5%2C3t`, { l1: 0, l2: 0.01 }],
    ['regression, tanh output with MSE (δ split at the output too)', 'source=bumps&outputActivation=tanh&layers=3r', { l1: 0, l2: 0 }],
  ] as const) {
    it(`one step in four stages on a clicked point shows explainStep's numbers, table by table: ${name}`, async () => {
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
      assert.ok(data.train.includes(sample), `picked sample ${sample} is a training point`);
      const trace: StepTrace = node.explain(sample);
      let checked = 0;
      for (const s of STAGES) {
        await stage(page, s);
        checked += checkStage(s, await readTables(page), trace, penalty);
      }
      assert.ok(checked > 40, `${checked} numbers checked`);
      if (penalty.l2 > 0) assert.ok(trace.forward[0]?.dropout?.mask[0]?.includes(0), 'this seed drops a neuron, so a zeroed row is on show');
      // the update was applied: one optimizer step taken; the graph shows which links changed
      await page.waitForFunction(`document.getElementById('status').dataset.steps === '1'`, undefined, { timeout: 5000 });
      assert.match((await page.textContent('#stage-text')) ?? '', /Update: .* loss goes from/);
      assert.deepEqual(errors, []);
    });
  }

  it('warns when Step trains on a test point', async () => {
    await open(SPIRAL);
    const node = nodeTrainer(SPIRAL);
    const testSample = node.data.test[0] as number;
    await page.fill('#sample', String(testSample));
    await page.press('#sample', 'Enter');
    let [text, cls] = await message(page);
    assert.match(text, /test point/);
    assert.match(cls, /warn/);
    assert.match((await page.textContent('#stage-text')) ?? '', /test point/);
    for (const s of STAGES) await stage(page, s);
    assert.match((await page.textContent('#stage-text')) ?? '', /test point: this step trained on it/);
    [text] = await message(page);
    assert.match(text, new RegExp(`Trained one step on test sample ${testSample}`));
    // an out-of-range number is put back, with the reason
    await page.fill('#sample', '100000');
    await page.press('#sample', 'Enter');
    assert.equal(await page.inputValue('#sample'), String(testSample));
    [text] = await message(page);
    assert.match(text, /No sample 100000: the data set has samples 0 … 499/);
    assert.deepEqual(errors, []);
  });

  it('a learning-rate change keeps the weights, the epoch count and the curve; ArrowUp steps η ×3', async () => {
    await open('source=xor');
    for (let k = 0; k < 3; k++) await page.click('#epoch');
    await page.waitForFunction(`document.getElementById('status').dataset.epoch === '3'`);
    const cost = await status(page, 'train');
    const lr = page.getByLabel('Learning rate η');
    await lr.fill('0.1');
    await lr.press('Tab');
    await page.waitForFunction(`document.getElementById('message').textContent.includes('training goes on')`);
    assert.equal(await status(page, 'epoch'), 3);
    assert.equal(await status(page, 'train'), cost, 'the weights are the same');
    assert.equal(await page.getAttribute('canvas.curves', 'data-points'), '4', 'epochs 0…3 still on the curve');
    await lr.press('ArrowUp');
    assert.equal(await lr.inputValue(), '0.3');
    await page.waitForFunction(`document.getElementById('status').dataset.epoch === '3' && Number(document.getElementById('lr-now').textContent) === 0.3`);
    await page.click('#epoch');
    await page.waitForFunction(`document.getElementById('status').dataset.epoch === '4'`);
    assert.equal(await page.getAttribute('canvas.curves', 'data-points'), '5');
    // the same in Node: three epochs at 0.03, then η = 0.1, η = 0.3 and one more epoch
    let node = nodeTrainer('source=xor');
    for (let k = 0; k < 3; k++) node.trainEpoch();
    const xor = decodeState('source=xor').state;
    node = retuned(retuned(node, { ...xor, lr: 0.1 }), { ...xor, lr: 0.3 });
    node.trainEpoch();
    assert.ok(Math.abs((node.history.at(-1)?.train as number) - (await status(page, 'train'))) < 1e-6, `Node ${node.history.at(-1)?.train} vs page ${await status(page, 'train')}`);
    assert.match(await page.evaluate('location.hash'), /lr=0.3/);
    // batch size and L2 apply the same way
    await page.getByLabel('L2 penalty').selectOption('0.001');
    await page.waitForFunction(`document.getElementById('message').textContent.includes('training goes on')`);
    assert.equal(await status(page, 'epoch'), 4);
    // a network change says so in one line
    await page.click('#add-layer');
    await page.waitForFunction(`document.getElementById('status').dataset.epoch === '0'`);
    assert.match((await message(page))[0], /^Weights reset: the hidden layers changed the network\.$/);
    assert.deepEqual(errors, []);
  });

  it('a CSV link in a fresh browser opens the CSV picker cleanly, then trains on the file', async () => {
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await fresh.newPage();
    const own: string[] = [];
    p.on('pageerror', (e) => own.push(e.message));
    await p.goto(`${url}#source=csv&target=label&lr=0.1`);
    await p.waitForSelector('#status[data-waiting="csv"]', { state: 'attached', timeout: 15_000 });
    const [text, cls] = await message(p);
    assert.match(text, /load it with/);
    assert.doesNotMatch(cls, /error/);
    assert.equal(await p.getByLabel('Data set').inputValue(), 'csv');
    assert.equal(await p.getByLabel('Learning rate η').inputValue(), '0.1');
    assert.equal(await p.locator('ol.layers li').count(), 2);
    assert.ok(await p.locator('label[for^="f-csv"]').isVisible(), 'the CSV picker is shown');
    assert.ok(await p.locator('#play').isDisabled());
    // the file: two features, a text label, one row with a missing value
    const rows = Array.from({ length: 60 }, (_, i) => `${((i * 37) % 17) / 4 - 2},${((i * 11) % 13) / 3 - 2},${i % 2 === 0 ? 'a' : 'b'}`);
    rows[5] = '0.5,,a';
    await p.setInputFiles('input[type=file][name=csv]', { name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from(`u,v,label\n${rows.join('\n')}\n`) });
    await p.waitForFunction(`document.getElementById('status').dataset.waiting === undefined && document.getElementById('status').dataset.epoch === '0'`, undefined, { timeout: 10_000 });
    assert.match((await message(p))[0], /1 row with a missing value in a used column left out/);
    await p.click('#epoch');
    await p.waitForFunction(`document.getElementById('status').dataset.epoch === '1'`);
    assert.doesNotMatch((await message(p))[1], /error/);
    // and Circle is a real change from there
    await p.getByLabel('Data set').selectOption('circle');
    await p.waitForFunction(`location.hash === '#lr=0.1'`);
    assert.deepEqual(own, []);
    await fresh.close();
  });

  it('hovering a neuron shows its output on the plane; clicking a link edits that weight in the model', async () => {
    const hash = 'source=gauss&layers=2t';
    await open(hash);
    const plane = () => page.evaluate(`document.getElementById('plane').toDataURL()`) as Promise<string>;
    const prediction = await plane();
    await page.hover('.graph .node[data-column="1"][data-unit="1"]');
    await page.waitForSelector('#plane[data-showing="hidden layer 1 neuron 2"]');
    assert.notEqual(await plane(), prediction, 'the plane shows the neuron, not the prediction');
    await page.mouse.move(5, 5);
    await page.waitForFunction(`document.getElementById('plane').dataset.showing === undefined`);
    // the link x1 → hidden neuron 1: its curve passes through the middle of the two node centres
    const centre = (sel: string) => page.locator(sel).evaluate((el) => { const r = el.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }) as Promise<[number, number]>;
    const [ax, ay] = await centre('.graph .node[data-column="0"][data-unit="0"]');
    const [bx, by] = await centre('.graph .node[data-column="1"][data-unit="0"]');
    await page.mouse.move((ax + bx) / 2, (ay + by) / 2);
    await page.waitForSelector('#graph-tip:not([hidden])');
    assert.match((await page.textContent('#graph-tip')) ?? '', /^x1 → hidden 1 neuron 1: w = /);
    await page.mouse.click((ax + bx) / 2, (ay + by) / 2);
    await page.waitForSelector('#weight-editor:not([hidden])');
    assert.equal(await page.evaluate('document.activeElement.id'), 'weight-editor');
    await page.fill('#weight-editor', '1.5');
    await page.press('#weight-editor', 'Enter');
    await page.waitForFunction(`document.getElementById('message').textContent === 'Weight dense_1/W[1,1] set to 1.5.'`);
    const { text } = await downloadModel('edited.json');
    const { model } = loadModel(text);
    const W = model.getWeights()[0];
    assert.equal(W?.data[0], 1.5, 'W[1,1] of the first layer is the typed value');
    const untouched = nodeTrainer(hash).model.getWeights()[0];
    assert.deepEqual(Array.from(W?.data ?? []).slice(1), Array.from(untouched?.data ?? []).slice(1), 'no other weight changed');
    assert.deepEqual(errors, []);
  });

  it('feature crosses switch on from the graph: the input width changes and the network trains', async () => {
    await open('source=circle');
    assert.match((await page.textContent('table.summary caption')) ?? '', /2 inputs/);
    await page.click('.graph .node[data-column="0"][data-unit="2"]');
    await page.waitForFunction(`location.hash === '#features=x1%2Cx2%2Cx1sq'`);
    await page.click('.graph .node[data-column="0"][data-unit="3"]');
    await page.waitForFunction(`document.querySelector('table.summary caption').textContent.includes('4 inputs')`);
    // the graph is drawn again after the summary: wait for the new node rather than read the old one
    await page.waitForFunction(`document.querySelector('.graph .node[data-column="0"][data-unit="3"]')?.getAttribute('aria-checked') === 'true'`, undefined, { timeout: 5000 }).catch(() => undefined);
    assert.equal(await page.getAttribute('.graph .node[data-column="0"][data-unit="3"]', 'aria-checked'), 'true');
    assert.ok(await page.getByLabel('x₂²').isChecked());
    const start = await status(page, 'train');
    for (let k = 0; k < 5; k++) await page.click('#epoch');
    await page.waitForFunction(`document.getElementById('status').dataset.epoch === '5'`);
    const end = await status(page, 'train');
    assert.ok(end < start, `training lowers the cost with x₁², x₂²: ${start} → ${end}`);
    // the same five epochs in Node, on the four inputs
    const node = nodeTrainer('source=circle&features=x1,x2,x1sq,x2sq');
    assert.equal(node.model.inputs, 4);
    for (let k = 0; k < 5; k++) node.trainEpoch();
    assert.ok(Math.abs((node.history.at(-1)?.train as number) - end) < 1e-6, `Node ${node.history.at(-1)?.train} vs page ${end}`);
    // off again from the controls
    await page.getByLabel('x₁²').uncheck();
    await page.waitForFunction(`document.querySelector('table.summary caption').textContent.includes('3 inputs')`);
    assert.deepEqual(errors, []);
  });

  it('keeps every setting in the URL: change some, reload, get them back', async () => {
    await open('source=xor');
    await page.getByLabel('Optimizer').selectOption('rmsprop');
    await page.getByLabel('Learning rate η').fill('0.05');
    await page.getByLabel('Learning rate η').press('Tab');
    await page.click('#add-layer');
    await page.click('#layer-1-minus');
    await page.getByLabel('Layer 2 activation').selectOption('relu');
    await page.getByLabel('L2 penalty').selectOption('0.001');
    const hash = await page.evaluate('location.hash');
    assert.equal(hash, '#source=xor&optimizer=rmsprop&lr=0.05&l2=0.001&layers=7t%2C8r%2C4t');
    await page.reload();
    await page.waitForSelector('#status[data-epoch]');
    assert.equal(await page.getByLabel('Optimizer').inputValue(), 'rmsprop');
    assert.equal(await page.getByLabel('Learning rate η').inputValue(), '0.05');
    assert.equal(await page.getByLabel('Layer 2 activation').inputValue(), 'relu');
    assert.equal(await page.locator('ol.layers li').count(), 3);
    // the architecture table follows: 2→7→8→4→1
    assert.match((await page.textContent('table.summary caption')) ?? '', /2 inputs, 126 parameters/);
    assert.deepEqual(errors, []);
  });

  it('downloads the trained model in mlpkit format and loads it back, epoch count and curve included', async () => {
    await open(SPIRAL);
    for (let k = 0; k < 3; k++) await page.click('#epoch');
    await page.waitForFunction(`document.getElementById('status').dataset.epoch === '3'`);
    const trainedCost = await status(page, 'test');
    const { file, text } = await downloadModel('model.json');
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
    assert.equal(await status(page, 'epoch'), 3, 'the epoch count goes on from the file');
    assert.equal(await page.getAttribute('canvas.curves', 'data-points'), '4');
    assert.deepEqual(errors, []);
  });

  it('from the keyboard: adding and removing layers keeps the focus, each layer control has its own name', async () => {
    await open('source=gauss');
    const focused = () => page.evaluate('document.activeElement.id') as Promise<string>;
    await page.focus('#add-layer');
    for (let k = 3; k <= 6; k++) {
      await page.keyboard.press('Enter');
      await page.waitForFunction(`document.querySelectorAll('ol.layers li').length === ${k}`);
    }
    // the sixth layer disables "+ Add layer": the focus moves to the last layer's remove button
    assert.equal(await focused(), 'layer-6-remove');
    await page.keyboard.press('Enter');
    await page.waitForFunction(`document.querySelectorAll('ol.layers li').length === 5`);
    assert.equal(await focused(), 'layer-5-remove');
    await page.focus('#layer-2-remove');
    await page.keyboard.press('Enter');
    await page.waitForFunction(`document.querySelectorAll('ol.layers li').length === 4`);
    assert.equal(await focused(), 'layer-2-remove', 'the next layer moved up under the focus');
    for (let k = 3; k >= 0; k--) {
      await page.focus('#layer-1-remove');
      await page.keyboard.press('Enter');
      await page.waitForFunction(`document.querySelectorAll('ol.layers li').length === ${k}`);
    }
    assert.equal(await focused(), 'add-layer');
    await page.keyboard.press('Enter');
    await page.waitForFunction(`document.querySelectorAll('ol.layers li').length === 1`);
    await page.focus('#layer-1-minus');
    for (let k = 0; k < 3; k++) await page.keyboard.press('Enter');
    await page.waitForFunction(`document.getElementById('layer-1-minus').disabled`);
    assert.equal(await focused(), 'layer-1-plus', 'a button that becomes disabled hands the focus to its neighbour');
    // distinct accessible names
    await page.click('#add-layer');
    await page.waitForFunction(`document.querySelectorAll('ol.layers li').length === 2`);
    const names = await page.evaluate(`Array.from(document.querySelectorAll('ol.layers select')).map((s) => s.getAttribute('aria-label'))`);
    assert.deepEqual(names, ['Layer 1 activation', 'Layer 1 dropout rate', 'Layer 2 activation', 'Layer 2 dropout rate']);
    // every form control has a label
    const unlabeled = await page.evaluate(`Array.from(document.querySelectorAll('input, select')).filter((el) => !el.hidden && (el.labels === null || el.labels.length === 0) && !el.getAttribute('aria-label')).map((el) => el.id)`);
    assert.deepEqual(unlabeled, []);
    assert.deepEqual(errors, []);
  });

  it('on a phone: the plane is in the first screen, the toolbar stays on top, nothing is wider than the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await open('source=gauss');
    const plane = await page.locator('#plane').boundingBox();
    assert.ok(plane !== null && plane.y >= 0 && plane.y + plane.height <= 844, `plane at ${plane?.y}…${(plane?.y ?? 0) + (plane?.height ?? 0)} px`);
    await page.focus('#plane');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.inputValue('#sample'), '0');
    await page.keyboard.press('e');
    await page.waitForFunction(`document.getElementById('status').dataset.epoch === '1'`);
    await page.keyboard.press('s');
    await page.waitForSelector('#step-panel[data-stage="forward"]');
    assert.equal(await page.getAttribute('#stage-text', 'aria-live'), 'polite');
    for (const s of ['loss', 'backward']) await stage(page, s);
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok((overflow as number) <= 1, `the page is ${overflow}px wider than the screen with the step tables open`);
    await page.evaluate('window.scrollTo(0, 1500)');
    const bar = await page.locator('.toolbar-row').boundingBox();
    assert.ok(bar !== null && Math.abs(bar.y) < 1, `the toolbar is at ${bar?.y} px after scrolling`);
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.deepEqual(errors, []);
  });
});
