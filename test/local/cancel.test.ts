import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OperatorAttributes, SAGA_TABLE } from '../../contract/saga-table.ts';
import { sagaStep } from '../../lambdas/runtime/index.ts';
import type { SagaStepEvent } from '../../lambdas/runtime/step-event.ts';
import { SagaTestEnvironment } from '../../local/testing/index.ts';
import { defineSaga, lambda } from '../../statemachines/index.ts';
import { cancelCalls } from './fixtures/cancel-handlers.ts';

const handlers = 'test/local/fixtures/cancel-handlers.ts';

/** Reserve, Charge, Ship (the pivot), Mail: an operator may cancel while Charge or Ship runs. */
const saga = defineSaga({
  name: 'Cancellable',
  steps: [
    {
      name: 'Reserve',
      action: lambda(handlers, { exportName: 'reserve' }),
      compensation: lambda(handlers, { exportName: 'release' }),
    },
    {
      name: 'Charge',
      action: lambda(handlers, { exportName: 'charge', functionId: 'Charge' }),
      compensation: lambda(handlers, { exportName: 'refund' }),
    },
    { name: 'Ship', action: lambda(handlers, { exportName: 'ship', functionId: 'Ship' }), pivot: true },
    { name: 'Mail', action: lambda(handlers, { exportName: 'mail' }) },
  ],
});

interface CancelInput {
  /** The step during which an operator cancels the saga (`saga cancel` writes these attributes). */
  readonly cancelDuring?: string;
}

let env: SagaTestEnvironment;

beforeAll(async () => {
  env = await SagaTestEnvironment.start({
    saga,
    handlers: { Charge: cancellingStep('charge'), Ship: cancellingStep('ship') },
  });
});
afterAll(() => env?.stop());
beforeEach(() => {
  cancelCalls.length = 0;
});

describe("an operator's cancel", () => {
  it('stops the saga at its next step and compensates exactly the completed steps, ending CANCELLED', async () => {
    // Act
    const run = await env.run({ cancelDuring: 'charge' });
    // Assert
    expect(run.status).toBe('CANCELLED');
    expect(cancelCalls).toEqual(['reserve', 'charge', 'refund', 'release']);
    expect(run.compensations).toEqual(['Charge', 'Reserve']);
    expect(await run.record()).toMatchObject({
      status: 'CANCELLED',
      [OperatorAttributes.cancelReason]: 'customer asked',
      expiresAt: expect.any(Number),
    });
  });

  it('cannot stop a saga past its pivot: it goes forward and completes', async () => {
    // Act
    const run = await env.run({ cancelDuring: 'ship' });
    // Assert
    expect(run.status).toBe('COMPLETED');
    expect(cancelCalls).toEqual(['reserve', 'charge', 'ship', 'mail']);
    expect(run.compensations).toEqual([]);
  });

  it('changes nothing for a saga no one cancelled', async () => {
    // Act
    const run = await env.run({});
    // Assert
    expect(run.status).toBe('COMPLETED');
    expect(cancelCalls).toEqual(['reserve', 'charge', 'ship', 'mail']);
  });
});

/** A step that, when the input says so, writes an operator's cancel request while it runs. */
function cancellingStep(name: string) {
  return sagaStep<CancelInput>(async (event: SagaStepEvent<CancelInput>) => {
    cancelCalls.push(name);
    if (event.input.cancelDuring === name) {
      await env.client.send(
        new UpdateItemCommand({
          TableName: env.sagaTableName,
          Key: {
            [SAGA_TABLE.partitionKey]: { S: event.saga.id },
            [SAGA_TABLE.sortKey]: { S: SAGA_TABLE.sagaItemSortKey },
          },
          UpdateExpression: 'SET #at = :at, #reason = :reason',
          ExpressionAttributeNames: {
            '#at': OperatorAttributes.cancelRequestedAt,
            '#reason': OperatorAttributes.cancelReason,
          },
          ExpressionAttributeValues: {
            ':at': { S: new Date().toISOString() },
            ':reason': { S: 'customer asked' },
          },
        }),
      );
    }
    return { done: name };
  });
}
