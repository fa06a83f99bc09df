/**
 * The consumer test's set-up: pack mlpkit as a fresh checkout would (`npm pack`, whose prepack
 * builds), and install the tarball into a new project with no network. The project gets a lock
 * file made from the repository's: the same dependency versions, fetched from the npm cache that
 * `npm ci` filled (`npm ci --offline` needs no package metadata, only the tarballs).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * Runs a command and returns what it did. The environment is this process's without the `npm_*`
 * settings that `npm test` passes to its scripts, so that npm and npx behave as a user's would.
 */
export function exec(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));
  const run = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...env, NO_COLOR: '1' }, maxBuffer: 64 << 20 });
  if (run.error !== undefined) throw run.error;
  return run;
}

/** Runs a command, returning its output; throws with both streams when it fails. */
export function sh(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const run = exec(command, args, cwd);
  if (run.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${run.status}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`);
  }
  return run;
}

/** `npm` on the PATH. */
export function npm(args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return sh('npm', args, cwd);
}

/**
 * A fresh checkout in `dir`: the files git tracks (and new ones it does not ignore), with the
 * repository's node_modules linked in — no dist/, no generated WASM modules.
 */
export function freshCheckout(dir: string): void {
  const listed = sh('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT).stdout.split('\0');
  for (const file of listed) {
    if (file === '' || !existsSync(join(ROOT, file))) continue; // deleted in the work tree
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(dir, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
}

/** Packs `dir` (running its prepack) into `dest`; returns the tarball's path. */
export function pack(dir: string, dest: string): string {
  npm(['pack', '--pack-destination', dest, '--silent'], dir);
  const tarball = readdirSync(dest).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball into ${dest}`);
  return join(dest, tarball);
}

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * Writes `app/package.json` and `app/package-lock.json` for a project that depends on the tarball
 * only: mlpkit's entry describes the tarball, every other entry is the repository's lock entry of a
 * package mlpkit needs at run time (found as Node would, from the nearest node_modules up).
 */
export function writeConsumerProject(app: string, tarball: string): void {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const manifest = JSON.parse(sh('tar', ['-xzOf', tarball, 'package/package.json'], app).stdout) as Record<string, unknown> & {
    dependencies?: Record<string, string>;
  };
  const spec = `file:${tarball}`;
  const packages: Record<string, LockEntry> = {
    '': { name: 'consumer', version: '1.0.0', dependencies: { mlpkit: spec } },
    'node_modules/mlpkit': {
      version: manifest['version'] as string,
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      ...pick(manifest, ['license', 'dependencies', 'bin', 'engines', 'peerDependencies', 'peerDependenciesMeta']),
    },
  };
  const visit = (from: string, deps: Record<string, string> | undefined): void => {
    for (const name of Object.keys(deps ?? {})) {
      const path = locate(lock.packages, from, name);
      if (path === null) throw new Error(`the repository's lock file has no ${name} (needed by ${from || 'mlpkit'})`);
      if (packages[path] !== undefined) continue;
      const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = lock.packages[path] as LockEntry;
      packages[path] = entry;
      visit(path, entry.dependencies);
    }
  };
  // mlpkit's own dependencies resolve from the top level, like the repository's
  visit('', manifest.dependencies);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module', dependencies: { mlpkit: spec } }, null, 2));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
}

/** The lock path Node would load `name` from, required by the package at lock path `from`. */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | null {
  let base = from;
  for (;;) {
    const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (base === '') return null;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

function pick(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

/** Total bytes of the files under `dir` (links not followed). */
export function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}
