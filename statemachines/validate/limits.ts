import { STEP_FUNCTIONS_LIMITS } from '../definition/defaults.ts';
import { allSteps, type Saga, type SagaStep } from '../definition/saga.ts';
import type { SagaDefinitionProblem } from './saga-definition-error.ts';

/**
 * History events one Task state can add per attempt (TaskScheduled, TaskStarted, and
 * TaskSucceeded / TaskFailed / TaskTimedOut), plus the two for entering and leaving the state.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
 */
const EVENTS_PER_TASK_ATTEMPT = 3;
const EVENTS_PER_STATE = 2;
/** Execution started/ended, the terminal record, a Parallel's own events and a Choice per group member: a generous fixed allowance. */
const EVENTS_OVERHEAD_PER_STEP = 6;
const EVENTS_OVERHEAD_PER_SAGA = 10;
/** Keys and separators the saga state adds around the input and step outputs. */
const ENVELOPE_BYTES = 1_024;

/**
 * Upper bound of the history events of one execution: every action and every compensation
 * entered once (each state runs at most once per execution) with all its attempts spent.
 */
export function worstCaseHistoryEvents(saga: Saga): number {
  return EVENTS_OVERHEAD_PER_SAGA + allSteps(saga).reduce((sum, step) => sum + worstCaseStepEvents(step), 0);
}

function worstCaseStepEvents(step: SagaStep): number {
  const action = EVENTS_PER_STATE + EVENTS_PER_TASK_ATTEMPT * step.retry.maxAttempts;
  const compensation = step.compensation
    ? EVENTS_PER_STATE + EVENTS_PER_TASK_ATTEMPT * step.compensationRetry.maxAttempts
    : 0;
  return action + compensation + EVENTS_OVERHEAD_PER_STEP;
}

/** Largest saga state: the input plus every step's declared largest output. */
export function worstCasePayloadBytes(saga: Saga): number {
  return (
    ENVELOPE_BYTES + saga.maxInputBytes + allSteps(saga).reduce((sum, step) => sum + step.maxOutputBytes, 0)
  );
}

/** Checks a resolved saga against Step Functions' history and payload quotas. */
export function checkSagaLimits(saga: Saga): SagaDefinitionProblem[] {
  const problems: SagaDefinitionProblem[] = [];
  const events = worstCaseHistoryEvents(saga);
  if (events > STEP_FUNCTIONS_LIMITS.historyEvents) {
    const heaviest = allSteps(saga).reduce((a, b) =>
      worstCaseStepEvents(b) > worstCaseStepEvents(a) ? b : a,
    );
    problems.push({
      saga: saga.name,
      step: heaviest.name,
      field: 'retry.maxAttempts',
      given: heaviest.retry.maxAttempts,
      problem: `the saga's worst case writes ${events} history events, over Step Functions' ${STEP_FUNCTIONS_LIMITS.historyEvents}; this step adds the most (${worstCaseStepEvents(heaviest)})`,
      fix: 'lower maxAttempts of the largest retry policies, or split the saga into a parent and child sagas',
    });
  }
  const bytes = worstCasePayloadBytes(saga);
  if (bytes > STEP_FUNCTIONS_LIMITS.payloadBytes) {
    problems.push({
      saga: saga.name,
      field: 'maxOutputBytes',
      given: bytes,
      problem: `input and step outputs may reach ${bytes} bytes, over Step Functions' ${STEP_FUNCTIONS_LIMITS.payloadBytes}-byte payload`,
      fix: 'return references (ids, S3 keys) instead of documents, and lower maxOutputBytes / maxInputBytes',
    });
  }
  return problems;
}
