import type { measureCost } from './cost.ts';
import type { ReliabilityResults } from './reliability.ts';
import { reliabilitySection } from './reliability-section.ts';
import { type measureSagaIndex, sagaIndexReadmeSection } from './saga-index.ts';

interface Results {
  measuredAt: string;
  machine: { cpus: number; model: string; node: string };
  transitions: { steps: number; happyPath: number; floor: number; failureAt: number[] }[];
  cdkPatternsBaseline: { steps: number; happyPath: number; failureAt: number[] };
  oursMirroringCdkPatterns: { steps: number; happyPath: number; failureAt: number[] };
  cost: Awaited<ReturnType<typeof measureCost>>;
  compileTime: {
    compile: { medianMs: number; p95Ms: number };
    defineAndCompile: { medianMs: number; p95Ms: number };
  };
  aslSize: { steps: number; bytes: number; bytesPerStep: number }[];
  testEnvironment: {
    variant: string;
    scenario: string;
    concurrency: number;
    sagas: number;
    sagasPerSecond: number;
    p50Ms: number;
    p95Ms: number;
  }[];
  inMemoryDynamoDbUsPerOperation: number;
  package: {
    tarballBytes: number;
    unpackedBytes: number;
    files: number;
    installBytes: number;
    installPackages: number;
    stepBundleBytes: number;
  };
  bundles: {
    handlers: {
      entry: string;
      bytes: number;
      naiveBytes: number;
      ratio: number;
      coldImportMs: number;
      naiveColdImportMs: number;
    }[];
    synthSeconds: number;
  };
  runtime: {
    overhead: {
      bareUs: number;
      targetUs: number;
      powertoolsOnly: { perInvocationUs: number; overheadUs: number };
      wrapper: { perInvocationUs: number; overheadUs: number };
      wrapperWithInMemoryIdempotency: { perInvocationUs: number; overheadUs: number };
    };
    writesPerSaga: {
      outputBytesPerStep: number;
      results: {
        steps: number;
        target: number;
        eventLog: { sagaTable: Writes; ttlPass: Writes; idempotencyTable: Writes };
        growingItem: { sagaTable: Writes };
      }[];
    };
  };
  localCloud: {
    sagas: number;
    concurrency: number;
    sagasPerSecond: number;
    synthSeconds: number;
    startUpSeconds: number;
    perSagaMs: { execution: number; lambdaInvocations: number; dynamoDbTasks: number };
    note: string;
  };
  sagaIndex: Awaited<ReturnType<typeof measureSagaIndex>>;
  reliability: ReliabilityResults;
}

interface Writes {
  requests: number;
  writeCapacityUnits: number;
}

const writes = (value: Writes) => `${value.requests} / ${value.writeCapacityUnits}`;
const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

/** The targets of issue 9, as ratios of the same run. */
function testEnvironmentRatios(rows: Results['testEnvironment']): string[] {
  const rate = (variant: string, scenario: string, concurrency: number) =>
    rows.find(
      (row) => row.variant === variant && row.scenario === scenario && row.concurrency === concurrency,
    )?.sagasPerSecond ?? Number.NaN;
  const lines: string[] = [];
  for (const scenario of ['happy path', 'failure at step 4']) {
    for (const concurrency of [1, 8]) {
      const memory = rate('memory', scenario, concurrency) / rate('raw interpreter', scenario, concurrency);
      const local =
        rate('DynamoDB Local', scenario, concurrency) /
        rate('DynamoDB Local, read back (before)', scenario, concurrency);
      lines.push(
        `- ${scenario}, ${concurrency} at once: memory at ${(memory * 100).toFixed(0)} % of the raw interpreter (target ≥ 50 %); DynamoDB Local ${local.toFixed(2)}× the engine before (target ≥ 1.5×).`,
      );
    }
  }
  return lines;
}

