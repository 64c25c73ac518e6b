import type { RetryPolicy } from '../definition/retry-policy.ts';

/** A problem found in a retry policy: the field inside the policy, what is wrong and the fix. */
export interface RetryPolicyProblem {
  readonly field: string;
  readonly given: unknown;
  readonly problem: string;
  readonly fix: string;
}

/** Attempts above this are a mistake rather than a policy (a day of 1-second retries is 86,400). */
export const MAX_RETRY_ATTEMPTS = 1000;

/** Step Functions' ceiling on `MaxDelaySeconds` and `IntervalSeconds`. */
export const MAX_RETRY_INTERVAL_SECONDS = 31_622_400;

const wholeSeconds = (value: unknown): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_RETRY_INTERVAL_SECONDS;

/** Checks a policy against what Step Functions accepts and what makes sense. */
export function checkRetryPolicy(policy: RetryPolicy): RetryPolicyProblem[] {
  const problems: RetryPolicyProblem[] = [];
  const { maxAttempts } = policy;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > MAX_RETRY_ATTEMPTS) {
    problems.push({
      field: 'maxAttempts',
      given: maxAttempts,
      problem: `must be a whole number of attempts from 1 to ${MAX_RETRY_ATTEMPTS}, the first attempt included`,
      fix: 'use e.g. 5 (one try and four retries), or 1 for no retry',
    });
  }
  if (policy.kind === 'fixed') {
    if (!wholeSeconds(policy.intervalSeconds)) {
      problems.push({
        field: 'intervalSeconds',
        given: policy.intervalSeconds,
        problem: 'must be whole seconds of at least 1 (Step Functions cannot wait less between retries)',
        fix: 'use 1 or more',
      });
    }
    return problems;
  }
  for (const field of ['initialIntervalSeconds', 'maxIntervalSeconds'] as const) {
    if (!wholeSeconds(policy[field])) {
      problems.push({
        field,
        given: policy[field],
        problem: 'must be whole seconds of at least 1 (Step Functions cannot wait less between retries)',
        fix: 'use 1 or more',
      });
    }
  }
  if (policy.maxIntervalSeconds < policy.initialIntervalSeconds) {
    problems.push({
      field: 'maxIntervalSeconds',
      given: policy.maxIntervalSeconds,
      problem: `is shorter than initialIntervalSeconds (${policy.initialIntervalSeconds})`,
      fix: 'make maxIntervalSeconds at least initialIntervalSeconds',
    });
  }
  if (typeof policy.multiplier !== 'number' || !(policy.multiplier >= 1) || policy.multiplier > 10) {
    problems.push({
      field: 'multiplier',
      given: policy.multiplier,
      problem: 'must be from 1 (constant waits) to 10',
      fix: 'use 2 to double the wait each retry',
    });
  }
  return problems;
}
