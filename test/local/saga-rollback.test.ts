import { describe, expect, it } from 'vitest';
import { sagaFailure } from '../../contract/saga-failure.ts';
import { SagaStatus } from '../../contract/saga-table.ts';
import { createSagaTable, readSagaRecord } from '../../local/dynamodb/saga-table.ts';
import { LocalSagaEngine } from '../../local/engine/local-saga-engine.ts';
import { useDynamoDbLocal } from '../support/dynamo-db-local.ts';
import { expectedRollback, layoutsUnderTest } from '../support/rollback-model.ts';
import { syntheticSaga } from '../support/synthetic-saga.ts';

const dynamoDb = useDynamoDbLocal();
let tableCount = 0;

async function engineFor(layout: Parameters<typeof syntheticSaga>[0]) {
  const synthetic = syntheticSaga(layout);
  const sagaTableName = `sagas-${++tableCount}`;
  await createSagaTable(dynamoDb().client, sagaTableName);
  const engine = new LocalSagaEngine(synthetic.saga, {
    dynamoDb: dynamoDb().client,
    sagaTableName,
    handlers: synthetic.handlers,
  });
  return { ...synthetic, engine };
}

describe.each(layoutsUnderTest())('a saga of $name', ({ layout }) => {
  it('completes every step once and records COMPLETED with a TTL', async () => {
    // Arrange
    const { engine, calls, stepCount, saga } = await engineFor(layout);
    // Act
    const run = await engine.run({ businessKey: 'happy', input: {} });
    // Assert
    expect(run.status).toBe(SagaStatus.COMPLETED);
    expect(run.execution).toBe('SUCCEEDED');
    expect(calls.map((call) => call.step).sort()).toEqual(
      Array.from({ length: stepCount }, (_, index) => `S${index + 1}`).sort(),
    );
    expect(calls.every((call) => call.phase === 'action')).toBe(true);
    const started = Math.floor(Date.parse(String(run.record?.startedAt)) / 1000);
    expect(run.record?.expiresAt).toBe(started + saga.executionTimeoutSeconds + saga.retentionDays * 86_400);
    const groups = saga.units.filter((unit) => unit.kind === 'parallel');
    const checked = groups.filter((group) => !group.forwardOnly).length;
    // N tasks + 1 record; each group adds its Parallel state, and before the pivot its settle check.
    expect(run.transitions).toBe(stepCount + 1 + groups.length + checked);
  });

  const steps = layout.units.reduce((sum, size) => sum + size, 0);
  it.each(Array.from({ length: steps }, (_, index) => index + 1))(
    'undoes exactly the completed compensable steps, last first, when step %i fails',
    async (failAt) => {
      // Arrange
      const { engine, calls } = await engineFor(layout);
      const expected = expectedRollback(layout, failAt);
      // Act
      const run = await engine.run({
        businessKey: `fail-${failAt}`,
        input: { failure: { step: `S${failAt}`, mode: 'terminal' } },
      });
      // Assert
      expect(run.compensated).toEqual(expected.compensated);
      expect(calls.filter((call) => call.phase === 'compensation').map((call) => call.step)).toEqual(
        expected.compensated,
      );
      expect(run.status).toBe(expected.status);
      expect(run.record?.expiresAt).toEqual(expect.any(Number));
      const { failures, endedWith } = sagaFailure(run.record);
      if (expected.status === SagaStatus.FAILED) {
        // After the pivot nothing is caught: the execution fails in the step, which the record names.
        expect(run.execution).toBe('FAILED');
        expect(endedWith).toMatchObject({ Error: 'SagaTerminalError' });
        expect(run.record?.failedStep).toMatch(new RegExp(`^(S${failAt}|G\\d+)$`));
      } else {
        expect(failures.map((failure) => failure.Error)).toEqual(['SagaTerminalError']);
        expect(run.execution).toBe('SUCCEEDED');
      }
      if (layout.units.every((size) => size === 1) && expected.status === SagaStatus.COMPENSATED) {
        // The rollback target: k forward states, c compensations, one record.
        expect(run.transitions).toBe(failAt + expected.compensated.length + 1);
      }
    },
  );
});

describe('the saga record', () => {
  it('carries, while the saga runs, a TTL beyond the longest its execution can run, and keeps it when it ends', async () => {
    // Arrange
    const { saga, handlers } = syntheticSaga({ units: [1, 1] });
    const tableName = `sagas-${++tableCount}`;
    await createSagaTable(dynamoDb().client, tableName);
    const seenWhileRunning: unknown[] = [];
    const engine = new LocalSagaEngine(saga, {
      dynamoDb: dynamoDb().client,
      sagaTableName: tableName,
      handlers: {
        ...handlers,
        S2: async (event, context) => {
          const sagaId = (event as { saga: { id: string } }).saga.id;
          seenWhileRunning.push(await readSagaRecord(dynamoDb().client, tableName, sagaId));
          return handlers.S2?.(event, context);
        },
      },
    });
    // Act
    const run = await engine.run({ businessKey: 'ttl', input: {} });
    // Assert
    const started = Math.floor(Date.parse(String(run.record?.startedAt)) / 1000);
    const bound = started + saga.executionTimeoutSeconds + saga.retentionDays * 86_400;
    expect(seenWhileRunning).toEqual([
      expect.objectContaining({ status: SagaStatus.RUNNING, expiresAt: bound }),
    ]);
    expect(run.record).toMatchObject({ status: SagaStatus.COMPLETED, expiresAt: bound });
  });

  it('refuses a second start of the same business key', async () => {
    // Arrange
    const { engine } = await engineFor({ units: [1] });
    await engine.run({ businessKey: 'order-7', input: {} });
    // Act
    const second = engine.run({ businessKey: 'order-7', input: {} });
    // Assert
    await expect(second).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
  });
});
