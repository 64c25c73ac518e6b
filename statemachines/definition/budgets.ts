import type { RetryPolicy } from './retry-policy.ts';

/**
 * How long the parts of a saga can take at worst, retries and their waits included: what the
 * execution's own limit is derived from, so Step Functions never stops a saga while it is still
 * rolling back (the saga's deadline starts the rollback instead). Each is an upper bound: full jitter
 * only shortens the waits.
 */

/**
 * The retrier of Lambda's own service errors (throttling, transient faults), as aws-cdk-lib's
 * `LambdaInvoke` renders it: 2 s, doubling, 6 retries.
 */
export const LAMBDA_SERVICE_RETRY = { intervalSeconds: 2, retries: 6, backoffRate: 2 } as const;

/** Seconds a record state (one DynamoDB UpdateItem) may take per attempt before it times out. */
export const RECORD_TIMEOUT_SECONDS = 10;

/** Seconds of waiting between the attempts of a policy, at most. */
export function retryWaitSeconds(policy: RetryPolicy): number {
  const retries = policy.maxAttempts - 1;
  if (policy.kind === 'fixed') return retries * policy.intervalSeconds;
  let total = 0;
  for (let retry = 0; retry < retries; retry += 1) {
    total += Math.min(policy.initialIntervalSeconds * policy.multiplier ** retry, policy.maxIntervalSeconds);
  }
  return total;
}

/** The waits of the Lambda service-error retrier, all of them. */
export function lambdaServiceRetryWaitSeconds(): number {
  let total = 0;
  for (let retry = 0; retry < LAMBDA_SERVICE_RETRY.retries; retry += 1)
    total += LAMBDA_SERVICE_RETRY.intervalSeconds * LAMBDA_SERVICE_RETRY.backoffRate ** retry;
  return total;
}

/**
 * A task at its worst: every attempt the policy (and, for a Lambda task, the service-error retrier)
 * allows runs to its timeout, with every wait between.
 */
export function taskWorstCaseSeconds(
  policy: RetryPolicy,
  timeoutSeconds: number,
  lambdaServiceRetries: boolean,
): number {
  const serviceAttempts = lambdaServiceRetries ? LAMBDA_SERVICE_RETRY.retries : 0;
  const serviceWaits = lambdaServiceRetries ? lambdaServiceRetryWaitSeconds() : 0;
  return (policy.maxAttempts + serviceAttempts) * timeoutSeconds + retryWaitSeconds(policy) + serviceWaits;
}
