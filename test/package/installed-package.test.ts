import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * sfn-saga as a user gets it: `npm pack`, the tarball installed into a scratch project outside this
 * repository, `npx sfn-saga init`, then the scaffold's own typecheck, tests and offline synth.
 * Everything runs on the Node 22 that npm scripts put first on the PATH.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const exec = promisify(execFile);
/** npm installs from its cache when it can: CI's `npm ci` filled it with the same versions. */
const NPM_INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
const OFFLINE_CDK = { CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: '1' };
const STEP_TIMEOUT = 300_000;

let scratch: string;
let tarball: string;
let project: string;

async function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}) {
  return exec(command, [...args], {
    cwd,
    env: { ...process.env, ...env, npm_config_yes: 'true', FORCE_COLOR: '0', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
    timeout: STEP_TIMEOUT,
  });
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'sfn-saga-user-'));
  // `npm pack` runs `prepack`: the package build (dist/ and the pre-bundled functions).
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch], ROOT);
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string }[];
  tarball = join(scratch, packed?.filename ?? '');
  project = join(scratch, 'shop-saga');
  await run('mkdir', ['-p', project], scratch);
  await writeFile(join(project, 'package.json'), '{ "name": "shop-saga", "version": "0.0.0" }\n');
  await run('npm', [...NPM_INSTALL, tarball], project);
  await run('npx', ['sfn-saga', 'init', '.', '--sfn-saga', `file:${tarball}`], project);
  await run('npm', NPM_INSTALL, project);
}, 900_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('sfn-saga installed from its tarball into a project of its own', () => {
  it('ships compiled JavaScript, declarations and the pre-bundled functions, and no tests or benchmarks', async () => {
    // Act
    const { stdout } = await run('tar', ['-tzf', tarball], scratch);
    const files = stdout.split('\n').filter(Boolean);
    // Assert
    expect(files).toEqual(
      expect.arrayContaining([
        'package/dist/statemachines/index.js',
        'package/dist/statemachines/index.d.ts',
        'package/dist/lambdas/runtime/index.js',
        'package/dist/infra/index.js',
        'package/dist/local/testing/index.js',
        'package/dist/contract/index.js',
        'package/dist/cli/saga.js',
        'package/dist/functions/start-saga/index.mjs',
        'package/dist/functions/publish-lifecycle-events/index.mjs',
        'package/dist/functions/record-execution-status/index.mjs',
        'package/templates/init/src/order-saga.ts',
      ]),
    );
    const outsideTemplate = files.filter((file) => !file.startsWith('package/templates/'));
    expect(outsideTemplate.filter((file) => /\/(test|bench|examples)\/|\.test\./.test(file))).toEqual([]);
    expect(
      files.filter(
        (file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.includes('/templates/'),
      ),
    ).toEqual([]);
  });

  it('holds every module its modules import by relative path, and every file the exports map names', async () => {
    // Arrange
    const installed = join(project, 'node_modules', 'sfn-saga');
    const { stdout } = await run('tar', ['-tzf', tarball], scratch);
    const packed = new Set(
      stdout
        .split('\n')
        .filter(Boolean)
        .map((file) => file.replace(/^package\//, '')),
    );
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8'));
    // Act
    const missing: string[] = [];
    for (const file of [...packed].filter((name) => /\.(m?js)$/.test(name) && name.startsWith('dist/'))) {
      const text = await readFile(join(installed, file), 'utf8');
      const specifiers = [
        ...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g),
        ...text.matchAll(/new URL\(['"](\.{1,2}\/[^'"]+)['"],\s*import\.meta\.url\)/g),
      ].map((match) => match[1] ?? '');
      for (const specifier of specifiers) {
        const target = join(file, '..', specifier);
        if (!packed.has(target)) missing.push(`${file} → ${specifier}`);
      }
    }
    const exported = Object.values(
      manifest.exports as Record<string, string | Record<string, string>>,
    ).flatMap((entry) => (typeof entry === 'string' ? [entry] : Object.values(entry)));
    for (const target of [...exported, ...Object.values(manifest.bin as Record<string, string>)]) {
      if (!packed.has(target.replace(/^\.\//, ''))) missing.push(`package.json → ${target}`);
    }
    // Assert
    expect(missing).toEqual([]);
  });

  it('scaffolds a project whose typecheck (NodeNext and Bundler) and tests pass', async () => {
    // Act
    const nodeNext = await run('npx', ['tsc', '--noEmit'], project);
    const bundler = await run(
      'npx',
      ['tsc', '--noEmit', '--module', 'preserve', '--moduleResolution', 'bundler'],
      project,
    );
    const tests = await run('npm', ['test'], project);
    // Assert
    expect(nodeNext.stderr).toBe('');
    expect(bundler.stderr).toBe('');
    expect(tests.stdout).toMatch(/Tests\s+3 passed/);
    expect(tests.stdout).toContain('Rollback matrix of OrderSaga');
  });

  it('runs on plain Node 22 from the compiled JavaScript, without tsx', async () => {
    // Arrange
    await writeFile(
      join(project, 'plain.mjs'),
      [
        "import { defineSaga, compileSaga, lambda, NO_COMPENSATION } from 'sfn-saga';",
        "import { sagaStep, SagaTerminalError } from 'sfn-saga/runtime';",
        "import { SagaStatus } from 'sfn-saga/contract';",
        "const saga = defineSaga({ name: 'Plain', steps: [{ name: 'A', action: lambda('a.mjs'), compensation: NO_COMPENSATION }] });",
        "console.log(JSON.stringify({ start: compileSaga(saga).StartAt, step: typeof sagaStep, terminal: new SagaTerminalError('x').name, status: SagaStatus.FAILED }));",
      ].join('\n'),
    );
    // Act
    const { stdout } = await run('node', ['plain.mjs'], project);
    // Assert
    expect(JSON.parse(stdout)).toEqual({
      start: 'A',
      step: 'function',
      terminal: 'SagaTerminalError',
      status: 'FAILED',
    });
  });

  it("synthesizes offline, deploying the project's own functions from the package's bundles", async () => {
    // Act
    await run('npx', ['cdk', 'synth', '--quiet'], project, OFFLINE_CDK);
    const template = JSON.parse(await readFile(join(project, 'cdk.out', 'OrderSaga.template.json'), 'utf8'));
    // Assert: each packaged bundle is deployed as is, by content.
    const assets = await assetHashes(join(project, 'cdk.out'));
    for (const name of ['start-saga', 'publish-lifecycle-events', 'record-execution-status']) {
      const shipped = await readFile(
        join(project, 'node_modules/sfn-saga/dist/functions', name, 'index.mjs'),
      );
      expect(assets.has(sha256(shipped))).toBe(true);
    }
    const handlers = Object.values(
      template.Resources as Record<string, { Type: string; Properties: { Handler?: string } }>,
    )
      .filter((resource) => resource.Type === 'AWS::Lambda::Function')
      .map((resource) => resource.Properties.Handler)
      .sort();
    // Three step functions built from the user's handlers (two with a second export), three packaged.
    expect(handlers).toEqual(
      [
        'index.handler',
        'index.handler',
        'index.handler',
        'index.handler',
        'index.handler',
        'index.handler',
        'index.refund',
        'index.release',
      ].sort(),
    );
  });

  it('prints the rollback matrix of the saga from the command line', async () => {
    // Act
    const { stdout } = await run('npx', ['sfn-saga', 'test', 'src/order-saga.ts'], project);
    // Assert
    expect(stdout).toMatch(/^Rollback matrix of OrderSaga \(\d+ failure points\)/);
    expect(stdout).toMatch(/ChargeCard times out on every attempt +ChargeCard → ReserveStock +COMPENSATED/);
  });

  it("prices the user's saga and operates sagas from the installed command, with its dependencies", async () => {
    // Act
    const cost = await run('npx', ['saga', 'cost', 'src/order-saga.ts', '--failure-rate', '2%'], project);
    const overview = await run('npx', ['saga', '--help'], project);
    const redriveHelp = await run('npx', ['saga', 'redrive', '--help'], project);
    const nowhere = await run('npx', ['saga', 'list'], project).catch(
      (error: { code: number; stderr: string }) => error,
    );
    // Assert
    expect(cost.stdout).toMatch(/^Saga OrderSaga: cost per million sagas/);
    expect(cost.stdout).toMatch(/Expected at 2 % failures/);
    for (const command of [
      'list',
      'stats',
      'show',
      'start',
      'trace',
      'redrive',
      'cancel',
      'abandon',
      'cost',
      'diff',
    ])
      expect(overview.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(redriveHelp.stdout).toContain('usage: saga redrive <sagaId>');
    // No stack given and no local cloud running for this project: it says where it looked (exit 2).
    expect(nowhere).toMatchObject({ code: 2, stderr: expect.stringContaining('--stack <name>') });
  });
});

/** The SHA-256 of every `index.mjs` of the cloud assembly's assets. */
async function assetHashes(assemblyDir: string): Promise<Set<string>> {
  const hashes = new Set<string>();
  for (const entry of await readdir(assemblyDir)) {
    const bundle = join(assemblyDir, entry, 'index.mjs');
    if (entry.startsWith('asset.') && existsSync(bundle)) hashes.add(sha256(await readFile(bundle)));
  }
  return hashes;
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
