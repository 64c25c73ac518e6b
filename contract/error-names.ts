/**
 * The error names the compiled state machine matches in `Retry` and `Catch` (`ErrorEquals`) and the
 * step runtime gives its errors: each is part of the contract between the two.
 */

/** A failure retrying cannot fix: it skips the step's retries and starts the rollback at once. */
export const TERMINAL_ERROR_NAME = 'SagaTerminalError';

/** A failure worth retrying: the step's retry policy applies (as to any error not named here). */
export const RETRYABLE_ERROR_NAME = 'SagaRetryableError';

/**
 * A step that cannot run as deployed (a missing table name, an envelope it cannot read): never
 * retried, never a reason to roll back. The saga is parked as FAILED at that step so a person fixes
 * the configuration and redrives it.
 */
export const CONFIGURATION_ERROR_NAME = 'SagaConfigurationError';

/**
 * Errors after which an action's outcome is unknown, so a step with `compensateOnTimeout` undoes
 * itself too: Step Functions' task timeout, and the step runtime's refusal of a retry while the
 * timed-out attempt still holds the step's idempotency lock (it may still be charging).
 */
export const OUTCOME_UNKNOWN_ERRORS = ['States.Timeout', 'IdempotencyAlreadyInProgressError'] as const;

/** The error of a failed execution: a saga that needs a person. */
export const SAGA_FAILED_ERROR = 'SagaFailed';
