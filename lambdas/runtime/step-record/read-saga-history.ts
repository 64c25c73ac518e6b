import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { SAGA_TABLE } from '../../../contract/saga-table.ts';
import { EVENT_SORT_KEY_PREFIX, fromEventItem, type SagaEvent } from './saga-event.ts';

/** A saga's item and its event log, as stored. */
export interface SagaHistory {
  /** The saga item (`sk = SAGA`) as plain JSON, `state` parsed; `undefined` when there is none. */
  readonly saga: Record<string, unknown> | undefined;
  /** The saga's events in sort-key order: by time, then step, phase and attempt. */
  readonly events: readonly SagaEvent[];
}

/** Reads a saga's whole partition (strongly consistent): its item and its events in order. */
export async function readSagaHistory(
  client: Pick<DynamoDBClient, 'send'>,
  tableName: string,
  sagaId: string,
): Promise<SagaHistory> {
  let saga: Record<string, unknown> | undefined;
  const events: SagaEvent[] = [];
  for await (const item of sagaPartition(client, tableName, sagaId)) {
    const sortKey = item[SAGA_TABLE.sortKey]?.S ?? '';
    if (sortKey === SAGA_TABLE.sagaItemSortKey) saga = sagaRecord(item);
    else if (sortKey.startsWith(EVENT_SORT_KEY_PREFIX)) events.push(fromEventItem(item));
  }
  return { saga, events };
}

/** Every item of a saga's partition, page after page, in sort-key order. */
export async function* sagaPartition(
  client: Pick<DynamoDBClient, 'send'>,
  tableName: string,
  sagaId: string,
  projection?: readonly string[],
): AsyncGenerator<Record<string, AttributeValue>> {
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :sagaId',
        ExpressionAttributeNames: {
          '#pk': SAGA_TABLE.partitionKey,
          ...Object.fromEntries((projection ?? []).map((name, index) => [`#p${index}`, name])),
        },
        ExpressionAttributeValues: { ':sagaId': { S: sagaId } },
        ...(projection
          ? { ProjectionExpression: projection.map((_, index) => `#p${index}`).join(', ') }
          : {}),
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    yield* page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

function sagaRecord(item: Record<string, AttributeValue>): Record<string, unknown> {
  const record = unmarshall(item);
  if (typeof record.failure === 'string') record.failure = JSON.parse(record.failure);
  return record;
}
