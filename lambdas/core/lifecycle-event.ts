import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { sagaFailure } from '../../statemachines/saga-table/saga-failure.ts';
import { SAGA_TABLE, SagaStatus } from '../../statemachines/saga-table/schema.ts';

/** The `source` of every lifecycle event. */
export const LIFECYCLE_EVENT_SOURCE = 'sfn-saga';

/** The `detail-type` of the lifecycle event for each status, e.g. `Saga Completed`. */
export const LIFECYCLE_DETAIL_TYPES: Record<SagaStatus, string> = {
  RUNNING: 'Saga Started',
  COMPENSATING: 'Saga Compensating',
  COMPLETED: 'Saga Completed',
  COMPENSATED: 'Saga Compensated',
  FAILED: 'Saga Failed',
  TIMED_OUT: 'Saga Timed Out',
  CANCELLED: 'Saga Cancelled',
};

/**
 * The `detail` of a lifecycle event (the documented schema other services rely on):
 * - `sagaId`, `sagaType`, `businessKey`, `status`: who and where it stands;
 * - `startedAt`, and `endedAt` once it ended (ISO 8601);
 * - `error`: on COMPENSATED / FAILED / TIMED_OUT, the failure that caused it (`{ error, cause }`);
 * - `failedStep`: on FAILED, the state that could not finish.
 */
export interface SagaLifecycleDetail {
  readonly sagaId: string;
  readonly sagaType: string;
  readonly businessKey: string;
  readonly status: SagaStatus;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly error?: { readonly error: string; readonly cause?: string };
  readonly failedStep?: string;
}

/** One DynamoDB stream record of the saga table, as Lambda delivers it. */
export interface SagaStreamRecord {
  readonly eventName?: string;
  readonly dynamodb?: {
    readonly NewImage?: Record<string, AttributeValue>;
    readonly OldImage?: Record<string, AttributeValue>;
  };
}

/**
 * The lifecycle event a change of the saga item announces, or `undefined` when the status did not
 * change (or the record is not a saga item).
 */
export function lifecycleDetailOf(record: SagaStreamRecord): SagaLifecycleDetail | undefined {
  const { NewImage, OldImage } = record.dynamodb ?? {};
  if (!NewImage) return undefined;
  const next = unmarshall(NewImage);
  const previous = OldImage ? unmarshall(OldImage) : undefined;
  if (next[SAGA_TABLE.sortKey] !== SAGA_TABLE.sagaItemSortKey || next.status === previous?.status)
    return undefined;
  const status = next.status as SagaStatus;
  if (!(status in LIFECYCLE_DETAIL_TYPES)) return undefined;
  const error = errorOf(next);
  return {
    sagaId: String(next[SAGA_TABLE.partitionKey]),
    sagaType: String(next.sagaType),
    businessKey: String(next.businessKey),
    status,
    startedAt: String(next.startedAt),
    ...(typeof next.endedAt === 'string' ? { endedAt: next.endedAt } : {}),
    ...(error ? { error } : {}),
    ...(typeof next.failedStep === 'string' ? { failedStep: next.failedStep } : {}),
  };
}

function errorOf(item: Record<string, unknown>): SagaLifecycleDetail['error'] {
  if (typeof item.error === 'string')
    return { error: item.error, ...(typeof item.cause === 'string' ? { cause: item.cause } : {}) };
  if (item.status !== SagaStatus.COMPENSATED && item.status !== SagaStatus.FAILED) return undefined;
  if (typeof item.state !== 'string') return undefined;
  const [first] = sagaFailure(JSON.parse(item.state)).failures;
  return first ? { error: first.Error, ...(first.Cause ? { cause: first.Cause } : {}) } : undefined;
}
