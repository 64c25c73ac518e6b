import { GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { buildExecutionInput, buildStartItemRequest } from '../../../contract/execution-input.ts';
import { SAGA_TABLE } from '../../../contract/saga-table.ts';
import { recordExecutionRedrive } from '../../../lambdas/core/execution-redrive.ts';
import { recordExecutionEnd } from '../../../lambdas/core/execution-status.ts';
import { InMemoryDynamoDb } from '../../../local/memory/index.ts';

const TABLE = 'sagas';
const saga = { name: 'OrderSaga', timeoutSeconds: 300, executionTimeoutSeconds: 3_600, retentionDays: 7 };
const STOPPED = Date.parse('2026-11-21T10:05:00Z');

/** A saga whose first run failed in `Compensate ChargePayment`, as the status recorder left it. */
async function failedSaga() {
  const store = new InMemoryDynamoDb();
  store.createTable({ name: TABLE, partitionKey: SAGA_TABLE.partitionKey, sortKey: SAGA_TABLE.sortKey });
  const client = store.asClient();
  const input = buildExecutionInput(
    saga,
    { businessKey: 'o-1', input: {} },
    new Date('2026-11-21T10:00:00Z'),
  );
  await client.send(new PutItemCommand(buildStartItemRequest(TABLE, input)));
  const sagaId = input.saga.id;
  await recordExecutionEnd(client, TABLE, 7, {
    name: sagaId,
    status: 'FAILED',
    stopDate: STOPPED,
    error: 'SagaTerminalError',
    cause: 'refund refused',
    failedStep: 'Compensate ChargePayment',
  });
  const read = async () => {
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: TABLE,
        Key: {
          [SAGA_TABLE.partitionKey]: { S: sagaId },
          [SAGA_TABLE.sortKey]: { S: SAGA_TABLE.sagaItemSortKey },
        },
      }),
    );
    return Item ? unmarshall(Item) : undefined;
  };
  return { client, sagaId, read };
}

const redrive = (name: string, redriveCount: number, resumesRollback = true) => ({
  name,
  redriveCount,
  redriveDate: STOPPED + 60_000,
  resumesRollback,
});

describe('the status recorder on a redrive', () => {
  it('reopens a FAILED saga as COMPENSATING when it resumes its rollback, with the redrive count and time', async () => {
    // Arrange
    const { client, sagaId, read } = await failedSaga();
    // Act
    const written = await recordExecutionRedrive(client, TABLE, redrive(sagaId, 1));
    // Assert
    expect(written).toBe('COMPENSATING');
    const item = await read();
    expect(item).toMatchObject({
      status: 'COMPENSATING',
      redriveCount: 1,
      redrivenAt: new Date(STOPPED + 60_000).toISOString(),
      failedStep: 'Compensate ChargePayment',
    });
    expect(item).not.toHaveProperty('endedAt');
  });

  it('reopens as RUNNING when the redrive goes forward (a step after the pivot)', async () => {
    const { client, sagaId } = await failedSaga();
    expect(await recordExecutionRedrive(client, TABLE, redrive(sagaId, 1, false))).toBe('RUNNING');
  });

  it('changes nothing when it arrives after the redriven execution recorded its new end, or twice', async () => {
    // Arrange: the redriven execution failed again and the recorder wrote that first
    const { client, sagaId, read } = await failedSaga();
    await recordExecutionEnd(client, TABLE, 7, {
      name: sagaId,
      status: 'FAILED',
      stopDate: STOPPED + 120_000,
      error: 'SagaTerminalError',
      cause: 'still refused',
      failedStep: 'Compensate ChargePayment',
      redriveCount: 1,
    });
    // Act
    const late = await recordExecutionRedrive(client, TABLE, redrive(sagaId, 1));
    // Assert
    expect(late).toBeUndefined();
    expect(await read()).toMatchObject({ status: 'FAILED', redriveCount: 1, cause: 'still refused' });
  });

  it('records the end of a redriven execution even when the reopening has not arrived yet', async () => {
    // Arrange
    const { client, sagaId, read } = await failedSaga();
    // Act
    const written = await recordExecutionEnd(client, TABLE, 7, {
      name: sagaId,
      status: 'TIMED_OUT',
      stopDate: STOPPED + 120_000,
      redriveCount: 1,
    });
    // Assert
    expect(written).toBe('TIMED_OUT');
    expect(await read()).toMatchObject({ status: 'TIMED_OUT', redriveCount: 1 });
  });

  it('never reopens a saga an operator abandoned', async () => {
    // Arrange
    const { client, sagaId, read } = await failedSaga();
    await client.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: {
          [SAGA_TABLE.partitionKey]: { S: sagaId },
          [SAGA_TABLE.sortKey]: { S: SAGA_TABLE.sagaItemSortKey },
        },
        UpdateExpression: 'SET #status = :abandoned',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':abandoned': { S: 'ABANDONED' } },
      }),
    );
    // Act
    const written = await recordExecutionRedrive(client, TABLE, redrive(sagaId, 1));
    // Assert
    expect(written).toBeUndefined();
    expect(await read()).toMatchObject({ status: 'ABANDONED' });
  });
});
