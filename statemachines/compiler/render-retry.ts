import type { RetryPolicy } from '../definition/retry-policy.ts';
import type { Retrier } from './asl.ts';

/**
 * Renders a policy as an ASL `Retry` list: first a retrier that stops the terminal errors at once
 * (`MaxAttempts: 0`), then the policy itself for every other error. A one-attempt policy renders
 * no policy retrier; a step without terminal errors renders no terminal retrier.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error
 */
export function renderRetry(policy: RetryPolicy, terminalErrors: readonly string[]): Retrier[] {
  const retriers: Retrier[] = [];
  if (terminalErrors.length > 0 && policy.maxAttempts > 1) {
    retriers.push({ ErrorEquals: [...terminalErrors], MaxAttempts: 0 });
  }
  if (policy.maxAttempts > 1) retriers.push(renderPolicyRetrier(policy));
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
