/**
 * `npm run build:lib`: compiles the library's sources into `dist/` (ESM, declarations, source
 * maps; see tsconfig.build.json), copies the plain-JavaScript modules tsc does not emit, and makes
 * the CLI executable. The pre-bundled functions (`dist/functions`) are `npm run build:functions`'.
 */
import { execFileSync } from 'node:child_process';
import { chmod, copyFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
/** What tsc emits into `dist/`; `dist/functions` is left alone. */
const COMPILED_DIRS = ['cli', 'contract', 'infra', 'lambdas', 'local', 'scripts', 'statemachines'];
/** Folders whose `.mjs` modules are loaded at run time by path (worker threads, module hooks). */
const PLAIN_MODULE_DIRS = ['local/cloud'];
const CLI = join(DIST, 'cli', 'saga.js');

for (const dir of COMPILED_DIRS) await rm(join(DIST, dir), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: ROOT,
    stdio: 'inherit',
  },
);
for (const dir of PLAIN_MODULE_DIRS) {
  for (const file of (await readdir(join(ROOT, dir))).filter((name) => name.endsWith('.mjs')))
    await copyFile(join(ROOT, dir, file), join(DIST, dir, file));
}
// The source runs through tsx; the published CLI is plain JavaScript on Node.
const cli = await readFile(CLI, 'utf8');
await writeFile(CLI, cli.replace(/^#!.*\n/, '#!/usr/bin/env node\n'));
await chmod(CLI, 0o755);
console.log(`Built ${DIST}`);
