import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { LIFECYCLE_DETAIL_TYPES, type SagaLifecycleDetail } from '../../contract/lifecycle-events.ts';
import { sagaFailure } from '../../contract/saga-failure.ts';
import { SAGA_TABLE, SagaStatus } from '../../contract/saga-table.ts';
import { StateNames } from '../../contract/state-names.ts';

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
  const { failures, endedWith } = sagaFailure(item);
  const reason = endedWith ?? failures[0];
  return reason ? { error: reason.Error, ...(reason.Cause ? { cause: reason.Cause } : {}) } : undefined;
}

/** Errors `States.ALL` does not catch: they end an execution without its rollback. */
const UNCATCHABLE_ERRORS: readonly string[] = ['States.Runtime', 'States.DataLimitExceeded'];

/**
 * A FAILED saga whose rollback could not finish, which the compensation-failed alarm counts: a
 * compensation failed, or the execution failed with an error no Catch sees (States.Runtime,
 * States.DataLimitExceeded), so nothing was undone. A step after the pivot that failed is FAILED
 * too, but nothing needed undoing: that one is not counted.
 */
export function rollbackCouldNotFinish(detail: SagaLifecycleDetail): boolean {
  if (detail.status !== SagaStatus.FAILED) return false;
  if (detail.failedStep?.startsWith(StateNames.compensation(''))) return true;
  return UNCATCHABLE_ERRORS.includes(detail.error?.error ?? '');
}
