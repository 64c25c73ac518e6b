import { sagaFailure } from './saga-failure.ts';
import { SAGA_TABLE, type SagaStatus } from './saga-table.ts';

/**
 * The saga index: what makes `saga list` and `saga stats` a Query, never a Scan, at any table size.
 *
 * Design. Each saga has exactly one index item, in the saga table itself, under the partition of
 * its type and current status, sorted by start time:
 *
 * | attribute      | value                                                           |
 * |----------------|-----------------------------------------------------------------|
 * | sagaId (pk)    | `INDEX#<sagaType>#<status>#<shard>` ({@link indexPartition})    |
 * | sk             | `<startedAt>#<sagaId>` ({@link indexSortKey}): newest last      |
 * | indexedSagaId  | the saga's id                                                   |
 * | sagaType, businessKey, status, startedAt, endedAt | copied from the saga item    |
 * | error, step    | what ended or rolled the saga back, and where (for `saga stats`) |
 * | expiresAt      | the saga item's TTL, so the index item expires with it          |
 *
 * Why not a global secondary index: DynamoDB Local never expires TTL items on a table that has a
 * GSI (measured), and the product relies on TTL; a GSI on `status` would also concentrate every
 * running saga in one hot partition. Items in the same table keep TTL working everywhere and cost
 * one small write per status change.
 *
 * Why shards: every start writes a RUNNING index item; one partition takes at most 1,000 writes
 * a second, so each status is spread over {@link INDEX_SHARDS} partitions by a hash of the saga id.
 * A reader queries every shard and merges: `saga list --limit n` reads at most n items per shard.
 *
 * Who writes it: the lifecycle publisher, which reads every change of every saga item from the
 * table's stream. A change puts the item for the new status and deletes the one for the old; both
 * writes are idempotent (same key, same content), so a redelivered stream batch never duplicates.
 * Index items are not `sk = SAGA` items, so the publisher's stream filter never sees them.
 */
export const SAGA_INDEX = {
  /** The first segment of every index partition key. */
  partitionPrefix: 'INDEX',
  /** The attribute that holds the indexed saga's id (the partition key holds the index partition). */
  sagaIdAttribute: 'indexedSagaId',
} as const;

/** Partitions per saga type and status: spreads the start rate past one partition's write limit. */
export const INDEX_SHARDS = 8;

/** `INDEX#OrderSaga#FAILED#3` */
export function indexPartition(sagaType: string, status: SagaStatus, shard: number): string {
  return `${SAGA_INDEX.partitionPrefix}#${sagaType}#${status}#${shard}`;
}

/** `2026-12-02T13:00:00.000Z#OrderSaga-…`: ISO times with milliseconds sort as text. */
export function indexSortKey(startedAt: string, sagaId: string): string {
  return `${startedAt}#${sagaId}`;
}

/** The shard of a saga: FNV-1a of its id, so every writer and reader agrees without coordination. */
export function indexShardOf(sagaId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < sagaId.length; index++) {
    hash ^= sagaId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % INDEX_SHARDS;
}

/** What an index item says of its saga (the item as plain JSON, without its keys). */
export interface SagaIndexEntry {
  readonly sagaId: string;
  readonly sagaType: string;
  readonly businessKey: string;
  readonly status: SagaStatus;
  readonly startedAt: string;
  readonly endedAt?: string;
  /** The error that ended the saga or started its rollback. */
  readonly error?: string;
  /** Where it failed: the state that could not finish, or the step whose failure started the rollback. */
  readonly step?: string;
  readonly expiresAt?: number;
}

/**
 * The index entry of a saga item (plain JSON, e.g. an unmarshalled stream image), or `undefined`
 * when the item is not a saga item. `failedStepFromLog` names the failed step when the record does
 * not (a single step's failure carries no step name; the event log does).
 */
export function indexEntryOf(
  item: Record<string, unknown>,
  failedStepFromLog?: string,
): SagaIndexEntry | undefined {
  if (item[SAGA_TABLE.sortKey] !== SAGA_TABLE.sagaItemSortKey) return undefined;
  const { failures, endedWith } = sagaFailure(item);
  const reason = endedWith ?? failures[0];
  const step = endedWith?.failedStep ?? failures[0]?.step ?? (reason ? failedStepFromLog : undefined);
  const expiresAt = Number(item[SAGA_TABLE.ttlAttribute]);
  return {
    sagaId: String(item[SAGA_TABLE.partitionKey]),
    sagaType: String(item.sagaType),
    businessKey: String(item.businessKey),
    status: item.status as SagaStatus,
    startedAt: String(item.startedAt),
    ...(typeof item.endedAt === 'string' ? { endedAt: item.endedAt } : {}),
    ...(reason ? { error: reason.Error } : {}),
    ...(step ? { step } : {}),
    ...(Number.isFinite(expiresAt) ? { expiresAt } : {}),
  };
}

/** The key of the index item of a saga at a status. */
export function indexKeyOf(entry: Pick<SagaIndexEntry, 'sagaId' | 'sagaType' | 'status' | 'startedAt'>): {
  readonly [SAGA_TABLE.partitionKey]: string;
  readonly [SAGA_TABLE.sortKey]: string;
} {
  return {
    [SAGA_TABLE.partitionKey]: indexPartition(entry.sagaType, entry.status, indexShardOf(entry.sagaId)),
    [SAGA_TABLE.sortKey]: indexSortKey(entry.startedAt, entry.sagaId),
  };
}

/** The whole index item of an entry (plain JSON, to marshall). */
export function indexItemOf(entry: SagaIndexEntry): Record<string, unknown> {
  const { sagaId, ...rest } = entry;
  return { ...indexKeyOf(entry), [SAGA_INDEX.sagaIdAttribute]: sagaId, ...rest };
}

/** An index item read back (plain JSON) as its entry. */
export function entryOfIndexItem(item: Record<string, unknown>): SagaIndexEntry {
  const {
    [SAGA_TABLE.partitionKey]: _pk,
    [SAGA_TABLE.sortKey]: _sk,
    [SAGA_INDEX.sagaIdAttribute]: sagaId,
    ...rest
  } = item;
  return { ...(rest as Omit<SagaIndexEntry, 'sagaId'>), sagaId: String(sagaId) };
}
