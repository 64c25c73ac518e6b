import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { buildExecutionInput } from '../contract/execution-input.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/dynamodb/dynamo-db-local.ts';
import { sdkDynamoDb } from '../local/engine/engine-dynamodb.ts';
import { markJsonToString } from '../local/engine/json-to-string.ts';
import { LocalSagaEngine } from '../local/engine/local-saga-engine.ts';
import { localContextObject } from '../local/engine/local-task-handlers.ts';
import { taskStates } from '../local/engine/state-index.ts';
import { loadStepFunctionsLibrary } from '../local/engine/step-functions-library.ts';
import { failureHook, type InjectedFailure } from '../local/testing/failure-injection.ts';
import { toTestRun } from '../local/testing/saga-test-run.ts';
import { startTestStore, TEST_TABLES, type TestStore } from '../local/testing/test-store.ts';
import { compileSaga } from '../statemachines/compiler/compile-saga.ts';
import { defineSaga } from '../statemachines/index.ts';
import { benchStep, round } from './support.ts';

/**
 * The test environment's speed: sagas per second and latency of a 5-step saga with no-op handlers,
 * on the in-memory store and on DynamoDB Local, beside the raw ASL interpreter running the same
 * compiled saga with every task stubbed (the ceiling: no store, no history, no handlers). Each
 * variant runs the engine and store exactly as `SagaTestEnvironment.run` does (one environment may
 * be bound per process, so the two stores are driven side by side through the same parts). Rounds
 * are interleaved so machine noise hits every variant alike.
 */
const ROUNDS = 6;
const SAGAS_PER_BATCH = 240;
const CONCURRENCIES = [1, 8] as const;
const FAIL_AT_STEP_4: InjectedFailure[] = [{ step: 'S4', mode: 'terminal' }];

type Variant = 'raw interpreter' | 'memory' | 'DynamoDB Local' | 'DynamoDB Local, read back (before)';
type Scenario = 'happy path' | 'failure at step 4';

export interface TestEnvironmentResult {
  readonly variant: Variant;
  readonly scenario: Scenario;
  readonly concurrency: number;
  readonly sagas: number;
  readonly sagasPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

export async function measureTestEnvironment(): Promise<TestEnvironmentResult[]> {
  const saga = defineSaga({
    name: 'Bench5',
    steps: Array.from({ length: 5 }, (_, index) => benchStep(index + 1)),
  });
  const noop = async () => ({ ok: true });
  const handlers = Object.fromEntries(
    Array.from({ length: 5 }, (_, index) => [
      [`S${index + 1}`, noop],
      [`UndoS${index + 1}`, noop],
    ]).flat(),
  );
  const stores: [Variant, TestStore][] = [
    ['memory', await startTestStore('memory')],
    ['DynamoDB Local', await startTestStore('dynamodb-local')],
  ];
  try {
    const runners = new Map<Variant, Runner>([['raw interpreter', rawInterpreter(saga)]]);
    for (const [variant, store] of stores)
      runners.set(variant, environmentRunner(saga, store, handlers, false));
    // The engine as it was: reading the saga item back after every run, through a signing client.
    const [, local] = stores[1] ?? [];
    if (local)
      runners.set(
        'DynamoDB Local, read back (before)',
        environmentRunner(saga, signedStore(local), handlers, true),
      );
    const samples = new Map<string, { latencies: number[]; seconds: number; sagas: number }>();
    let key = 0;
    for (let round = 0; round <= ROUNDS; round += 1) {
      for (const [variant, runner] of runners) {
        for (const scenario of ['happy path', 'failure at step 4'] as const) {
          for (const concurrency of CONCURRENCIES) {
            const batch = await runBatch(runner, scenario, concurrency, () => `k${++key}`);
            if (round === 0) continue; // warm-up: JIT, module loading, DynamoDB Local's first requests
            const id = `${variant}|${scenario}|${concurrency}`;
            const sample = samples.get(id) ?? { latencies: [], seconds: 0, sagas: 0 };
            sample.latencies.push(...batch.latencies);
            sample.seconds += batch.seconds;
            sample.sagas += batch.latencies.length;
            samples.set(id, sample);
          }
        }
      }
    }
    return [...samples].map(([id, sample]) => {
      const [variant, scenario, concurrency] = id.split('|') as [Variant, Scenario, string];
      const sorted = sample.latencies.sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      return {
        variant,
        scenario,
        concurrency: Number(concurrency),
        sagas: sample.sagas,
        sagasPerSecond: round(sample.sagas / sample.seconds, 0),
        p50Ms: round(at(0.5)),
        p95Ms: round(at(0.95)),
      };
    });
  } finally {
    for (const [, store] of stores) await store.stop();
  }
}

type Runner = (businessKey: string, scenario: Scenario) => Promise<unknown>;

async function runBatch(runner: Runner, scenario: Scenario, concurrency: number, nextKey: () => string) {
  const latencies: number[] = [];
  const start = performance.now();
  for (let done = 0; done < SAGAS_PER_BATCH; done += concurrency) {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        const began = performance.now();
        await runner(nextKey(), scenario);
        latencies.push(performance.now() - began);
      }),
    );
  }
  return { latencies, seconds: (performance.now() - start) / 1000 };
}

