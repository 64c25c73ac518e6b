import { RECORD_TIMEOUT_SECONDS, retryWaitSeconds, taskWorstCaseSeconds } from './budgets.ts';
import { lambdaServiceRetries } from './lambda-service-retries.ts';
import { RetryPolicies } from './retry-policy.ts';
import type { SagaStep, SagaUnit } from './saga.ts';

/** What the execution's limit is derived from. */
export interface ExecutionBudget {
  /** The saga's deadline: after it, no action that has not started yet runs. */
  readonly deadlineSeconds: number;
  /** The longest a forward unit that started just before the deadline can still take. */
  readonly lastForwardUnitSeconds: number;
  /** The steps after the pivot, which run whatever the deadline says. */
  readonly afterPivotSeconds: number;
  /** Every compensation, each once, at its worst. */
  readonly rollbackSeconds: number;
  /** The terminal record (and its superseded fallback), at its worst. */
  readonly recordSeconds: number;
  /** Their sum: the execution's `TimeoutSeconds`. */
  readonly totalSeconds: number;
}

/**
 * The budget of a saga's execution: its deadline, plus whatever may still run after it — the unit in
 * flight at the deadline, the steps after the pivot, the whole rollback and the record — so Step
 * Functions' own limit can never cut a rollback short.
 */
export function executionBudget(units: readonly SagaUnit[], deadlineSeconds: number): ExecutionBudget {
  const members = (unit: SagaUnit): readonly SagaStep[] => (unit.kind === 'step' ? [unit] : unit.steps);
  const actionSeconds = (step: SagaStep) =>
    taskWorstCaseSeconds(step.retry, step.timeoutSeconds, lambdaServiceRetries(step, step.action));
  const unitSeconds = (unit: SagaUnit) => Math.max(...members(unit).map(actionSeconds));
  const beforePivot = units.filter((unit) => !unit.forwardOnly);
  const afterPivot = units.filter((unit) => unit.forwardOnly);
  const lastForwardUnitSeconds = Math.max(0, ...beforePivot.map(unitSeconds));
  const afterPivotSeconds = afterPivot.reduce((sum, unit) => sum + unitSeconds(unit), 0);
  const rollbackSeconds = units
    .flatMap(members)
    .reduce(
      (sum, step) =>
        sum +
        (step.compensation
          ? taskWorstCaseSeconds(
              step.compensationRetry,
              step.compensationTimeoutSeconds,
              lambdaServiceRetries(step, step.compensation),
            )
          : 0),
      0,
    );
  const oneRecord =
    RetryPolicies.critical.maxAttempts * RECORD_TIMEOUT_SECONDS + retryWaitSeconds(RetryPolicies.critical);
  const recordSeconds = 2 * oneRecord;
  return {
    deadlineSeconds,
    lastForwardUnitSeconds,
    afterPivotSeconds,
    rollbackSeconds,
    recordSeconds,
    totalSeconds:
      deadlineSeconds + lastForwardUnitSeconds + afterPivotSeconds + rollbackSeconds + recordSeconds,
  };
}
