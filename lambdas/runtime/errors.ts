import {
  CANCELLED_ERROR_NAME,
  CONFIGURATION_ERROR_NAME,
  DEADLINE_ERROR_NAME,
  OUTPUT_TOO_LARGE_ERROR_NAME,
  RETRYABLE_ERROR_NAME,
  TERMINAL_ERROR_NAME,
} from '../../contract/error-names.ts';

/**
 * The base of every error a saga step throws on purpose. Its `name` is what Step Functions
 * matches in `Retry` and `Catch` (`ErrorEquals`), so each subclass's name is part of the contract
 * with the compiled state machine.
 */
export class SagaError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SagaError';
  }
}

/**
 * A failure worth retrying (a timeout, a throttled dependency). The step's retry policy applies;
 * errors that are not `SagaError`s are treated the same way.
 */
export class SagaRetryableError extends SagaError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = RETRYABLE_ERROR_NAME;
  }
}

/**
 * A failure retrying cannot fix (a declined card, an invalid order). The compiled state machine
 * skips the step's retries and starts the rollback at once.
 */
export class SagaTerminalError extends SagaError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = TERMINAL_ERROR_NAME;
  }
}

/**
 * The saga's deadline passed before this action started: the runtime refuses to run it, and the
 * compiled saga rolls back what completed and records TIMED_OUT.
 */
export class SagaDeadlineExceeded extends SagaError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = DEADLINE_ERROR_NAME;
  }
}

/**
 * An operator asked to cancel the saga (`saga cancel`) before this action started: the runtime
 * refuses to run it, and the compiled saga rolls back what completed and records CANCELLED.
 */
export class SagaCancelled extends SagaError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = CANCELLED_ERROR_NAME;
  }
}

/**
 * The step returned more than its `maxOutputBytes`: the action ran, but its result cannot be carried
 * in the saga state (Step Functions refuses states over 256 KB). Terminal: the step compensates
 * itself and the saga rolls back.
 */
export class SagaOutputTooLarge extends SagaError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = OUTPUT_TOO_LARGE_ERROR_NAME;
  }
}

/**
 * A step that cannot run as deployed: a table name or variable it needs is missing, or it was
 * invoked with something other than the step envelope. Retrying cannot fix it and rolling back
 * would hide it, so the compiled state machine parks the saga as FAILED at this step, with this
 * error's message (which names what is missing and the fix); redrive it once fixed.
 */
export class SagaConfigurationError extends SagaError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = CONFIGURATION_ERROR_NAME;
  }
}
