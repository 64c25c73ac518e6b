/**
 * `npm run build:functions`: bundles the project's own functions (starter, lifecycle publisher,
 * status recorder) into `dist/functions/<name>/index.mjs`, as the package ships them: ESM, minified,
 * tree-shaken, Node 22, the AWS SDK v3 left to Lambda's runtime (which provides it).
 */
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { PACKAGED_FUNCTIONS, PACKAGED_FUNCTIONS_DIR } from '../infra/constructs/private/packaged-function.ts';

/** Makes `require` work inside an ESM bundle for the CommonJS dependencies esbuild inlines. */
export const ESM_REQUIRE_SHIM =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

const ROOT = resolve(import.meta.dirname, '..');

/** Bundles every packaged function; returns each bundle's size in bytes. */
export async function buildFunctions(root: string = ROOT): Promise<Record<string, number>> {
  const outDir = join(root, PACKAGED_FUNCTIONS_DIR);
  await rm(outDir, { recursive: true, force: true });
  const sizes: Record<string, number> = {};
  for (const name of PACKAGED_FUNCTIONS) {
    const outfile = join(outDir, name, 'index.mjs');
    const result = await build({
      entryPoints: [join(root, 'lambdas', 'handlers', `${name}.ts`)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      minify: true,
      treeShaking: true,
      mainFields: ['module', 'main'],
      external: ['@aws-sdk/*'],
      banner: { js: ESM_REQUIRE_SHIM },
      metafile: true,
      logLevel: 'warning',
    });
    sizes[name] = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  }
  return sizes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = await buildFunctions();
  for (const [name, bytes] of Object.entries(sizes)) console.log(`${name}: ${bytes} bytes`);
}
