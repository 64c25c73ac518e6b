import type { Logger } from '@aws-lambda-powertools/logger';
import type { Redactor } from '../../shared/powertools/redaction.ts';
import type { StepRequest } from './request-state.ts';

const PERSISTED_OUTPUT_KEY = 'sfnSaga.persistedOutput';

/**
 * The step's output as it may be persisted — in the idempotency record and in the event log —
 * with sensitive values redacted by the same rules as log lines. Computed once per invocation,
 * on first use, and shared by both. When something had to be redacted, a warning says so: the
 * state machine still gets the output in clear, but a replay of this step (a duplicate
 * invocation) returns the redacted copy, so a step should return tokens and references, never
 * card numbers or secrets.
 */
export function persistedOutputOf(request: StepRequest, redactor: Redactor, logger: Logger): unknown {
  const internal = request.internal as Record<string, unknown>;
  if (PERSISTED_OUTPUT_KEY in internal) return internal[PERSISTED_OUTPUT_KEY];
  const { value, redactions } = redactor.redactValueCounting(request.response);
  if (redactions > 0) {
    logger.warn(
      `The step's output holds ${redactions} sensitive value(s): the event log and the idempotency record keep them redacted, and a replay of this step returns them redacted. Return a token or a reference instead.`,
    );
  }
  internal[PERSISTED_OUTPUT_KEY] = value;
  return value;
}
