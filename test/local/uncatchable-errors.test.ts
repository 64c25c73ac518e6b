import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lifecycleDetailOf, rollbackCouldNotFinish } from '../../lambdas/core/lifecycle-event.ts';
import { SagaTestEnvironment } from '../../local/testing/index.ts';
import { defineSaga, dynamoDb, lambda } from '../../statemachines/index.ts';

const handlers = 'test/local/fixtures/limits-handlers.ts';

/** Hold (a Lambda step), then Reserve, a DynamoDB call keyed by a path of the input the saga does not check. */
const stockSaga = defineSaga({
  name: 'Stock',
  steps: [
    {
      name: 'Hold',
      action: lambda(handlers, { exportName: 'reserve' }),
      compensation: lambda(handlers, { exportName: 'release' }),
    },
    {
      name: 'Reserve',
      action: dynamoDb.updateItem('Stock', {
        Key: { sku: { 'S.$': '$.input.sku' } },
        UpdateExpression: 'SET reserved = :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      }),
      pivot: true,
    },
  ],
});

let env: SagaTestEnvironment;
beforeAll(async () => {
  env = await SagaTestEnvironment.start({ saga: stockSaga, tables: { Stock: { partitionKey: 'sku' } } });
});
afterAll(() => env?.stop());

describe('an error no Catch can see (States.Runtime: a path missing from the input)', () => {
  it('fails the execution in place; the saga is parked FAILED at that step with the error, and counted as a rollback that could not finish', async () => {
    // Act
    const run = await env.run({ orderId: 'no-sku' });
    // Assert
    expect(run.execution).toBe('FAILED');
    expect(run.status).toBe('FAILED');
    expect(run.failedStep).toBe('Reserve');
    // Nothing was undone: the operator redrives after fixing the input path, or abandons.
    expect(run.compensations).toEqual([]);
    const record = await run.record();
    expect(record).toMatchObject({ status: 'FAILED', failedStep: 'Reserve', error: 'States.Runtime' });
    expect(String(record?.cause)).toMatch(/\$\.input\.sku/);
    const detail = lifecycleDetailOf({
      eventName: 'MODIFY',
      dynamodb: {
        OldImage: marshall({ ...record, status: 'RUNNING' }, { removeUndefinedValues: true }),
        NewImage: marshall(record ?? {}, { removeUndefinedValues: true }),
      },
    });
    expect(detail).toMatchObject({
      status: 'FAILED',
      failedStep: 'Reserve',
      error: { error: 'States.Runtime' },
    });
    expect(detail && rollbackCouldNotFinish(detail)).toBe(true);
  });
});

describe('rollbackCouldNotFinish', () => {
  const failed = (failedStep: string, error: string) => ({
    sagaId: 's',
    sagaType: 'T',
    businessKey: 'k',
    status: 'FAILED' as const,
    startedAt: '2026-12-01T00:00:00Z',
    failedStep,
    error: { error },
  });

  it('counts a failed compensation and an uncatchable error, not a forward step after the pivot', () => {
    expect(rollbackCouldNotFinish(failed('Compensate ChargePayment', 'SagaTerminalError'))).toBe(true);
    expect(rollbackCouldNotFinish(failed('ChargePayment', 'States.DataLimitExceeded'))).toBe(true);
    expect(rollbackCouldNotFinish(failed('SendConfirmation', 'SagaRetryableError'))).toBe(false);
    expect(rollbackCouldNotFinish({ ...failed('Compensate X', 'E'), status: 'COMPENSATED' as never })).toBe(
      false,
    );
  });
});
