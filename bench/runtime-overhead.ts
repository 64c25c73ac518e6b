/**
 * The step runtime's costs: the wrapper's warm overhead per invocation beside a bare handler, and
 * the DynamoDB writes per saga of the event log beside a single growing saga item. Run on its own
 * with `npx tsx bench/runtime-overhead.ts`, or call `measureRuntime()` from the bench runner.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { SAGA_TABLE, SagaStatus } from '../contract/saga-table.ts';
import { InMemoryPersistenceLayer, type SagaStepOptions, sagaStep } from '../lambdas/runtime/index.ts';
import { expireSagaEvents } from '../lambdas/runtime/step-record/expire-saga-events.ts';
import { logger } from '../lambdas/shared/powertools/logger.ts';
import { metrics } from '../lambdas/shared/powertools/metrics.ts';
import { tracer } from '../lambdas/shared/powertools/tracer.ts';
import {
  type DynamoDbLocal,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamoDbLocal,
} from '../local/dynamodb/dynamo-db-local.ts';
import { createIdempotencyTable, createSagaTable } from '../local/dynamodb/saga-table.ts';
import type { StepHandler } from '../local/engine/lambda-invoker.ts';
import { LocalSagaEngine } from '../local/engine/local-saga-engine.ts';
import { defineSaga, lambda } from '../statemachines/index.ts';
import { round } from './support.ts';

/** Invocations per timed batch, batches per variant (interleaved), and untimed warm-up batches. */
const BATCH = 500;
const ROUNDS = 30;
const WARMUP_ROUNDS = 3;
/** The overhead the runtime aims to stay under, per warm invocation, without DynamoDB round trips. */
const OVERHEAD_TARGET_US = 50;
/** Saga lengths for the writes count, and the size of each step's output (steps return ids, not documents). */
const SAGA_STEPS = [3, 5, 10];
const OUTPUT_BYTES = 256;
const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
]);

/** Runs both measurements; starts (and stops) DynamoDB Local unless one is given. */
export async function measureRuntime(dynamoDb?: DynamoDbLocal) {
  const overhead = await measureOverhead();
  const local = dynamoDb ?? (await startDynamoDbLocal());
  try {
    return { overhead, writesPerSaga: await measureWritesPerSaga(local) };
  } finally {
    if (!dynamoDb) await local.stop();
  }
}

/**
 * Warm time per invocation of a bare handler and of the same handler wrapped by `sagaStep`, timed
 * side by side in interleaved batches (median batch). Log lines and metrics are serialized but
 * written to a sink (no terminal I/O); Tracer is off (not in Lambda). Idempotency: off, then on with
 * an in-memory persistence (Powertools' hashing and JMESPath, no DynamoDB round trip); the step
 * record is off in both. `powertoolsOnly` is the floor the wrapper builds on: middy with
 * Powertools' three middlewares and one metric, nothing of ours.
 */
async function measureOverhead() {
  const work = async () => ({ ok: true });
  const quiet: SagaStepOptions = { stepRecord: false };
  const variants: Record<string, (event: unknown, context: Context) => Promise<unknown>> = {
    bare: work,
    powertoolsOnly: middy(async () => {
      metrics.addMetric('BenchInvocation', MetricUnit.Count, 1);
      return work();
    })
      .use(captureLambdaHandler(tracer, { captureResponse: false }))
      .use(logMetrics(metrics))
      .use(injectLambdaContext(logger, { resetKeys: true })),
    wrapper: sagaStep(work, { ...quiet, idempotency: false }),
    wrapperWithInMemoryIdempotency: sagaStep(work, {
      ...quiet,
      idempotency: { persistenceStore: new InMemoryPersistenceLayer() },
    }),
  };
  const samples: Record<string, number[]> = Object.fromEntries(
    Object.keys(variants).map((name) => [name, []]),
  );
  const bytes: Record<string, number> = {};
  const sink = silenceOutput();
  try {
    for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round += 1) {
      for (const [name, handler] of Object.entries(variants)) {
        const events = Array.from({ length: BATCH }, benchEvent);
        const [start, bytesBefore] = [performance.now(), sink.bytes()];
        for (const event of events) await handler(event, CONTEXT);
        if (round < WARMUP_ROUNDS) continue;
        samples[name]?.push(((performance.now() - start) * 1000) / BATCH);
        bytes[name] = (bytes[name] ?? 0) + sink.bytes() - bytesBefore;
      }
    }
  } finally {
    sink.restore();
  }
  const bareUs = median(samples.bare ?? []);
  const report = (name: string) => {
    const perInvocationUs = median(samples[name] ?? []);
    return {
      perInvocationUs: round(perInvocationUs, 2),
      overheadUs: round(perInvocationUs - bareUs, 2),
      stdoutBytesPerInvocation: round((bytes[name] ?? 0) / (BATCH * ROUNDS), 0),
    };
  };
  return {
    invocationsPerVariant: BATCH * ROUNDS,
    bareUs: round(bareUs, 2),
    powertoolsOnly: report('powertoolsOnly'),
    wrapper: { ...report('wrapper'), idempotency: 'off', stepRecord: 'off' },
    wrapperWithInMemoryIdempotency: { ...report('wrapperWithInMemoryIdempotency'), stepRecord: 'off' },
    targetUs: OVERHEAD_TARGET_US,
  };
}

/**
 * DynamoDB writes (requests and write capacity units, as DynamoDB Local reports them) per saga on
 * an N-step happy path run on the local engine: the runtime's event log (one small item per step
 * outcome, plus the end-of-saga TTL pass) beside a single saga item that every step appends to.
 */
