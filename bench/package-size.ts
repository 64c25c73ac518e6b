import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
const exec = promisify(execFile);

/**
 * What sfn-saga costs a user: the packed tarball (bytes, files), what `npm install sfn-saga` adds to
 * `node_modules` beside the CDK a CDK project has anyway (peer dependencies left out), and the bundle
 * of a user's `sagaStep` handler as the construct builds it (ESM, minified, the AWS SDK left to Lambda).
 */
export async function measurePackage() {
  const scratch = await mkdtemp(join(tmpdir(), 'sfn-saga-size-'));
  try {
    const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', scratch], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as {
      filename: string;
      size: number;
      unpackedSize: number;
      entryCount: number;
    }[];
    if (!packed) throw new Error('npm pack reported nothing');
    const project = join(scratch, 'user');
    await exec('mkdir', ['-p', project]);
    await writeFile(join(project, 'package.json'), '{ "name": "user", "version": "0.0.0" }\n');
    await exec(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--omit=peer',
        join(scratch, packed.filename),
      ],
      { cwd: project, maxBuffer: 64 * 1024 * 1024 },
    );
    const handler = join(project, 'handler.mjs');
    await writeFile(
      handler,
      "import { sagaStep } from 'sfn-saga/runtime';\nexport const handler = sagaStep(async (event) => ({ id: event.saga.id }));\n",
    );
    const bundle = await build({
      entryPoints: [handler],
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      minify: true,
      external: ['@aws-sdk/*'],
      write: false,
      logLevel: 'silent',
    });
    return {
      tarballBytes: packed.size,
      unpackedBytes: packed.unpackedSize,
      files: packed.entryCount,
      installBytes: await sizeOf(join(project, 'node_modules')),
      installPackages: (await readdir(join(project, 'node_modules'))).length,
      stepBundleBytes: bundle.outputFiles.reduce((sum, file) => sum + file.contents.byteLength, 0),
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Bytes of every file under `path`. */
async function sizeOf(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await sizeOf(join(path, entry));
  return total;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await measurePackage());
}
