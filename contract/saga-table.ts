/**
 * The saga table: one item per saga, keyed by saga id, plus room for per-saga event items
 * under the same partition (sort key `EVENT#…`, see the step runtime).
 *
 * | attribute   | type | meaning                                                                   |
 * |-------------|------|---------------------------------------------------------------------------|
 * | sagaId      | S    | partition key: the saga id (also the Step Functions execution name)      |
 * | sk          | S    | sort key: `SAGA` for the saga item                                        |
 * | sagaType    | S    | the saga's name, e.g. `OrderSaga`                                         |
 * | businessKey | S    | what made the start idempotent, e.g. the order id                         |
 * | status      | S    | a `SagaStatus`                                                            |
 * | startedAt   | S    | ISO time the start message reached the queue (never the producer's clock) |
 * | inputHash   | S    | hash of the saga input: a repeated start with another input is refused    |
 * | updatedAt   | S    | ISO time of the last status change                                        |
 * | endedAt     | S    | ISO time the saga reached a terminal status                               |
 * | expiresAt   | N    | TTL (epoch seconds), on every item from its start: start + the execution's limit + retention; a FAILED saga at least its 14-day redrive window from its end |
 * | failure     | S    | JSON of what started the rollback (`{ Error, Cause }`, a group's members' outcomes) |
 * | failedStep  | S    | on FAILED: the state that could not finish (e.g. `Compensate Charge…`)    |
 * | error/cause | S    | on FAILED, TIMED_OUT, CANCELLED by Step Functions: the execution's error and its cause (redacted, clipped) |
 * | outcome     | S    | when an operator's write ended the saga first: what the execution reached (`COMPLETED`…), kept beside the status, with `outcomeAt` |
 * | redriveCount, redrivenAt | N, S | how many times the saga's execution was redriven (`saga redrive`), and when last |
 * | cancelRequestedAt, cancelRequestedBy, cancelReason | S | `saga cancel`: when, who (the caller's identity) and why; the saga stops at its next step before the pivot |
 * | abandonedAt, abandonedBy, abandonReason | S | `saga abandon`: a FAILED saga settled by hand (status ABANDONED) |
 *
 * The item holds no input and no step outputs: those are in the execution's history and the
 * saga's event log (`EVENT#…` items, redacted), so the item stays small and holds nothing sensitive.
 */
export const SAGA_TABLE = {
  partitionKey: 'sagaId',
  sortKey: 'sk',
  sagaItemSortKey: 'SAGA',
  ttlAttribute: 'expiresAt',
} as const;

/** The key of a saga's item (`SAGA` under the saga's partition), as DynamoDB's low-level API takes it. */
export function sagaItemKey(sagaId: string) {
  return {
    [SAGA_TABLE.partitionKey]: { S: sagaId },
    [SAGA_TABLE.sortKey]: { S: SAGA_TABLE.sagaItemSortKey },
  };
}

/** The attributes operators' commands write on the saga item (`saga redrive`, `cancel`, `abandon`). */
export const OperatorAttributes = {
  redriveCount: 'redriveCount',
  redrivenAt: 'redrivenAt',
  cancelRequestedAt: 'cancelRequestedAt',
  cancelRequestedBy: 'cancelRequestedBy',
  cancelReason: 'cancelReason',
  abandonedAt: 'abandonedAt',
  abandonedBy: 'abandonedBy',
  abandonReason: 'abandonReason',
} as const;

/**
 * A saga's lifecycle. RUNNING is written by the starter; COMPENSATING by the step runtime; terminal
 * statuses by the state machine, the status recorder (FAILED, TIMED_OUT, CANCELLED when Step Functions
 * ended the execution) and operators (`saga abandon`: ABANDONED).
 */
export const SagaStatus = {
  RUNNING: 'RUNNING',
  COMPENSATING: 'COMPENSATING',
  COMPLETED: 'COMPLETED',
  COMPENSATED: 'COMPENSATED',
  FAILED: 'FAILED',
  TIMED_OUT: 'TIMED_OUT',
  CANCELLED: 'CANCELLED',
  /** A FAILED saga an operator settled by hand (`saga abandon`): who, why and when are on the record. */
  ABANDONED: 'ABANDONED',
} as const;

export type SagaStatus = (typeof SagaStatus)[keyof typeof SagaStatus];

/** Statuses a saga can still leave; a terminal write is accepted only from these (never backwards). */
export const OPEN_STATUSES: readonly SagaStatus[] = [SagaStatus.RUNNING, SagaStatus.COMPENSATING];

/** Statuses that end a saga. */
export const TERMINAL_STATUSES: readonly SagaStatus[] = [
  SagaStatus.COMPLETED,
  SagaStatus.COMPENSATED,
  SagaStatus.FAILED,
  SagaStatus.TIMED_OUT,
  SagaStatus.CANCELLED,
  SagaStatus.ABANDONED,
];

/**
 * The condition of every terminal write: the saga is still open. A late or repeated write can then
 * never move an ended saga (names `#status`; values `:running`, `:compensating`).
 */
export const STILL_OPEN_CONDITION = {
  expression: '#status IN (:running, :compensating)',
  names: { '#status': 'status' },
  values: { ':running': { S: SagaStatus.RUNNING }, ':compensating': { S: SagaStatus.COMPENSATING } },
} as const;

/**
 * The condition under which a write about a redriven execution may move a saga its execution had
 * ended (FAILED, TIMED_OUT, or CANCELLED by Step Functions): the write comes from a redriven
 * execution (`:redriveCount`, the execution's own count, is above 0) and from a later redrive than
 * the record knows. A saga an operator ended (CANCELLED mid-run) is never moved by its first run. Every writer of a
 * redriven saga — its reopening, its end recorded by the status recorder or by the state machine —
 * sets `redriveCount`, so whichever arrives late changes nothing (names `#status`,
 * `#redriveCount`; values `:endedFailed`, `:endedTimedOut`, `:endedCancelled`, `:redriveCount`).
 */
export const LATER_REDRIVE_CONDITION = {
  expression:
    ':redriveCount > :noRedrive AND #status IN (:endedFailed, :endedTimedOut, :endedCancelled) AND (attribute_not_exists(#redriveCount) OR #redriveCount < :redriveCount)',
  names: { '#status': 'status', '#redriveCount': 'redriveCount' },
  values: {
    ':endedFailed': { S: SagaStatus.FAILED },
    ':endedTimedOut': { S: SagaStatus.TIMED_OUT },
    ':endedCancelled': { S: SagaStatus.CANCELLED },
    ':noRedrive': { N: '0' },
  },
} as const;
