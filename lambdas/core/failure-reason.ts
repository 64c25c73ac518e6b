import { boundedErrorTypes, errorTypeOf } from '../../contract/failure-reasons.ts';
import type { SagaLifecycleDetail } from '../../contract/lifecycle-events.ts';
import { SagaStatus } from '../../contract/saga-table.ts';

/**
 * The ends that report a failure reason: a saga rolled back, failed, timed out or cancelled. Not
 * COMPLETED, and not ABANDONED: an abandoned saga was counted when it failed, and an operator
 * settling it is no new failure.
 */
const UNSUCCESSFUL_ENDS: readonly SagaStatus[] = [
  SagaStatus.COMPENSATED,
  SagaStatus.FAILED,
  SagaStatus.TIMED_OUT,
  SagaStatus.CANCELLED,
];

/**
 * The `ErrorType` values of a saga, from the declared error names the construct passes as a JSON
 * array (`SAGA_ERROR_TYPES`); without them, or if they cannot be read, the fixed values only.
 */
export function errorTypesFrom(declaredJson: string | undefined): ReadonlySet<string> {
  let declared: unknown = [];
  try {
    declared = JSON.parse(declaredJson ?? '[]');
  } catch {
    // Unreadable: the saga's own names count as Other, the fixed values still apply.
  }
  const names = Array.isArray(declared) ? declared.filter((name) => typeof name === 'string') : [];
  return new Set(boundedErrorTypes(names));
}

/**
 * The failure reason a saga's end reports: its `ErrorType` when it rolled back, failed, timed out or
 * was cancelled; `undefined` for a completed, abandoned or still open saga.
 */
export function failureReasonOf(
  detail: SagaLifecycleDetail,
  errorTypes: ReadonlySet<string>,
): string | undefined {
  if (!UNSUCCESSFUL_ENDS.includes(detail.status)) return undefined;
  return errorTypeOf(detail.error?.error, errorTypes);
}
