import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { indexEntryOf, indexItemOf } from '../../../contract/saga-index.ts';
import { SAGA_TABLE } from '../../../contract/saga-table.ts';
import { InMemoryDynamoDb } from '../../../local/memory/index.ts';

export const TABLE = 'sagas';

/** A saga table in memory, with its client. */
export function sagaTableInMemory() {
  const store = new InMemoryDynamoDb();
  store.createTable({ name: TABLE, partitionKey: SAGA_TABLE.partitionKey, sortKey: SAGA_TABLE.sortKey });
  return { store, client: store.asClient() as DynamoDBClient };
}

/** A saga item as the starter and the state machine write it. */
export function sagaItem(
  sagaId: string,
  status: string,
  startedAt: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    [SAGA_TABLE.partitionKey]: sagaId,
    [SAGA_TABLE.sortKey]: SAGA_TABLE.sagaItemSortKey,
    sagaType: 'OrderSaga',
    businessKey: `key-${sagaId}`,
    status,
    startedAt,
    expiresAt: 1_900_000_000,
    ...extra,
  };
}

/** Writes saga items and their index items, as the starter, the state machine and the lifecycle publisher would. */
export async function writeIndexedSagas(
  client: Pick<DynamoDBClient, 'send'>,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  for (const item of items) {
    await client.send(new PutItemCommand({ TableName: TABLE, Item: marshall(item) }));
    const entry = indexEntryOf(item);
    if (entry)
      await client.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: marshall(indexItemOf(entry), { removeUndefinedValues: true }),
        }),
      );
  }
}
