import { boundedErrorTypes, errorTypeOf } from '../../contract/failure-reasons.ts';
import type { SagaLifecycleDetail } from '../../contract/lifecycle-events.ts';
import { SagaStatus, TERMINAL_STATUSES } from '../../contract/saga-table.ts';

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
 * The failure reason a saga's end reports: its `ErrorType` when it ended other than COMPLETED
 * (rolled back, failed, timed out, cancelled), `undefined` for a completed or still open saga.
 */
export function failureReasonOf(
  detail: SagaLifecycleDetail,
  errorTypes: ReadonlySet<string>,
): string | undefined {
  if (detail.status === SagaStatus.COMPLETED || !TERMINAL_STATUSES.includes(detail.status)) return undefined;
  return errorTypeOf(detail.error?.error, errorTypes);
}
