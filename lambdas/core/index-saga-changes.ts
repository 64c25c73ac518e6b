import {
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { indexEntryOf, indexItemOf, indexKeyOf, type SagaIndexEntry } from '../../contract/saga-index.ts';
import { OPEN_STATUSES, SAGA_TABLE, type SagaStatus } from '../../contract/saga-table.ts';
import { EVENT_SORT_KEY_PREFIX, SagaEventType } from '../runtime/step-record/saga-event.ts';
import type { SagaStreamRecord } from './lifecycle-event.ts';

/** One write of the index: an item to put, or a key to delete. */
export type IndexWrite =
  | { readonly kind: 'put'; readonly entry: SagaIndexEntry }
  | { readonly kind: 'delete'; readonly key: Record<string, string> };

/** Index writes in flight at once. */
const INDEX_WRITE_CONCURRENCY = 8;

/**
 * The index writes a batch of saga-table stream records asks for (see contract/saga-index.ts),
 * collapsed per index key so the last change of a key wins: a change puts the saga's item under its
 * new status and deletes the one under its old status; a removed saga item (TTL, a start taken
 * back) deletes its index item. Records of other items are ignored.
 */
export function indexWritesOf(records: readonly SagaStreamRecord[]): IndexWrite[] {
  const writes = new Map<string, IndexWrite>();
  const set = (key: Record<string, string>, write: IndexWrite) => {
    const id = JSON.stringify(key);
    writes.delete(id);
    writes.set(id, write);
  };
  for (const record of records) {
    const next = imageOf(record.dynamodb?.NewImage);
    const previous = imageOf(record.dynamodb?.OldImage);
    if (next) set(indexKeyOf(next), { kind: 'put', entry: next });
    if (previous && (!next || JSON.stringify(indexKeyOf(previous)) !== JSON.stringify(indexKeyOf(next))))
      set(indexKeyOf(previous), { kind: 'delete', key: indexKeyOf(previous) });
  }
  return [...writes.values()];
}

function imageOf(image: Parameters<typeof unmarshall>[0] | undefined): SagaIndexEntry | undefined {
  return image ? indexEntryOf(unmarshall(image)) : undefined;
}

/**
 * Applies {@link indexWritesOf} to the saga table. A rolled-back saga whose record does not name the
 * failed step gets it from its event log (the last action that failed), so `saga stats` can count
 * failures by step. Every write is idempotent: a retried batch writes the same items again.
 * @returns the writes applied
 */
export async function indexSagaChanges(
  client: Pick<DynamoDBClient, 'send'>,
  tableName: string,
  records: readonly SagaStreamRecord[],
): Promise<IndexWrite[]> {
  const writes = indexWritesOf(records);
  for (let start = 0; start < writes.length; start += INDEX_WRITE_CONCURRENCY) {
    await Promise.all(
      writes.slice(start, start + INDEX_WRITE_CONCURRENCY).map((write) => apply(client, tableName, write)),
    );
  }
  return writes;
}

async function apply(client: Pick<DynamoDBClient, 'send'>, tableName: string, write: IndexWrite) {
  if (write.kind === 'delete') {
    await client.send(new DeleteItemCommand({ TableName: tableName, Key: marshall(write.key) }));
    return;
  }
  const entry = needsStepFromLog(write.entry)
    ? { ...write.entry, ...stepOf(await lastFailedAction(client, tableName, write.entry.sagaId)) }
    : write.entry;
  await client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: marshall(indexItemOf(entry), { removeUndefinedValues: true }),
    }),
  );
}

const needsStepFromLog = (entry: SagaIndexEntry) =>
  entry.error !== undefined &&
  entry.step === undefined &&
  !OPEN_STATUSES.includes(entry.status as SagaStatus);

const stepOf = (step: string | undefined) => (step ? { step } : {});

/** The step of the last `step.failed` event in a saga's log (by time), if any. */
async function lastFailedAction(
  client: Pick<DynamoDBClient, 'send'>,
  tableName: string,
  sagaId: string,
): Promise<string | undefined> {
  let last: string | undefined;
  let startKey: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :sagaId AND begins_with(#sk, :events)',
        FilterExpression: '#type = :failed',
        ProjectionExpression: '#step',
        ExpressionAttributeNames: {
          '#pk': SAGA_TABLE.partitionKey,
          '#sk': SAGA_TABLE.sortKey,
          '#type': 'type',
          '#step': 'step',
        },
        ExpressionAttributeValues: {
          ':sagaId': { S: sagaId },
          ':events': { S: EVENT_SORT_KEY_PREFIX },
          ':failed': { S: SagaEventType.stepFailed },
        },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) last = item.step?.S ?? last;
    startKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (startKey);
  return last;
}
