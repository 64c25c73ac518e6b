import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { SAGA_TABLE } from '../../../contract/saga-table.ts';
import type { StepPhase } from '../../../contract/step-envelope.ts';
import type { StoredError } from '../safe-error.ts';

/** What happened to a step, one event per outcome of one invocation. */
export const SagaEventType = {
  stepSucceeded: 'step.succeeded',
  stepFailed: 'step.failed',
  compensationSucceeded: 'compensation.succeeded',
  compensationFailed: 'compensation.failed',
} as const;

export type SagaEventType = (typeof SagaEventType)[keyof typeof SagaEventType];

/**
 * One outcome of one step invocation, stored as its own small item in the saga's partition of
 * the saga table (`sagaId` = the saga id, `sk` = {@link eventSortKey}). Items are only ever added:
 * the log of a saga is append-only.
 */
export interface SagaEvent {
  readonly sagaId: string;
  readonly type: SagaEventType;
  readonly step: string;
  readonly phase: StepPhase;
  /** Step Functions' retry count of the invocation that produced the outcome (0 = first). */
  readonly attempt: number;
  /** ISO time the outcome was known. */
  readonly time: string;
  /** The X-Ray trace id (`Root=` of `_X_AMZN_TRACE_ID`) of the invocation, when traced. */
  readonly traceId?: string;
  /** The step's output, on `step.succeeded`. */
  readonly output?: unknown;
  /** What failed, redacted, on `*.failed`. */
  readonly error?: StoredError;
  /**
   * TTL (epoch seconds): an upper bound from the write (`eventExpiresAt`), replaced by the saga item's
   * once the saga has ended (`expireSagaEvents`).
   */
  readonly expiresAt?: number;
}

/** The prefix of every event's sort key; the saga item's sort key (`SAGA`) sorts after it. */
export const EVENT_SORT_KEY_PREFIX = 'EVENT#';

/** Digits the attempt is padded to in the sort key, so attempts sort as numbers. */
const ATTEMPT_DIGITS = 4;

/**
 * `EVENT#<ISO time>#<step>#<phase>#<attempt>`: events sort by time (ISO-8601 with milliseconds
 * sorts as text), then step, phase and attempt; the same invocation's outcome always gets the same
 * key, so a repeated write collides instead of adding a second item.
 */
export function eventSortKey(event: Pick<SagaEvent, 'time' | 'step' | 'phase' | 'attempt'>): string {
  const attempt = String(event.attempt).padStart(ATTEMPT_DIGITS, '0');
  return `${EVENT_SORT_KEY_PREFIX}${event.time}#${event.step}#${event.phase}#${attempt}`;
}

/** The event type of an outcome in a phase. */
export function eventTypeOf(phase: StepPhase, succeeded: boolean): SagaEventType {
  if (phase === 'action') return succeeded ? SagaEventType.stepSucceeded : SagaEventType.stepFailed;
  return succeeded ? SagaEventType.compensationSucceeded : SagaEventType.compensationFailed;
}

/** The event as a DynamoDB item; the output is kept as JSON text so any JSON value round-trips. */
export function toEventItem(event: SagaEvent): Record<string, AttributeValue> {
  const { sagaId, output, ...rest } = event;
  return {
    [SAGA_TABLE.partitionKey]: { S: sagaId },
    [SAGA_TABLE.sortKey]: { S: eventSortKey(event) },
    ...marshall(rest, { removeUndefinedValues: true }),
    ...(output === undefined ? {} : { output: { S: JSON.stringify(output) } }),
  };
}

/** An event item read back from the table. */
export function fromEventItem(item: Record<string, AttributeValue>): SagaEvent {
  const { [SAGA_TABLE.partitionKey]: sagaId, [SAGA_TABLE.sortKey]: _sk, output, ...rest } = unmarshall(item);
  return {
    ...(rest as Omit<SagaEvent, 'sagaId' | 'output'>),
    sagaId: String(sagaId),
    ...(typeof output === 'string' ? { output: JSON.parse(output) } : {}),
  };
}
