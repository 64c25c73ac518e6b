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

/**
 * A step that started after the saga's deadline (`timeoutSeconds` from its start): terminal, and the
 * rollback it starts ends with the saga TIMED_OUT instead of COMPENSATED.
 */
export const DEADLINE_ERROR_NAME = 'SagaDeadlineExceeded';

/**
 * A step that was about to start after an operator asked to cancel the saga (`saga cancel`):
 * terminal, and the rollback it starts ends with the saga CANCELLED instead of COMPENSATED.
 */
export const CANCELLED_ERROR_NAME = 'SagaCancelled';

/**
 * A step whose output is larger than its declared `maxOutputBytes`: the action ran, but its result
 * cannot be carried in the saga state, so it is terminal and the step compensates itself.
 */
export const OUTPUT_TOO_LARGE_ERROR_NAME = 'SagaOutputTooLarge';

/**
 * The errors a step normally fails with — the runtime's own, the Lambda service's and runtime's, and
 * JavaScript's common ones — which the copy of a step that follows a configuration error rolls back
 * on. Any other error, and a configuration error again, fails the execution in that copy (FAILED,
 * redrivable), since a catch-all would also catch the configuration error it is there to let through.
 */
export const ROLLBACK_ERRORS_AFTER_FIX = [
  RETRYABLE_ERROR_NAME,
  'IdempotencyAlreadyInProgressError',
  'States.Timeout',
  'States.HeartbeatTimeout',
  'Lambda.Unknown',
  'Sandbox.Timedout',
  'Runtime.ExitError',
  'Runtime.Unknown',
  'Error',
  'TypeError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'AbortError',
  'TimeoutError',
] as const;

/**
 * Errors of the Lambda service itself (throttling, a transient service fault): retried on every Lambda
 * task unless the step opts out, as aws-cdk-lib's `LambdaInvoke` does.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;
