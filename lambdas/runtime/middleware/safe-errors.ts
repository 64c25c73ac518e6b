import type { MiddlewareObj } from '@middy/core';
import type { Redactor } from '../../shared/powertools/redaction.ts';
import { toSafeError } from '../safe-error.ts';
import type { StepRequest } from './request-state.ts';

/**
 * Replaces whatever the invocation throws with an error safe to hand to Step Functions (same
 * name, redacted message, no stack frames: see `toSafeError`). Register it right after
 * Powertools' middlewares: its `onError` then runs after every inner one, which still see the
 * original error.
 */
export function safeErrors(options: { readonly redactor: Redactor }): MiddlewareObj {
  const safeErrorsOnError = (request: StepRequest) => {
    request.error = toSafeError(request.error, options.redactor);
  };
  return { onError: safeErrorsOnError };
}
