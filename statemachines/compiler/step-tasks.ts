import {
  CANCELLED_ERROR_NAME,
  CONFIGURATION_ERROR_NAME,
  DEADLINE_ERROR_NAME,
  LAMBDA_SERVICE_ERRORS,
  OUTCOME_UNKNOWN_ERRORS,
  OUTPUT_TOO_LARGE_ERROR_NAME,
  ROLLBACK_ERRORS_AFTER_FIX,
} from '../../contract/error-names.ts';
import { StateNames } from '../../contract/state-names.ts';
import { isCancellable } from '../definition/cancellable.ts';
import { lambdaServiceRetries } from '../definition/lambda-service-retries.ts';
import type { SagaStep } from '../definition/saga.ts';
import type { Catcher, TaskState } from './asl.ts';
import { renderRetry } from './render-retry.ts';
import { renderTask } from './render-task.ts';
import type { ResolvedSagaResources } from './resources.ts';

/** Where the failure that starts a rollback lands in the saga state (`null` until then). */
export const FAILURE_PATH = '$.failure';
/** What a rollback's record writes: COMPENSATED, or TIMED_OUT once the deadline started it. */
export const ROLLBACK_STATUS_PATH = '$.rollbackStatus';

/** What the saga adds to every Lambda envelope: its own sensitive keys, if it declares any. */
export interface SagaEnvelope {
  readonly sensitiveKeys: readonly string[];
}

/** Where a task goes next and what it catches. */
export interface TaskPlacement {
  readonly next: string | undefined;
  readonly resultPath: string | null | undefined;
  readonly wrapOutput?: boolean;
  readonly catchers: readonly Catcher[];
}

/**
 * The errors after which an action's own compensation runs, not only the ones before it: its output
 * could not be carried (the action did run), and — when the step opts in — an unknown outcome.
 */
export function selfCompensatingErrors(step: SagaStep): string[] {
  if (!step.compensation) return [];
  return [
    ...(step.action.kind === 'lambda' ? [OUTPUT_TOO_LARGE_ERROR_NAME] : []),
    ...(step.compensateOnTimeout ? OUTCOME_UNKNOWN_ERRORS : []),
  ];
}

/**
 * An action as a Task state. Its `Retry` stops at once for the step's terminal errors, a
 * configuration error, a passed deadline and an oversize output; with `compensateOnTimeout` a
 * timeout is not retried either (its outcome is unknown, so the step undoes itself, whatever later
 * attempts would have said). Lambda service errors have their own retrier unless the step opted out.
 */
export function renderAction(
  step: SagaStep,
  placement: TaskPlacement,
  saga: SagaEnvelope,
  resources: ResolvedSagaResources,
): TaskState {
  const isLambda = step.action.kind === 'lambda';
  const terminalErrors = [
    ...(isLambda ? [CONFIGURATION_ERROR_NAME] : []),
    ...step.terminalErrors,
    ...(isLambda ? [DEADLINE_ERROR_NAME, OUTPUT_TOO_LARGE_ERROR_NAME] : []),
    ...(isCancellable(step) ? [CANCELLED_ERROR_NAME] : []),
    ...(step.compensateOnTimeout ? ['States.Timeout'] : []),
  ];
  return renderTask(
    {
      step: step.name,
      phase: 'action',
      target: step.action,
      retry: renderRetry(step.retry, {
        terminalErrors,
        lambdaServiceRetries: lambdaServiceRetries(step, step.action),
      }),
      timeoutSeconds: step.timeoutSeconds,
      resultPath: placement.resultPath,
      ...(placement.wrapOutput ? { wrapOutput: true } : {}),
      next: placement.next,
      catchers: placement.catchers,
      envelope: {
        maxOutputBytes: step.maxOutputBytes,
        // Only before the pivot does the deadline stop an action: after it, the saga goes forward.
        ...(step.forwardOnly ? {} : { 'deadline.$': '$.saga.deadline' }),
        // …and only before it can an operator's `saga cancel` stop the saga (see `cancelCatcher`).
        ...(isCancellable(step) ? { cancellable: true } : {}),
        ...sensitiveKeysOf(saga),
      },
    },
    resources,
  );
}

