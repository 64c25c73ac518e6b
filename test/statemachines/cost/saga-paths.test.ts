import { describe, expect, it } from 'vitest';
import { INVENTORY_TABLE, orderSaga } from '../../../examples/order/order-saga.ts';
import { SagaTestEnvironment } from '../../../local/testing/index.ts';
import { sagaPaths } from '../../../statemachines/cost/saga-paths.ts';
import type { Saga } from '../../../statemachines/definition/saga.ts';
import { exponentialBackoff, RetryPolicies } from '../../../statemachines/index.ts';
import { type SagaLayout, syntheticSaga } from '../../support/synthetic-saga.ts';

const threeAttempts = exponentialBackoff('three', {
  maxAttempts: 3,
  initialIntervalSeconds: 1,
  maxIntervalSeconds: 4,
  multiplier: 2,
  jitter: false,
});

/** What the engine measured on each path the model describes: states entered and retries. */
async function measured(saga: Saga, options: Parameters<typeof SagaTestEnvironment.start>[0]) {
  const env = await SagaTestEnvironment.start(options);
  try {
    if (saga === orderSaga) await env.putItem(INVENTORY_TABLE, { sku: 'SKU-1', stock: 1_000 });
    const input =
      saga === orderSaga ? { orderId: 'o', customerId: 'c', sku: 'SKU-1', quantity: 1, amountCents: 1 } : {};
    const rows = [];
    for (const path of sagaPaths(saga)) {
      const run = await env.run(
        input,
        path.failingStep ? { fail: { step: path.failingStep, mode: 'permanent' } } : {},
      );
      rows.push({
        path: path.name,
        statesEntered: run.transitions,
        retries: run.retries,
        status: run.status,
      });
    }
    return rows;
  } finally {
    await env.stop();
  }
}

const modelled = (saga: Saga) =>
  sagaPaths(saga).map((path) => ({
    path: path.name,
    statesEntered: path.statesEntered,
    retries: path.retries,
    status: path.outcome,
  }));

describe('the path model of a saga, against the local engine running the compiled saga', () => {
  it.each<[string, SagaLayout]>([
    ['three steps', { units: [1, 1, 1], retry: threeAttempts }],
    [
      'a parallel group in the middle, a pivot and a step after it',
      { units: [1, 3, 1, 1], pivot: 5, retry: threeAttempts },
    ],
    ['a group after the pivot', { units: [1, 1, 2], pivot: 2, retry: RetryPolicies.fastFail }],
    ['a group first, then the pivot', { units: [2, 1], pivot: 3 }],
  ])('counts the states entered and retries of every path: %s', async (_name, layout) => {
    // Arrange
    const synthetic = syntheticSaga(layout);
    // Act
    const engine = await measured(synthetic.saga, { saga: synthetic.saga, handlers: synthetic.handlers });
    // Assert
    expect(modelled(synthetic.saga)).toEqual(engine);
  });

  it('counts the example order saga (a DynamoDB step, Lambda steps, a pivot) as the engine runs it', async () => {
    // Act
    const engine = await measured(orderSaga, {
      saga: orderSaga,
      tables: { [INVENTORY_TABLE]: { partitionKey: 'sku' } },
    });
    // Assert
    expect(modelled(orderSaga)).toEqual(engine);
  });
});
