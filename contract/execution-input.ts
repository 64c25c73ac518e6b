import { createHash } from 'node:crypto';
import { SAGA_TABLE, SagaStatus } from './saga-table.ts';

/** What a saga's execution input needs to know of its saga: its type and how long it runs and is kept. */
export interface SagaTiming {
  /** The saga type. */
  readonly name: string;
  readonly timeoutSeconds: number;
  readonly retentionDays: number;
}

/** Seconds in a day, for the retention period. */
const SECONDS_PER_DAY = 86_400;

/**
 * The input of a saga's execution, and the saga state every step sees. Paths:
 * - `$.saga.id`, `$.saga.type`, `$.saga.businessKey`: who this saga is;
 * - `$.saga.expiresAt`: when its record may expire (epoch seconds), written as TTL only when it ends;
 * - `$.input`: the original input, unchanged for the whole saga;
 * - `$.steps.<Step>`: each completed step's output (a group's members: `$.steps.<Group>.<Step>.output`);
 * - `$.failure`: `{ Error, Cause }` of the step whose failure started the rollback;
 * - `$.compensationFailure`: `{ Error, Cause }` of a compensation that could not finish.
 */
export interface SagaExecutionInput {
  readonly saga: {
    readonly id: string;
    readonly type: string;
    readonly businessKey: string;
    readonly startedAt: string;
    readonly expiresAt: number;
  };
  readonly input: unknown;
  readonly steps: Record<string, unknown>;
}

/** Step Functions execution names: up to 80 of `A-Z a-z 0-9 - _`. */
const EXECUTION_NAME_HASH_LENGTH = 40;

/**
 * The saga id for a business key: the same key always gives the same id, so a second start of the
 * same business key collides on the saga item (and on the execution name) instead of running twice.
 */
export function sagaIdFor(sagaType: string, businessKey: string): string {
  const hash = createHash('sha256').update(`${sagaType}\n${businessKey}`).digest('hex');
  return `${sagaType.slice(0, 80 - EXECUTION_NAME_HASH_LENGTH - 1)}-${hash.slice(0, EXECUTION_NAME_HASH_LENGTH)}`;
}

/** Builds the execution input of a new saga. `now` is injected so the result is deterministic. */
export function buildExecutionInput(
  saga: SagaTiming,
  start: { readonly businessKey: string; readonly input: unknown; readonly sagaId?: string },
  now: Date,
): SagaExecutionInput {
  const startedSeconds = Math.floor(now.getTime() / 1000);
  return {
    saga: {
      id: start.sagaId ?? sagaIdFor(saga.name, start.businessKey),
      type: saga.name,
      businessKey: start.businessKey,
      startedAt: now.toISOString(),
      // The execution ends within the saga timeout, so this is at least the retention period after its end.
      expiresAt: startedSeconds + saga.timeoutSeconds + saga.retentionDays * SECONDS_PER_DAY,
    },
    input: start.input,
    steps: {},
  };
}

/**
 * The conditional PutItem that records a saga as RUNNING before its execution starts. It fails with
 * `ConditionalCheckFailedException` when the saga id exists: that is what makes a start idempotent.
 * No TTL: a running saga never expires.
 */
export function buildStartItemRequest(tableName: string, execution: SagaExecutionInput) {
  return {
    TableName: tableName,
    Item: {
      [SAGA_TABLE.partitionKey]: { S: execution.saga.id },
      [SAGA_TABLE.sortKey]: { S: SAGA_TABLE.sagaItemSortKey },
      sagaType: { S: execution.saga.type },
      businessKey: { S: execution.saga.businessKey },
      status: { S: SagaStatus.RUNNING },
      startedAt: { S: execution.saga.startedAt },
      updatedAt: { S: execution.saga.startedAt },
    },
    ConditionExpression: 'attribute_not_exists(#pk)',
    ExpressionAttributeNames: { '#pk': SAGA_TABLE.partitionKey },
  };
}

/** Deletes the RUNNING item a start wrote, only if it is still that very item (same start, still RUNNING). */
export function buildStartItemRollback(tableName: string, execution: SagaExecutionInput) {
  return {
    TableName: tableName,
    Key: {
      [SAGA_TABLE.partitionKey]: { S: execution.saga.id },
      [SAGA_TABLE.sortKey]: { S: SAGA_TABLE.sagaItemSortKey },
    },
    ConditionExpression: '#status = :running AND #startedAt = :startedAt',
    ExpressionAttributeNames: { '#status': 'status', '#startedAt': 'startedAt' },
    ExpressionAttributeValues: {
      ':running': { S: SagaStatus.RUNNING },
      ':startedAt': { S: execution.saga.startedAt },
    },
  };
}
