import { CreateTableCommand, type DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { SAGA_TABLE, sagaItemKey } from '../../contract/saga-table.ts';
import { type EngineDynamoDb, sdkDynamoDb } from '../engine/engine-dynamodb.ts';

/** Options of the local table helpers. */
export interface LocalTableOptions {
  /**
   * Turn TTL on. DynamoDB Local really deletes expired items, so tests that write fixed past
   * dates turn it off.
   * @default true
   */
  readonly ttl?: boolean;
}

/** Creates the saga table with the schema the compiled state machine writes, TTL on. */
export function createSagaTable(client: DynamoDBClient, tableName: string, options: LocalTableOptions = {}) {
  return createLocalTable(
    client,
    tableName,
    [SAGA_TABLE.partitionKey, SAGA_TABLE.sortKey],
    SAGA_TABLE.ttlAttribute,
    options,
  );
}

/** Creates a Powertools idempotency table (key `id`, TTL on `expiration`), as the CDK construct does. */
export function createIdempotencyTable(
  client: DynamoDBClient,
  tableName: string,
  options: LocalTableOptions = {},
) {
  return createLocalTable(client, tableName, ['id'], 'expiration', options);
}

/**
 * An on-demand table with string keys (partition key first), TTL on `ttlAttribute` unless there is
 * none or it is turned off.
 */
export async function createLocalTable(
  client: DynamoDBClient,
  tableName: string,
  keys: readonly string[],
  ttlAttribute?: string,
  options: LocalTableOptions = {},
): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keys.map((key) => ({ AttributeName: key, AttributeType: 'S' })),
      KeySchema: keys.map((key, index) => ({ AttributeName: key, KeyType: index === 0 ? 'HASH' : 'RANGE' })),
    }),
  );
  if (options.ttl === false || ttlAttribute === undefined) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
    }),
  );
}

/** A saga's item as plain JSON, with `state` parsed; `undefined` when there is none. */
export async function readSagaRecord(
  dynamoDb: DynamoDBClient | EngineDynamoDb,
  tableName: string,
  sagaId: string,
): Promise<Record<string, unknown> | undefined> {
  const store = 'send' in dynamoDb ? sdkDynamoDb(dynamoDb) : dynamoDb;
  const { Item } = await store.getItem({
    TableName: tableName,
    Key: sagaItemKey(sagaId),
    ConsistentRead: true,
  });
  if (!Item) return undefined;
  const record = unmarshall(Item);
  if (typeof record.failure === 'string') record.failure = JSON.parse(record.failure);
  return record;
}
