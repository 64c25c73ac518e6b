import { RETRYABLE_ERROR_NAME, TERMINAL_ERROR_NAME } from '../../contract/error-names.ts';
import { StateNames } from '../../contract/state-names.ts';
import type { StepPhase } from '../../contract/step-envelope.ts';
import { allSteps, type Saga } from '../../statemachines/definition/saga.ts';
import type { BeforeTask } from '../engine/local-task-handlers.ts';

/**
 * A failure the test environment makes happen, in place of the step's code (a Lambda step's
 * handler is not called; a DynamoDB step's call is not made):
 * - `permanent`: a retryable error on every attempt, so the step's retries run out;
 * - `transient`: a retryable error on the first `attempts` attempts, then the step runs;
 * - `terminal`: `SagaTerminalError`, which skips the retries;
 * - `timeout`: Step Functions' `States.Timeout` (the outcome is unknown) on every attempt, or the
 *   first `attempts`.
 */
export interface InjectedFailure {
  /** The step's name (a group member's own name). */
  readonly step: string;
  /** @default 'action' */
  readonly phase?: StepPhase;
  readonly mode: 'permanent' | 'transient' | 'terminal' | 'timeout';
  /** Attempts that fail (`transient` and `timeout`). @default 1 for transient, every attempt for timeout */
  readonly attempts?: number;
}

/** The error name each mode fails with: what the compiled `Retry` and `Catch` match. */
const ERROR_OF_MODE: Record<InjectedFailure['mode'], string> = {
  permanent: RETRYABLE_ERROR_NAME,
  transient: RETRYABLE_ERROR_NAME,
  terminal: TERMINAL_ERROR_NAME,
  timeout: 'States.Timeout',
};

/** An injected failure as the engine throws it. */
export class InjectedStepFailure extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** A short sentence naming a failure, e.g. `ChargePayment fails terminally`. */
export function describeFailure(failure: InjectedFailure): string {
  const what = failure.phase === 'compensation' ? `${failure.step}'s compensation` : failure.step;
  const how = {
    permanent: 'fails on every attempt',
    transient: `fails ${failure.attempts ?? 1} attempt(s), then succeeds`,
    terminal: 'fails terminally',
    timeout:
      failure.attempts === undefined
        ? 'times out on every attempt'
        : `times out ${failure.attempts} attempt(s)`,
  }[failure.mode];
  return `${what} ${how}`;
}

/**
 * Checks failures against the saga (a step it does not have, a compensation a step does not have)
 * and returns the engine hook that makes them happen, by Task state name and attempt.
 * @throws Error naming the step and what the saga offers
 */
export function failureHook(saga: Saga, failures: readonly InjectedFailure[]): BeforeTask | undefined {
  if (failures.length === 0) return undefined;
  const byState = new Map<string, InjectedFailure>();
  const steps = allSteps(saga);
  for (const failure of failures) {
    const step = steps.find((candidate) => candidate.name === failure.step);
    if (!step) {
      throw new Error(
        `SagaTestEnvironment: fail names step "${failure.step}", which saga ${saga.name} does not have; its steps are ${steps.map((known) => known.name).join(', ')}`,
      );
    }
    if (failure.phase === 'compensation' && !step.compensation) {
      throw new Error(
        `SagaTestEnvironment: fail names the compensation of step "${failure.step}", which has none (it is a pivot, after the pivot, or NO_COMPENSATION)`,
      );
    }
    const state = failure.phase === 'compensation' ? StateNames.compensation(step.name) : step.name;
    byState.set(state, failure);
  }
  return (stateName, attempt) => {
    const failure = byState.get(stateName);
    if (!failure) return;
    const failing = failure.attempts ?? (failure.mode === 'transient' ? 1 : Number.POSITIVE_INFINITY);
    if (attempt >= failing) return;
    throw new InjectedStepFailure(
      ERROR_OF_MODE[failure.mode],
      `injected by SagaTestEnvironment: ${describeFailure(failure)} (attempt ${attempt + 1})`,
    );
  };
}
