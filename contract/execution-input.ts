import { createHash } from 'node:crypto';
import { SAGA_TABLE, SagaStatus, sagaItemKey } from './saga-table.ts';

/** What a saga's execution input needs to know of its saga: its type and how long it runs and is kept. */
export interface SagaTiming {
  /** The saga type. */
  readonly name: string;
  /** The saga's deadline from its start: an action that would start later rolls the saga back (TIMED_OUT). */
  readonly timeoutSeconds: number;
  /**
   * The longest its execution can run (the compiled `TimeoutSeconds`): the deadline, the forward
   * steps that may still run after it, and the whole rollback, retries included.
   */
  readonly executionTimeoutSeconds: number;
  readonly retentionDays: number;
}

/** What a rollback's record writes, unless the saga's deadline started it. */
export const DEFAULT_ROLLBACK_STATUS = SagaStatus.COMPENSATED;

/** Seconds in a day, for the retention period. */
const SECONDS_PER_DAY = 86_400;

/**
 * The input of a saga's execution, and the saga state every step sees. Paths:
 * - `$.saga.id`, `$.saga.type`, `$.saga.businessKey`: who this saga is;
 * - `$.saga.startedAt` and `$.saga.deadline` (ISO): when it started, and the time after which an
 *   action that has not started yet rolls it back instead (TIMED_OUT);
 * - `$.saga.expiresAt`: when its record may expire (epoch seconds): after the longest the execution
 *   can run, plus the retention period;
 * - `$.input`: the original input, unchanged for the whole saga;
 * - `$.steps.<Step>`: each completed step's output (a group's members: `$.steps.<Group>.<Step>.output`);
 * - `$.failure`: `null`, then `{ Error, Cause }` of the failure that started the rollback;
 * - `$.rollbackStatus`: what a rollback records: COMPENSATED, or TIMED_OUT once the deadline started it.
 *
 * `failure` and `rollbackStatus` are there from the start because the compiled record states read
 * them: a path that does not exist would fail the execution with `States.Runtime`.
 */
export interface SagaExecutionInput {
  readonly saga: {
    readonly id: string;
    readonly type: string;
    readonly businessKey: string;
    readonly startedAt: string;
    readonly deadline: string;
    readonly expiresAt: number;
  };
  readonly input: unknown;
  readonly steps: Record<string, unknown>;
  readonly failure: null;
  readonly rollbackStatus: typeof DEFAULT_ROLLBACK_STATUS;
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

/**
 * Builds the execution input of a new saga. Everything in it follows from the saga, the start and
 * `startedAt`, so two starters that agree on those three build byte-identical input (what makes
 * Step Functions' StartExecution idempotent for them).
 */
export function buildExecutionInput(
  saga: SagaTiming,
  start: { readonly businessKey: string; readonly input: unknown; readonly sagaId?: string },
  startedAt: Date,
): SagaExecutionInput {
  const startedSeconds = Math.floor(startedAt.getTime() / 1000);
  return {
    saga: {
      id: start.sagaId ?? sagaIdFor(saga.name, start.businessKey),
      type: saga.name,
      businessKey: start.businessKey,
      startedAt: startedAt.toISOString(),
      deadline: new Date(startedAt.getTime() + saga.timeoutSeconds * 1000).toISOString(),
      // Step Functions stops the execution by then, so this is at least the retention after its end.
      expiresAt: startedSeconds + saga.executionTimeoutSeconds + saga.retentionDays * SECONDS_PER_DAY,
    },
    input: start.input,
    steps: {},
    failure: null,
    rollbackStatus: DEFAULT_ROLLBACK_STATUS,
  };
}

/** The hash that identifies a start's input, kept on the saga item: a starter that sees the item can tell a redelivery of the same start from another start of the same key. */
export function startInputHash(input: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(input) ?? 'undefined')
    .digest('hex');
}

/**
 * The conditional PutItem that records a saga as RUNNING before its execution starts. It fails with
 * `ConditionalCheckFailedException` when the saga id exists: that is what makes a start idempotent.
 * It carries the upper-bound TTL from the start (`$.saga.expiresAt`: Step Functions has stopped the
 * execution by then, so a running saga never expires, but an item whose execution never started
 * does not stay for ever), and the hash of the start's input.
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
      [SAGA_TABLE.ttlAttribute]: { N: String(execution.saga.expiresAt) },
      inputHash: { S: startInputHash(execution.input) },
    },
    ConditionExpression: 'attribute_not_exists(#pk)',
    ExpressionAttributeNames: { '#pk': SAGA_TABLE.partitionKey },
  };
}

/**
 * Deletes the item a start claimed, on condition that it is still exactly that claim (the same start
 * time and input) and RUNNING: what a start that will never run takes back, and nothing else.
 */
export function buildStartItemRelease(tableName: string, execution: SagaExecutionInput) {
  return {
    TableName: tableName,
    Key: sagaItemKey(execution.saga.id),
    ConditionExpression: '#status = :running AND #startedAt = :startedAt AND #inputHash = :inputHash',
    ExpressionAttributeNames: { '#status': 'status', '#startedAt': 'startedAt', '#inputHash': 'inputHash' },
    ExpressionAttributeValues: {
      ':running': { S: SagaStatus.RUNNING },
      ':startedAt': { S: execution.saga.startedAt },
      ':inputHash': { S: startInputHash(execution.input) },
    },
  };
}
