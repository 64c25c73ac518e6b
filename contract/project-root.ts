import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The lock files that mark a project's root (and pin what its bundles contain). */
export const LOCK_FILES = [
  'package-lock.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
] as const;

/** The user's project root and its lock file, or `undefined` when no lock file is found. */
export interface ProjectRoot {
  readonly dir: string;
  readonly lockFile: string;
}

/**
 * The project whose handlers the construct bundles: `given` if set (it must hold a lock file),
 * else the nearest folder from `start` upwards holding one — the way `cdk synth`, run from the
 * project, finds it. Only the user's own handler entries are resolved from here.
 */
export function findProjectRoot(
  given: string | undefined,
  start: string = process.cwd(),
): ProjectRoot | undefined {
  if (given !== undefined) return lockFileIn(resolve(given));
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const found = lockFileIn(dir);
    if (found) return found;
    if (dirname(dir) === dir) return undefined;
  }
}

function lockFileIn(dir: string): ProjectRoot | undefined {
  const lockFile = LOCK_FILES.map((name) => join(dir, name)).find((file) => existsSync(file));
  return lockFile ? { dir, lockFile } : undefined;
}

/** The package's root: the nearest folder above this module whose package.json names `sfn-saga`. */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'sfn-saga') return dir;
    if (dirname(dir) === dir) throw new Error(`sfn-saga: no package.json of sfn-saga above ${from}`);
  }
}
