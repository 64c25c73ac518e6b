import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../contract/project-root.ts';

/**
 * The project's own functions, pre-bundled when the package is built (`npm run build:functions`)
 * into `dist/functions/<name>/index.mjs` and deployed from there, the way aws-cdk-lib ships its
 * custom-resource handlers: a user's synth never bundles them, never reads the user's lock file
 * and never depends on the user's folders. Each name is a handler module under `lambdas/handlers/`.
 */
export const PACKAGED_FUNCTIONS = [
  'start-saga',
  'publish-lifecycle-events',
  'record-execution-status',
] as const;

export type PackagedFunctionName = (typeof PACKAGED_FUNCTIONS)[number];

/** The folder the bundles are built into, relative to the package root. */
export const PACKAGED_FUNCTIONS_DIR = join('dist', 'functions');

/**
 * The folder holding the bundle of a packaged function (`index.mjs`). Throws naming the path and
 * the fix when it is missing: an install that lost files, or a checkout that was not built.
 */
export function packagedFunctionDir(name: PackagedFunctionName, root: string = packageRoot()): string {
  const dir = join(root, PACKAGED_FUNCTIONS_DIR, name);
  if (!existsSync(join(dir, 'index.mjs'))) {
    throw new Error(
      `sfn-saga: the pre-bundled function "${name}" is missing (${join(dir, 'index.mjs')}). ` +
        'Reinstall sfn-saga; in a checkout of sfn-saga itself, run `npm run build:functions`.',
    );
  }
  return dir;
}