/**
 * A step's compensation as a Task state, going on to `next`. No `Catch`: a compensation that cannot
 * finish fails the execution in this very state, which parks the saga as FAILED (the status recorder
 * writes it) and is where a redrive resumes the rollback once the cause is fixed.
 */
export function renderCompensation(
  step: SagaStep,
  next: string,
  saga: SagaEnvelope,
  resources: ResolvedSagaResources,
): TaskState {
  if (!step.compensation) throw new Error(`Step ${step.name} has no compensation to render`);
  const isLambda = step.compensation.kind === 'lambda';
  return renderTask(
    {
      step: step.name,
      phase: 'compensation',
      target: step.compensation,
      retry: renderRetry(step.compensationRetry, {
        terminalErrors: [...(isLambda ? [CONFIGURATION_ERROR_NAME] : []), ...step.compensationTerminalErrors],
        lambdaServiceRetries: lambdaServiceRetries(step, step.compensation),
      }),
      timeoutSeconds: step.compensationTimeoutSeconds,
      resultPath: null,
      next,
      catchers: [],
      envelope: sensitiveKeysOf(saga),
    },
    resources,
  );
}

/** Sends a `SagaConfigurationError` to the copy of the action that fails the execution in place. */
export function configurationCatcher(step: SagaStep): Catcher[] {
  return step.action.kind === 'lambda'
    ? [
        {
          ErrorEquals: [CONFIGURATION_ERROR_NAME],
          ResultPath: FAILURE_PATH,
          Next: StateNames.afterFix(step.name),
        },
      ]
    : [];
}

/** Sends a passed deadline to the state that marks the rollback TIMED_OUT. */
export function deadlineCatcher(step: SagaStep, deadlineState: string): Catcher[] {
  return step.action.kind === 'lambda' && !step.forwardOnly
    ? [{ ErrorEquals: [DEADLINE_ERROR_NAME], ResultPath: FAILURE_PATH, Next: deadlineState }]
    : [];
}

/** Sends an operator's cancel (`SagaCancelled`) to the state that marks the rollback CANCELLED. */
export function cancelCatcher(step: SagaStep, cancelledState: string): Catcher[] {
  return isCancellable(step)
    ? [{ ErrorEquals: [CANCELLED_ERROR_NAME], ResultPath: FAILURE_PATH, Next: cancelledState }]
    : [];
}

/**
 * Every other failure: the rollback (or, for an action that undoes itself, its own compensation).
 * In the copy after a configuration error (`afterFix`), only the errors a step normally fails with
 * roll back: a catch-all there would catch the configuration error again.
 */
export function failureCatchers(step: SagaStep, rollbackEntry: string, afterFix = false): Catcher[] {
  const self = selfCompensatingErrors(step);
  const rollbackOn = afterFix
    ? [...new Set([...step.terminalErrors, ...ROLLBACK_ERRORS_AFTER_FIX, ...LAMBDA_SERVICE_ERRORS])].filter(
        (error) => !self.includes(error),
      )
    : ['States.ALL'];
  return [
    ...(self.length > 0
      ? [{ ErrorEquals: self, ResultPath: FAILURE_PATH, Next: StateNames.compensation(step.name) }]
      : []),
    { ErrorEquals: rollbackOn, ResultPath: FAILURE_PATH, Next: rollbackEntry },
  ];
}

/** The Pass that marks a rollback started by the deadline: its record will say TIMED_OUT. */
export function deadlinePassState(unit: string, next: string) {
  return {
    Type: 'Pass' as const,
    Comment: `The saga's deadline passed before ${unit} could start: roll back, then record TIMED_OUT`,
    Result: 'TIMED_OUT',
    ResultPath: ROLLBACK_STATUS_PATH,
    Next: next,
  };
}

/** The Pass that marks a rollback an operator's `saga cancel` started: its record will say CANCELLED. */
export function cancelledPassState(unit: string, next: string) {
  return {
    Type: 'Pass' as const,
    Comment: `An operator cancelled the saga before ${unit} could start: roll back, then record CANCELLED`,
    Result: 'CANCELLED',
    ResultPath: ROLLBACK_STATUS_PATH,
    Next: next,
  };
}

function sensitiveKeysOf(saga: SagaEnvelope): Record<string, unknown> {
  return saga.sensitiveKeys.length > 0 ? { sensitiveKeys: [...saga.sensitiveKeys] } : {};
}
