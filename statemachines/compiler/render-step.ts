import { CONFIGURATION_ERROR_NAME, OUTCOME_UNKNOWN_ERRORS } from '../../contract/error-names.ts';
import { SagaStatus } from '../../contract/saga-table.ts';
import { StateNames } from '../../contract/state-names.ts';
import type { SagaStep } from '../definition/saga.ts';
import type { Catcher } from './asl.ts';
import { emptyFragment, type Fragment } from './fragment.ts';
import { renderFailState, renderRecordState } from './render-record.ts';
import { renderTask } from './render-task.ts';
import type { ResolvedSagaResources } from './resources.ts';

/** Where the failure of a forward task lands in the saga state. */
export const FAILURE_PATH = '$.failure';
/** Where the failure of a compensation lands in the saga state. */
export const COMPENSATION_FAILURE_PATH = '$.compensationFailure';

/**
 * A plain step: its action, its compensation (whose `Next` is the rollback entry it was given, so
 * compensations chain last-completed-first), and the FAILED record of whatever may not finish.
 */
export function renderStep(
  step: SagaStep,
  next: string,
  rollbackEntry: string,
  resources: ResolvedSagaResources,
): Fragment {
  const fragment = emptyFragment(rollbackEntry);
  const parksOnConfiguration = step.action.kind === 'lambda' && !step.forwardOnly;
  const catchers: Catcher[] = step.forwardOnly
    ? [catchAll(StateNames.recordFailed(step.name), FAILURE_PATH)]
    : [
        // A step that cannot run as configured parks the saga as FAILED: no rollback hides it.
        ...(parksOnConfiguration ? [configurationCatcher(step.name)] : []),
        ...(step.compensateOnTimeout
          ? [
              {
                ErrorEquals: [...OUTCOME_UNKNOWN_ERRORS],
                ResultPath: FAILURE_PATH,
                Next: StateNames.compensation(step.name),
              },
            ]
          : []),
        catchAll(rollbackEntry, FAILURE_PATH),
      ];
  fragment.forward[step.name] = renderTask(
    {
      step: step.name,
      phase: 'action',
      target: step.action,
      retry: step.retry,
      terminalErrors: step.terminalErrors,
      timeoutSeconds: step.timeoutSeconds,
      resultPath: `$.steps.${step.name}`,
      next,
      catchers,
    },
    resources,
  );
  if (step.forwardOnly || parksOnConfiguration)
    Object.assign(fragment.terminal, renderFailedEnd(step.name, resources));
  if (!step.compensation) return fragment;

  const compensationName = StateNames.compensation(step.name);
  fragment.compensation[compensationName] = renderCompensation(step, rollbackEntry, resources);
  Object.assign(fragment.terminal, renderFailedEnd(compensationName, resources));
  return { ...fragment, rollbackEntry: compensationName };
}

/** The compensation of a step; it continues to `next` (the compensation of the unit before). */
export function renderCompensation(step: SagaStep, next: string, resources: ResolvedSagaResources) {
  if (!step.compensation) throw new Error(`Step ${step.name} has no compensation to render`);
  const compensationName = StateNames.compensation(step.name);
  return renderTask(
    {
      step: step.name,
      phase: 'compensation',
      target: step.compensation,
      retry: step.compensationRetry,
      terminalErrors: step.compensationTerminalErrors,
      timeoutSeconds: step.compensationTimeoutSeconds,
      resultPath: null,
      next,
      catchers: [catchAll(StateNames.recordFailed(compensationName), COMPENSATION_FAILURE_PATH)],
    },
    resources,
  );
}

/** The FAILED record and Fail state for a state that could not finish. */
export function renderFailedEnd(failedState: string, resources: ResolvedSagaResources) {
  return {
    [StateNames.recordFailed(failedState)]: renderRecordState(SagaStatus.FAILED, resources, failedState),
    [StateNames.failed(failedState)]: renderFailState(failedState),
  };
}

/** Sends a `SagaConfigurationError` to the FAILED record of `failedState`, with the failure at `$.failure`. */
export function configurationCatcher(failedState: string): Catcher {
  return {
    ErrorEquals: [CONFIGURATION_ERROR_NAME],
    ResultPath: FAILURE_PATH,
    Next: StateNames.recordFailed(failedState),
  };
}

export function catchAll(next: string, resultPath: string): Catcher {
  return { ErrorEquals: ['States.ALL'], ResultPath: resultPath, Next: next };
}
