import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveStepOptions } from '../../../lambdas/runtime/options.ts';
import { sagaStep } from '../../../lambdas/runtime/saga-step.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

const client = new DynamoDBClient({ region: 'us-east-1' });

describe('sagaStep options', () => {
  it('reads the table names from SAGA_TABLE_NAME and IDEMPOTENCY_TABLE_NAME', () => {
    // Arrange
    vi.stubEnv('SAGA_TABLE_NAME', 'sagas-from-env');
    vi.stubEnv('IDEMPOTENCY_TABLE_NAME', 'idempotency-from-env');
    // Act
    const resolved = resolveStepOptions({ dynamoDb: client });
    // Assert
    expect(resolved.stepRecord).toEqual({ client, tableName: 'sagas-from-env' });
    expect(resolved.idempotency?.persistenceStore).toMatchObject({ tableName: 'idempotency-from-env' });
  });

  it('prefers the table names the options give', () => {
    // Arrange
    vi.stubEnv('SAGA_TABLE_NAME', 'sagas-from-env');
    // Act
    const resolved = resolveStepOptions({
      dynamoDb: client,
      sagaTableName: 'sagas-given',
      idempotency: false,
    });
    // Assert
    expect(resolved.stepRecord?.tableName).toBe('sagas-given');
    expect(resolved.idempotency).toBeUndefined();
  });

  it('refuses to build a handler without a saga table, naming the variable to set', () => {
    // Arrange
    vi.stubEnv('SAGA_TABLE_NAME', '');
    // Act
    const build = () => sagaStep(async () => null, { dynamoDb: client, idempotency: false });
    // Assert
    expect(build).toThrow(/set SAGA_TABLE_NAME or pass the table name/);
  });

  it('refuses to build a handler without an idempotency table, naming the variable to set', () => {
    // Arrange
    vi.stubEnv('IDEMPOTENCY_TABLE_NAME', '');
    // Act
    const build = () => sagaStep(async () => null, { dynamoDb: client, stepRecord: false });
    // Assert
    expect(build).toThrow(/set IDEMPOTENCY_TABLE_NAME/);
  });
});
