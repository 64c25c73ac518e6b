import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  entryOfIndexItem,
  INDEX_SHARDS,
  indexPartition,
  type SagaIndexEntry,
} from '../../contract/saga-index.ts';
import { SAGA_TABLE, type SagaStatus } from '../../contract/saga-table.ts';

/** What to read from the saga index (contract/saga-index.ts). */
export interface IndexQuery {
  readonly tableName: string;
  readonly sagaType: string;
  readonly statuses: readonly SagaStatus[];
  /** Only sagas started at or after this time. */
  readonly since?: Date;
  /** At most this many, newest first; every one in the window when absent. */
  readonly limit?: number;
}

/** Entries found, and how many items DynamoDB read to find them (what a call costs). */
export interface IndexPage {
  readonly entries: SagaIndexEntry[];
  readonly itemsRead: number;
}

type Client = Pick<DynamoDBClient, 'send'>;

/**
 * Sagas from the index, newest first: one Query per status and shard (newest first, at most
 * `limit` items each), merged. Reads at most `limit` × statuses × shards items whatever the table
 * size; without a limit, every saga started in the window.
 */
export async function readSagaIndex(client: Client, query: IndexQuery): Promise<IndexPage> {
  const partitions = query.statuses.flatMap((status) =>
    Array.from({ length: INDEX_SHARDS }, (_, shard) => indexPartition(query.sagaType, status, shard)),
  );
  const pages = await Promise.all(partitions.map((partition) => readPartition(client, partition, query)));
  const entries = pages
    .flatMap((page) => page.entries)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.sagaId.localeCompare(a.sagaId));
  return {
    entries: query.limit === undefined ? entries : entries.slice(0, query.limit),
    itemsRead: pages.reduce((sum, page) => sum + page.itemsRead, 0),
  };
}

/** How many sagas the index holds at these statuses (e.g. the open ones), counted by DynamoDB. */
export async function countSagaIndex(
  client: Client,
  query: Omit<IndexQuery, 'limit'>,
): Promise<{ count: number; itemsRead: number }> {
  let count = 0;
  let itemsRead = 0;
  for (const status of query.statuses) {
    for (let shard = 0; shard < INDEX_SHARDS; shard++) {
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await client.send(
          queryCommand(indexPartition(query.sagaType, status, shard), query, { select: 'COUNT', startKey }),
        );
        count += page.Count ?? 0;
        itemsRead += page.ScannedCount ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
  }
  return { count, itemsRead };
}

async function readPartition(client: Client, partition: string, query: IndexQuery): Promise<IndexPage> {
  const entries: SagaIndexEntry[] = [];
  let itemsRead = 0;
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const remaining = query.limit === undefined ? undefined : query.limit - entries.length;
    const page = await client.send(queryCommand(partition, query, { limit: remaining, startKey }));
    entries.push(...(page.Items ?? []).map((item) => entryOfIndexItem(unmarshall(item))));
    itemsRead += page.ScannedCount ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey && (query.limit === undefined || entries.length < query.limit));
  return { entries, itemsRead };
}

function queryCommand(
  partition: string,
  query: Pick<IndexQuery, 'tableName' | 'since'>,
  page: {
    limit?: number | undefined;
    startKey?: Record<string, AttributeValue> | undefined;
    select?: 'COUNT';
  },
) {
  return new QueryCommand({
    TableName: query.tableName,
    KeyConditionExpression: query.since ? '#pk = :partition AND #sk >= :since' : '#pk = :partition',
    ExpressionAttributeNames: {
      '#pk': SAGA_TABLE.partitionKey,
      ...(query.since ? { '#sk': SAGA_TABLE.sortKey } : {}),
    },
    ExpressionAttributeValues: {
      ':partition': { S: partition },
      ...(query.since ? { ':since': { S: query.since.toISOString() } } : {}),
    },
    ScanIndexForward: false,
    ...(page.limit === undefined ? {} : { Limit: page.limit }),
    ...(page.select ? { Select: page.select } : {}),
    ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
  });
}
