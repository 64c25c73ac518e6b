import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sagaIdFor } from '../../../contract/execution-input.ts';
import { readSagaHistory } from '../../../lambdas/runtime/step-record/read-saga-history.ts';
import { SagaInputRejectedError, SagaTestEnvironment } from '../../../local/testing/index.ts';
import type { TestStoreKind } from '../../../local/testing/test-store.ts';
import { type Trip, travelSaga } from './fixtures/travel-saga.ts';

const trip: Trip = { tripId: 't-1', traveller: 'ada@example.com' };

/** The rollback the travel saga is designed for, by failure point: compensations in order, then the end. */
const EXPECTED_MATRIX: Record<string, readonly [readonly string[], string]> = {
  'BookFlight fails on every attempt': [[], 'COMPENSATED'],
  'BookFlight fails terminally': [[], 'COMPENSATED'],
  'BookFlight times out on every attempt': [[], 'COMPENSATED'],
  // A group member's failure undoes its completed sibling, then everything before the group.
  'BookHotel fails on every attempt': [['RentCar', 'BookFlight'], 'COMPENSATED'],
  'BookHotel fails terminally': [['RentCar', 'BookFlight'], 'COMPENSATED'],
  'BookHotel times out on every attempt': [['RentCar', 'BookFlight'], 'COMPENSATED'],
  'RentCar fails on every attempt': [['BookHotel', 'BookFlight'], 'COMPENSATED'],
  'RentCar fails terminally': [['BookHotel', 'BookFlight'], 'COMPENSATED'],
  'RentCar times out on every attempt': [['BookHotel', 'BookFlight'], 'COMPENSATED'],
  // The pivot's own failure still rolls back what came before it.
  'Pay fails on every attempt': [['RentCar', 'BookHotel', 'BookFlight'], 'COMPENSATED'],
  'Pay fails terminally': [['RentCar', 'BookHotel', 'BookFlight'], 'COMPENSATED'],
  'Pay times out on every attempt': [['RentCar', 'BookHotel', 'BookFlight'], 'COMPENSATED'],
  // After the pivot: retried forward, never compensated; it needs a person.
  'SendItinerary fails on every attempt': [[], 'FAILED at SendItinerary'],
  'SendItinerary fails terminally': [[], 'FAILED at SendItinerary'],
  'SendItinerary times out on every attempt': [[], 'FAILED at SendItinerary'],
  // A compensation that cannot finish parks the saga as FAILED, naming it.
  "BookFlight's compensation fails on every attempt, after BookHotel fails terminally": [
    ['RentCar'],
    'FAILED at Compensate BookFlight',
  ],
  "BookHotel's compensation fails on every attempt, after RentCar fails terminally": [
    [],
    'FAILED at Compensate BookHotel',
  ],
  "RentCar's compensation fails on every attempt, after BookHotel fails terminally": [
    [],
    'FAILED at Compensate RentCar',
  ],
};

describe.each<TestStoreKind>(['memory', 'dynamodb-local'])('SagaTestEnvironment on the %s store', (store) => {
  let env: SagaTestEnvironment;
  beforeAll(async () => {
    env = await SagaTestEnvironment.start({ saga: travelSaga, store });
  });
  afterAll(() => env?.stop());

  it("completes the happy path through the user's own sagaStep handlers, whose event log lands in the environment's store", async () => {
    // Act
    const run = await env.run(trip);
    // Assert
    expect(run).toMatchObject({ status: 'COMPLETED', execution: 'SUCCEEDED', compensations: [], retries: 0 });
    // 5 tasks, the group's Parallel and settle check, and the COMPLETED record.
    expect(run.transitions).toBe(8);
    const record = await run.record();
    expect(record).toMatchObject({ status: 'COMPLETED', businessKey: run.businessKey });
    const history = await readSagaHistory(env.client, env.sagaTableName, run.sagaId);
    expect(history.events.map((event) => `${event.type} ${event.step}`).sort()).toEqual(
      [
        'step.succeeded BookFlight',
        'step.succeeded BookHotel',
        'step.succeeded Pay',
        'step.succeeded RentCar',
        'step.succeeded SendItinerary',
      ].sort(),
    );
  });

  it('fails the step it is told to, retries it as the policy says, and compensates last completed first', async () => {
    // Act
    const run = await env.run(trip, { fail: { step: 'Pay', mode: 'transient', attempts: 1 } });
    const rolledBack = await env.run(trip, { fail: { step: 'Pay', mode: 'permanent' } });
    // Assert
    expect(run).toMatchObject({ status: 'COMPLETED', retries: 1 });
    expect(rolledBack).toMatchObject({
      status: 'COMPENSATED',
      compensations: ['RentCar', 'BookHotel', 'BookFlight'],
      retries: 1,
    });
    expect(rolledBack.timeline).toContain('✘ Pay: SagaRetryableError');
    expect(rolledBack.timeline).toContain('status COMPENSATED');
  });

  it('drives every failure point of a saga with a parallel group and a pivot into the rollback matrix', async () => {
    // Act
    const matrix = await env.runEveryFailure(trip);
    // Assert
    const actual = Object.fromEntries(
      matrix.rows.map((row) => [
        row.failurePoint,
        [row.compensations, row.failedStep ? `${row.status} at ${row.failedStep}` : row.status],
      ]),
    );
    expect(actual).toEqual(EXPECTED_MATRIX);
    expect(matrix.toString()).toMatch(
      /^Rollback matrix of Travel \(18 failure points\)\nfailure point +compensations run \(in order\) +status\n/,
    );
    expect(matrix.toString()).toContain('Pay fails terminally');
  });
});

describe('SagaTestEnvironment misuse', () => {
  it('names the steps a saga has when told to fail one it does not', async () => {
    // Arrange
    const env = await SagaTestEnvironment.start({ saga: travelSaga });
    try {
      // Act
      const run = env.run(trip, { fail: { step: 'BookTrain', mode: 'terminal' } });
      // Assert
      await expect(run).rejects.toThrow(
        'SagaTestEnvironment: fail names step "BookTrain", which saga Travel does not have; its steps are BookFlight, BookHotel, RentCar, Pay, SendItinerary',
      );
    } finally {
      await env.stop();
    }
  });

  it('refuses an input the deployed starter would refuse, before anything runs, with its reason', async () => {
    // Arrange
    const env = await SagaTestEnvironment.start({ saga: travelSaga });
    try {
      // Act
      const run = env.run({ tripId: '', traveller: 'ada@example.com' }, { businessKey: 'bad-trip' });
      // Assert
      await expect(run).rejects.toThrow(SagaInputRejectedError);
      await expect(run).rejects.toThrow(
        `Saga "Travel" refused its input, as the deployed starter would (it would dead-letter the start): the saga input does not match the saga's inputSchema: /tripId must NOT have fewer than 1 characters.`,
      );
      expect(
        await env.getItem(env.sagaTableName, { sagaId: sagaIdFor('Travel', 'bad-trip'), sk: 'SAGA' }),
      ).toBeUndefined();
    } finally {
      await env.stop();
    }
  });

  it('refuses a second environment while one runs in the process', async () => {
    const env = await SagaTestEnvironment.start({ saga: travelSaga });
    try {
      await expect(SagaTestEnvironment.start({ saga: travelSaga })).rejects.toThrow(
        /another test environment is running/,
      );
    } finally {
      await env.stop();
    }
  });
});
