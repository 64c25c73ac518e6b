import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { sagaIdFor } from '../contract/execution-input.ts';
import { TERMINAL_STATUSES } from '../contract/saga-table.ts';
import { ORDER_EVENT_SOURCE } from '../infra/order-saga-stack.ts';
import { EXAMPLE_STACK_NAME, synthesizeExample } from '../infra/synthesize-example.ts';
import { type LocalCloud, startLocalCloud } from '../local/cloud/local-cloud.ts';
import { round } from './support.ts';

const SAGAS = 40;
const BATCH = 10;

/**
 * Example sagas per second through the local cloud, end to end (event published → saga record
 * terminal), with where the time went, and the harness's start-up time.
 */
export async function measureLocalCloud() {
  const assemblyDir = await mkdtemp(join(tmpdir(), 'bench-cdk-out-'));
  const synthStart = performance.now();
  synthesizeExample(assemblyDir);
  const synthSeconds = (performance.now() - synthStart) / 1000;
  const upStart = performance.now();
  const cloud = await startLocalCloud({ assemblyDir, stackName: EXAMPLE_STACK_NAME, retryDelayScale: 0 });
  const startUpSeconds = (performance.now() - upStart) / 1000;
  try {
    await cloud.clients.dynamoDb.send(
      new PutItemCommand({
        TableName: cloud.outputs.OrdersInventoryTable,
        Item: { sku: { S: 'SKU-BENCH' }, stock: { N: '1000000' } },
      }),
    );
    await runSagas(cloud, 'warm', BATCH); // cold starts of every function, out of the measurement
    const before = snapshot(cloud);
    const start = performance.now();
    await runSagas(cloud, 'bench', SAGAS);
    const seconds = (performance.now() - start) / 1000;
    const after = snapshot(cloud);
    const executions = [...cloud.stepFunctions.executions.values()]
      .filter((execution) => execution.name.length > 0)
      .slice(-SAGAS);
    const executionMs = executions.reduce(
      (sum, execution) => sum + ((execution.stopDate?.getTime() ?? 0) - execution.startDate.getTime()),
      0,
    );
    const lambdaMs = after.lambdaMs - before.lambdaMs;
    const dynamoDbTaskMs = after.dynamoDbTaskMs - before.dynamoDbTaskMs;
    return {
      sagas: SAGAS,
      concurrency: BATCH,
      sagasPerSecond: round(SAGAS / seconds, 1),
      synthSeconds: round(synthSeconds, 2),
      startUpSeconds: round(startUpSeconds, 2),
      perSagaMs: {
        execution: round(executionMs / SAGAS, 1),
        lambdaInvocations: round(lambdaMs / SAGAS, 1),
        dynamoDbTasks: round(dynamoDbTaskMs / SAGAS, 1),
      },
      note: "Lambda time includes the handlers' own DynamoDB calls (step records, idempotency) and the starter and lifecycle functions, which run outside executions; the rest of an execution is the ASL engine.",
    };
  } finally {
    await cloud.stop();
    await rm(assemblyDir, { recursive: true, force: true });
  }
}

function snapshot(cloud: LocalCloud) {
  return {
    lambdaMs: cloud.lambdas.invocations.reduce((sum, invocation) => sum + invocation.durationMs, 0),
    dynamoDbTaskMs: cloud.stepFunctions.dynamoDbTaskMs.reduce((sum, ms) => sum + ms, 0),
  };
}

async function runSagas(cloud: LocalCloud, prefix: string, count: number): Promise<void> {
  for (let done = 0; done < count; done += BATCH) {
    const ids = Array.from(
      { length: Math.min(BATCH, count - done) },
      (_, index) => `${prefix}-${done + index}`,
    );
    await cloud.clients.eventBridge.send(
      new PutEventsCommand({
        Entries: ids.map((orderId) => ({
          EventBusName: cloud.outputs.OrdersEventBus,
          Source: ORDER_EVENT_SOURCE,
          DetailType: 'OrderPlaced',
          Detail: JSON.stringify({
            orderId,
            customerId: 'c',
            sku: 'SKU-BENCH',
            quantity: 1,
            amountCents: 100,
          }),
        })),
      }),
    );
    await Promise.all(ids.map((orderId) => untilEnded(cloud, orderId)));
  }
}

async function untilEnded(cloud: LocalCloud, orderId: string): Promise<void> {
  for (;;) {
    const { Item } = await cloud.clients.dynamoDb.send(
      new GetItemCommand({
        TableName: cloud.outputs.OrdersSagaTable,
        Key: { sagaId: { S: sagaIdFor('OrderSaga', orderId) }, sk: { S: 'SAGA' } },
      }),
    );
    if (TERMINAL_STATUSES.includes(Item?.status?.S as never)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
