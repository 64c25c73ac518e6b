import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sagaFailure } from '../../../contract/saga-failure.ts';
import { SAGA_TABLE } from '../../../contract/saga-table.ts';
import { LocalSagaEngine } from '../../../local/engine/local-saga-engine.ts';
import { InMemoryDynamoDb } from '../../../local/memory/in-memory-dynamodb.ts';
import { type Trip, travelSaga } from './fixtures/travel-saga.ts';

const trip: Trip = { tripId: 't-9', traveller: 'grace@example.com' };

/**
 * The saga's own handlers run on an engine whose step runtime was given no tables: no test
 * environment is bound and the function environment lacks SAGA_TABLE_NAME and
 * IDEMPOTENCY_TABLE_NAME, as a step deployed without the construct would.
 */
function unconfiguredEngine() {
  const db = new InMemoryDynamoDb();
  db.createTable({ name: 'sagas', partitionKey: SAGA_TABLE.partitionKey, sortKey: SAGA_TABLE.sortKey });
  const engine = new LocalSagaEngine(travelSaga, {
    dynamoDb: {
      putItem: (input) => db.putItem(input),
      updateItem: (input) => db.updateItem(input),
      deleteItem: (input) => db.deleteItem(input),
      getItem: (input) => db.getItem(input),
    },
    sagaTableName: 'sagas',
    rootDir: process.cwd(),
  });
  return engine;
}

beforeEach(() => {
  vi.stubEnv('SAGA_TABLE_NAME', '');
  vi.stubEnv('IDEMPOTENCY_TABLE_NAME', '');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});
afterEach(() => vi.unstubAllEnvs());

describe('a step runtime without its configuration', () => {
  it('parks the saga FAILED at that step with the error naming the variable — no retries, nothing compensated', async () => {
    // Act
    const run = await unconfiguredEngine().run({ businessKey: 'unconfigured', input: trip });
    // Assert
    expect(run).toMatchObject({
      status: 'FAILED',
      failedStep: 'BookFlight',
      execution: 'FAILED',
      retries: 0,
      compensated: [],
    });
    // It failed in the copy of the step, so a redrive after the fix runs the step again.
    expect(run.history.filter((entry) => entry.event === 'failed').map((entry) => entry.state)).toEqual([
      'BookFlight',
      'BookFlight after fix',
    ]);
    const { endedWith } = sagaFailure(run.record);
    expect(endedWith).toMatchObject({ Error: 'SagaConfigurationError', failedStep: 'BookFlight' });
    expect(endedWith?.Cause).toContain('the environment variable IDEMPOTENCY_TABLE_NAME is not set');
    expect(endedWith?.Cause).toContain('Fix: deploy the function with SagaOrchestrator');
  });
});
