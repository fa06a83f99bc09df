import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI (npm test builds first; while developing: npx tsc -p tsconfig.build.json). */
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
/** The bundled CSV files. */
export const DATA = fileURLToPath(new URL('../../data/', import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli/main.js ...args` in `cwd`, as a user would, and collects its output. */
export function mlpkit(args: readonly string[], cwd: string): Promise<Run> {
  return runCommand(process.execPath, [CLI, ...args], cwd);
}

/** Runs `command ...args` in `cwd` (colours off) and collects its output. */
export function runCommand(command: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs the CLI with --json and parses stdout, which must be exactly one JSON document. */
export async function mlpkitJson<T = Record<string, unknown>>(args: readonly string[], cwd: string): Promise<{ run: Run; doc: T }> {
  const run = await mlpkit([...args, '--json'], cwd);
  if (run.code !== 0) throw new Error(`mlpkit ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return { run, doc: JSON.parse(run.stdout) as T };
}

/** the folders `tempDir` made in this test process, removed when it exits */
const made: string[] = [];
process.once('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed when the test process exits. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mlpkit-cli-'));
  made.push(dir);
  return dir;
}

/** Writes a file in `dir` and returns its path. */
export async function put(dir: string, name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** 60 rows of size (0 … 9.9), color (red, green, blue) and label (big when size > 5, else small): the table of the cv and tune tests. */
export function sizeColorCsv(): string {
  const lines = ['size,color,label'];
  const colors = ['red', 'green', 'blue'];
  for (let i = 0; i < 60; i++) {
    const size = ((i * 37) % 100) / 10;
    lines.push(`${size},${colors[i % 3]},${size > 5 ? 'big' : 'small'}`);
  }
  return `${lines.join('\n')}\n`;
}
