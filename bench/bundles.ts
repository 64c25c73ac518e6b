import { execFileSync } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { App } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { orderSaga } from '../examples/order/order-saga.ts';
import { OrderSagaStack } from '../infra/order-saga-stack.ts';
import { allTargets } from '../statemachines/definition/saga.ts';
import { round } from './support.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, '.tmp', 'bench-bundles');
/** Samples per bundle, taken alternately for the two bundles so machine noise hits both alike. */
const IMPORT_SAMPLES = 9;
/** Environment the project's handlers read at import, as the construct sets it. */
const HANDLER_ENV = {
  SAGA_TYPE: 'OrderSaga',
  SAGA_TABLE_NAME: 'sagas',
  IDEMPOTENCY_TABLE_NAME: 'idempotency',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  SAGA_RETENTION_DAYS: '7',
  SAGA_TIMEOUT_SECONDS: '300',
  EXECUTION_TIMEOUT_SECONDS: '3900',
  MAX_INPUT_BYTES: '262144',
  MAX_RECEIVE_COUNT: '3',
  STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:111111111111:stateMachine:x',
  START_TARGET_ARN: 'arn:aws:states:eu-west-1:111111111111:stateMachine:x:live',
  BUSINESS_KEY_PATH: 'detail.orderId',
  DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111111111111/dlq',
  EVENT_BUS_NAME: 'bus',
  AWS_REGION: 'eu-west-1',
};

const entries = [
  ...new Set(allTargets(orderSaga).flatMap((target) => (target.kind === 'lambda' ? [target.entry] : []))),
  'lambdas/handlers/start-saga.ts',
  'lambdas/handlers/publish-lifecycle-events.ts',
  'lambdas/handlers/record-execution-status.ts',
];

/** Bundles one handler as the construct does (ESM, minified, tree-shaken) and naively (CJS, neither). */
async function bundle(entry: string, naive: boolean): Promise<{ file: string; bytes: number }> {
  const file = join(OUT, `${entry.replaceAll('/', '_')}.${naive ? 'naive.cjs' : 'mjs'}`);
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node22',
    external: ['@aws-sdk/*'],
    metafile: true,
    logLevel: 'silent',
    ...(naive
      ? { format: 'cjs', minify: false, treeShaking: false }
      : {
          format: 'esm',
          minify: true,
          treeShaking: true,
          mainFields: ['module', 'main'],
          banner: {
            js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
          },
        }),
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { file, bytes };
}

/** Time to import a bundle in a fresh Node process (a cold start's module load), in ms. */
function importOnce(file: string): number {
  const output = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`,
    ],
    { env: { ...process.env, ...HANDLER_ENV }, encoding: 'utf8' },
  );
  return Number(output.trim());
}

/** Median cold import of two bundles, sampled alternately. */
function coldImports(ours: string, naive: string): { ours: number; naive: number } {
  const samples = { ours: [] as number[], naive: [] as number[] };
  for (let i = 0; i < IMPORT_SAMPLES; i += 1) {
    samples.ours.push(importOnce(ours));
    samples.naive.push(importOnce(naive));
  }
  const median = (values: number[]) =>
    round(values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0, 2);
  return { ours: median(samples.ours), naive: median(samples.naive) };
}

/** Bundle size and cold import time per handler, beside a naive bundle; synth time of the example app. */
export async function measureBundles() {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const handlers = [];
  for (const entry of entries) {
    const ours = await bundle(entry, false);
    const naive = await bundle(entry, true);
    const imports = coldImports(ours.file, naive.file);
    handlers.push({
      entry,
      bytes: ours.bytes,
      naiveBytes: naive.bytes,
      ratio: round(naive.bytes / ours.bytes, 2),
      coldImportMs: imports.ours,
      naiveColdImportMs: imports.naive,
    });
  }
  const start = performance.now();
  const app = new App();
  new OrderSagaStack(app, 'BenchOrderSaga');
  app.synth();
  const synthSeconds = round((performance.now() - start) / 1000, 2);
  await rm(OUT, { recursive: true, force: true });
  return { handlers, synthSeconds };
}