/** What `SagaTestEnvironment.run` does, on one store: the engine, the failure hook, the run report. */
function environmentRunner(
  saga: ReturnType<typeof defineSaga>,
  store: TestStore,
  handlers: Record<string, () => Promise<unknown>>,
  readRecord: boolean,
): Runner {
  const engine = new LocalSagaEngine(saga, {
    dynamoDb: store.engine,
    sagaTableName: TEST_TABLES.saga,
    readRecord,
    handlers,
  });
  const failing = failureHook(saga, FAIL_AT_STEP_4);
  return async (businessKey, scenario) => {
    const run = await engine.run(
      { businessKey, input: {} },
      scenario === 'failure at step 4' && failing ? { beforeTask: failing } : {},
    );
    return toTestRun(run, businessKey, async () => undefined);
  };
}

/** The same DynamoDB Local through a client that signs every request, as the engine's was. */
function signedStore(store: TestStore): TestStore {
  const endpoint = (store.client as DynamoDBClient).config.endpoint;
  const client = new DynamoDBClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    ...(endpoint ? { endpoint } : {}),
  });
  return { ...store, engine: sdkDynamoDb(client), client };
}

/** The same compiled saga on the bare interpreter: every task answers `{}` (or fails at step 4). */
function rawInterpreter(saga: ReturnType<typeof defineSaga>): Runner {
  const definition = compileSaga(saga, {
    functionArn: (target) => `arn:aws:lambda:us-east-1:000000000000:function:${target.functionId}`,
    sagaTableName: 'sagas',
  });
  const { StateMachine } = loadStepFunctionsLibrary();
  const machine = new StateMachine(markJsonToString(definition) as never);
  const stub = async () => ({});
  const failing = async () => {
    const error = new Error('step 4 failed');
    error.name = 'SagaTerminalError';
    throw error;
  };
  const stubs = (scenario: Scenario) =>
    Object.fromEntries(
      [...taskStates(definition).keys()].map((name) => [
        name,
        scenario === 'failure at step 4' && name === 'S4' ? failing : stub,
      ]),
    );
  const byScenario = { 'happy path': stubs('happy path'), 'failure at step 4': stubs('failure at step 4') };
  return async (businessKey, scenario) => {
    const input = buildExecutionInput(saga, { businessKey, input: {} }, new Date());
    const execution = machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: byScenario[scenario] as never },
      context: localContextObject({
        id: businessKey,
        name: businessKey,
        input,
        startTime: input.saga.startedAt,
      }),
    });
    return execution.result;
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await measureTestEnvironment());
}
