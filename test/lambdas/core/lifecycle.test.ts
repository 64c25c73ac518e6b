import { type AttributeValue, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExecutionInput, buildStartItemRequest } from '../../../contract/execution-input.ts';
import { recordExecutionEnd } from '../../../lambdas/core/execution-status.ts';
import { lifecycleDetailOf } from '../../../lambdas/core/lifecycle-event.ts';
import {
  countActiveSagas,
  LifecyclePublishError,
  publishLifecycleEvents,
} from '../../../lambdas/core/publish-lifecycle.ts';
import { createSagaTable, readSagaRecord } from '../../../local/dynamodb/saga-table.ts';
import { useDynamoDbLocal } from '../../support/dynamo-db-local.ts';
import { FakeStepFunctions, RecordingEventBridge } from '../../support/fake-aws.ts';

const dynamoDb = useDynamoDbLocal();
const TABLE = 'lifecycle-sagas';
const MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:Orders';
const saga = { name: 'OrderSaga', timeoutSeconds: 300, executionTimeoutSeconds: 3_600, retentionDays: 7 };
const image = (item: Record<string, unknown>) => marshall(item) as Record<string, AttributeValue>;
const sagaItem = (status: string, extra: Record<string, unknown> = {}) => ({
  sagaId: 's-1',
  sk: 'SAGA',
  sagaType: 'OrderSaga',
  businessKey: 'o-1',
  status,
  startedAt: '2026-11-21T10:00:00.000Z',
  ...extra,
});

async function startRunning(businessKey: string) {
  const input = buildExecutionInput(saga, { businessKey, input: {} }, new Date('2026-11-21T10:00:00Z'));
  await dynamoDb().client.send(new PutItemCommand(buildStartItemRequest(TABLE, input)));
  return input.saga.id;
}

beforeAll(async () => {
  // No TTL: these tests write fixed dates, which DynamoDB Local would really expire once past.
  await createSagaTable(dynamoDb().client, TABLE, { ttl: false });
});

describe('lifecycle events', () => {
  it('announces a new saga as Saga Started and a status change as its new status, with the original error', () => {
    // Arrange
    const failure = JSON.stringify({ Error: 'SagaTerminalError', Cause: 'card declined' });
    const ended = sagaItem('COMPENSATED', { endedAt: '2026-11-21T10:00:02.000Z', failure });
    // Act
    const started = lifecycleDetailOf({
      eventName: 'INSERT',
      dynamodb: { NewImage: image(sagaItem('RUNNING')) },
    });
    const compensated = lifecycleDetailOf({
      eventName: 'MODIFY',
      dynamodb: { OldImage: image(sagaItem('RUNNING')), NewImage: image(ended) },
    });
    // Assert
    expect(started).toEqual({
      sagaId: 's-1',
      sagaType: 'OrderSaga',
      businessKey: 'o-1',
      status: 'RUNNING',
      startedAt: '2026-11-21T10:00:00.000Z',
    });
    expect(compensated).toMatchObject({
      status: 'COMPENSATED',
      endedAt: '2026-11-21T10:00:02.000Z',
      error: { error: 'SagaTerminalError', cause: 'card declined' },
    });
  });

  it('announces nothing for a change that keeps the status, or for an item that is not a saga', () => {
    expect(
      lifecycleDetailOf({
        dynamodb: {
          OldImage: image(sagaItem('RUNNING')),
          NewImage: image(sagaItem('RUNNING', { updatedAt: 'x' })),
        },
      }),
    ).toBeUndefined();
    expect(
      lifecycleDetailOf({ dynamodb: { NewImage: image({ ...sagaItem('RUNNING'), sk: 'EVENT#1' }) } }),
    ).toBeUndefined();
    expect(
      lifecycleDetailOf({ eventName: 'REMOVE', dynamodb: { OldImage: image(sagaItem('COMPLETED')) } }),
    ).toBeUndefined();
  });

  it('publishes one event per status change, in order, on the bus', async () => {
    // Arrange
    const bus = new RecordingEventBridge();
    const records = [
      { dynamodb: { NewImage: image(sagaItem('RUNNING')) } },
      {
        dynamodb: {
          OldImage: image(sagaItem('RUNNING')),
          NewImage: image(sagaItem('COMPLETED', { endedAt: '2026-11-21T10:00:01.000Z' })),
        },
      },
    ];
    // Act
    await publishLifecycleEvents(bus as unknown as EventBridgeClient, 'orders-bus', records);
    // Assert
    expect(bus.entries.map((entry) => [entry.Source, entry.DetailType, entry.EventBusName])).toEqual([
      ['sfn-saga', 'Saga Started', 'orders-bus'],
      ['sfn-saga', 'Saga Completed', 'orders-bus'],
    ]);
    expect(JSON.parse(bus.entries[1]?.Detail ?? '{}')).toMatchObject({ sagaId: 's-1', status: 'COMPLETED' });
  });

  it('fails the batch when EventBridge refuses an entry, so the stream retries it', async () => {
    // Arrange
    const bus = new RecordingEventBridge((detailType) => detailType === 'Saga Failed');
    // Act
    const publishing = publishLifecycleEvents(bus as unknown as EventBridgeClient, 'orders-bus', [
      { dynamodb: { NewImage: image(sagaItem('FAILED', { failedStep: 'Compensate ChargePayment' })) } },
    ]);
    // Assert
    await expect(publishing).rejects.toThrow(LifecyclePublishError);
    await expect(publishing).rejects.toThrow(/refused 1 lifecycle events: InternalFailure/);
  });

  it('counts the open sagas as the running executions of the state machine, across pages', async () => {
    // Arrange
    const stepFunctions = new FakeStepFunctions(2);
    for (const name of ['s-1', 's-2', 's-3', 's-4']) {
      await stepFunctions.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name, input: '{}' }));
    }
    stepFunctions.finish('s-2');
    // Act
    const count = await countActiveSagas(stepFunctions as unknown as SFNClient, MACHINE);
    // Assert
    expect(count).toBe(3);
    expect(stepFunctions.listPages).toBe(1);
  });
});

