import { type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SAGA_TABLE } from '../../statemachines/saga-table/schema.ts';
import {
  LIFECYCLE_DETAIL_TYPES,
  LIFECYCLE_EVENT_SOURCE,
  lifecycleDetailOf,
  type SagaLifecycleDetail,
  type SagaStreamRecord,
} from './lifecycle-event.ts';

/** EventBridge takes at most this many entries per PutEvents call. */
const PUT_EVENTS_BATCH = 10;

/** Thrown when EventBridge refused some entries: the stream batch is retried (and bisected). */
export class LifecyclePublishError extends Error {
  override readonly name = 'LifecyclePublishError';
}

/**
 * Publishes one lifecycle event per saga status change in a batch of saga-table stream records,
 * in order. Throws if EventBridge refuses any entry, so Lambda retries the batch; entries are
 * idempotent for consumers by `sagaId` + `status`.
 * @returns the details published
 */
export async function publishLifecycleEvents(
  client: EventBridgeClient,
  eventBusName: string,
  records: readonly SagaStreamRecord[],
): Promise<SagaLifecycleDetail[]> {
  const details = records.map(lifecycleDetailOf).filter((detail): detail is SagaLifecycleDetail => !!detail);
  for (let start = 0; start < details.length; start += PUT_EVENTS_BATCH) {
    const batch = details.slice(start, start + PUT_EVENTS_BATCH);
    const response = await client.send(
      new PutEventsCommand({
        Entries: batch.map((detail) => ({
          EventBusName: eventBusName,
          Source: LIFECYCLE_EVENT_SOURCE,
          DetailType: LIFECYCLE_DETAIL_TYPES[detail.status],
          Resources: [],
          Detail: JSON.stringify(detail),
        })),
      }),
    );
    if ((response.FailedEntryCount ?? 0) > 0) {
      const reasons = (response.Entries ?? []).flatMap((entry) =>
        entry.ErrorCode ? [`${entry.ErrorCode}: ${entry.ErrorMessage}`] : [],
      );
      throw new LifecyclePublishError(
        `EventBridge refused ${response.FailedEntryCount} lifecycle events: ${reasons.join('; ')}`,
      );
    }
  }
  return details;
}

/** How many sagas of a type are open, from the sparse `active` index. */
export async function countActiveSagas(
  client: DynamoDBClient,
  tableName: string,
  sagaType: string,
): Promise<number> {
  let count = 0;
  let startKey: QueryCommand['input']['ExclusiveStartKey'];
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: SAGA_TABLE.activeIndexName,
        KeyConditionExpression: '#active = :type',
        ExpressionAttributeNames: { '#active': SAGA_TABLE.activeAttribute },
        ExpressionAttributeValues: { ':type': { S: sagaType } },
        Select: 'COUNT',
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}
