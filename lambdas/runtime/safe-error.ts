import { RETRYABLE_ERROR_NAME, TERMINAL_ERROR_NAME } from '../../contract/error-names.ts';
import type { Redactor } from '../shared/powertools/redaction.ts';

/**
 * Longest error message a step hands to Step Functions (it lands in `$.failure.Cause`, in the saga
 * record and in the step event): long enough for any useful message, short enough to never
 * crowd the 256 KB state.
 */
export const MAX_ERROR_MESSAGE_LENGTH = 1_024;

/** Powertools' error for an idempotency key called again with a different payload (`input`). */
const IDEMPOTENCY_VALIDATION_ERROR = 'IdempotencyValidationError';

/** An error as it may be stored: its name (what `Retry`/`Catch` match) and a redacted message. */
export interface StoredError {
  readonly name: string;
  readonly message: string;
}

/**
 * What an error thrown by a step may say outside the function: the same `name` (so the compiled
 * `Retry`/`Catch` still match it: unknown errors stay retryable, `SagaTerminalError` stays terminal),
 * the message with secrets redacted and cut to {@link MAX_ERROR_MESSAGE_LENGTH}. A thrown value
 * that is not an `Error` becomes a `SagaRetryableError`. A payload mismatch on the idempotency
 * key becomes terminal: retrying the same changed input cannot succeed.
 */
export function toStoredError(error: unknown, redactor: Redactor): StoredError {
  if (!(error instanceof Error)) {
    return { name: RETRYABLE_ERROR_NAME, message: clip(redactor.redactText(String(error))) };
  }
  const message = clip(redactor.redactText(error.message));
  if (error.name === IDEMPOTENCY_VALIDATION_ERROR) {
    return {
      name: TERMINAL_ERROR_NAME,
      message: `${IDEMPOTENCY_VALIDATION_ERROR}: this saga step was invoked again with a different saga input (${message})`,
    };
  }
  return { name: error.name || 'Error', message };
}

/**
 * The error the function throws in place of `error`: {@link toStoredError}'s name and message and
 * a stack of one line without frames, since Lambda turns the stack into the error's `trace`,
 * which Step Functions stores in `Cause`. The original stays in `cause` for in-process callers.
 */
export function toSafeError(error: unknown, redactor: Redactor): Error {
  const stored = toStoredError(error, redactor);
  const safe = new Error(stored.message, { cause: error });
  safe.name = stored.name;
  safe.stack = `${stored.name}: ${stored.message}`;
  return safe;
}

function clip(message: string): string {
  return message.length > MAX_ERROR_MESSAGE_LENGTH
    ? `${message.slice(0, MAX_ERROR_MESSAGE_LENGTH)}…`
    : message;
}

/**
 * The error as logs and traces may show it: name, redacted message and the stack frames (the
 * stack's text redacted too). It never leaves the function's own telemetry.
 */
export function toTracedError(error: unknown, redactor: Redactor): Error {
  const stored = toStoredError(error, redactor);
  const traced = new Error(stored.message);
  traced.name = stored.name;
  const stack = error instanceof Error ? error.stack : undefined;
  traced.stack = stack ? redactor.redactText(stack) : `${stored.name}: ${stored.message}`;
  return traced;
}
