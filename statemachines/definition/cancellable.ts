import type { SagaStep } from './saga.ts';

/**
 * Whether an operator's `saga cancel` can stop the saga at this step: the step runtime checks for a
 * cancel request before the action runs. A Lambda action before the pivot only — after it the saga
 * can only go forward, and a direct service call has no runtime to ask, so a cancel takes effect at
 * the next Lambda step.
 */
export function isCancellable(step: SagaStep): boolean {
  return step.action.kind === 'lambda' && !step.forwardOnly;
}
