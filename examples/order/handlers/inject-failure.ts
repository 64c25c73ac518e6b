import type { Context } from 'aws-lambda';
import { SagaRetryableError, SagaTerminalError } from '../../../lambdas/runtime/errors.ts';
import type { SagaStepEvent } from '../../../lambdas/runtime/step-event.ts';
import { FAILURE_INJECTION_ON, FAILURE_INJECTION_VARIABLE, type Order } from '../order.ts';

/** Margin past the step's deadline that a simulated hang waits, so the timeout fires first. */
const HANG_PAST_DEADLINE_MS = 250;
/** How long a `slow` injection takes by default. */
const DEFAULT_SLOW_MS = 1_000;

/**
 * Fails the way `event.input.failure` asks, when failure injection is on
 * (`EXAMPLE_FAILURE_INJECTION=on`) and the injection names this step and phase; otherwise does
 * nothing. The variable is read at each call.
 */
export async function injectFailure(
  event: SagaStepEvent<Order>,
  context: Context,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (env[FAILURE_INJECTION_VARIABLE] !== FAILURE_INJECTION_ON) return;
  await injectFailureUnconditionally(event, context);
}

/**
 * Fails the way `event.input.failure` asks, when it names this step and phase, whatever the
 * environment: for handlers that only ever run in a test's process.
 */
export async function injectFailureUnconditionally(
  event: SagaStepEvent<Order>,
  context: Context,
): Promise<void> {
  const injections = [event.input.failure ?? []].flat();
  // The first injection for this step and phase that still applies to this attempt.
  const failure = injections.find(
    (injection) =>
      injection.step === event.step &&
      (injection.phase ?? 'action') === event.phase &&
      (injection.attempts === undefined || event.attempt < injection.attempts),
  );
  if (!failure) return;
  const what = `${event.step} (${event.phase}, attempt ${event.attempt + 1})`;
  switch (failure.mode) {
    case 'terminal':
      throw new SagaTerminalError(`injected terminal failure in ${what}`);
    case 'transient':
      throw new SagaRetryableError(`injected transient failure in ${what}`);
    case 'timeout':
      await new Promise((resolve) =>
        setTimeout(resolve, context.getRemainingTimeInMillis() + HANG_PAST_DEADLINE_MS),
      );
      throw new SagaRetryableError(`injected hang in ${what} outlived its timeout`);
    case 'slow':
      await new Promise((resolve) => setTimeout(resolve, failure.delayMs ?? DEFAULT_SLOW_MS));
      return;
  }
}
