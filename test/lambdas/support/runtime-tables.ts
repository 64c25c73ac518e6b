import { randomUUID } from 'node:crypto';
import { type DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { buildStartItemRequest } from '../../../contract/execution-input.ts';
import { SAGA_TABLE, type SagaStatus } from '../../../contract/saga-table.ts';
import type { SagaStepEvent } from '../../../lambdas/runtime/step-event.ts';
import { createIdempotencyTable, createSagaTable } from '../../../local/dynamodb/saga-table.ts';

/** The two tables the step runtime writes, under names unique to one test file. */
export interface RuntimeTables {
  readonly sagaTable: string;
  readonly idempotencyTable: string;
}

/**
 * Creates a saga table (the compiled state machine's key schema) and a Powertools idempotency
 * table (partition key `id`) with fresh names.
 */
export async function createRuntimeTables(client: DynamoDBClient): Promise<RuntimeTables> {
  const suffix = randomUUID().slice(0, 8);
  const tables = { sagaTable: `sagas-${suffix}`, idempotencyTable: `idempotency-${suffix}` };
  // No TTL: these tests write fixed dates in the past, which DynamoDB Local would really expire.
  await createSagaTable(client, tables.sagaTable, { ttl: false });
  await createIdempotencyTable(client, tables.idempotencyTable, { ttl: false });
  return tables;
}

/** Writes the saga item as the starter does (RUNNING, no TTL). */
export async function recordSagaStart(client: DynamoDBClient, tableName: string, event: SagaStepEvent) {
  await client.send(
    new PutItemCommand(
      buildStartItemRequest(tableName, {
        saga: event.saga,
        input: event.input,
        steps: {},
        failure: null,
        rollbackStatus: 'COMPENSATED',
      }),
    ),
  );
}

/** Writes a terminal status the way the state machine's record state does (TTL included). */
export async function recordSagaEnd(
  client: DynamoDBClient,
  tableName: string,
  event: SagaStepEvent,
  status: SagaStatus,
) {
  await client.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: {
        [SAGA_TABLE.partitionKey]: { S: event.saga.id },
        [SAGA_TABLE.sortKey]: { S: SAGA_TABLE.sagaItemSortKey },
      },
      UpdateExpression: 'SET #status = :status, #ttl = :expiresAt',
      ExpressionAttributeNames: { '#status': 'status', '#ttl': SAGA_TABLE.ttlAttribute },
      ExpressionAttributeValues: {
        ':status': { S: status },
        ':expiresAt': { N: String(event.saga.expiresAt) },
      },
    }),
  );
}
