import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SagaTerminalError } from '../../../lambdas/runtime/errors.ts';
import { MAX_ERROR_MESSAGE_LENGTH } from '../../../lambdas/runtime/safe-error.ts';
import { type StepFunction, sagaStep } from '../../../lambdas/runtime/saga-step.ts';
import { type CapturedOutput, captureOutput } from '../support/capture-output.ts';
import { lambdaContext, settle, stepEvent } from '../support/step-events.ts';

let output: CapturedOutput;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => output.restore());

/** The runtime without DynamoDB: envelope checks and error shaping only. */
function step(run: StepFunction<unknown, unknown>) {
  return sagaStep(run, {
    idempotency: false,
    stepRecord: false,
    logger: new Logger({ serviceName: 'errors-test' }),
    metrics: new Metrics({ namespace: 'SagaRuntimeTest' }),
  });
}

/** A stack line that points into code, as Lambda would copy into the error's `trace`. */
const STACK_FRAME = /^\s+at /m;

describe('the step envelope', () => {
  it('fails a malformed envelope as a configuration error, naming each wrong field and the fix, without running the step', async () => {
    // Arrange
    let ran = false;
    const handler = step(async () => {
      ran = true;
    });
    const { saga, ...event } = stepEvent({ attempt: -1 });
    // Act
    const outcome = await settle(handler({ ...event, saga: { ...saga, id: '' } }, lambdaContext()));
    // Assert
    expect(ran).toBe(false);
    expect(outcome.error?.name).toBe('SagaConfigurationError');
    expect(outcome.error?.message).toBe(
      'Malformed step event: saga.id must be a non-empty string (got string ""); ' +
        "attempt must be an integer ≥ 0 (got number -1). Fix: invoke this function only through the saga's state machine " +
        '(a Lambda step of a compiled saga), or run the saga with SagaTestEnvironment from sfn-saga/testing',
    );
  });

  it('names a missing phase and a missing input', async () => {
    // Arrange
    const handler = step(async () => ({ ok: true }));
    const { phase: _phase, input: _input, ...event } = stepEvent();
    // Act
    const outcome = await settle(handler(event, lambdaContext()));
    // Assert
    expect(outcome.error?.message).toContain('phase must be one of action, compensation (got nothing)');
    expect(outcome.error?.message).toContain('input is missing');
  });

  it('hands the step the envelope it was invoked with', async () => {
    // Arrange
    const event = stepEvent({ steps: { ReserveInventory: { reservationId: 'r-1' } } });
    const handler = step(async (received) => received);
    // Act
    const result = await handler(event, lambdaContext());
    // Assert
    expect(result).toEqual(event);
  });
});

describe('errors a step throws', () => {
  it('keep the name of an unknown error, so the compiled Retry retries it', async () => {
    // Arrange
    const handler = step(async () => {
      throw new TypeError('cannot read properties of undefined');
    });
    // Act
    const outcome = await settle(handler(stepEvent(), lambdaContext()));
    // Assert
    expect(outcome.error?.name).toBe('TypeError');
    expect(outcome.error?.message).toBe('cannot read properties of undefined');
  });

  it('keep SagaTerminalError terminal', async () => {
    // Arrange
    const handler = step(async () => {
      throw new SagaTerminalError('card declined');
    });
    // Act
    const outcome = await settle(handler(stepEvent(), lambdaContext()));
    // Assert
    expect(outcome.error).toMatchObject({ name: 'SagaTerminalError', message: 'card declined' });
  });

  it('leave the function without stack frames and with their secrets redacted', async () => {
    // Arrange
    const handler = step(async () => {
      throw new Error('charge of card 4111111111111111 refused: token=tok_123 expired');
    });
    // Act
    const outcome = await settle(handler(stepEvent(), lambdaContext()));
    // Assert
    expect(outcome.error?.message).toBe('charge of card [REDACTED] refused: token=[REDACTED] expired');
    expect(outcome.error?.stack).not.toMatch(STACK_FRAME);
    expect(outcome.error?.stack).not.toContain('tok_123');
  });

  it('are cut to a length safe to store', async () => {
    // Arrange
    const handler = step(async () => {
      throw new Error('x'.repeat(MAX_ERROR_MESSAGE_LENGTH * 2));
    });
    // Act
    const outcome = await settle(handler(stepEvent(), lambdaContext()));
    // Assert
    expect(outcome.error?.message.length).toBe(MAX_ERROR_MESSAGE_LENGTH + 1);
  });

  it('become a retryable SagaRetryableError when they are not Errors', async () => {
    // Arrange
    const handler = step(async () => {
      throw 'upstream said no';
    });
    // Act
    const outcome = await settle(handler(stepEvent(), lambdaContext()));
    // Assert
    expect(outcome.error).toMatchObject({ name: 'SagaRetryableError', message: 'upstream said no' });
  });
});
