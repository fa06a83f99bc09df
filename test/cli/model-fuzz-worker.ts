/**
 * The model-file fuzzer's worker (see model-fuzz.test.ts): mutates a good model file with a seeded
 * generator and runs CLI commands on each mutant in this thread, through the real program
 * (`main` of src/cli/main.ts), capturing stdout and stderr. It posts one message per mutation, so
 * the test can tell a hang from slow progress and stop the worker.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { main } from '../../src/cli/main.js';

interface Job {
  dir: string;
  model: string;
  /** the data file in `dir` that predict and evaluate read */
  data: string;
  seed: number;
  mutations: number;
}
export interface Outcome {
  index: number;
  mutation: string;
  runs: { args: string[]; code: number; stdout: string; stderr: string; ms: number }[];
}

const job = workerData as Job;

/** mulberry32: a small seeded generator, so that a failure names a mutation that can be replayed. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(job.seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

let deep: unknown = 0;
for (let i = 0; i < 2000; i++) deep = [deep];
const VALUES: readonly unknown[] = [
  null, true, false, 0, -0, 1, -1, 0.5, 2, 3, 1e-320, 1e-30, 1e30, 3.5e38, 1e308, -1e308, 2 ** 53, 2 ** 32, -(2 ** 31),
  '', 'x', 'adam', 'relu', 'dense', 'dropout', 'softmax', 'classification', 'regression', '\u001b[2J', '__proto__',
  [], [0], [null], ['a', 'a'], {}, { name: 'constant', value: 1 }, { __proto__: { polluted: true } }, deep,
];

/** Every path (list of keys) of a JSON value, with the value there. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (prefix.length > 12) return out;
  if (Array.isArray(v)) {
    // long arrays (weights): a few positions only
    const idx = v.length <= 8 ? v.map((_, i) => i) : [0, 1, v.length - 1, Math.floor(random() * v.length)];
    for (const i of idx) paths(v[i], [...prefix, i], out);
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, child] of Object.entries(v)) paths(child, [...prefix, k], out);
  }
  return out;
}

function at(root: unknown, path: readonly (string | number)[]): unknown {
  let v = root;
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined; // an earlier step of this mutation removed it
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

/** One mutation of the document (structural) or of its text; returns its description. */
function mutate(text: string): { text: string; what: string } {
  const kind = random();
  if (kind < 0.08) {
    const cut = Math.floor(random() * text.length);
    return { text: text.slice(0, cut), what: `truncated at ${cut}` };
  }
  if (kind < 0.12) {
    const k = Math.floor(random() * text.length);
    const c = pick(['{', '}', '[', ']', ',', '"', ':', '\u0000', '\ufeff', '9', 'e']);
    return { text: text.slice(0, k) + c + text.slice(k + 1), what: `character ${k} → ${JSON.stringify(c)}` };
  }
  if (kind < 0.14) return { text: `\ufeff${text}`, what: 'byte-order mark' };
  const doc = JSON.parse(text) as unknown;
  const all = paths(doc).filter((p) => p.length > 0);
  const steps = 1 + Math.floor(random() * 3);
  const whats: string[] = [];
  for (let s = 0; s < steps; s++) {
    const path = pick(all);
    const parent = at(doc, path.slice(0, -1)) as Record<string | number, unknown> | unknown[] | undefined;
    if (parent === undefined || parent === null || typeof parent !== 'object') continue;
    const key = path[path.length - 1] as string | number;
    const op = random();
    const where = path.join('.');
    if (op < 0.15 && !Array.isArray(parent)) {
      delete (parent as Record<string, unknown>)[key];
      whats.push(`delete ${where}`);
    } else if (op < 0.25 && Array.isArray(parent)) {
      parent.splice(Number(key), 1);
      whats.push(`remove ${where}`);
    } else if (op < 0.32 && Array.isArray(parent)) {
      parent.push(parent[Number(key)]);
      whats.push(`duplicate ${where}`);
    } else if (op < 0.38 && !Array.isArray(parent)) {
      (parent as Record<string, unknown>)[pick(['extra', 'constructor', 'prototype', 'alpha'])] = pick(VALUES);
      whats.push(`add a key beside ${where}`);
    } else if (op < 0.5) {
      const old = (parent as Record<string | number, unknown>)[key];
      const scaled = typeof old === 'number' ? old * pick([-1, 10, 1e10, 1e30, 1e-30, 0]) : pick(VALUES);
      (parent as Record<string | number, unknown>)[key] = scaled;
      whats.push(`scale ${where}`);
    } else {
      (parent as Record<string | number, unknown>)[key] = pick(VALUES);
      whats.push(`replace ${where}`);
    }
  }
  return { text: JSON.stringify(doc), what: whats.join('; ') };
}

/** Runs the CLI in this thread; stdout and stderr are captured while it runs. */
async function run(args: string[]): Promise<Outcome['runs'][number]> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  const start = performance.now();
  let code: number;
  try {
    code = await main(['node', 'mlpkit', ...args]);
  } catch (e) {
    code = -1;
    stderr += `THROWN: ${(e as Error).stack ?? String(e)}`;
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return { args, code, stdout, stderr, ms: performance.now() - start };
}

const ROTATION = [
  (m: string) => ['predict', m, 'iris.csv', '--backend', 'reference', '--proba'],
  (m: string) => ['evaluate', m, 'iris.csv', '--backend', 'reference'],
  (m: string) => ['export', m, '--out', 'out.mjs'],
];

for (let i = 0; i < job.mutations; i++) {
  const { text, what } = mutate(job.model);
  const name = join(job.dir, 'mutant.json');
  writeFileSync(name, text);
  const runs = [await run(['summary', name]), await run((ROTATION[i % ROTATION.length] as (m: string) => string[])(name).map((a) => (a === 'iris.csv' ? join(job.dir, job.data) : a === 'out.mjs' ? join(job.dir, 'out.mjs') : a)))];
  parentPort!.postMessage({ index: i, mutation: what, runs } satisfies Outcome);
}
