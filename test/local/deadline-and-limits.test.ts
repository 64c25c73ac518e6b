import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sagaFailure } from '../../contract/saga-failure.ts';
import { SAGA_TABLE } from '../../contract/saga-table.ts';
import type { SagaStepEvent } from '../../lambdas/runtime/step-event.ts';
import { SagaTestEnvironment } from '../../local/testing/index.ts';
import { type LimitsInput, limitsCalls } from './fixtures/limits-handlers.ts';
import { limitsSaga } from './limits-saga.ts';

const saga = limitsSaga();
let env: SagaTestEnvironment;

beforeAll(async () => {
  // Retry waits at their real length: the deadline is a real clock's.
  env = await SagaTestEnvironment.start({ saga, retryDelayScale: 1, handlers: { Ship: shipping } });
});
afterAll(() => env?.stop());
beforeEach(() => {
  limitsCalls.length = 0;
});

describe("the saga's deadline, with real waits", () => {
  it('starts the rollback once it passes, compensates fully however long that takes, and records TIMED_OUT', async () => {
    // Arrange: Charge fails its first 4 attempts, a second apart, so its 5th would start past
    // the 3 s deadline; Reserve's compensation then fails twice, taking the rollback past it too.
    const started = Date.now();
    // Act
    const run = await env.run(
      { orderId: 'late' },
      {
        fail: [
          { step: 'Charge', mode: 'transient', attempts: 4 },
          { step: 'Reserve', phase: 'compensation', mode: 'transient', attempts: 2 },
        ],
      },
    );
    // Assert
    const elapsedSeconds = (Date.now() - started) / 1000;
    expect(elapsedSeconds).toBeGreaterThan(saga.timeoutSeconds);
    expect(run.status).toBe('TIMED_OUT');
    expect(run.execution).toBe('SUCCEEDED');
    // The 5th attempt reached the runtime, which refused it: Charge's code never ran, so it is not refunded.
    expect(limitsCalls).toEqual(['reserve 0', 'release 2']);
    expect(run.compensations).toEqual(['Reserve']);
    expect(sagaFailure(await run.record()).failures).toEqual([
      expect.objectContaining({ Error: 'SagaDeadlineExceeded' }),
    ]);
  });

  it("gives the execution a limit beyond the deadline: the whole rollback's worst case fits", () => {
    // Assert
    expect(saga.executionTimeoutSeconds).toBeGreaterThan(
      saga.timeoutSeconds + 6 * 1 + 5 + 3 * 1 + 2 + 2 * 1 + 1,
    );
  });
});

describe('an output larger than the step may return', () => {
  it('is refused before success is reported, and the step undoes itself, once, with the steps before it', async () => {
    // Act
    const run = await env.run({ orderId: 'big', chargeOutputPadding: 2_000 });
    // Assert
    expect(run.status).toBe('COMPENSATED');
    expect(limitsCalls).toEqual(['reserve 0', 'charge 0', 'refund 0', 'release 0']);
    expect(run.compensations).toEqual(['Charge', 'Reserve']);
    expect(sagaFailure(await run.record()).failures).toEqual([
      expect.objectContaining({ Error: 'SagaOutputTooLarge' }),
    ]);
  });
});

describe("a terminal write an operator's write got to first", () => {
  it("keeps the operator's status, the outcome beside it and a TTL; the execution succeeds", async () => {
    // Act
    const run = await env.run({ orderId: 'cancelled-midway', cancelWhileShipping: true });
    // Assert
    expect(run.execution).toBe('SUCCEEDED');
    expect(run.status).toBe('CANCELLED');
    expect(await run.record()).toMatchObject({
      status: 'CANCELLED',
      outcome: 'COMPLETED',
      outcomeAt: expect.any(String),
      expiresAt: expect.any(Number),
    });
  });
});

/** Ship, in-process: when the input asks, an operator's write marks the saga CANCELLED meanwhile. */
async function shipping(event: unknown) {
  const { saga: started, input } = event as SagaStepEvent<LimitsInput>;
  limitsCalls.push('ship 0');
  if (input.cancelWhileShipping) {
    await env.client.send(
      new UpdateItemCommand({
        TableName: env.sagaTableName,
        Key: {
          [SAGA_TABLE.partitionKey]: { S: started.id },
          [SAGA_TABLE.sortKey]: { S: SAGA_TABLE.sagaItemSortKey },
        },
        UpdateExpression: 'SET #status = :cancelled',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':cancelled': { S: 'CANCELLED' } },
      }),
    );
  }
  return { shipmentId: `s-${input.orderId}` };
}
