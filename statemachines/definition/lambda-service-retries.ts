import type { TaskTarget } from './task-target.ts';

/** Whether a task retries the Lambda service's own errors: Lambda targets, unless the step opted out. */
export function lambdaServiceRetries(
  step: { readonly retryLambdaServiceErrors: boolean },
  target: TaskTarget,
): boolean {
  return target.kind === 'lambda' && step.retryLambdaServiceErrors;
}
