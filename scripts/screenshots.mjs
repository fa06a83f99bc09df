#!/usr/bin/env node
// Screenshots of the playground's main states into docs/playground/, and a frame-rate measurement
// (2-8-8-1 on the 500-point circle set). Run: node --import tsx scripts/screenshots.mjs
// Needs Debian's chromium at /usr/bin/chromium; builds the playground first if playground/dist is missing.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ROOT, ensureBuilt, serve } from '../test/playground/static-server.ts';
import { syntheticData } from '../playground/src/dataset.ts';
import { decodeState } from '../playground/src/state.ts';

const out = join(ROOT, 'docs', 'playground');
mkdirSync(out, { recursive: true });
ensureBuilt();
const { server, url } = await serve();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
page.on('pageerror', (e) => console.error('page error:', e.message));

const status = (key) => page.evaluate(`Number(document.getElementById('status').dataset.${key})`);
async function open(hash) {
  await page.goto('about:blank');
  await page.goto(`${url}#${hash}`);
  await page.waitForSelector('#status[data-epoch]');
}
async function trainUntil(condition, timeout = 60000) {
  await page.click('#play');
  await page.waitForFunction(condition, undefined, { timeout, polling: 100 });
  await page.click('#play');
  await page.waitForTimeout(300);
}
const shot = (name, options = {}) => page.screenshot({ path: join(out, `${name}.png`), ...options });

// frame rate while training 2-8-8-1 on 500 points (the default circle set), one epoch per frame
await open('');
await page.click('#play');
const fps = [];
for (let k = 0; k < 6; k++) {
  await page.waitForTimeout(1000);
  fps.push(await status('fps'));
}
await page.click('#play');
console.log(`frames per second while training 2-8-8-1 on 500 points: ${fps.join(', ')} (median ${[...fps].sort((a, b) => a - b)[3]})`);

// 1. the spiral, trained
await open('source=spiral&optimizer=adam&lr=0.01&noise=0.1');
await trainUntil(`Number(document.getElementById('status').dataset.test) < 0.2`);
await shot('spiral-trained');

// 2. step mode on a training point, with L2 and dropout: forward, backward, update
const stepHash = 'source=spiral&optimizer=adam&lr=0.01&l2=0.001&layers=4t%3A0.5%2C3t';
const sample = syntheticData(decodeState(stepHash).state).train[3];
await open(stepHash);
await page.click('#epoch');
await page.fill('#sample', String(sample));
await page.press('#sample', 'Enter');
await page.click('#step');
await page.waitForSelector('#step-panel[data-stage="forward"]');
await shot('step-forward', { fullPage: true });
await page.click('#step');
await page.click('#step');
await page.waitForSelector('#step-panel[data-stage="backward"]');
await shot('step-backward', { fullPage: true });
await page.click('#step');
await page.waitForSelector('#step-panel[data-stage="update"]');
await page.waitForTimeout(300);
await page.locator('main').screenshot({ path: join(out, 'step-update.png') });

// 2b. hovering a hidden neuron shows its output on the plane
await page.hover('.graph .node[data-column="1"][data-unit="1"]');
await page.waitForSelector('#plane[data-showing]');
await page.locator('main').screenshot({ path: join(out, 'hover-neuron.png'), clip: undefined });
await page.mouse.move(2, 2);

// 3. a bundled real data set through PCA (three classes)
await open('source=iris&optimizer=adam&lr=0.01&layers=6t');
await trainUntil(`Number(document.getElementById('status').dataset.epoch) >= 150`);
await shot('iris-pca');

// 4. a regression surface
await open('source=bumps&optimizer=adam&lr=0.01&layers=8t%2C8t%2C4t&outputActivation=identity');
await trainUntil(`Number(document.getElementById('status').dataset.epoch) >= 200`);
await shot('regression-bumps');

// 4b. feature crosses: x₁² and x₂² make the circle a linear problem for one small layer
await open('source=circle&noise=0.1&features=x1%2Cx2%2Cx1sq%2Cx2sq&layers=2t');
await trainUntil(`Number(document.getElementById('status').dataset.epoch) >= 40`);
await shot('features');

// 5. a phone-sized screen: the plane in the first screen, under the sticky toolbar
await page.setViewportSize({ width: 390, height: 844 });
await open('source=xor');
await page.click('#epoch');
await shot('narrow');

await browser.close();
server.close();
console.log(`screenshots in ${out}`);