/** bench/README.md from one run's results. */
export function renderReadme(results: Results): string {
  const mirror = results.oursMirroringCdkPatterns;
  const base = results.cdkPatternsBaseline;
  const lines = [
    '# Benchmarks',
    '',
    `\`npm run bench\` — last run ${results.measuredAt} on ${results.machine.cpus} × ${results.machine.model}, Node ${results.machine.node}.`,
    "Transitions are counted from the local engine's event log (states entered; retries excluded), for our",
    'compiled saga and for the cdk-patterns saga topology run on the same engine with the same no-op handlers.',
    'Raw numbers: `results/saga-compiler.json`.',
    '',
    '## State transitions per saga (fewer is cheaper: Step Functions bills each)',
    '',
    '| saga | happy path | floor (N) | failure at step 1…N | records saga status |',
    '|---|---|---|---|---|',
    ...results.transitions.map(
      (row) =>
        `| ours, ${row.steps} steps | ${row.happyPath} | ${row.floor} | ${row.failureAt.join(', ')} | yes |`,
    ),
    `| ours, cdk-patterns' shape (steps 4–5 without compensation) | ${mirror.happyPath} | ${mirror.steps} | ${mirror.failureAt.join(', ')} | yes |`,
    `| cdk-patterns, ${base.steps} steps | ${base.happyPath} | ${base.steps} | ${base.failureAt.join(', ')} | no |`,
    '',
    `Side by side on the same saga shape: happy path ${mirror.happyPath} vs ${base.happyPath}, failures ${mirror.failureAt.join('/')} vs ${base.failureAt.join('/')},`,
    'ours including the durable status write. cdk-patterns also "undoes" the step that failed and ends in a Fail',
    'state; ours compensates a failed step only when it opts in (`compensateOnTimeout`) and ends on the record.',
    '',
    ...costSection(results.cost),
    '## Compiler',
    '',
    '| measure | median | p95 |',
    '|---|---|---|',
    `| compile a 100-step saga | ${results.compileTime.compile.medianMs} ms | ${results.compileTime.compile.p95Ms} ms |`,
    `| validate + compile a 100-step saga | ${results.compileTime.defineAndCompile.medianMs} ms | ${results.compileTime.defineAndCompile.p95Ms} ms |`,
    '',
    '| steps | ASL bytes | bytes per step |',
    '|---|---|---|',
    ...results.aslSize.map((row) => `| ${row.steps} | ${row.bytes} | ${row.bytesPerStep} |`),
    '',
    '## Test environment (`SagaTestEnvironment`: a 5-step saga, no-op handlers)',
    '',
    'Beside the raw ASL interpreter running the same compiled saga with every task stubbed (the ceiling: no',
    'store, no history, no handlers), and the engine as it was before (DynamoDB Local through the signing SDK',
    'client, the saga item read back after each run). Rounds interleaved; the first is warm-up.',
    '',
    '| variant | scenario | at once | sagas | sagas/s | p50 (ms) | p95 (ms) |',
    '|---|---|---|---|---|---|---|',
    ...results.testEnvironment.map(
      (row) =>
        `| ${row.variant} | ${row.scenario} | ${row.concurrency} | ${row.sagas} | ${row.sagasPerSecond} | ${row.p50Ms} | ${row.p95Ms} |`,
    ),
    '',
    ...testEnvironmentRatios(results.testEnvironment),
    '',
    `The in-memory DynamoDB alone: ${results.inMemoryDynamoDbUsPerOperation} µs per operation (median; the saga's start put and terminal update, expressions parsed once and cached).`,
    '',
    "For scale, measured in issue 9 on this kind of machine (not re-run here): Restate's server with a journal",
    '~94 sagas/s, the local test runner of Lambda durable functions ~9/s.',
    '',
    '## The package',
    '',
    "| tarball | unpacked | files | `npm install sfn-saga` adds (peers aside) | a `sagaStep` handler's bundle |",
    '|---|---|---|---|---|',
    `| ${kb(results.package.tarballBytes)} | ${kb(results.package.unpackedBytes)} | ${results.package.files} | ${kb(results.package.installBytes)} in ${results.package.installPackages} top-level packages | ${kb(results.package.stepBundleBytes)} |`,
    '',
    'Most of the install is the AWS SDK v3 clients; the handler bundle is the step runtime (Powertools logger,',
    "metrics, tracer and idempotency, middy) with the AWS SDK left to Lambda's runtime.",
    '',
    '## Lambda bundles (as SagaOrchestrator builds them: ESM, minified, tree-shaken, AWS SDK left to the runtime)',
    '',
    'Beside a naive bundle of the same handler (CommonJS, not minified, no tree-shaking). Cold import: median of',
    'fresh `node` processes importing the bundle, the two bundles sampled alternately.',
    '',
    '| handler | bytes | naive bytes | naive / ours | cold import (ms) | naive cold import (ms) |',
    '|---|---|---|---|---|---|',
    ...results.bundles.handlers.map(
      (row) =>
        `| ${row.entry} | ${row.bytes} | ${row.naiveBytes} | ${row.ratio}× | ${row.coldImportMs} | ${row.naiveColdImportMs} |`,
    ),
    '',
    `Synth of the example app (bundling included): ${results.bundles.synthSeconds} s.`,
    '',
    '## Step runtime (`sagaStep`)',
    '',
    `Warm time per invocation, interleaved batches, median (target: under ${results.runtime.overhead.targetUs} µs over a bare handler, DynamoDB round trips excluded).`,
    '',
    '| variant | per invocation (µs) | over bare (µs) |',
    '|---|---|---|',
    `| bare handler | ${results.runtime.overhead.bareUs} | 0 |`,
    `| Powertools' three middlewares only | ${results.runtime.overhead.powertoolsOnly.perInvocationUs} | ${results.runtime.overhead.powertoolsOnly.overheadUs} |`,
    `| sagaStep, idempotency and step record off | ${results.runtime.overhead.wrapper.perInvocationUs} | ${results.runtime.overhead.wrapper.overheadUs} |`,
    `| sagaStep, in-memory idempotency | ${results.runtime.overhead.wrapperWithInMemoryIdempotency.perInvocationUs} | ${results.runtime.overhead.wrapperWithInMemoryIdempotency.overheadUs} |`,
    '',
    `DynamoDB writes per N-step happy path (requests / write capacity units; steps return ${results.runtime.writesPerSaga.outputBytesPerStep}-byte outputs; target N+2 on the saga table while it runs):`,
    '',
    '| N | target | event log (saga table) | TTL pass at the end | idempotency table | one growing item |',
    '|---|---|---|---|---|---|',
    ...results.runtime.writesPerSaga.results.map(
      (row) =>
        `| ${row.steps} | ${row.target} | ${writes(row.eventLog.sagaTable)} | ${writes(row.eventLog.ttlPass)} | ${writes(row.eventLog.idempotencyTable)} | ${writes(row.growingItem.sagaTable)} |`,
    ),
    '',
    '## Local cloud (the example stack, end to end: event published → saga record terminal)',
    '',
    '| sagas | at once | sagas/s | synth (s) | harness start-up (s) | execution per saga (ms) | Lambda time per saga (ms) | DynamoDB tasks per saga (ms) |',
    '|---|---|---|---|---|---|---|---|',
    `| ${results.localCloud.sagas} | ${results.localCloud.concurrency} | ${results.localCloud.sagasPerSecond} | ${results.localCloud.synthSeconds} | ${results.localCloud.startUpSeconds} | ${results.localCloud.perSagaMs.execution} | ${results.localCloud.perSagaMs.lambdaInvocations} | ${results.localCloud.perSagaMs.dynamoDbTasks} |`,
    '',
    results.localCloud.note,
    '',
    ...sagaIndexReadmeSection(results.sagaIndex),
    reliabilitySection(results.reliability, results.measuredAt),
  ];
  return lines.join('\n');
}

function costSection(cost: Results['cost']): string[] {
  const dollars = (value: number) => `$${value.toFixed(2)}`;
  return [
    '## Cost per million sagas (`saga cost`; same prices and assumptions for every row)',
    '',
    `Prices: ${cost.prices.region} list prices as of ${cost.prices.asOf}, free tiers left out; Lambda steps ${cost.assumptions.lambdaDurationMs} ms at ${cost.assumptions.lambdaMemoryMb} MB.`,
    'Failures spread evenly over the failure points, each step failing after its retries. Ours includes its starter,',
    'lifecycle events, idempotency records, event log and status record; cdk-patterns has none of them.',
    '',
    '| saga | failures | transitions per saga | Standard | Express |',
    '|---|---|---|---|---|',
    ...cost.rows.map(
      (row) =>
        `| ${row.saga} | ${row.failureRate * 100} % | ${row.transitions.toFixed(2)} | ${dollars(row.STANDARD)} | ${dollars(row.EXPRESS)} |`,
    ),
    '',
  ];
}
