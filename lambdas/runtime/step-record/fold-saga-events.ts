import type { StoredError } from '../safe-error.ts';
import { type SagaEvent, SagaEventType } from './saga-event.ts';

/** Where a step stands, by its events. */
export type StepStatus = 'succeeded' | 'failed' | 'compensated' | 'compensation-failed';

/** A step's state rebuilt from the saga's events. */
export interface StepState {
  readonly status: StepStatus;
  /** Invocations of the action the log knows of: its highest recorded attempt + 1 (0 if none). */
  readonly attempts: number;
  /** Invocations of the compensation the log knows of (0 if none). */
  readonly compensationAttempts: number;
  /** The action's output, once it succeeded. */
  readonly output?: unknown;
  /** The last failure of the phase the status is about (`failed` or `compensation-failed`). */
  readonly error?: StoredError;
}

interface PhaseFold {
  readonly attempts: number;
  readonly succeeded: boolean;
  readonly output?: unknown;
  readonly lastFailure?: { readonly attempt: number; readonly error: StoredError | undefined };
}

interface StepFold {
  readonly action: PhaseFold;
  readonly compensation: PhaseFold;
}

const EMPTY_PHASE: PhaseFold = { attempts: 0, succeeded: false };

/**
 * Rebuilds every step's state from a saga's events: a pure fold, and one that does not depend on
 * the events' order (a success wins over failures of the same phase, the highest attempt's
 * failure is the last one), so clock skew between the Lambdas that wrote them cannot change it.
 */
export function foldSagaEvents(events: readonly SagaEvent[]): Readonly<Record<string, StepState>> {
  const folds = events.reduce((byStep, event) => {
    const step = byStep.get(event.step) ?? { action: EMPTY_PHASE, compensation: EMPTY_PHASE };
    return byStep.set(event.step, { ...step, [event.phase]: foldPhase(step[event.phase], event) });
  }, new Map<string, StepFold>());
  return Object.fromEntries([...folds].map(([step, fold]) => [step, stepState(fold)]));
}

function foldPhase(phase: PhaseFold, event: SagaEvent): PhaseFold {
  const attempts = Math.max(phase.attempts, event.attempt + 1);
  const succeeded =
    event.type === SagaEventType.stepSucceeded || event.type === SagaEventType.compensationSucceeded;
  if (succeeded) {
    return { ...phase, attempts, succeeded: true, ...('output' in event ? { output: event.output } : {}) };
  }
  const isLater = !phase.lastFailure || event.attempt >= phase.lastFailure.attempt;
  return {
    ...phase,
    attempts,
    ...(isLater ? { lastFailure: { attempt: event.attempt, error: event.error } } : {}),
  };
}

function stepState({ action, compensation }: StepFold): StepState {
  const base = {
    attempts: action.attempts,
    compensationAttempts: compensation.attempts,
    ...(action.succeeded && 'output' in action ? { output: action.output } : {}),
  };
  if (compensation.attempts > 0) {
    if (compensation.succeeded) return { ...base, status: 'compensated' };
    return { ...base, status: 'compensation-failed', ...errorOf(compensation) };
  }
  if (action.succeeded) return { ...base, status: 'succeeded' };
  return { ...base, status: 'failed', ...errorOf(action) };
}

const errorOf = (phase: PhaseFold) => (phase.lastFailure?.error ? { error: phase.lastFailure.error } : {});