async function measureWritesPerSaga(dynamoDb: DynamoDbLocal) {
  const client = countingClient(dynamoDb.endpoint);
  const results = [];
  for (const steps of SAGA_STEPS) {
    const eventLog = await runSaga(client, steps, 'event-log');
    const growingItem = await runSaga(client, steps, 'growing-item');
    results.push({ steps, target: steps + 2, eventLog, growingItem });
  }
  return { outputBytesPerStep: OUTPUT_BYTES, results };
}

async function runSaga(client: CountingClient, steps: number, design: 'event-log' | 'growing-item') {
  const suffix = randomUUID().slice(0, 8);
  const [sagaTable, idempotencyTable] = [`bench-sagas-${suffix}`, `bench-idempotency-${suffix}`];
  await createSagaTable(client, sagaTable, { ttl: false });
  if (design === 'event-log') await createIdempotencyTable(client, idempotencyTable, { ttl: false });
  const output = (step: string) => ({ id: `${step}-${suffix}`, detail: 'x'.repeat(OUTPUT_BYTES) });
  const handler: StepHandler =
    design === 'event-log'
      ? sagaStep(async (event) => output(event.step), {
          dynamoDb: client,
          sagaTableName: sagaTable,
          idempotencyTableName: idempotencyTable,
        })
      : async (event) =>
          appendToSagaItem(client, sagaTable, event as BenchEvent, output((event as BenchEvent).step));
  const step = lambda('bench/step.ts', { functionId: 'Step' });
  const saga = defineSaga({
    name: `Writes${steps}`,
    steps: Array.from({ length: steps }, (_, index) => ({
      name: `S${index + 1}`,
      action: step,
      compensation: step,
    })),
  });
  const engine = new LocalSagaEngine(saga, {
    dynamoDb: client,
    sagaTableName: sagaTable,
    handlers: { Step: handler },
  });
  const sink = silenceOutput();
  try {
    client.reset();
    const run = await engine.run({ businessKey: suffix, input: {} });
    if (run.status !== SagaStatus.COMPLETED) throw new Error(`bench saga ended ${run.status}`);
    const duringSaga = client.writesTo(sagaTable);
    const idempotency = client.writesTo(idempotencyTable);
    client.reset();
    if (design === 'event-log') await expireSagaEvents(client, sagaTable, run.sagaId);
    return { sagaTable: duringSaga, ttlPass: client.writesTo(sagaTable), idempotencyTable: idempotency };
  } finally {
    sink.restore();
  }
}

type BenchEvent = { saga: { id: string }; step: string; phase: string; attempt: number };

/** The single-item design: each step appends its outcome to a list on the saga item. */
async function appendToSagaItem(client: DynamoDBClient, table: string, event: BenchEvent, output: unknown) {
  await client.send(
    new UpdateItemCommand({
      TableName: table,
      Key: {
        [SAGA_TABLE.partitionKey]: { S: event.saga.id },
        [SAGA_TABLE.sortKey]: { S: SAGA_TABLE.sagaItemSortKey },
      },
      UpdateExpression: 'SET #events = list_append(if_not_exists(#events, :none), :event)',
      ConditionExpression: '#status IN (:running, :compensating)',
      ExpressionAttributeNames: { '#events': 'events', '#status': 'status' },
      ExpressionAttributeValues: marshall({
        ':none': [],
        ':event': [
          {
            type: 'step.succeeded',
            step: event.step,
            time: new Date().toISOString(),
            output: JSON.stringify(output),
          },
        ],
        ':running': SagaStatus.RUNNING,
        ':compensating': SagaStatus.COMPENSATING,
      }),
    }),
  );
  return output;
}

type CountingClient = DynamoDBClient & {
  reset(): void;
  writesTo(table: string): { requests: number; writeCapacityUnits: number };
};

/** A DynamoDB client that counts write requests and the capacity DynamoDB reports for them, by table. */
function countingClient(endpoint: string): CountingClient {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  let writes = new Map<string, { requests: number; writeCapacityUnits: number }>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!WRITE_COMMANDS.has(context.commandName ?? '')) return next(args);
      const input = args.input as { TableName?: string; ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const table = input.TableName ?? '?';
      const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity;
      const seen = writes.get(table) ?? { requests: 0, writeCapacityUnits: 0 };
      writes.set(table, {
        requests: seen.requests + 1,
        writeCapacityUnits: seen.writeCapacityUnits + (consumed?.CapacityUnits ?? 0),
      });
      return result;
    },
    { step: 'initialize', name: 'countWrites' },
  );
  return Object.assign(client, {
    reset: () => {
      writes = new Map();
    },
    writesTo: (table: string) => writes.get(table) ?? { requests: 0, writeCapacityUnits: 0 },
  });
}

const CONTEXT: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench',
  memoryLimitInMB: '1024',
  awsRequestId: 'bench',
  logGroupName: '/aws/lambda/bench',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

function benchEvent() {
  return {
    saga: {
      id: `Bench-${randomUUID()}`,
      type: 'Bench',
      businessKey: 'k',
      startedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: 1,
    },
    step: 'S1',
    phase: 'action',
    attempt: 0,
    input: { orderId: 'o-1' },
    steps: {},
  };
}

/** Sends stdout and stderr to a byte counter while a measurement runs. */
function silenceOutput() {
  const writers = [process.stdout, process.stderr].map((stream) => ({ stream, write: stream.write }));
  let bytes = 0;
  for (const { stream } of writers) {
    stream.write = ((chunk: string | Uint8Array) => {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      return true;
    }) as typeof stream.write;
  }
  return {
    bytes: () => bytes,
    restore: () => {
      for (const { stream, write } of writers) stream.write = write;
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await measureRuntime(), null, 2));
}
