import { LAMBDA_SERVICE_ERRORS } from '../../contract/error-names.ts';
import { LAMBDA_SERVICE_RETRY } from '../definition/budgets.ts';
import type { RetryPolicy } from '../definition/retry-policy.ts';
import type { Retrier } from './asl.ts';

/** What besides the policy shapes a task's `Retry`. */
export interface RetryOptions {
  /** Error names that stop at once, whatever the policy says. */
  readonly terminalErrors: readonly string[];
  /** Retry the Lambda service's own errors with their own retrier (Lambda targets). */
  readonly lambdaServiceRetries: boolean;
}

/**
 * Renders a policy as an ASL `Retry` list, in the order Step Functions matches it: first a retrier
 * that stops the terminal errors at once (`MaxAttempts: 0`), then the Lambda service errors' own
 * retrier, then the policy for every other error. A one-attempt policy renders no policy retrier
 * (and so needs no terminal one).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error
 */
export function renderRetry(policy: RetryPolicy, options: RetryOptions): Retrier[] {
  const retriers: Retrier[] = [];
  const retriesPolicy = policy.maxAttempts > 1;
  if (options.terminalErrors.length > 0 && retriesPolicy) {
    retriers.push({ ErrorEquals: [...options.terminalErrors], MaxAttempts: 0 });
  }
  if (options.lambdaServiceRetries) {
    retriers.push({
      ErrorEquals: [...LAMBDA_SERVICE_ERRORS],
      IntervalSeconds: LAMBDA_SERVICE_RETRY.intervalSeconds,
      MaxAttempts: LAMBDA_SERVICE_RETRY.retries,
      BackoffRate: LAMBDA_SERVICE_RETRY.backoffRate,
    });
  }
  if (retriesPolicy) retriers.push(renderPolicyRetrier(policy));
  return retriers;
}

function renderPolicyRetrier(policy: RetryPolicy): Retrier {
  const retries = policy.maxAttempts - 1;
  if (policy.kind === 'fixed') {
    return {
      ErrorEquals: ['States.ALL'],
      IntervalSeconds: policy.intervalSeconds,
      MaxAttempts: retries,
      BackoffRate: 1,
    };
  }
  return {
    ErrorEquals: ['States.ALL'],
    IntervalSeconds: policy.initialIntervalSeconds,
    MaxAttempts: retries,
    BackoffRate: policy.multiplier,
    MaxDelaySeconds: policy.maxIntervalSeconds,
    JitterStrategy: policy.jitter ? 'FULL' : 'NONE',
  };
}
