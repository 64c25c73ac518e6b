import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemoryPersistenceLayer } from '../../../lambdas/runtime/in-memory-persistence.ts';
import { bindStepRuntime } from '../../../lambdas/runtime/local-binding.ts';
import { resolveStepStorage } from '../../../lambdas/runtime/options.ts';
import { sagaStep } from '../../../lambdas/runtime/saga-step.ts';
import { lambdaContext, settle, stepEvent } from '../support/step-events.ts';

afterEach(() => {
  vi.unstubAllEnvs();
  bindStepRuntime(undefined);
});

const client = new DynamoDBClient({ region: 'us-east-1' });
const noClient = () => {
  throw new Error('no default client expected');
};

describe('where a step keeps its records', () => {
  it('reads the table names from SAGA_TABLE_NAME and IDEMPOTENCY_TABLE_NAME', () => {
    // Arrange
    vi.stubEnv('SAGA_TABLE_NAME', 'sagas-from-env');
    vi.stubEnv('IDEMPOTENCY_TABLE_NAME', 'idempotency-from-env');
    // Act
    const storage = resolveStepStorage({ dynamoDb: client }, noClient);
    // Assert
    expect(storage.stepRecord).toEqual({ client, tableName: 'sagas-from-env' });
    expect(storage.idempotency?.persistenceStore).toMatchObject({ tableName: 'idempotency-from-env' });
  });

  it('prefers the table names the options give', () => {
    // Arrange
    vi.stubEnv('SAGA_TABLE_NAME', 'sagas-from-env');
    // Act
    const storage = resolveStepStorage(
      { dynamoDb: client, sagaTableName: 'sagas-given', idempotency: false },
      noClient,
    );
    // Assert
    expect(storage.stepRecord?.tableName).toBe('sagas-given');
    expect(storage.idempotency).toBeUndefined();
  });

  it("uses a bound test environment's store over the options and the environment", () => {
    // Arrange
    vi.stubEnv('SAGA_TABLE_NAME', 'sagas-from-env');
    const idempotencyStore = new InMemoryPersistenceLayer();
    bindStepRuntime({ dynamoDb: client, sagaTableName: 'bound-sagas', idempotencyStore });
    // Act
    const storage = resolveStepStorage({ sagaTableName: 'sagas-given' }, noClient);
    // Assert
    expect(storage.stepRecord).toEqual({ client, tableName: 'bound-sagas' });
    expect(storage.idempotency?.persistenceStore).toBe(idempotencyStore);
  });
});

describe('a step that is not configured', () => {
  it('loads, then fails each invocation with SagaConfigurationError naming SAGA_TABLE_NAME and the fix', async () => {
    // Arrange
    vi.stubEnv('SAGA_TABLE_NAME', '');
    const ran = vi.fn();
    // Act: building the handler must not throw (a crash at start-up would be retried as transient).
    const handler = sagaStep(async () => ran(), { dynamoDb: client, idempotency: false });
    const outcome = await settle(handler(stepEvent(), lambdaContext()));
    // Assert
    expect(outcome.error?.name).toBe('SagaConfigurationError');
    expect(outcome.error?.message).toContain('the environment variable SAGA_TABLE_NAME is not set');
    expect(outcome.error?.message).toContain('Fix: deploy the function with SagaOrchestrator');
    expect(ran).not.toHaveBeenCalled();
  });

  it('fails with SagaConfigurationError naming IDEMPOTENCY_TABLE_NAME when only that is missing', async () => {
    // Arrange
    vi.stubEnv('IDEMPOTENCY_TABLE_NAME', '');
    const ran = vi.fn();
    const handler = sagaStep(async () => ran(), { dynamoDb: client, stepRecord: false });
    // Act
    const outcome = await settle(handler(stepEvent(), lambdaContext()));
    // Assert
    expect(outcome.error).toMatchObject({
      name: 'SagaConfigurationError',
      message: expect.stringContaining('IDEMPOTENCY_TABLE_NAME is not set'),
    });
    expect(ran).not.toHaveBeenCalled();
  });

  it('fails with SagaConfigurationError when invoked with something other than the step envelope', async () => {
    // Arrange
    const handler = sagaStep(async () => null, { idempotency: false, stepRecord: false });
    // Act
    const outcome = await settle(handler({ orderId: '1' }, lambdaContext()));
    // Assert
    expect(outcome.error?.name).toBe('SagaConfigurationError');
    expect(outcome.error?.message).toMatch(
      /^Malformed step event: saga must be an object.*Fix: invoke this function only through the saga's state machine/,
    );
  });
});
