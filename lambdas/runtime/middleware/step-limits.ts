import type { MiddlewareObj } from '@middy/core';
import { SagaDeadlineExceeded } from '../errors.ts';
import { type StepRequest, stepEventOf } from './request-state.ts';

/**
 * Refuses an action the saga's deadline has passed for (`SagaDeadlineExceeded`, before the step's
 * code runs, so nothing happened): the compiled saga then rolls back and records TIMED_OUT. Only
 * actions before the pivot carry a deadline; compensations always run. Register it inside the idempotency
 * middleware: a retry of a step that succeeded in time replays its result instead.
 */
export function stepLimits(options: { readonly clock: () => Date }): MiddlewareObj {
  const stepLimitsBefore = (request: StepRequest) => {
    const event = stepEventOf(request);
    if (!event?.deadline || event.phase !== 'action') return;
    const now = options.clock();
    if (now.getTime() <= Date.parse(event.deadline)) return;
    throw new SagaDeadlineExceeded(
      `The saga's deadline (${event.deadline}) passed before ${event.step} could start (${now.toISOString()}): rolling back`,
    );
  };
  return { before: stepLimitsBefore };
}
