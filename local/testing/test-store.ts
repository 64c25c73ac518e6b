import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SAGA_TABLE } from '../../contract/saga-table.ts';
import { InMemoryPersistenceLayer } from '../../lambdas/runtime/in-memory-persistence.ts';
import { startDynamoDbLocal } from '../dynamodb/dynamo-db-local.ts';
import { dynamoDbLocalJson } from '../dynamodb/json-protocol-client.ts';
import { createIdempotencyTable, createLocalTable, createSagaTable } from '../dynamodb/saga-table.ts';
import type { EngineDynamoDb } from '../engine/engine-dynamodb.ts';
import { InMemoryDynamoDb } from '../memory/in-memory-dynamodb.ts';

/** Where a test environment keeps the saga table, the idempotency records and the saga's own tables. */
export type TestStoreKind = 'memory' | 'dynamodb-local';

/** The key schema of a table a saga's DynamoDB steps use. */
export interface TestTableSpec {
  readonly partitionKey: string;
  readonly sortKey?: string;
}

/** A running store: what the engine, the step runtime and the test read and write. */
export interface TestStore {
  readonly kind: TestStoreKind;
  /** The engine's calls (start put, DynamoDB tasks, status records). */
  readonly engine: EngineDynamoDb;
  /** A DynamoDB client (or its in-memory stand-in) for the step runtime and for the test. */
  readonly client: Pick<DynamoDBClient, 'send'>;
  readonly idempotencyStore: BasePersistenceLayer;
  createTable(name: string, spec: TestTableSpec): Promise<void>;
  stop(): Promise<void>;
}

/** The table names a test environment uses. */
export const TEST_TABLES = { saga: 'sagas', idempotency: 'idempotency' } as const;

/** Starts a store of the kind asked for, with the saga table and (for DynamoDB Local) the idempotency table. */
export async function startTestStore(kind: TestStoreKind): Promise<TestStore> {
  return kind === 'memory' ? memoryStore() : await dynamoDbLocalStore();
}

/** Everything in this process's memory: no Java, no ports, microseconds per call. */
function memoryStore(): TestStore {
  const db = new InMemoryDynamoDb();
  db.createTable({
    name: TEST_TABLES.saga,
    partitionKey: SAGA_TABLE.partitionKey,
    sortKey: SAGA_TABLE.sortKey,
  });
  return {
    kind: 'memory',
    engine: {
      putItem: (input) => db.putItem(input),
      updateItem: (input) => db.updateItem(input),
      deleteItem: (input) => db.deleteItem(input),
      getItem: (input) => db.getItem(input),
    },
    client: db.asClient(),
    idempotencyStore: new InMemoryPersistenceLayer(),
    createTable: async (name, spec) =>
      db.createTable({
        name,
        partitionKey: spec.partitionKey,
        ...(spec.sortKey ? { sortKey: spec.sortKey } : {}),
      }),
    stop: async () => undefined,
  };
}

/** AWS's DynamoDB Local: conditions, TTL and streams exactly as DynamoDB has them (needs Java). */
async function dynamoDbLocalStore(): Promise<TestStore> {
  const local = await startDynamoDbLocal();
  try {
    await createSagaTable(local.client, TEST_TABLES.saga);
    await createIdempotencyTable(local.client, TEST_TABLES.idempotency);
  } catch (error) {
    await local.stop();
    throw error;
  }
  const engine = dynamoDbLocalJson(local.endpoint);
  return {
    kind: 'dynamodb-local',
    engine,
    client: local.client,
    idempotencyStore: new DynamoDBPersistenceLayer({
      tableName: TEST_TABLES.idempotency,
      awsSdkV3Client: local.client,
    }),
    createTable: (name, spec) =>
      createLocalTable(
        local.client,
        name,
        spec.sortKey ? [spec.partitionKey, spec.sortKey] : [spec.partitionKey],
      ),
    stop: async () => {
      engine.close();
      await local.stop();
    },
  };
}