describe('the status recorder', () => {
  it('records a timed-out execution as TIMED_OUT with a TTL and leaves the active index', async () => {
    // Arrange
    const sagaId = await startRunning('timeout-1');
    // Act
    const written = await recordExecutionEnd(dynamoDb().client, TABLE, 7, {
      name: sagaId,
      status: 'TIMED_OUT',
      stopDate: Date.parse('2026-11-21T10:05:00Z'),
    });
    // Assert
    expect(written).toBe('TIMED_OUT');
    const record = await readSagaRecord(dynamoDb().client, TABLE, sagaId);
    expect(record).toMatchObject({
      status: 'TIMED_OUT',
      endedAt: '2026-11-21T10:05:00.000Z',
      error: 'States.TIMED_OUT',
      expiresAt: Date.parse('2026-11-21T10:05:00Z') / 1000 + 7 * 86_400,
    });
  });

  it('records an aborted execution as CANCELLED', async () => {
    // Arrange
    const sagaId = await startRunning('abort-1');
    // Act
    const written = await recordExecutionEnd(dynamoDb().client, TABLE, 7, {
      name: sagaId,
      status: 'ABORTED',
    });
    // Assert
    expect(written).toBe('CANCELLED');
  });

  it('never moves an ended saga: a FAILED execution whose record says FAILED stays as the state machine wrote it', async () => {
    // Arrange
    const sagaId = await startRunning('failed-1');
    await recordExecutionEnd(dynamoDb().client, TABLE, 7, { name: sagaId, status: 'ABORTED' });
    // Act
    const written = await recordExecutionEnd(dynamoDb().client, TABLE, 7, {
      name: sagaId,
      status: 'FAILED',
      error: 'SagaFailed',
    });
    // Assert
    expect(written).toBeUndefined();
    expect(await readSagaRecord(dynamoDb().client, TABLE, sagaId)).toMatchObject({ status: 'CANCELLED' });
  });

  it('ignores executions that succeeded: their record is written by the state machine', async () => {
    expect(
      await recordExecutionEnd(dynamoDb().client, TABLE, 7, { name: 'whatever', status: 'SUCCEEDED' }),
    ).toBeUndefined();
  });
});
