import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SagaStepOptions } from '../../../lambdas/runtime/options.ts';
import { sagaStep } from '../../../lambdas/runtime/saga-step.ts';
import type { SagaStepEvent } from '../../../lambdas/runtime/step-event.ts';
import { readSagaHistory } from '../../../lambdas/runtime/step-record/read-saga-history.ts';
import { useDynamoDbLocal } from '../../support/dynamo-db-local.ts';
import { type CapturedOutput, captureOutput, emfBlobs } from '../support/capture-output.ts';
import { createRuntimeTables, type RuntimeTables, recordSagaStart } from '../support/runtime-tables.ts';
import { lambdaContext, nextEvent, settle, stepEvent } from '../support/step-events.ts';

const dynamoDb = useDynamoDbLocal();
let tables: RuntimeTables;
let output: CapturedOutput;

beforeAll(async () => {
  tables = await createRuntimeTables(dynamoDb().client);
});
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => output.restore());

const options = (): SagaStepOptions => ({
  dynamoDb: dynamoDb().client,
  sagaTableName: tables.sagaTable,
  idempotencyTableName: tables.idempotencyTable,
});

/** A charge step that counts its side effects and answers with a fresh payment id each time it runs. */
function chargeStep(workMs = 0) {
  const charges: SagaStepEvent[] = [];
  const handler = sagaStep(async (event) => {
    charges.push(event);
    await sleep(workMs);
    return { paymentId: `pay-${charges.length}` };
  }, options());
  return { handler, charges };
}

async function startedSaga(overrides: Partial<SagaStepEvent> = {}) {
  const event = stepEvent(overrides);
  await recordSagaStart(dynamoDb().client, tables.sagaTable, event);
  return event;
}

describe('idempotency', () => {
  it('replays the first result to a retry of a step that succeeded, without charging again', async () => {
    // Arrange
    const { handler, charges } = chargeStep();
    const event = await startedSaga();
    // Act
    const first = await handler(event, lambdaContext());
    const retry = await handler(nextEvent(event, { attempt: 1 }), lambdaContext());
    // Assert
    expect(charges).toHaveLength(1);
    expect(retry).toEqual(first);
    expect(first).toEqual({ paymentId: 'pay-1' });
    const { events } = await readSagaHistory(dynamoDb().client, tables.sagaTable, event.saga.id);
    expect(events.map((recorded) => recorded.type)).toEqual(['step.succeeded']);
    const metricNames = emfBlobs(output.json()).flatMap((blob) => Object.keys(blob));
    expect(metricNames).toContain('StepReplayed');
  });

  it('charges once when two duplicates arrive together, and the loser fails with a retryable error', async () => {
    // Arrange
    const { handler, charges } = chargeStep(300);
    const event = await startedSaga();
    // Act
    const outcomes = await Promise.all([
      settle(handler(event, lambdaContext())),
      settle(handler(event, lambdaContext())),
    ]);
    const retryOfLoser = await handler(nextEvent(event, { attempt: 1 }), lambdaContext());
    // Assert
    expect(charges).toHaveLength(1);
    const winners = outcomes.filter((outcome) => outcome.error === undefined);
    const losers = outcomes.filter((outcome) => outcome.error !== undefined);
    expect(winners).toEqual([{ value: { paymentId: 'pay-1' } }]);
    expect(losers.map((outcome) => outcome.error?.name)).toEqual(['IdempotencyAlreadyInProgressError']);
    expect(losers[0]?.error?.name).not.toBe('SagaTerminalError');
    expect(retryOfLoser).toEqual({ paymentId: 'pay-1' });
  });

  it('charges once when three duplicates arrive together, and a refused duplicate does not release the lock', async () => {
    // Arrange
    const { handler, charges } = chargeStep(400);
    const event = await startedSaga();
    // Act: two duplicates are refused while the first runs; a retry after the refusals must be refused too
    const first = settle(handler(event, lambdaContext()));
    await sleep(50);
    const refused = await Promise.all([
      settle(handler(nextEvent(event, { attempt: 1 }), lambdaContext())),
      settle(handler(nextEvent(event, { attempt: 1 }), lambdaContext())),
    ]);
    const whileStillRunning = await settle(handler(nextEvent(event, { attempt: 2 }), lambdaContext()));
    const winner = await first;
    // Assert
    expect(charges).toHaveLength(1);
    expect(refused.map((outcome) => outcome.error?.name)).toEqual([
      'IdempotencyAlreadyInProgressError',
      'IdempotencyAlreadyInProgressError',
    ]);
    expect(whileStillRunning.error?.name).toBe('IdempotencyAlreadyInProgressError');
    expect(winner).toEqual({ value: { paymentId: 'pay-1' } });
  });

  it('keeps the first result after refusing a changed input: a retry with the original input replays it', async () => {
    // Arrange
    const { handler, charges } = chargeStep();
    const event = await startedSaga();
    await handler(event, lambdaContext());
    await settle(
      handler(nextEvent(event, { attempt: 1, input: { orderId: 'o-1', amountCents: 1 } }), lambdaContext()),
    );
    // Act
    const replay = await handler(nextEvent(event, { attempt: 2 }), lambdaContext());
    // Assert
    expect(charges).toHaveLength(1);
    expect(replay).toEqual({ paymentId: 'pay-1' });
  });

  it('refuses, as terminal, the same step called again with a different saga input', async () => {
    // Arrange
    const { handler, charges } = chargeStep();
    const event = await startedSaga();
    await handler(event, lambdaContext());
    // Act
    const changed = await settle(
      handler(
        nextEvent(event, { attempt: 1, input: { orderId: 'o-1', amountCents: 99_999 } }),
        lambdaContext(),
      ),
    );
    // Assert
    expect(charges).toHaveLength(1);
    expect(changed.error?.name).toBe('SagaTerminalError');
    expect(changed.error?.message).toContain('IdempotencyValidationError');
  });

  it('runs the step again on the retry of an attempt that failed', async () => {
    // Arrange
    let calls = 0;
    const handler = sagaStep(async () => {
      calls += 1;
      if (calls === 1) throw new Error('payment provider timed out');
      return { paymentId: 'pay-after-retry' };
    }, options());
    const event = await startedSaga();
    // Act
    const failed = await settle(handler(event, lambdaContext()));
    const retried = await handler(nextEvent(event, { attempt: 1 }), lambdaContext());
    // Assert
    expect(failed.error?.message).toBe('payment provider timed out');
    expect(retried).toEqual({ paymentId: 'pay-after-retry' });
    expect(calls).toBe(2);
  });

  it('keeps the action and the compensation of the same step apart', async () => {
    // Arrange
    const phases: string[] = [];
    const handler = sagaStep(async (event) => {
      phases.push(event.phase);
      return { phase: event.phase };
    }, options());
    const event = await startedSaga();
    // Act
    await handler(event, lambdaContext());
    const compensation = await handler(nextEvent(event, { phase: 'compensation' }), lambdaContext());
    // Assert
    expect(phases).toEqual(['action', 'compensation']);
    expect(compensation).toEqual({ phase: 'compensation' });
  });
});
