/**
 * The in-memory DynamoDB's cost per operation on the saga table's hottest pair: the starter's
 * conditional PutItem (RUNNING) and the state machine's terminal UpdateItem (COMPLETED, on
 * condition that the saga is still open), exactly as the project sends them. Run on its own with
 * `npx tsx bench/in-memory-dynamodb.ts`, or call `measureInMemoryDynamoDb()`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { PutItemCommandInput, UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import {
  buildExecutionInput,
  buildStartItemRequest,
  type SagaExecutionInput,
} from '../contract/execution-input.ts';
import { SAGA_TABLE } from '../contract/saga-table.ts';
import { InMemoryDynamoDb } from '../local/memory/index.ts';
import { renderRecordState } from '../statemachines/compiler/render-record.ts';
import { resolveResources } from '../statemachines/compiler/resources.ts';
import { round } from './support.ts';

const TABLE = 'bench-sagas';
/** Sagas per timed batch (two operations each; all requests built before any clock starts), timed batches, warm-ups. */
const BATCH = 500;
const ROUNDS = 30;
const WARMUP_ROUNDS = 10;
/** The target the test environment needs. */
export const TARGET_US_PER_OPERATION = 10;

/** Median µs per operation over the start put + terminal update pair. */
export function measureInMemoryDynamoDb(): number {
  const store = new InMemoryDynamoDb();
  store.createTable({ name: TABLE, partitionKey: SAGA_TABLE.partitionKey, sortKey: SAGA_TABLE.sortKey });
  const terminal = terminalUpdateTemplate();
  let next = 0;
  const batches = Array.from({ length: WARMUP_ROUNDS + ROUNDS }, () =>
    Array.from({ length: BATCH }, () => {
      const execution = executionInput(next++);
      return [buildStartItemRequest(TABLE, execution) as PutItemCommandInput, terminal(execution)] as const;
    }),
  );
  const samples = batches.map((requests) => {
    const start = performance.now();
    for (const [put, update] of requests) {
      store.putItem(put);
      store.updateItem(update);
    }
    return ((performance.now() - start) * 1000) / (2 * BATCH);
  });
  const timed = samples.slice(WARMUP_ROUNDS).sort((a, b) => a - b);
  return round(timed[Math.floor(timed.length / 2)] ?? 0, 2);
}

function executionInput(index: number): SagaExecutionInput {
  const saga = { name: 'BenchSaga', timeoutSeconds: 300, executionTimeoutSeconds: 3_600, retentionDays: 7 };
  const execution = buildExecutionInput(
    saga,
    { businessKey: `order-${index}`, input: { orderId: index } },
    new Date(),
  );
  return {
    ...execution,
    steps: { ReserveInventory: { reserved: true }, ChargePayment: { paymentId: `pay-${index}` } },
  };
}

/**
 * The compiled record state's UpdateItem with its JSONPath fields resolved as Step Functions would:
 * the saga id, the entered time, the TTL, the failure and the redrive count.
 */
function terminalUpdateTemplate(): (execution: SagaExecutionInput) => UpdateItemCommandInput {
  const state = renderRecordState('completed', { ...resolveResources(), sagaTableName: TABLE });
  const parameters = state.Parameters as Record<string, unknown>;
  return (execution) =>
    resolvePaths(parameters, {
      '$.saga.id': execution.saga.id,
      '$$.State.EnteredTime': new Date().toISOString(),
      'States.JsonToString($.saga.expiresAt)': JSON.stringify(execution.saga.expiresAt),
      'States.JsonToString($.failure)': JSON.stringify(execution.failure),
      'States.JsonToString($$.Execution.RedriveCount)': '0',
    }) as UpdateItemCommandInput;
}

function resolvePaths(value: unknown, bindings: Readonly<Record<string, string>>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (!key.endsWith('.$')) return [key, resolvePaths(inner, bindings)];
      const bound = bindings[String(inner)];
      if (bound === undefined) throw new Error(`no binding for ${String(inner)}`);
      return [key.slice(0, -2), bound];
    }),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const usPerOperation = measureInMemoryDynamoDb();
  console.log(
    JSON.stringify({
      usPerOperation,
      targetUsPerOperation: TARGET_US_PER_OPERATION,
      batch: BATCH,
      rounds: ROUNDS,
    }),
  );
}
