import { SagaTestEnvironment } from 'sfn-saga/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../src/order.js';
import { orderSaga } from '../src/order-saga.js';

const order: Order = { orderId: 'o-1', sku: 'BOOK', quantity: 1, amountCents: 2_599 };
let env: SagaTestEnvironment;

// In memory: no AWS account, no Docker, no Java. `store: 'dynamodb-local'` runs on DynamoDB Local.
beforeAll(async () => {
  env = await SagaTestEnvironment.start({ saga: orderSaga });
});
afterAll(() => env.stop());

describe('the order saga', () => {
  it('completes an order', async () => {
    const run = await env.run(order);

    expect(run.status).toBe('COMPLETED');
    expect(run.compensations).toEqual([]);
  });

  it('refunds the charge and releases the stock, last first, when shipping fails', async () => {
    const run = await env.run(order, { fail: { step: 'ShipOrder', mode: 'terminal' } });

    expect(run.status).toBe('COMPENSATED');
    expect(run.compensations).toEqual(['ChargeCard', 'ReserveStock']);
  });

  it('rolls back every failure point as designed', async () => {
    const matrix = await env.runEveryFailure(order);
    console.log(matrix.toString());

    const outcome = (point: string) => {
      const row = matrix.rows.find((candidate) => candidate.failurePoint === point);
      return row && { compensations: row.compensations, status: row.status };
    };
    expect(outcome('ReserveStock fails terminally')).toEqual({ compensations: [], status: 'COMPENSATED' });
    expect(outcome('ChargeCard fails on every attempt')).toEqual({
      compensations: ['ReserveStock'],
      status: 'COMPENSATED',
    });
    // A charge that timed out may have happened: it is refunded too.
    expect(outcome('ChargeCard times out on every attempt')).toEqual({
      compensations: ['ChargeCard', 'ReserveStock'],
      status: 'COMPENSATED',
    });
    // A refund that cannot finish needs a person: the saga is parked as FAILED, naming it.
    expect(matrix.rows.find((row) => row.failurePoint.startsWith("ChargeCard's compensation"))).toMatchObject(
      {
        status: 'FAILED',
        failedStep: 'Compensate ChargeCard',
      },
    );
    expect(matrix.rows.every((row) => row.status !== undefined)).toBe(true);
  });
});
