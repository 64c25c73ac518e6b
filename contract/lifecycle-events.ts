import type { SagaStatus } from './saga-table.ts';

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
  ABANDONED: 'Saga Abandoned',
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
