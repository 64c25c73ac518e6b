import {
  CreateTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { SAGA_TABLE } from '../../statemachines/saga-table/schema.ts';

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
export async function createSagaTable(
  client: DynamoDBClient,
  tableName: string,
  options: LocalTableOptions = {},
): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: SAGA_TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: SAGA_TABLE.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: SAGA_TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: SAGA_TABLE.sortKey, KeyType: 'RANGE' },
      ],
    }),
  );
  if (options.ttl === false) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: SAGA_TABLE.ttlAttribute, Enabled: true },
    }),
  );
}

/** A saga's item as plain JSON, with `state` parsed; `undefined` when there is none. */
export async function readSagaRecord(
  client: DynamoDBClient,
  tableName: string,
  sagaId: string,
): Promise<Record<string, unknown> | undefined> {
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: {
        [SAGA_TABLE.partitionKey]: { S: sagaId },
        [SAGA_TABLE.sortKey]: { S: SAGA_TABLE.sagaItemSortKey },
      },
      ConsistentRead: true,
    }),
  );
  if (!Item) return undefined;
  const record = unmarshall(Item);
  if (typeof record.state === 'string') record.state = JSON.parse(record.state);
  return record;
}

/** Creates a Powertools idempotency table (key `id`, TTL on `expiration`), as the CDK construct does. */
export async function createIdempotencyTable(
  client: DynamoDBClient,
  tableName: string,
  options: LocalTableOptions = {},
): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
  if (options.ttl === false) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    }),
  );
}
