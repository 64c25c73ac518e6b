import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { GetExecutionHistoryCommand, HistoryEvent } from '@aws-sdk/client-sfn';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { buildExecutionInput, buildStartItemRequest } from '../../../contract/execution-input.ts';
import { SAGA_TABLE } from '../../../contract/saga-table.ts';
import {
  MAX_RECORDED_CAUSE_LENGTH,
  REDRIVE_WINDOW_DAYS,
  recordExecutionEnd,
} from '../../../lambdas/core/execution-status.ts';
import { findFailedState } from '../../../lambdas/core/failed-state.ts';
import { InMemoryDynamoDb } from '../../../local/memory/index.ts';

const TABLE = 'sagas';
const saga = { name: 'OrderSaga', timeoutSeconds: 300, executionTimeoutSeconds: 3_600, retentionDays: 7 };
const STOPPED = Date.parse('2026-11-21T10:05:00Z');

async function runningSaga(businessKey: string) {
  const store = new InMemoryDynamoDb();
  store.createTable({ name: TABLE, partitionKey: SAGA_TABLE.partitionKey, sortKey: SAGA_TABLE.sortKey });
  const client = store.asClient();
  const input = buildExecutionInput(saga, { businessKey, input: {} }, new Date('2026-11-21T10:00:00Z'));
  await client.send(new PutItemCommand(buildStartItemRequest(TABLE, input)));
  const read = async () => {
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: TABLE,
        Key: {
          [SAGA_TABLE.partitionKey]: { S: input.saga.id },
          [SAGA_TABLE.sortKey]: { S: SAGA_TABLE.sagaItemSortKey },
        },
      }),
    );
    return Item ? unmarshall(Item) : undefined;
  };
  return { client, sagaId: input.saga.id, read };
}

/** A Step Functions double that serves an execution's history newest first, in pages. */
function historyOf(pages: readonly (readonly HistoryEvent[])[]) {
  const requests: GetExecutionHistoryCommand['input'][] = [];
  return {
    requests,
    send: async (command: GetExecutionHistoryCommand) => {
      requests.push(command.input);
      const index = command.input.nextToken ? Number(command.input.nextToken) : 0;
      return {
        events: [...(pages[index] ?? [])],
        ...(index + 1 < pages.length ? { nextToken: String(index + 1) } : {}),
        $metadata: {},
      };
    },
  };
}

const entered = (id: number, name: string, input: unknown): HistoryEvent => ({
  id,
  timestamp: new Date(0),
  type: 'TaskStateEntered',
  stateEnteredEventDetails: { name, input: typeof input === 'string' ? input : JSON.stringify(input) },
});
const failedEvent = (id: number): HistoryEvent => ({ id, timestamp: new Date(0), type: 'ExecutionFailed' });

describe('the status recorder on a FAILED execution', () => {
  it('records the state that could not finish, its error, the original failure, and keeps the record through the redrive window', async () => {
    // Arrange
    const { client, sagaId, read } = await runningSaga('failed-1');
    const failure = { Error: 'PaymentDeclined', Cause: 'card declined' };
    // Act
    const written = await recordExecutionEnd(client, TABLE, 7, {
      name: sagaId,
      status: 'FAILED',
      stopDate: STOPPED,
      error: 'InventoryUnavailable',
      cause: 'the warehouse API answered 503',
      failedStep: 'Compensate ReserveInventory',
      failure,
    });
    // Assert
    expect(written).toBe('FAILED');
    expect(await read()).toMatchObject({
      status: 'FAILED',
      failedStep: 'Compensate ReserveInventory',
      error: 'InventoryUnavailable',
      cause: 'the warehouse API answered 503',
      failure: JSON.stringify(failure),
      endedAt: '2026-11-21T10:05:00.000Z',
      expiresAt: STOPPED / 1000 + REDRIVE_WINDOW_DAYS * 86_400,
    });
  });

  it("redacts what Step Functions' cause and the failure quote from the input, and clips a long cause", async () => {
    // Arrange
    const { client, sagaId, read } = await runningSaga('failed-2');
    const cause =
      "An error occurred while executing the state 'ChargePayment'. The JSONPath '$.payment.token' could not be found in the input " +
      `'{"payment":{"cardNumber":"4111111111111111","cvv":"123"},"note":"${'n'.repeat(6_000)}"}'`;
    // Act
    await recordExecutionEnd(client, TABLE, 7, {
      name: sagaId,
      status: 'FAILED',
      stopDate: STOPPED,
      error: 'States.Runtime',
      cause,
      failedStep: 'ChargePayment',
      failure: { Error: 'Declined', Cause: 'card 4111 1111 1111 1111 declined', password: 'hunter2' },
    });
    // Assert
    const record = await read();
    expect(record?.cause).toHaveLength(MAX_RECORDED_CAUSE_LENGTH);
    expect(record?.cause).toContain('"cardNumber":"[REDACTED]","cvv":"[REDACTED]"');
    expect(record?.cause).toMatch(/… \[clipped \d \d{3} characters\]$/);
    expect(JSON.parse(String(record?.failure))).toEqual({
      Error: 'Declined',
      Cause: 'card [REDACTED] declined',
      password: '[REDACTED]',
    });
  });
});

describe('findFailedState', () => {
  it('names the last state entered and the failure its input carried, as a person reads the state', async () => {
    // Arrange
    const failure = { Error: 'SagaConfigurationError', Cause: 'SAGA_TABLE_NAME is not set' };
    const stepFunctions = historyOf([
      [failedEvent(9), entered(8, 'ChargePayment after fix', { failure }), entered(5, 'ChargePayment', {})],
    ]);
    // Act
    const found = await findFailedState(stepFunctions, 'arn:execution');
    // Assert
    expect(found).toEqual({ step: 'ChargePayment', state: 'ChargePayment after fix', failure });
    expect(stepFunctions.requests[0]).toMatchObject({ reverseOrder: true, includeExecutionData: true });
  });

  it('reads further pages back when the newest holds no state entered, and keeps a failure it cannot parse unknown', async () => {
    // Arrange
    const stepFunctions = historyOf([
      [failedEvent(20)],
      [entered(19, 'Compensate ChargePayment', '{"failure": {"Error": "Decl')],
    ]);
    // Act
    const found = await findFailedState(stepFunctions, 'arn:execution');
    // Assert
    expect(found).toEqual({
      step: 'Compensate ChargePayment',
      state: 'Compensate ChargePayment',
      failure: null,
    });
    expect(stepFunctions.requests.map((request) => request.nextToken)).toEqual([undefined, '1']);
  });

  it('finds nothing in an execution that failed before its first state', async () => {
    // Act
    const found = await findFailedState(historyOf([[failedEvent(2)]]), 'arn:execution');
    // Assert
    expect(found).toBeUndefined();
  });
});
