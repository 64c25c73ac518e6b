import { IdempotencyItemAlreadyExistsError } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { buildStartItemRequest } from '../../../contract/execution-input.ts';
import { SAGA_TABLE } from '../../../contract/saga-table.ts';
import { recordExecutionEnd } from '../../../lambdas/core/execution-status.ts';
import { appendSagaEvent } from '../../../lambdas/runtime/step-record/append-saga-event.ts';
import { expireSagaEvents } from '../../../lambdas/runtime/step-record/expire-saga-events.ts';
import { readSagaHistory } from '../../../lambdas/runtime/step-record/read-saga-history.ts';
import { InMemoryDynamoDb } from '../../../local/memory/index.ts';
import { KEY } from './support/builders.ts';
import {
  execution,
  IDEMPOTENT_EVENT,
  idempotencyConfig,
  recordUpdate,
  sagaEvent,
} from './support/project-requests.ts';
import { storeWith, TABLE } from './support/store.ts';

describe('asClient', () => {
  it('runs the five commands and answers with promises', async () => {
    // Arrange
    const client = storeWith().asClient();
    // Act
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { ...KEY, n: { N: '1' } } }));
    const updated = await client.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: KEY,
        UpdateExpression: 'ADD n :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const got = await client.send(new GetItemCommand({ TableName: TABLE, Key: KEY }));
    const queried = await client.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': KEY.pk },
      }),
    );
    await client.send(new DeleteItemCommand({ TableName: TABLE, Key: KEY }));
    const gone = await client.send(new GetItemCommand({ TableName: TABLE, Key: KEY }));
    // Assert
    expect(updated.Attributes).toEqual({ n: { N: '2' } });
    expect(got.Item).toEqual({ ...KEY, n: { N: '2' } });
    expect(queried.Count).toBe(1);
    expect(gone.Item).toBeUndefined();
  });

  it('rejects a refused request instead of throwing', async () => {
    // Arrange
    const client = storeWith({ ...KEY }).asClient();
    // Act
    const sent = client.send(
      new PutItemCommand({ TableName: TABLE, Item: KEY, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    // Assert
    await expect(sent).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
  });

  it('rejects a command it does not run, naming it', async () => {
    // Arrange
    const client = storeWith().asClient();
    // Act
    const sent = client.send(new ScanCommand({ TableName: TABLE }) as never);
    // Assert
    await expect(sent).rejects.toThrow(/cannot run ScanCommand/);
  });
});

describe("Powertools' DynamoDBPersistenceLayer on asClient", () => {
  function persistenceLayer(store: InMemoryDynamoDb) {
    const layer = new DynamoDBPersistenceLayer({
      tableName: 'idempotency',
      awsSdkV3Client: store.asClient() as never,
    });
    layer.configure({ config: idempotencyConfig(), keyPrefix: 'OrderSaga' });
    return layer;
  }

  function idempotencyStore() {
    const store = new InMemoryDynamoDb();
    store.createTable({ name: 'idempotency', partitionKey: 'id' });
    return store;
  }

  it('saves a record in progress, then its result, and reads it back', async () => {
    // Arrange
    const layer = persistenceLayer(idempotencyStore());
    // Act
    await layer.saveInProgress(IDEMPOTENT_EVENT, 30_000);
    await layer.saveSuccess(IDEMPOTENT_EVENT, { paymentId: 'pay-1' });
    const record = await layer.getRecord(IDEMPOTENT_EVENT);
    // Assert
    expect(record.getStatus()).toBe('COMPLETED');
    expect(record.getResponse()).toEqual({ paymentId: 'pay-1' });
  });

  it('refuses a second save in progress with the record already there', async () => {
    // Arrange
    const layer = persistenceLayer(idempotencyStore());
    await layer.saveInProgress(IDEMPOTENT_EVENT, 30_000);
    // Act
    const second = layer.saveInProgress(IDEMPOTENT_EVENT, 30_000).catch((error: unknown) => error);
    // Assert
    const error = (await second) as IdempotencyItemAlreadyExistsError;
    expect(error).toBeInstanceOf(IdempotencyItemAlreadyExistsError);
    expect(error.existingRecord?.getStatus()).toBe('INPROGRESS');
  });
});

describe('the step runtime and status recorder on asClient', () => {
  function sagaStore(): { store: InMemoryDynamoDb; client: DynamoDBClient } {
    const store = new InMemoryDynamoDb();
    store.createTable({ name: 'sagas', partitionKey: SAGA_TABLE.partitionKey, sortKey: SAGA_TABLE.sortKey });
    return { store, client: store.asClient() as DynamoDBClient };
  }

  it('appends events with appendSagaEvent and reads them back with readSagaHistory', async () => {
    // Arrange
    const { store, client } = sagaStore();
    const saga = execution('order-1');
    store.putItem(buildStartItemRequest('sagas', saga));
    const compensation = sagaEvent(saga, {
      type: 'compensation.succeeded',
      phase: 'compensation',
      time: '2026-01-01T00:00:40.000Z',
    });
    // Act
    const results = [
      await appendSagaEvent(client, 'sagas', sagaEvent(saga)),
      await appendSagaEvent(client, 'sagas', compensation),
      await appendSagaEvent(client, 'sagas', compensation),
    ];
    const history = await readSagaHistory(client, 'sagas', saga.saga.id);
    // Assert
    expect(results).toEqual([
      { appended: true, movedToCompensating: false },
      { appended: true, movedToCompensating: true },
      { appended: false, movedToCompensating: false },
    ]);
    expect(history.saga?.status).toBe('COMPENSATING');
    expect(history.events.map((event) => event.type)).toEqual(['step.succeeded', 'compensation.succeeded']);
    expect(history.events[0]?.output).toEqual({ paymentId: 'pay-1' });
  });

  it('gives the events of an ended saga its TTL with expireSagaEvents', async () => {
    // Arrange
    const { store, client } = sagaStore();
    const saga = execution('order-2');
    store.putItem(buildStartItemRequest('sagas', saga));
    await appendSagaEvent(client, 'sagas', sagaEvent(saga));
    store.updateItem({
      ...recordUpdate('COMPLETED', saga).input,
      TableName: 'sagas',
    } as UpdateItemCommandInput);
    // Act
    const result = await expireSagaEvents(client, 'sagas', saga.saga.id);
    // Assert
    expect(result).toEqual({ expired: 1 });
    expect(store.items('sagas').map((item) => item.expiresAt)).toEqual([
      { N: String(saga.saga.expiresAt) },
      { N: String(saga.saga.expiresAt) },
    ]);
  });

  it('records an execution that ended on its own, once', async () => {
    // Arrange
    const { store, client } = sagaStore();
    const saga = execution('order-3');
    store.putItem(buildStartItemRequest('sagas', saga));
    const change = {
      name: saga.saga.id,
      status: 'TIMED_OUT',
      stopDate: Date.parse('2026-01-01T00:05:00.000Z'),
    };
    // Act
    const first = await recordExecutionEnd(client, 'sagas', 7, change);
    const second = await recordExecutionEnd(client, 'sagas', 7, { ...change, status: 'ABORTED' });
    // Assert
    expect([first, second]).toEqual(['TIMED_OUT', undefined]);
  });
});
