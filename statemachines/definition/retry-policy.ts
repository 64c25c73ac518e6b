/**
 * Named, reusable retry policies. A policy counts attempts including the first, so
 * `maxAttempts: 5` means one try and up to four retries (ASL `MaxAttempts: 4`).
 *
 * Step Functions waits whole seconds between attempts (`IntervalSeconds` is an integer ≥ 1), so
 * intervals here are whole seconds too; the brief's sub-second intervals round up to 1 s.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
export type RetryPolicy = ExponentialBackoffPolicy | FixedIntervalPolicy;

/** Waits `initialIntervalSeconds`, then multiplies the wait by `multiplier` up to `maxIntervalSeconds`. */
export interface ExponentialBackoffPolicy {
  readonly kind: 'exponential';
  /** The policy's name, shown in validation errors and diagrams. */
  readonly name: string;
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly initialIntervalSeconds: number;
  readonly maxIntervalSeconds: number;
  readonly multiplier: number;
  /** Full jitter: each wait is a random time between 0 and the computed wait. */
  readonly jitter: boolean;
}

/** Waits the same `intervalSeconds` before every retry. */
export interface FixedIntervalPolicy {
  readonly kind: 'fixed';
  readonly name: string;
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly intervalSeconds: number;
}

/** Builds an exponential backoff policy. */
export function exponentialBackoff(
  name: string,
  options: Omit<ExponentialBackoffPolicy, 'kind' | 'name'>,
): ExponentialBackoffPolicy {
  return { kind: 'exponential', name, ...options };
}

/** Builds a fixed-interval policy. */
export function fixedInterval(
  name: string,
  options: Omit<FixedIntervalPolicy, 'kind' | 'name'>,
): FixedIntervalPolicy {
  return { kind: 'fixed', name, ...options };
}

/** The policies every saga can name. */
export const RetryPolicies = {
  /** 5 attempts, 1 s doubling up to 2 min, with jitter: the default for actions. */
  default: exponentialBackoff('default', {
    maxAttempts: 5,
    initialIntervalSeconds: 1,
    maxIntervalSeconds: 120,
    multiplier: 2,
    jitter: true,
  }),
  /**
   * 10 attempts, 1 s doubling up to 5 min, with jitter: the default for compensations and for
   * steps after a pivot, which must get through. (The brief asks 0.5 s; Step Functions' floor is 1 s.)
   */
  critical: exponentialBackoff('critical', {
    maxAttempts: 10,
    initialIntervalSeconds: 1,
    maxIntervalSeconds: 300,
    multiplier: 2,
    jitter: true,
  }),
  /** 2 attempts, 1 s apart: for calls that should fail fast. (The brief asks 100 ms; Step Functions' floor is 1 s.) */
  fastFail: fixedInterval('fastFail', { maxAttempts: 2, intervalSeconds: 1 }),
  /** One attempt, no retry. */
  none: fixedInterval('none', { maxAttempts: 1, intervalSeconds: 1 }),
} as const satisfies Record<string, RetryPolicy>;
