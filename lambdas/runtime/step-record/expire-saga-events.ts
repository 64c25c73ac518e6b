import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { OPEN_STATUSES, SAGA_TABLE, type SagaStatus } from '../../../contract/saga-table.ts';
import { appliedUnlessRefused } from './conditional-write.ts';
import { sagaPartition } from './read-saga-history.ts';
import { EVENT_SORT_KEY_PREFIX } from './saga-event.ts';

/** Event items updated at once when a saga's events get their TTL. */
const EXPIRY_WRITE_CONCURRENCY = 8;

/** What {@link expireSagaEvents} did. */
export interface ExpireResult {
  /** Event items that now carry the saga's TTL. */
  readonly expired: number;
  /** Why nothing was written, when nothing was. */
  readonly skipped?: 'saga-missing' | 'saga-open' | 'saga-without-ttl';
}

/**
 * Gives every event item of an ended saga the TTL of its saga item (`expiresAt`, which the state
 * machine writes with the terminal status: the saga's `saga.expiresAt`), so they expire with it.
 * Until then each carries the upper bound it was written with (`eventExpiresAt`), past any time its
 * execution can still run; this refuses a saga that is still RUNNING or COMPENSATING. One UpdateItem per event, each on condition that the event still exists.
 * Call it once the saga has ended (e.g. from the saga table's stream, on the terminal status).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html
 */
export async function expireSagaEvents(
  client: Pick<DynamoDBClient, 'send'>,
  tableName: string,
  sagaId: string,
): Promise<ExpireResult> {
  const projection = [SAGA_TABLE.sortKey, 'status', SAGA_TABLE.ttlAttribute];
  const eventKeys: string[] = [];
  let found = false;
  let status: string | undefined;
  let expiresAt: string | undefined;
  for await (const item of sagaPartition(client, tableName, sagaId, projection)) {
    const sortKey = item[SAGA_TABLE.sortKey]?.S ?? '';
    if (sortKey.startsWith(EVENT_SORT_KEY_PREFIX)) eventKeys.push(sortKey);
    else if (sortKey === SAGA_TABLE.sagaItemSortKey) {
      found = true;
      status = item.status?.S;
      expiresAt = item[SAGA_TABLE.ttlAttribute]?.N;
    }
  }
  if (!found) return { expired: 0, skipped: 'saga-missing' };
  if (OPEN_STATUSES.includes(status as SagaStatus)) return { expired: 0, skipped: 'saga-open' };
  if (expiresAt === undefined) return { expired: 0, skipped: 'saga-without-ttl' };
  let expired = 0;
  for (let start = 0; start < eventKeys.length; start += EXPIRY_WRITE_CONCURRENCY) {
    const batch = eventKeys.slice(start, start + EXPIRY_WRITE_CONCURRENCY);
    const applied = await Promise.all(
      batch.map((sortKey) =>
        appliedUnlessRefused(client.send(setTtl(tableName, sagaId, sortKey, expiresAt))),
      ),
    );
    expired += applied.filter(Boolean).length;
  }
  return { expired };
}

function setTtl(tableName: string, sagaId: string, sortKey: string, expiresAt: string) {
  return new UpdateItemCommand({
    TableName: tableName,
    Key: { [SAGA_TABLE.partitionKey]: { S: sagaId }, [SAGA_TABLE.sortKey]: { S: sortKey } },
    UpdateExpression: 'SET #ttl = :expiresAt',
    ConditionExpression: 'attribute_exists(#sk)',
    ExpressionAttributeNames: { '#ttl': SAGA_TABLE.ttlAttribute, '#sk': SAGA_TABLE.sortKey },
    ExpressionAttributeValues: { ':expiresAt': { N: expiresAt } },
  });
}
