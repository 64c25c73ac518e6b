import { setTimeout as sleep } from 'node:timers/promises';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InMemoryPersistenceLayer } from '../../../lambdas/runtime/in-memory-persistence.ts';
import { sagaStep } from '../../../lambdas/runtime/saga-step.ts';
import { type CapturedOutput, captureOutput } from '../support/capture-output.ts';
import { lambdaContext, nextEvent, settle, stepEvent } from '../support/step-events.ts';

let output: CapturedOutput;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => output.restore());

/** A step on the in-memory persistence that counts its runs. */
function countedStep(workMs: number) {
  let runs = 0;
  const handler = sagaStep(
    async () => {
      runs += 1;
      await sleep(workMs);
      return { run: runs };
    },
    {
      idempotency: { persistenceStore: new InMemoryPersistenceLayer() },
      stepRecord: false,
      metrics: new Metrics({ namespace: 'SagaRuntimeTest' }),
    },
  );
  return { handler, runs: () => runs };
}

describe('InMemoryPersistenceLayer', () => {
  it('replays a finished step and refuses a duplicate while the first is running, within one process', async () => {
    // Arrange
    const { handler, runs } = countedStep(50);
    const event = stepEvent();
    // Act
    const [first, duplicate] = await Promise.all([
      settle(handler(event, lambdaContext())),
      settle(handler(event, lambdaContext())),
    ]);
    const retry = await handler(nextEvent(event, { attempt: 1 }), lambdaContext());
    // Assert
    expect(runs()).toBe(1);
    expect(first.value).toEqual({ run: 1 });
    expect(duplicate.error?.name).toBe('IdempotencyAlreadyInProgressError');
    expect(retry).toEqual({ run: 1 });
  });
});
